"""The reporting API: forms, indicators, periods, reports (figures, prose, workflow), roll-ups and
completeness.

Reports are read through `Report.objects.restrict(user, "view")`: one the user cannot see is a
404 whatever the method. Writes call the same services the pages call: a missing right is a 403
with the service's message (`services.ActionRefused`), a step the report's state does not allow
a 409 (`services.WrongState`: "already approved"...), invalid input a 400 by field with nothing
written, and a save over a newer version a 409 with the message saying who saved it and when.
Roll-ups and completeness go through reports.queries, as the pages do, within the same scope.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings

from core import audit
from orgunits.models import Area, Organization
from reports import periods, queries, rules, services
from reports.api import serializers as s
from reports.choices import PeriodType, SectionKind, ValueSource
from reports.filtersets import IndicatorFilterSet, ReportFilterSet
from reports.models import FormItem, FormSection, Indicator, Period, Report, ReportEvent, ReportForm

REFUSED = OpenApiResponse(description='Bạn không có quyền thực hiện thao tác này: {"detail": lý do}.')
INVALID = OpenApiResponse(description="Dữ liệu không hợp lệ: lỗi theo từng trường, không có gì được ghi.")
UNIT_NOT_FOUND = OpenApiResponse(description="Địa bàn hoặc cụm, khối không có hoặc ngoài phạm vi của bạn.")
CONFLICT = OpenApiResponse(
    description='Báo cáo đã được người khác lưu sau phiên bản bạn gửi ({"detail": ai lưu, lúc nào}; tải lại báo cáo '
    'rồi gửi lại), hoặc thao tác không áp dụng cho trạng thái hiện tại của báo cáo ({"detail": ví dụ "Báo cáo đã '
    'được duyệt…"}); không có gì được ghi.'
)


def field_errors(error: DjangoValidationError, default_field: str) -> dict:
    """Return a Django ValidationError as DRF's {field: [messages]}; errors without a field go to
    `default_field`."""
    if hasattr(error, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name): messages
            for name, messages in error.message_dict.items()
        }
    return {default_field: error.messages}


class ServiceErrorsMixin:
    """Turn the services' Django ValidationError into a 400 by field and EditConflict into a 409.

    Args:
        error_field: where errors without a field go; an @action sets its own with
            `@action(..., error_field="comment")` (DRF passes action kwargs to the view instance).
    """

    error_field = api_settings.NON_FIELD_ERRORS_KEY

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        audit.set_actor(request.user, getattr(request, "id", None))

    def handle_exception(self, exc):
        # A step the report's state does not allow (approving an approved report) is a conflict
        # with the resource's state, not a missing right: 409, as for a save over a newer version.
        if isinstance(exc, services.EditConflict | services.WrongState):
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        if isinstance(exc, DjangoValidationError):
            exc = ValidationError(field_errors(exc, self.error_field))
        return super().handle_exception(exc)

    def validated(self, serializer_class, data=None) -> dict:
        serializer = serializer_class(data=self.request.data if data is None else data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


def form_by_id_or_code(value, field: str = "form") -> ReportForm:
    text = str(value).strip()
    # Digits are an id: a code has a letter (validate_code_has_letter). Codes are one code
    # whatever their case (LookupModel): "BAO_CAO_QUY" is "bao_cao_quy".
    lookup = {"pk": int(text)} if text.isdigit() else {"code__iexact": text}
    report_form = ReportForm.objects.filter(**lookup).first()
    if report_form is None:
        raise ValidationError({field: [_("Không có biểu mẫu có số hoặc mã “%(value)s”.") % {"value": text}]})
    return report_form


def code_key(value) -> str:
    """Return how a catalog code (or an id) sent by a client is matched: codes are one code
    whatever their case (LookupModel, `code_ci_unique`), so "TV01" finds "tv01". A code has a
    letter (validate_code_has_letter), so it never reads as the id of another indicator."""
    return str(value).strip().lower()


def period_for(report_form: ReportForm, code: str, *, longer: bool, store: bool = False) -> Period:
    """The period `code` names, validated for the form; stored only when `store` (a report is opened)."""
    try:
        spec = periods.parse(code)
    except periods.InvalidPeriod as error:
        raise ValidationError({"period": [str(error)]}) from error
    problem = queries.period_problem(report_form, spec, longer=longer)
    if problem:
        raise ValidationError({"period": [problem]})
    return Period.objects.for_spec(spec) if store else Period.objects.lookup(spec.code)


def period_data(spec) -> dict:
    return {"code": spec.code, "type": spec.type, "name": spec.name, "start": spec.start, "end": spec.end}


#
# Catalog (reference data: readable by every logged-in user)
#


@extend_schema_view(
    list=extend_schema(summary="Biểu mẫu báo cáo (?is_active=true: đang dùng)"),
    retrieve=extend_schema(summary="Chi tiết biểu mẫu: các phần, chỉ số của từng phần, quy tắc kiểm tra"),
)
class ReportFormViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_fields = ["is_active", "period_type"]
    ordering = ["sort_order", "name"]

    def get_queryset(self):
        queryset = ReportForm.objects.prefetch_related("organization_kinds").order_by("sort_order", "name")
        if self.action == "list":
            return queryset
        items = FormItem.objects.select_related("indicator__numerator", "indicator__denominator").order_by(
            "sort_order", "pk"
        )
        return queryset.prefetch_related(
            Prefetch(
                "sections",
                queryset=FormSection.objects.order_by("sort_order", "pk").prefetch_related(
                    Prefetch("items", queryset=items)
                ),
            ),
            "rules__left",
            "rules__right",
        )

    def get_serializer_class(self):
        return s.ReportFormSerializer if self.action == "list" else s.ReportFormDetailSerializer


@extend_schema_view(
    list=extend_schema(summary="Chỉ số (?is_active=true: đang dùng; ?code=)"),
    retrieve=extend_schema(summary="Chi tiết chỉ số: kiểu giá trị, cách tổng hợp, công thức"),
)
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Indicator.objects.select_related("numerator", "denominator").order_by("sort_order", "name")
    serializer_class = s.IndicatorSerializer
    filterset_class = IndicatorFilterSet


PERIODS_DESCRIPTION = "Các kỳ báo cáo, tính từ mã kỳ (ví dụ 2025Q2 là quý II/2025, 2025 là năm 2025)."


@extend_schema(description=PERIODS_DESCRIPTION)
@extend_schema_view(
    list=extend_schema(
        summary="Các kỳ báo cáo của một năm (?type=quarter&year=2025)",
        parameters=[s.PeriodQuerySerializer],
        responses={200: s.PeriodSerializer(many=True), 400: INVALID},
    ),
    retrieve=extend_schema(
        summary="Một kỳ theo mã (2025Q2, 202503, 2025S1, 2025N9, 2025, 20250101_20250315)",
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH, description="Mã kỳ.")],
        responses={200: s.PeriodSerializer, 404: OpenApiResponse(description="Không phải mã kỳ hợp lệ.")},
    ),
)
class PeriodViewSet(ServiceErrorsMixin, viewsets.ViewSet):
    """Periods are computed from their identifiers: no database row is needed to list them."""

    lookup_field = "code"
    lookup_value_regex = "[0-9A-Za-z_]+"

    def list(self, request):
        data = self.validated(s.PeriodQuerySerializer, request.query_params)
        year = data.get("year") or timezone.localdate().year
        types = [data["type"]] if data.get("type") else [t for t in PeriodType.values if t != PeriodType.CUSTOM]
        specs = [spec for period_type in types for spec in periods.periods_of_year(period_type, year)]
        return Response(s.PeriodSerializer([period_data(spec) for spec in specs], many=True).data)

    def retrieve(self, request, code=None):
        try:
            spec = periods.parse(code)
        except periods.InvalidPeriod as error:
            raise NotFound(str(error)) from error
        return Response(s.PeriodSerializer(period_data(spec)).data)


#
# Reports
#


def _action_schema(summary: str, request=None):
    return extend_schema(
        summary=summary,
        request=request,
        responses={200: s.ReportDetailSerializer, 400: INVALID, 403: REFUSED, 409: CONFLICT},
    )


REPORTS_DESCRIPTION = (
    "Báo cáo của các tổ chức trong phạm vi của bạn (ngoài phạm vi: 404). Số liệu ghi bằng "
    "PATCH /api/reports/{id}/values/ kèm phiên bản (`version`) bạn đã tải; các bước gửi, duyệt, trả lại, mở lại là "
    "các thao tác POST, qua cùng các bước kiểm tra như trên trang."
)


@extend_schema(description=REPORTS_DESCRIPTION)
@extend_schema_view(
    list=extend_schema(summary="Danh sách báo cáo (lọc theo biểu mẫu, kỳ hoặc năm, trạng thái, đúng hạn, địa bàn)"),
    retrieve=extend_schema(summary="Chi tiết báo cáo: số liệu (cả chỉ số tính toán), nội dung, quá trình xử lý"),
    create=extend_schema(
        summary="Lập báo cáo cho một tổ chức và kỳ (số liệu hệ thống đã biết được điền sẵn)",
        request=s.ReportCreateSerializer,
        responses={201: s.ReportDetailSerializer, 400: INVALID, 403: REFUSED},
    ),
)
class ReportViewSet(
    ServiceErrorsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Reports, their figures (PATCH values with the loaded version) and the workflow steps through
    the services the pages call; see REPORTS_DESCRIPTION (on /api/docs/)."""

    serializer_class = s.ReportSerializer
    filterset_class = ReportFilterSet
    ordering_fields = ["deadline", "submitted_at", "status"]
    ordering = ["-period__start", "path"]

    def get_queryset(self):
        return (
            Report.objects.select_related("form", "period", "organization")
            .restrict(self.request.user, "view")
            .order_by("-period__start", "path")
        )

    def get_serializer_class(self):
        return s.ReportSerializer if self.action == "list" else s.ReportDetailSerializer

    def detail_response(self, pk, status_code=status.HTTP_200_OK) -> Response:
        return Response(self.detail_data(pk), status=status_code)

    def detail_data(self, pk) -> dict:
        """Return the report as it is now, as the user sees it (figures with their sources)."""
        report = (
            self.get_queryset()
            .select_related("organization__area__parent")
            .prefetch_related(Prefetch("events", queryset=ReportEvent.objects.select_related("user")))
            .get(pk=pk)
        )
        return s.ReportDetailSerializer(report, context=self.detail_context(report)).data

    def detail_context(self, report) -> dict:
        items = services.figure_items(report.form)
        sources = dict(report.values.values_list("indicator_id", "source"))
        numbers = services.report_values(report)
        values = []
        for item in items:
            indicator = item.indicator
            value = numbers.get(indicator.pk)
            is_text = isinstance(value, str)
            values.append(
                {
                    "indicator": indicator.pk,
                    "code": indicator.code,
                    "number": None if is_text else value,
                    "text": value if is_text else "",
                    "source": "formula" if indicator.is_formula else sources.get(indicator.pk, ""),
                }
            )
        stored = dict(report.texts.values_list("section_id", "text"))
        texts = [
            {"section": section.pk, "title": section.title, "text": stored.get(section.pk, "")}
            for section in report.form.sections.filter(kind=SectionKind.PROSE).order_by("sort_order", "pk")
        ]
        return {
            "request": self.request,
            "values": {report.pk: values},
            "texts": {report.pk: texts},
            "allowed_actions": {report.pk: sorted(rules.allowed_actions(self.request.user, report))},
        }

    def retrieve(self, request, *args, **kwargs):
        return self.detail_response(self.get_object().pk)

    def create(self, request, *args, **kwargs):
        data = self.validated(s.ReportCreateSerializer)
        report_form = form_by_id_or_code(data["form"])
        organization = Organization.objects.restrict(request.user, "view").filter(pk=data["organization"]).first()
        if organization is None:
            raise ValidationError(
                {
                    "organization": [
                        _("Không có tổ chức số %(id)s trong phạm vi của bạn.") % {"id": data["organization"]}
                    ]
                }
            )
        # One transaction: a refused report leaves no period row behind (2100Q4 typed by mistake).
        with transaction.atomic():
            period = period_for(report_form, data["period"], longer=False, store=True)
            report = services.open_report(report_form, period, organization, user=request.user)
        return self.detail_response(report.pk, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Lưu số liệu và nội dung (bản nháp), kèm phiên bản đã tải về",
        request=s.ReportValuesWriteSerializer,
        responses={200: s.SaveResultSerializer, 400: INVALID, 403: REFUSED, 409: CONFLICT},
    )
    @action(detail=True, methods=["patch"], error_field="values")
    def values(self, request, pk=None):
        report = self.get_object()
        data = self.validated(s.ReportValuesWriteSerializer)
        services.check_allowed(request.user, "edit", report)
        values = self.typed_values(report, data["values"])
        texts = self.prose_texts(report, data["texts"])
        result = services.save_report(
            report,
            user=request.user,
            version=data["version"],
            values=values,
            texts=texts,
            document_number=data.get("number"),
            signer_title=data.get("signer_title"),
            signer_name=data.get("signer_name"),
        )
        if (
            result.errors
        ):  # pre-checked above (number, signer by the serializer): only a change of the form meanwhile gets here
            raise ValidationError({"values": [str(message) for message in result.errors.values()]})
        payload = {"version": result.version, "warnings": result.warnings, "report": self.detail_data(report.pk)}
        return Response(payload)

    @staticmethod
    def typed_values(report, raw: dict) -> dict[int, object]:
        """Return {indicator_id: value} of what may be typed, or raise a 400 naming each key that
        is not a typed figure of the form and each value that is not valid (nothing is written)."""
        items = services.figure_items(report.form)
        by_key = {}
        for item in items:
            by_key[code_key(item.indicator.code)] = item.indicator
            by_key[str(item.indicator.pk)] = item.indicator
        automatic = set(report.values.exclude(source=ValueSource.TYPED).values_list("indicator_id", flat=True))
        errors, values = {}, {}
        for key, value in raw.items():
            indicator = by_key.get(code_key(key))
            if indicator is None:
                errors[key] = [_("Biểu mẫu không có chỉ số “%(key)s”.") % {"key": key}]
            elif indicator.is_formula:
                errors[key] = [_("Chỉ số tính toán không nhập được: hệ thống tự tính.")]
            elif indicator.pk in automatic:
                errors[key] = [_("Số liệu này do hệ thống tự điền, không nhập tay.")]
            else:
                # A JSON number stays a number: as text, 1.234 would read the Vietnamese way (1234).
                typed = "" if value is None else value if isinstance(value, int | float) else str(value)
                try:
                    services.parse_value(indicator, typed)
                except ValueError as error:
                    errors[key] = [str(error)]
                else:
                    values[indicator.pk] = typed
        if errors:
            raise ValidationError({"values": errors})
        return values

    @staticmethod
    def prose_texts(report, raw: dict) -> dict[int, str]:
        sections = {
            str(pk): pk for pk in report.form.sections.filter(kind=SectionKind.PROSE).values_list("pk", flat=True)
        }
        unknown = [key for key in raw if str(key) not in sections]
        if unknown:
            raise ValidationError(
                {"texts": [_("Biểu mẫu không có phần nội dung số %(ids)s.") % {"ids": ", ".join(map(str, unknown))}]}
            )
        return {sections[str(key)]: text for key, text in raw.items()}

    @_action_schema("Gửi báo cáo lên cấp trên (kiểm tra chỉ số bắt buộc và quy tắc)", s.SubmitSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self.get_object()
        data = self.validated(s.SubmitSerializer)
        services.submit(report, user=request.user, version=data.get("version"))
        return self.detail_response(report.pk)

    @_action_schema("Duyệt báo cáo đã gửi (cấp trên có quyền phê duyệt)", s.ApproveSerializer)
    @action(detail=True, methods=["post"], error_field="comment")
    def approve(self, request, pk=None):
        report = self.get_object()
        data = self.validated(s.ApproveSerializer)
        services.approve(report, user=request.user, **data)
        return self.detail_response(report.pk)

    @_action_schema("Trả lại báo cáo đã gửi kèm ý kiến", s.CommentSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return", error_field="comment")
    def return_report(self, request, pk=None):
        report = self.get_object()
        data = self.validated(s.CommentSerializer)
        services.return_report(report, user=request.user, comment=data["comment"])
        return self.detail_response(report.pk)

    @_action_schema("Mở lại báo cáo đã duyệt để sửa (cấp trên, cần lý do)", s.CommentSerializer)
    @action(detail=True, methods=["post"], error_field="comment")
    def reopen(self, request, pk=None):
        report = self.get_object()
        data = self.validated(s.CommentSerializer)
        services.reopen(report, user=request.user, comment=data["comment"])
        return self.detail_response(report.pk)


#
# Roll-ups and completeness
#


def selected_area(user, area_id) -> Area | None:
    """Return the area of `area_id` if the user may see it (default: the user's own unit).

    The area is the unit whose figures are asked for: one outside the scope is a 404, the same
    answer as an area that does not exist (as /api/initiative-statistics/ and any object outside
    the scope answer).
    """
    if area_id is None:
        return queries.default_area(user)
    return get_object_or_404(Area.objects.restrict(user, "view"), pk=area_id)


def indicator_ids(report_form, text: str | None) -> list[int] | None:
    if not text:
        return None
    columns = queries.rollup_columns(report_form)
    by_key = {}
    for column in columns:
        by_key[code_key(column.indicator.code)] = column.indicator.pk
        by_key[str(column.indicator.pk)] = column.indicator.pk
    keys = [key.strip() for key in text.split(",") if key.strip()]
    unknown = [key for key in keys if code_key(key) not in by_key]
    if unknown:
        raise ValidationError(
            {"indicators": [_("Biểu mẫu không có chỉ số số liệu “%(keys)s”.") % {"keys": ", ".join(unknown)}]}
        )
    return [by_key[code_key(key)] for key in keys]


def form_brief(report_form) -> dict:
    return {"id": report_form.pk, "code": report_form.code, "name": report_form.name}


ROLLUP_DESCRIPTION = (
    "Các số liệu của trang tổng hợp: chỉ từ báo cáo đã duyệt, trừ khi có `include_submitted`; kỳ dài hơn kỳ của "
    "biểu mẫu thì cộng dồn theo thời gian; các chỉ số tính theo công thức được tính lại ở mọi cấp."
)


@extend_schema(description=ROLLUP_DESCRIPTION)
@extend_schema_view(
    list=extend_schema(
        summary="Số liệu tổng hợp của một đơn vị (hoặc cụm) và kỳ, kèm từng đơn vị trực thuộc",
        parameters=[s.RollupQuerySerializer],
        responses={200: s.RollupSerializer, 400: INVALID, 404: UNIT_NOT_FOUND},
    )
)
class RollupViewSet(ServiceErrorsMixin, viewsets.ViewSet):
    """The roll-up page's figures (ROLLUP_DESCRIPTION)."""

    def list(self, request):
        data = self.validated(s.RollupQuerySerializer, request.query_params)
        report_form = form_by_id_or_code(data["form"])
        period = period_for(report_form, data["period"], longer=True)
        cluster = None
        if data.get("cluster") is not None:
            # Asked for in place of an area: one the user cannot see is a 404 as well.
            cluster = get_object_or_404(queries.visible_clusters(request.user), pk=data["cluster"])
        area = None if cluster is not None else selected_area(request.user, data.get("area"))
        table = queries.rollup_table_for_user(
            request.user,
            report_form,
            period,
            area=area,
            cluster=cluster,
            include_submitted=data["include_submitted"],
            indicators=indicator_ids(report_form, data.get("indicators")),
        )
        codes = [column.indicator.code for column in table.columns]
        payload = {
            "form": form_brief(report_form),
            "period": period_data(period.spec),
            "unit": table.label,
            "area": area.pk if area else None,
            "cluster": cluster.pk if cluster else None,
            "statuses": list(table.statuses),
            "indicators": [
                {
                    "id": column.indicator.pk,
                    "code": column.indicator.code,
                    "name": column.label,
                    "unit": column.indicator.unit,
                    "section": column.section,
                    "is_formula": column.indicator.is_formula,
                }
                for column in table.columns
            ],
            "values": dict(zip(codes, table.total.values, strict=True)),
            "children": [
                {
                    "key": row.unit.key,
                    "name": row.unit.label,
                    "area": row.unit.area.pk if row.unit.area else None,
                    "organization": row.unit.organization.pk if row.unit.organization else None,
                    "values": dict(zip(codes, row.values, strict=True)),
                }
                for row in table.rows
            ],
        }
        return Response(s.RollupSerializer(payload).data)


COMPLETENESS_DESCRIPTION = (
    "Mọi tổ chức dưới đơn vị (mặc định: đơn vị của bạn) phải nộp biểu mẫu trong kỳ, kèm trạng thái và tình hình "
    "đúng hạn của báo cáo. Không phân trang: các con số đếm trên cả danh sách (một tỉnh có vài trăm dòng)."
)


@extend_schema(description=COMPLETENESS_DESCRIPTION)
@extend_schema_view(
    list=extend_schema(
        summary="Tình hình nộp báo cáo: đơn vị phải nộp, đã nộp đúng hạn, trễ hạn, chưa nộp",
        parameters=[s.SelectionQuerySerializer],
        responses={200: s.CompletenessSerializer, 400: INVALID, 404: UNIT_NOT_FOUND},
    )
)
class CompletenessViewSet(ServiceErrorsMixin, viewsets.ViewSet):
    """The completeness page's rows, unpaginated (COMPLETENESS_DESCRIPTION)."""

    def list(self, request):
        data = self.validated(s.SelectionQuerySerializer, request.query_params)
        report_form = form_by_id_or_code(data["form"])
        period = period_for(report_form, data["period"], longer=False)
        area = selected_area(request.user, data.get("area"))
        result = queries.completeness_for_user(request.user, report_form, period, area=area)
        payload = {
            "form": form_brief(report_form),
            "period": period_data(period.spec),
            "unit": result.label,
            "deadline": result.deadline,
            "counts": result.counts,
            "percentages": result.percentages,
            "organizations": result.rows,
        }
        return Response(s.CompletenessSerializer(payload).data)
