"""Serializers of the reporting API: they validate input; the views hand it to services.py.

Reading: report forms with their sections, items and rules, indicators, periods, reports with
their figures, prose and history, roll-ups and completeness. Writing: one serializer per request
body; none of them saves anything itself (STYLE.md §5, §11).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reports import own_fields, periods
from reports.choices import PeriodType, ReportStatus, Timeliness
from reports.models import FormItem, FormSection, Indicator, Report, ReportEvent, ReportForm, ValidationRule

FIGURE = {"max_digits": 24, "decimal_places": 4, "allow_null": True}
REQUIRED = {"required": _("Trường này là bắt buộc."), "null": _("Trường này không được để trống.")}
TEXT_ERRORS = {**REQUIRED, "blank": _("Trường này không được để trống."), "invalid": _("Cần nhập chuỗi ký tự.")}


#
# Catalog
#


class IndicatorSerializer(serializers.ModelSerializer):
    numerator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    denominator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    is_formula = serializers.BooleanField(read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "unit",
            "value_type",
            "tree_aggregation",
            "time_aggregation",
            "numerator",
            "denominator",
            "multiplier",
            "is_formula",
            "provider",
            "min_value",
            "max_value",
            "is_active",
            "description",
        ]


class FormItemSerializer(serializers.ModelSerializer):
    indicator = IndicatorSerializer(read_only=True)

    class Meta:
        model = FormItem
        fields = ["id", "label", "is_required", "sort_order", "indicator"]


class FormSectionSerializer(serializers.ModelSerializer):
    items = FormItemSerializer(many=True, read_only=True)

    class Meta:
        model = FormSection
        fields = ["id", "title", "kind", "instructions", "sort_order", "items"]


class ValidationRuleSerializer(serializers.ModelSerializer):
    left = serializers.SlugRelatedField(slug_field="code", read_only=True)
    right = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ValidationRule
        fields = ["id", "left", "comparison", "right", "message"]


class ReportFormSerializer(serializers.ModelSerializer):
    organization_kinds = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = ReportForm
        fields = [
            "id",
            "code",
            "name",
            "title",
            "period_type",
            "deadline_days",
            "organization_kinds",
            "is_active",
            "description",
        ]


class ReportFormDetailSerializer(ReportFormSerializer):
    sections = FormSectionSerializer(many=True, read_only=True)
    rules = ValidationRuleSerializer(many=True, read_only=True)

    class Meta(ReportFormSerializer.Meta):
        fields = [*ReportFormSerializer.Meta.fields, "sections", "rules"]


#
# Periods
#


class PeriodSerializer(serializers.Serializer):
    """A period by its stable identifier (stored or not)."""

    code = serializers.CharField(help_text=_("Mã kỳ: 202403, 2024Q2, 2024S1, 2024N9, 2024, 20250101_20250315."))
    type = serializers.ChoiceField(choices=PeriodType.choices)
    name = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()


class PeriodQuerySerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=[choice for choice in PeriodType.choices if choice[0] != PeriodType.CUSTOM],
        required=False,
        help_text=_("Loại kỳ; để trống: mọi loại."),
        error_messages={"invalid_choice": _("“{input}” không phải là loại kỳ (month, quarter, six_months...).")},
    )
    year = serializers.IntegerField(
        min_value=periods.MIN_YEAR,
        max_value=periods.MAX_YEAR,
        required=False,
        help_text=_("Năm; để trống: năm nay."),
        error_messages={
            "invalid": _("Nhập một số nguyên."),
            "min_value": _("Năm không được nhỏ hơn {min_value}."),
            "max_value": _("Năm không được lớn hơn {max_value}."),
        },
    )


#
# Reports
#


class ReportSerializer(serializers.ModelSerializer):
    form_code = serializers.CharField(source="form.code", read_only=True)
    period = serializers.CharField(source="period.code", read_only=True)
    period_name = serializers.CharField(source="period.name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    is_late = serializers.BooleanField(read_only=True)
    timeliness = serializers.SerializerMethodField(
        help_text=_(
            "on_time: đã gửi đúng hạn; late: đã gửi sau hạn; overdue: quá hạn, chưa gửi (kể cả bị trả lại chưa gửi "
            "lại); pending: chưa gửi, còn hạn."
        )
    )

    class Meta:
        model = Report
        fields = [
            "id",
            "form",
            "form_code",
            "period",
            "period_name",
            "organization",
            "organization_name",
            "status",
            "version",
            "deadline",
            "number",
            "signer_title",
            "signer_name",
            "submitted_at",
            "approved_at",
            "is_late",
            "timeliness",
            "is_consolidated",
            "approved_without_children",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=Timeliness.choices))
    def get_timeliness(self, report) -> str:
        return report.timeliness()


class ReportValueSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(help_text=_("Số (id) của chỉ số."))
    code = serializers.CharField()
    number = serializers.DecimalField(**FIGURE, help_text=_("Giá trị số (tỷ lệ: tính từ tử số và mẫu số)."))
    text = serializers.CharField(allow_blank=True)
    source = serializers.CharField(
        allow_blank=True, help_text=_("typed (nhập tay), provider (tự động), rollup (tổng hợp), formula (tính toán).")
    )


class ReportTextSerializer(serializers.Serializer):
    section = serializers.IntegerField(help_text=_("Số (id) của phần nội dung."))
    title = serializers.CharField()
    text = serializers.CharField(allow_blank=True)


class ReportEventSerializer(serializers.ModelSerializer):
    user = serializers.SerializerMethodField()

    class Meta:
        model = ReportEvent
        fields = ["action", "from_status", "to_status", "time", "user", "comment"]

    def get_user(self, event) -> str:
        return event.user.display_name if event.user is not None else ""


class ReportDetailSerializer(ReportSerializer):
    values = serializers.SerializerMethodField()
    texts = serializers.SerializerMethodField()
    events = ReportEventSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "values", "texts", "events", "allowed_actions"]
        read_only_fields = fields

    @extend_schema_field(ReportValueSerializer(many=True))
    def get_values(self, report):
        return ReportValueSerializer(self.context["values"][report.pk], many=True).data

    @extend_schema_field(ReportTextSerializer(many=True))
    def get_texts(self, report):
        return ReportTextSerializer(self.context["texts"][report.pk], many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, report) -> list[str]:
        return self.context["allowed_actions"][report.pk]


class ReportCreateSerializer(serializers.Serializer):
    form = serializers.CharField(
        help_text=_("Số (id) hoặc mã (code) của biểu mẫu."), error_messages=TEXT_ERRORS, max_length=50
    )
    period = serializers.CharField(help_text=_("Mã kỳ, ví dụ 2025Q2."), error_messages=TEXT_ERRORS, max_length=20)
    organization = serializers.IntegerField(
        help_text=_("Số (id) của tổ chức lập báo cáo."),
        min_value=1,
        error_messages={**REQUIRED, "invalid": _("Cần nhập số (id)."), "min_value": _("Cần nhập số (id).")},
    )


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"oneOf": [{"type": "string"}, {"type": "number"}], "nullable": True},
        "description": "Khóa: mã (code) hoặc số (id) của chỉ số; giá trị: số (1.234 hoặc 12,5), có/không, văn bản "
        "hoặc null để xóa.",
    }
)
class FigureValuesField(serializers.DictField):
    pass


def _checked(value: str, problem_of) -> str:
    if problem := problem_of(value):
        raise serializers.ValidationError(problem)
    return value


class ReportValuesWriteSerializer(serializers.Serializer):
    # Sent with PATCH, yet never partial: `version` is always required. drf-spectacular describes
    # every PATCH body as partial (nothing required); this keeps the schema true.
    partial = property(lambda self: False, lambda self, value: None)

    version = serializers.IntegerField(
        min_value=1,
        help_text=_("Phiên bản báo cáo đã tải về: nếu báo cáo đã được lưu sau đó, không có gì được ghi (409)."),
        error_messages={**REQUIRED, "invalid": _("Nhập một số nguyên."), "min_value": _("Phiên bản không hợp lệ.")},
    )
    values = FigureValuesField(
        required=False, default=dict, error_messages={"not_a_dict": _("Cần nhập một đối tượng.")}
    )
    texts = serializers.DictField(
        child=serializers.CharField(allow_blank=True, error_messages=TEXT_ERRORS),
        required=False,
        default=dict,
        help_text=_("Khóa: số (id) của phần nội dung; giá trị: nội dung."),
        error_messages={"not_a_dict": _("Cần nhập một đối tượng.")},
    )
    number = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("Số văn bản, ví dụ 07-BC/DV (tối đa 50 ký tự)."),
    )
    signer_title = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_(
            "Chức vụ người ký, in dưới dòng “T/M …” của văn bản, ví dụ TRƯỞNG KHỐI; ký thay: hai dòng cách nhau bằng "
            "ký tự xuống dòng, KT. TRƯỞNG KHỐI và PHÓ TRƯỞNG KHỐI (tối đa 2 dòng, 150 ký tự)."
        ),
    )
    signer_name = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("Họ và tên người ký văn bản (tối đa 100 ký tự); để trống: văn bản in dòng chấm để ghi tay."),
    )

    # The save's own checks (own_fields.REPORT_FIELDS), so an invalid value is a 400 before anything is written.
    def validate_number(self, value):
        return _checked(value, own_fields.number_problem)

    def validate_signer_title(self, value):
        return _checked(value, own_fields.signer_title_problem)

    def validate_signer_name(self, value):
        return _checked(value, own_fields.signer_name_problem)


class SaveResultSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=_("Phiên bản mới: gửi kèm lần lưu sau."))
    warnings = serializers.ListField(
        child=serializers.CharField(), help_text=_("Những điều còn ngăn việc gửi báo cáo (chưa nhập, sai quy tắc).")
    )
    report = ReportDetailSerializer()


class SubmitSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=_("Phiên bản đã xem; nếu báo cáo đã được lưu sau đó thì không gửi (409)."),
        error_messages={"invalid": _("Nhập một số nguyên."), "min_value": _("Phiên bản không hợp lệ.")},
    )


class ApproveSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    without_children = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Duyệt báo cáo tổng hợp khi cấp dưới chưa đủ (cần ghi lý do trong comment)."),
        error_messages={"invalid": _("Cần nhập true hoặc false.")},
    )


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(
        max_length=4000, help_text=_("Ý kiến, lý do (bắt buộc)."), error_messages=TEXT_ERRORS
    )


#
# Roll-ups and completeness
#


class FormBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class RollupIndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField(allow_blank=True)
    section = serializers.CharField()
    is_formula = serializers.BooleanField()


class RollupChildSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("Đường dẫn của đơn vị."))
    name = serializers.CharField()
    area = serializers.IntegerField(allow_null=True, help_text=_("Số (id) của địa bàn (xem tiếp cấp dưới)."))
    organization = serializers.IntegerField(allow_null=True)
    values = serializers.DictField(child=serializers.DecimalField(**FIGURE), help_text=_("Theo mã chỉ số."))


class RollupSerializer(serializers.Serializer):
    form = FormBriefSerializer()
    period = PeriodSerializer()
    unit = serializers.CharField(help_text=_("Đơn vị, cụm hoặc toàn bộ phạm vi."))
    area = serializers.IntegerField(allow_null=True)
    cluster = serializers.IntegerField(allow_null=True)
    statuses = serializers.ListField(child=serializers.ChoiceField(choices=ReportStatus.choices))
    indicators = RollupIndicatorSerializer(many=True)
    values = serializers.DictField(child=serializers.DecimalField(**FIGURE), help_text=_("Theo mã chỉ số."))
    children = RollupChildSerializer(many=True)


class SelectionQuerySerializer(serializers.Serializer):
    form = serializers.CharField(help_text=_("Số (id) hoặc mã (code) của biểu mẫu."), error_messages=TEXT_ERRORS)
    period = serializers.CharField(help_text=_("Mã kỳ, ví dụ 2025Q2 hoặc 2025."), error_messages=TEXT_ERRORS)
    area = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("Số (id) của địa bàn; để trống: toàn bộ phạm vi của bạn."),
        error_messages={"invalid": _("Cần nhập số (id)."), "min_value": _("Cần nhập số (id).")},
    )


class RollupQuerySerializer(SelectionQuerySerializer):
    cluster = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("Số (id) của cụm, khối (thay cho địa bàn)."),
        error_messages={"invalid": _("Cần nhập số (id)."), "min_value": _("Cần nhập số (id).")},
    )
    indicators = serializers.CharField(
        required=False, help_text=_("Mã hoặc số (id) của các chỉ số, cách nhau bằng dấu phẩy; để trống: mọi chỉ số.")
    )
    include_submitted = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Kể cả báo cáo đã gửi chưa duyệt."),
        error_messages={"invalid": _("Cần nhập true hoặc false.")},
    )


class CompletenessRowSerializer(serializers.Serializer):
    organization = serializers.IntegerField(source="organization.pk")
    name = serializers.CharField(source="organization.name")
    kind = serializers.CharField(source="organization.kind.code")
    area = serializers.IntegerField(source="organization.area_id")
    area_name = serializers.CharField(source="organization.area.name")
    report = serializers.IntegerField(source="report.pk", allow_null=True, default=None)
    status = serializers.CharField(allow_blank=True, help_text=_("Trạng thái báo cáo; trống: chưa lập."))
    timeliness = serializers.ChoiceField(choices=Timeliness.choices)
    deadline = serializers.DateField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    approved_at = serializers.DateTimeField(source="report.approved_at", allow_null=True, default=None)
    last_reminder_at = serializers.DateTimeField(source="last_reminder.sent_at", allow_null=True, default=None)


class CompletenessCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    submitted = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField()
    overdue = serializers.IntegerField()
    pending = serializers.IntegerField()
    approved = serializers.IntegerField()


class CompletenessSerializer(serializers.Serializer):
    form = FormBriefSerializer()
    period = PeriodSerializer()
    unit = serializers.CharField()
    deadline = serializers.DateField()
    counts = CompletenessCountsSerializer()
    percentages = serializers.DictField(
        child=serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True),
        help_text=_("Phần trăm trên tổng số đơn vị phải nộp."),
    )
    organizations = CompletenessRowSerializer(many=True)
