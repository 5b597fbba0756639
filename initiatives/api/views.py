"""The registry's JSON API: records, their life-cycle actions, review rounds and reference data.

Every viewset reads through `restrict(user, "view")`: a record the user cannot see is a 404
whatever the method. Writes go through services.py (the same functions the pages call), which
check the state rules: a refusal is a 403 with the service's message (`services.ActionRefused`),
and a Django `ValidationError` from a model or a service becomes a 400 by field, with nothing
written (each write runs in one transaction).

Registration: `organization` is looked up among the units the user can see and `replicated_from`
among the records they can see or that are recognized, so an unknown or hidden id is a 400 that
reveals nothing; a visible organization the user may not register for (a viewer's, say) is a 403
with the reason.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, ProtectedError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings

from core.api.errors import field_errors
from core.api.pagination import DeferredJoinPagination
from core.api.views import RestrictedViewSetMixin
from core.scope import can
from initiatives import queries, rules, services
from initiatives.api import serializers as s
from initiatives.figure_links import cell_links, link_report
from initiatives.filtersets import InitiativeFilterSet, ReviewRoundFilterSet
from initiatives.forms.statistics import StatisticsForm
from initiatives.models import (
    Attachment,
    CriteriaSet,
    Initiative,
    InitiativeField,
    ResultMetric,
    ReviewEntry,
    ReviewRound,
    Stage,
)
from orgunits.models import Area

REFUSED = OpenApiResponse(description='Không được phép, hoặc không được ở trạng thái hiện tại: {"detail": lý do}.')
INVALID = OpenApiResponse(description="Dữ liệu không hợp lệ: lỗi theo từng trường, không có gì được ghi.")
CONFLICT = OpenApiResponse(description="Còn dữ liệu liên quan (ví dụ mô hình nhân rộng) nên không thể xóa.")


class ScopedViewSetMixin(RestrictedViewSetMixin):
    """Read every object through "view"; services and rules answer 403 for refused writes.

    Unlike core's HTTP-method scoping, a visible record whose write is refused is a 403 with a
    message rather than a 404 (STYLE.md §3.3). Django validation errors become 400s by field.

    Args:
        base_queryset: the unrestricted queryset of lists.
        error_field: where errors without a field go in a 400; an @action sets its own with
            `@action(..., error_field="reason")` (DRF passes action kwargs to the view instance).
    """

    base_queryset = None
    error_field = api_settings.NON_FIELD_ERRORS_KEY

    def get_base_queryset(self):
        return self.base_queryset.all()

    def get_queryset(self):
        return self.get_base_queryset().restrict(self.request.user, "view")

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            exc = ValidationError(field_errors(exc, self.error_field))
        return super().handle_exception(exc)

    def validated(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


#
# Records
#


LIFE_CYCLE_FIELDS = ("status", "is_effective", "recognition_level", "is_outstanding", "latest_outcome")


def lock_and_check(user, action_name: str, initiative: Initiative) -> None:
    """Inside a transaction: lock the record's row, take its current life-cycle state (an edit
    must not write back a status a concurrent transition has just changed) and check the rule."""
    fresh = Initiative.objects.select_for_update().only(*LIFE_CYCLE_FIELDS).get(pk=initiative.pk)
    for name in LIFE_CYCLE_FIELDS:
        setattr(initiative, name, getattr(fresh, name))
    services.check_rule(user, action_name, initiative)


def result_rows(results) -> list[tuple]:
    return [(row["metric"], row["value"], row.get("note", "")) for row in results]


def _action_schema(summary: str, request=None, responses=None):
    return extend_schema(
        summary=summary,
        request=request,
        responses={200: responses or s.InitiativeDetailSerializer, 400: INVALID, 403: REFUSED},
    )


INITIATIVES_DESCRIPTION = (
    "Các mô hình, điển hình “Dân vận khéo” trong phạm vi của bạn (ngoài phạm vi: 404).\n\n"
    'Khi ghi: 403 kèm {"detail": lý do} nếu vai trò của bạn hoặc trạng thái của mô hình không cho phép; 400 kèm '
    "lỗi theo từng trường nếu dữ liệu không hợp lệ (không có gì được ghi). `organization`, `area`, `replicated_from` "
    "là số (id); `field`, `stage` và `metric` của từng kết quả nhận số (id) hoặc mã (code). Tổ chức bạn không thấy: "
    "400 ở `organization`; tổ chức bạn thấy nhưng không được đăng ký cho: 403. `replicated_from` chỉ đặt khi đăng ký: "
    "khi sửa mà gửi mô hình gốc khác là 400. Tìm không dấu: `?q=` (hoặc `?search=`). Sắp xếp: "
    "`?ordering=name|year|registered_on|status` (thêm `-` phía trước để sắp giảm dần).\n\n"
    "Các số liệu thống kê (`/api/initiative-statistics/`) cũng là bộ lọc: `registered_from`, `registered_to` "
    "(ngày đăng ký, tính cả hai đầu), `recognized_from`, `recognized_to` (có ít nhất một quyết định công nhận trong "
    "khoảng đó), `recognized_outstanding=yes` (quyết định đó công nhận tiêu biểu), `direct_of=<id địa bàn>` (của các "
    "tổ chức đặt tại chính địa bàn đó, không tính cấp dưới). Ngày dạng yyyy-mm-dd hoặc dd/mm/yyyy."
)


@extend_schema(description=INITIATIVES_DESCRIPTION)
@extend_schema_view(
    list=extend_schema(
        summary="Danh sách mô hình, điển hình (lọc; tìm không dấu với ?q=; sắp xếp với ?ordering=)",
    ),
    retrieve=extend_schema(summary="Chi tiết mô hình: kết quả, công nhận, rà soát, quá trình, nhân rộng, tệp"),
    create=extend_schema(
        summary="Đăng ký mô hình (có replicated_from: nhân rộng từ mô hình đó)",
        request=s.InitiativeWriteSerializer,
        responses={201: s.InitiativeDetailSerializer, 400: INVALID, 403: REFUSED},
    ),
    update=extend_schema(
        summary="Sửa mô hình (results, nếu gửi, thay toàn bộ kết quả)",
        request=s.InitiativeWriteSerializer,
        responses={200: s.InitiativeDetailSerializer, 400: INVALID, 403: REFUSED},
    ),
    partial_update=extend_schema(
        summary="Sửa một phần mô hình (results, nếu gửi, thay toàn bộ kết quả)",
        request=s.InitiativeWriteSerializer,
        responses={200: s.InitiativeDetailSerializer, 400: INVALID, 403: REFUSED},
    ),
    destroy=extend_schema(
        summary="Xóa mô hình (chỉ khi mới đăng ký)", responses={204: None, 403: REFUSED, 409: CONFLICT}
    ),
)
class InitiativeViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """ "Dân vận khéo" records; the contract for clients is INITIATIVES_DESCRIPTION (on /api/docs/)."""

    base_queryset = Initiative.objects.select_related("organization__kind", "area", "field")
    serializer_class = s.InitiativeSerializer
    filterset_class = InitiativeFilterSet
    ordering_fields = ["name", "year", "registered_on", "status"]
    # `search_text` starts with the folded name: "Đường" sorts with "Duong", as on the list page.
    ordering_aliases = {"name": "search_text"}
    ordering = ["-registered_on", "-pk"]
    pagination_class = DeferredJoinPagination  # keys first, then 50 rows (bench/README.md)
    # Only the results list raises errors without a field in a registration or an edit
    # (a metric entered twice); the actions name their own main input with @action(error_field=).
    error_field = "results"

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":
            return queryset
        return self.with_details(queryset)

    def with_details(self, queryset):
        user = self.request.user
        return (
            queryset.select_related("created_by")
            .prefetch_related(
                "resultvalues__metric",
                "recognitions__review_entry",
                "assessments__assessed_by",
                "transitions__user",
                "attachments",
                Prefetch(
                    "replicas",
                    queryset=Initiative.objects.restrict(user, "view").only("pk", "replicated_from_id"),
                    to_attr="visible_replicas",
                ),
            )
            .annotate(replica_total=Count("replicas", distinct=True))
        )

    def get_serializer_class(self):
        if self.action == "list":
            return s.InitiativeSerializer
        if self.action in {"create", "update", "partial_update"}:
            return s.InitiativeWriteSerializer
        return s.InitiativeDetailSerializer

    def detail_response(self, pk, status_code=status.HTTP_200_OK) -> Response:
        """Answer with the record as it is now, as the user sees it."""
        initiative = self.with_details(super().get_queryset()).get(pk=pk)
        context = self.get_serializer_context()
        return Response(s.InitiativeDetailSerializer(initiative, context=context).data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        results = result_rows(data.pop("results", []))
        source = data.pop("replicated_from", None)
        initiative = Initiative(**data)
        with transaction.atomic():
            if source is not None:
                services.replicate(source, initiative, user=request.user, results=results)
            else:
                services.register(initiative, user=request.user, results=results)
        return self.detail_response(initiative.pk, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        initiative = self.get_object()
        services.check_rule(request.user, "change", initiative)
        serializer = self.get_serializer(initiative, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        results = data.pop("results", None)
        with transaction.atomic():
            lock_and_check(request.user, "change", initiative)
            for name, value in data.items():
                setattr(initiative, name, value)
            initiative.full_clean()
            services.save_record(initiative)
            if results is not None:
                services.replace_results(initiative, result_rows(results))
            # Re-check inside the transaction (STYLE.md §3.1): a new owner must be one the user
            # may change records of, or the edit is rolled back.
            if not can(request.user, "change", initiative.path):
                raise services.ActionRefused(_("Bạn không có quyền lưu đối tượng vào đơn vị đã chọn."))
        return self.detail_response(initiative.pk)

    def destroy(self, request, *args, **kwargs):
        initiative = self.get_object()
        services.check_rule(request.user, "delete", initiative)
        files = [name for attachment in initiative.attachments.all() for name in attachment.stored_files()]
        storage = Attachment._meta.get_field("file").storage

        def remove_files():
            for name in files:
                storage.delete(name)

        try:
            with transaction.atomic():
                lock_and_check(request.user, "delete", initiative)
                initiative.delete()
                # The files go once the rows are gone for good (as the delete page does).
                transaction.on_commit(remove_files)
        except ProtectedError:
            return Response(
                {"detail": _("Không thể xóa “%(name)s” vì còn dữ liệu liên quan.") % {"name": initiative.name}},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Các thao tác người dùng được làm với mô hình", responses=s.AllowedActionsSerializer)
    @action(detail=True, methods=["get"], url_path="allowed-actions")
    def allowed_actions(self, request, pk=None):
        initiative = self.get_object()
        data = {
            "actions": sorted(rules.allowed_actions(request.user, initiative)),
            "can_replicate": rules.can_replicate_from(initiative),
        }
        return Response(s.AllowedActionsSerializer(data).data)

    @_action_schema("Bắt đầu triển khai (mới đăng ký → đang triển khai)", s.ReasonSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        initiative = self.get_object()
        services.check_rule(request.user, "start", initiative)  # the state first, then the input
        data = self.validated(s.ReasonSerializer)
        services.start(initiative, user=request.user, reason=data["reason"])
        return self.detail_response(initiative.pk)

    @_action_schema("Dừng thực hiện (cần lý do)", s.StopSerializer)
    @action(detail=True, methods=["post"], error_field="reason")
    def stop(self, request, pk=None):
        initiative = self.get_object()
        services.check_rule(request.user, "stop", initiative)  # the state first, then the input
        data = self.validated(s.StopSerializer)
        services.stop(initiative, user=request.user, reason=data["reason"])
        return self.detail_response(initiative.pk)

    @_action_schema("Tiếp tục thực hiện mô hình đã dừng", s.ReasonSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        initiative = self.get_object()
        services.check_rule(request.user, "resume", initiative)  # the state first, then the input
        data = self.validated(s.ReasonSerializer)
        services.resume(initiative, user=request.user, reason=data["reason"])
        return self.detail_response(initiative.pk)

    @_action_schema("Công nhận mô hình (ngoài đợt bình xét)", s.RecognizeSerializer)
    @action(detail=True, methods=["post"], error_field="body")
    def recognize(self, request, pk=None):
        initiative = self.get_object()
        services.check_rule(request.user, "recognize", initiative)  # the state first, then the input
        data = self.validated(s.RecognizeSerializer)
        services.recognize(initiative, user=request.user, **data)
        return self.detail_response(initiative.pk)

    @_action_schema("Khen thưởng kèm một quyết định công nhận", s.RewardSerializer)
    @action(detail=True, methods=["post"], error_field="reward_form")
    def reward(self, request, pk=None):
        initiative = self.get_object()
        services.check_rule(request.user, "reward", initiative)  # the state first, then the input
        data = dict(self.validated(s.RewardSerializer))
        recognitions = initiative.recognitions.order_by("-decision_date", "-pk")
        recognition_id = data.pop("recognition", None)
        recognition = recognitions.filter(pk=recognition_id).first() if recognition_id else recognitions.first()
        if recognition is None:
            raise ValidationError({"recognition": [_("Mô hình không có quyết định công nhận này.")]})
        services.reward(recognition, user=request.user, **data)
        return self.detail_response(initiative.pk)

    @_action_schema("Rà soát hằng năm: nhân rộng, duy trì, cần củng cố hoặc dừng", s.AssessSerializer)
    @action(detail=True, methods=["post"], error_field="outcome")
    def assess(self, request, pk=None):
        initiative = self.get_object()
        services.check_rule(request.user, "assess", initiative)  # the state first, then the input
        data = self.validated(s.AssessSerializer)
        services.assess(initiative, user=request.user, **data)
        return self.detail_response(initiative.pk)


#
# Review rounds
#


ROUNDS_DESCRIPTION = (
    "Các đợt bình xét của các ban chỉ đạo trong phạm vi của bạn, kèm điểm hiện tại khi đợt đang mở. Quản lý đợt cần "
    "quyền sửa ở tổ chức mở đợt, chấm điểm cần là người chấm của đợt, quyết định cần quyền phê duyệt; bị từ chối: "
    '403 kèm {"detail": lý do}.'
)


@extend_schema(description=ROUNDS_DESCRIPTION)
@extend_schema_view(
    list=extend_schema(summary="Danh sách đợt bình xét"),
    retrieve=extend_schema(summary="Chi tiết đợt bình xét: tiêu chí, người chấm, mô hình và điểm hiện tại"),
    create=extend_schema(
        summary="Mở đợt bình xét",
        request=s.ReviewRoundWriteSerializer,
        responses={201: s.ReviewRoundDetailSerializer, 400: INVALID, 403: REFUSED},
    ),
)
class ReviewRoundViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Review rounds with live scores while open; see ROUNDS_DESCRIPTION (on /api/docs/)."""

    base_queryset = ReviewRound.objects.select_related("organization__kind").annotate(
        entry_count=Count("entries", distinct=True)
    )
    serializer_class = s.ReviewRoundSerializer
    filterset_class = ReviewRoundFilterSet
    ordering_fields = ["name", "year"]
    ordering = ["-year", "-pk"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":
            return queryset
        return self.with_details(queryset)

    @staticmethod
    def with_details(queryset):
        return queryset.select_related("criteria_set", "decided_by").prefetch_related(
            "criteria_set__criteria",
            "reviewers",
            Prefetch(
                "entries",
                queryset=ReviewEntry.objects.select_related("initiative__organization").prefetch_related("scores"),
            ),
        )

    def get_serializer_class(self):
        if self.action == "list":
            return s.ReviewRoundSerializer
        if self.action == "create":
            return s.ReviewRoundWriteSerializer
        return s.ReviewRoundDetailSerializer

    def detail_response(self, pk, status_code=status.HTTP_200_OK) -> Response:
        review_round = self.with_details(super().get_queryset()).get(pk=pk)
        context = self.get_serializer_context()
        return Response(s.ReviewRoundDetailSerializer(review_round, context=context).data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reviewers = data.pop("reviewers")
        review_round = ReviewRound(**data)
        services.open_round(review_round, user=request.user, reviewers=reviewers)
        return self.detail_response(review_round.pk, status.HTTP_201_CREATED)

    def entry_of(self, review_round, entry_id: int) -> ReviewEntry:
        entry = review_round.entries.select_related("round__organization", "initiative").filter(pk=entry_id).first()
        if entry is None:
            raise ValidationError({"entry": [_("Đợt bình xét không có mục số %(id)s.") % {"id": entry_id}]})
        return entry

    @extend_schema(
        summary="Đưa mô hình vào đợt bình xét",
        request=s.AddEntriesSerializer,
        responses={200: s.ReviewRoundDetailSerializer, 400: INVALID, 403: REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="add-entries", error_field="initiatives")
    def add_entries(self, request, pk=None):
        review_round = self.get_object()
        ids = list(dict.fromkeys(self.validated(s.AddEntriesSerializer)["initiatives"]))
        found = Initiative.objects.restrict(request.user, "view").select_related("area").in_bulk(ids)
        unknown = [pk for pk in ids if pk not in found]
        if unknown:
            raise ValidationError(
                {
                    "initiatives": [
                        _("Không có mô hình số %(ids)s trong phạm vi của bạn.")
                        % {"ids": ", ".join(str(pk) for pk in unknown)}
                    ]
                }
            )
        services.add_entries(review_round, [found[pk] for pk in ids], user=request.user)
        return self.detail_response(review_round.pk)

    @extend_schema(
        summary="Rút mô hình khỏi đợt bình xét",
        request=s.WithdrawSerializer,
        responses={200: s.ReviewRoundDetailSerializer, 400: INVALID, 403: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        review_round = self.get_object()
        data = self.validated(s.WithdrawSerializer)
        services.withdraw_entry(self.entry_of(review_round, data["entry"]), user=request.user, reason=data["reason"])
        return self.detail_response(review_round.pk)

    @extend_schema(
        summary="Chấm điểm một mô hình (của người đang đăng nhập)",
        request=s.ScoreSerializer,
        responses={200: s.ReviewRoundDetailSerializer, 400: INVALID, 403: REFUSED},
    )
    @action(detail=True, methods=["post"], error_field="scores")
    def score(self, request, pk=None):
        review_round = self.get_object()
        data = self.validated(s.ScoreSerializer)
        services.record_scores(self.entry_of(review_round, data["entry"]), reviewer=request.user, values=data["scores"])
        return self.detail_response(review_round.pk)

    @extend_schema(
        summary="Quyết định kết quả đợt bình xét (tính điểm, công nhận mô hình đạt)",
        request=s.DecideSerializer,
        responses={200: s.ReviewRoundDetailSerializer, 400: INVALID, 403: REFUSED},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        review_round = self.get_object()
        data = self.validated(s.DecideSerializer)
        services.decide_round(review_round, user=request.user, **data)
        return self.detail_response(review_round.pk)


#
# Reference data (readable by every logged-in user, like the unit kinds)
#


REFERENCE_DESCRIPTION = (
    "Danh mục dùng chung của sổ mô hình, không phân trang; `?is_active=true` để chỉ lấy các mục đang dùng."
)


@extend_schema(description=REFERENCE_DESCRIPTION)
class ReferenceViewSet(viewsets.ReadOnlyModelViewSet):
    """Reference data of the registry, unpaginated (REFERENCE_DESCRIPTION)."""

    pagination_class = None
    filterset_fields = ["is_active"]


@extend_schema_view(list=extend_schema(summary="Lĩnh vực"), retrieve=extend_schema(summary="Chi tiết lĩnh vực"))
class InitiativeFieldViewSet(ReferenceViewSet):
    queryset = InitiativeField.objects.all()
    serializer_class = s.InitiativeFieldSerializer


@extend_schema_view(
    list=extend_schema(summary="Giai đoạn thi đua"), retrieve=extend_schema(summary="Chi tiết giai đoạn thi đua")
)
class StageViewSet(ReferenceViewSet):
    queryset = Stage.objects.all()
    serializer_class = s.StageSerializer


@extend_schema_view(
    list=extend_schema(summary="Loại kết quả định lượng và đơn vị tính"),
    retrieve=extend_schema(summary="Chi tiết loại kết quả"),
)
class ResultMetricViewSet(ReferenceViewSet):
    queryset = ResultMetric.objects.all()
    serializer_class = s.ResultMetricSerializer


@extend_schema_view(
    list=extend_schema(summary="Bộ tiêu chí bình xét (kèm tiêu chí)"),
    retrieve=extend_schema(summary="Chi tiết bộ tiêu chí bình xét"),
)
class CriteriaSetViewSet(ReferenceViewSet):
    queryset = CriteriaSet.objects.prefetch_related("criteria")
    serializer_class = s.CriteriaSetSerializer


#
# Statistics
#


def _statistics_rows(rows: list[dict]) -> list[dict]:
    """Return the breakdown rows of queries.report() as the API gives them: keys as text, child
    units by id, and the API list of each figure's records (`lists`)."""
    return [
        {
            **row,
            "key": str(row["key"]),
            "lists": cell_links(row["cells"]),
            **({"area": row["area"].pk} if row.get("area") else {}),
        }
        for row in rows
    ]


STATISTICS_DESCRIPTION = (
    "Các số liệu của trang thống kê, tính bằng chính cách của trang: cùng đơn vị (mặc định: đơn vị của bạn), cùng "
    "quy tắc về kỳ, cùng phạm vi. Địa bàn bạn không thấy: 404. `lists` của mỗi dòng cho, với mỗi số liệu khác 0, "
    "địa chỉ của `/api/initiatives/` lọc đúng các mô hình mà số liệu đó đếm."
)


@extend_schema(description=STATISTICS_DESCRIPTION)
@extend_schema_view(
    list=extend_schema(
        summary="Thống kê mô hình, điển hình của một đơn vị trong một kỳ (như trang Thống kê)",
        parameters=[s.StatisticsQuerySerializer],
        responses={
            200: s.StatisticsSerializer,
            400: INVALID,
            404: OpenApiResponse(description="Địa bàn không có hoặc ngoài phạm vi của bạn."),
        },
    )
)
class StatisticsViewSet(viewsets.ViewSet):
    """The statistics page's figures through initiatives.queries.report, the page's own function,
    with figure_links for `lists`; see STATISTICS_DESCRIPTION (on /api/docs/)."""

    def list(self, request):
        query = s.StatisticsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        user = request.user
        if data.get("area") is None:
            area = queries.default_area(user)
        else:
            area = get_object_or_404(Area.objects.restrict(user, "view"), pk=data["area"])
        # The page's form decides the period (a stage for preset=stage, dates in order...).
        form = StatisticsForm(
            {
                "area": str(area.pk) if area else "",
                **{name: str(data[name]) for name in ("preset", "year", "stage") if data.get(name) is not None},
                **{name: data[name].isoformat() for name in ("date_from", "date_to") if data.get(name)},
            },
            user=user,
        )
        if not form.is_valid():
            raise ValidationError(form.errors)
        report = queries.report(user, area, form.cleaned_data["period"])
        # Absolute, as DRF's own links (a page's next/previous) are.
        link_report(report, list_path=request.build_absolute_uri(reverse("initiative-list")))
        period = report["period"]
        payload = {
            "area": area,
            "period": {"date_from": period.date_from, "date_to": period.date_to, "label": period.label},
            "totals": {**report["totals"], "lists": cell_links(report["total_cells"])},
            **{
                name: _statistics_rows(report[name])
                for name in ("by_child_unit", "by_field", "by_organization_kind", "by_kind", "by_subject")
            },
            "result_sums": report["result_sums"],
        }
        return Response(s.StatisticsSerializer(payload).data)
