"""Serializers of the statistics endpoint: the statistics page's choice of unit and period, and its figures."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.errors import VietnameseErrorsMixin
from initiatives.choices import PeriodPreset
from initiatives.models.initiative import MAX_YEAR, MIN_YEAR
from orgunits.api.serializers import AreaBriefSerializer

#
# Statistics (the statistics page's figures)
#


class StatisticsQuerySerializer(VietnameseErrorsMixin, serializers.Serializer):
    """The statistics page's choice of unit and period; the period rules are the page's form's."""

    area = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("Số (id) của địa bàn; để trống: đơn vị của bạn, như trang Thống kê."),
    )
    preset = serializers.ChoiceField(choices=PeriodPreset.choices, required=False, default=PeriodPreset.YEAR)
    year = serializers.IntegerField(
        required=False, min_value=MIN_YEAR, max_value=MAX_YEAR, help_text=_("Để trống: năm nay.")
    )
    stage = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Số (id) giai đoạn thi đua (preset=stage).")
    )
    date_from = serializers.DateField(required=False, help_text=_("Từ ngày (preset=custom)."))
    date_to = serializers.DateField(required=False, help_text=_("Đến ngày (preset=custom)."))


class StatisticsPeriodSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    label = serializers.CharField()


class FiguresSerializer(serializers.Serializer):
    """The figures of initiatives.queries (its docstring defines each)."""

    total = serializers.IntegerField(help_text=_("Mô hình đăng ký đến cuối kỳ."))
    registered = serializers.IntegerField(help_text=_("Đăng ký trong kỳ."))
    effective = serializers.IntegerField(help_text=_("Hiệu quả (tình trạng hiện nay của các mô hình đến cuối kỳ)."))
    recognized = serializers.IntegerField(help_text=_("Có quyết định công nhận trong kỳ."))
    outstanding = serializers.IntegerField(help_text=_("Được công nhận tiêu biểu trong kỳ."))
    replicated = serializers.IntegerField(help_text=_("Mô hình nhân rộng đăng ký trong kỳ."))
    stopped = serializers.IntegerField(help_text=_("Dừng thực hiện (tình trạng hiện nay)."))


class FigureListsField(serializers.DictField):
    """{figure: the API list of the records it counts}, as the statistics page links them."""

    def __init__(self, **kwargs):
        super().__init__(
            child=serializers.CharField(),
            help_text=_(
                "Địa chỉ API của danh sách các mô hình mà từng số liệu đếm (cùng bộ lọc như liên kết trên trang "
                "Thống kê); số liệu bằng 0 không có địa chỉ."
            ),
            **kwargs,
        )


class StatisticsTotalsSerializer(FiguresSerializer):
    replicated_sources = serializers.IntegerField(help_text=_("Mô hình gốc được nhân rộng (không trùng)."))
    lists = FigureListsField()


class StatisticsRowSerializer(FiguresSerializer):
    key = serializers.CharField(help_text=_("Mã của dòng: số (id) lĩnh vực, loại tổ chức, hoặc giá trị lựa chọn."))
    label = serializers.CharField()
    lists = FigureListsField()


class StatisticsChildRowSerializer(StatisticsRowSerializer):
    area = serializers.IntegerField(
        allow_null=True, help_text=_("Số (id) của đơn vị trực thuộc; null: cơ quan, tổ chức của chính đơn vị.")
    )


class StatisticsResultSerializer(serializers.Serializer):
    metric = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.CharField(allow_blank=True)
    total = serializers.DecimalField(max_digits=24, decimal_places=2)
    records = serializers.IntegerField(help_text=_("Số mô hình có kết quả này."))


class StatisticsSerializer(serializers.Serializer):
    area = AreaBriefSerializer(allow_null=True, help_text=_("null: toàn bộ phạm vi của bạn."))
    period = StatisticsPeriodSerializer()
    totals = StatisticsTotalsSerializer()
    by_child_unit = StatisticsChildRowSerializer(many=True)
    by_field = StatisticsRowSerializer(many=True)
    by_organization_kind = StatisticsRowSerializer(many=True)
    by_kind = StatisticsRowSerializer(many=True)
    by_subject = StatisticsRowSerializer(many=True)
    result_sums = StatisticsResultSerializer(many=True)
