"""Ship a default quarterly report form for Dân vận work (issue 4), editable as data afterwards.

Figures: Dân vận khéo models (filled from the registry), dialogues and opinions answered,
citizen-reception days, petitions received and resolved, meetings and guiding documents,
membership of the Front's organizations with the gathering rate; prose: results, shortcomings,
causes, tasks ahead, proposals. Sources: shared/domain.md §4.
"""

from django.db import migrations

INDICATORS = [
    # code, name, unit, value_type, tree, time, provider, numerator, denominator
    (
        "dvk_dang_ky",
        "Mô hình, điển hình “Dân vận khéo” đăng ký trong kỳ",
        "mô hình",
        "integer",
        "sum",
        "sum",
        "initiatives.registered",
        None,
        None,
    ),
    (
        "dvk_hieu_qua",
        "Mô hình, điển hình hiệu quả (đến cuối kỳ)",
        "mô hình",
        "integer",
        "sum",
        "last",
        "initiatives.effective",
        None,
        None,
    ),
    (
        "dvk_cong_nhan",
        "Mô hình, điển hình được công nhận trong kỳ",
        "mô hình",
        "integer",
        "sum",
        "sum",
        "initiatives.recognized",
        None,
        None,
    ),
    (
        "dvk_tieu_bieu",
        "Mô hình, điển hình tiêu biểu trong kỳ",
        "mô hình",
        "integer",
        "sum",
        "sum",
        "initiatives.outstanding",
        None,
        None,
    ),
    (
        "dvk_nhan_rong",
        "Mô hình được nhân rộng trong kỳ",
        "mô hình",
        "integer",
        "sum",
        "sum",
        "initiatives.replicated",
        None,
        None,
    ),
    ("doi_thoai_dinh_ky", "Hội nghị đối thoại định kỳ", "cuộc", "integer", "sum", "sum", "", None, None),
    ("doi_thoai_dot_xuat", "Hội nghị đối thoại đột xuất", "cuộc", "integer", "sum", "sum", "", None, None),
    (
        "y_kien_doi_thoai",
        "Ý kiến, kiến nghị của nhân dân tại đối thoại",
        "ý kiến",
        "integer",
        "sum",
        "sum",
        "",
        None,
        None,
    ),
    ("y_kien_da_tra_loi", "Ý kiến đã được trả lời, giải quyết", "ý kiến", "integer", "sum", "sum", "", None, None),
    (
        "ty_le_tra_loi",
        "Tỷ lệ ý kiến được trả lời",
        "%",
        "percent",
        "none",
        "sum",
        "",
        "y_kien_da_tra_loi",
        "y_kien_doi_thoai",
    ),
    ("ngay_tiep_dan", "Ngày tiếp công dân của người đứng đầu cấp ủy", "ngày", "integer", "sum", "sum", "", None, None),
    ("kien_nghi_tiep_nhan", "Kiến nghị, phản ánh tiếp nhận", "vụ việc", "integer", "sum", "sum", "", None, None),
    ("kien_nghi_giai_quyet", "Kiến nghị, phản ánh đã giải quyết", "vụ việc", "integer", "sum", "sum", "", None, None),
    (
        "ty_le_giai_quyet",
        "Tỷ lệ kiến nghị được giải quyết",
        "%",
        "percent",
        "none",
        "sum",
        "",
        "kien_nghi_giai_quyet",
        "kien_nghi_tiep_nhan",
    ),
    ("hoi_nghi", "Hội nghị, cuộc họp về công tác dân vận đã tổ chức", "cuộc", "integer", "sum", "sum", "", None, None),
    ("van_ban_huong_dan", "Văn bản chỉ đạo, hướng dẫn đã ban hành", "văn bản", "integer", "sum", "sum", "", None, None),
    (
        "doan_vien_hoi_vien",
        "Đoàn viên, hội viên của các tổ chức chính trị - xã hội",
        "người",
        "integer",
        "sum",
        "last",
        "",
        None,
        None,
    ),
    ("doi_tuong_tap_hop", "Số người thuộc đối tượng tập hợp", "người", "integer", "sum", "last", "", None, None),
    (
        "ty_le_tap_hop",
        "Tỷ lệ tập hợp đoàn viên, hội viên",
        "%",
        "percent",
        "none",
        "sum",
        "",
        "doan_vien_hoi_vien",
        "doi_tuong_tap_hop",
    ),
]
FIGURE_SECTIONS = [
    (
        "I. Mô hình, điển hình “Dân vận khéo”",
        ["dvk_dang_ky", "dvk_hieu_qua", "dvk_cong_nhan", "dvk_tieu_bieu", "dvk_nhan_rong"],
    ),
    (
        "II. Đối thoại, tiếp công dân",
        [
            "doi_thoai_dinh_ky",
            "doi_thoai_dot_xuat",
            "y_kien_doi_thoai",
            "y_kien_da_tra_loi",
            "ty_le_tra_loi",
            "ngay_tiep_dan",
        ],
    ),
    ("III. Kiến nghị, phản ánh của nhân dân", ["kien_nghi_tiep_nhan", "kien_nghi_giai_quyet", "ty_le_giai_quyet"]),
    ("IV. Hội nghị, văn bản", ["hoi_nghi", "van_ban_huong_dan"]),
    ("V. Tập hợp đoàn viên, hội viên", ["doan_vien_hoi_vien", "doi_tuong_tap_hop", "ty_le_tap_hop"]),
]
REQUIRED = {"hoi_nghi", "kien_nghi_tiep_nhan", "kien_nghi_giai_quyet"}
PROSE_SECTIONS = [
    ("Kết quả đạt được", "Những kết quả nổi bật trong kỳ."),
    ("Hạn chế", "Những hạn chế, khó khăn, vướng mắc."),
    ("Nguyên nhân", "Nguyên nhân khách quan, chủ quan của hạn chế."),
    ("Phương hướng, nhiệm vụ kỳ tới", ""),
    ("Kiến nghị, đề xuất", ""),
]
RULES = [
    ("y_kien_da_tra_loi", "le", "y_kien_doi_thoai"),
    ("kien_nghi_giai_quyet", "le", "kien_nghi_tiep_nhan"),
    ("doan_vien_hoi_vien", "le", "doi_tuong_tap_hop"),
]
FORM_CODE = "bao_cao_dan_van_quy"
SUBMITTING_KINDS = ["khoi_dan_van", "ban_tgdv"]


def seed(apps, schema_editor):
    indicator_model = apps.get_model("reports", "Indicator")
    form_model = apps.get_model("reports", "ReportForm")
    section_model = apps.get_model("reports", "FormSection")
    item_model = apps.get_model("reports", "FormItem")
    rule_model = apps.get_model("reports", "ValidationRule")
    kind_model = apps.get_model("orgunits", "OrganizationKind")
    indicators = {}
    for order, (code, name, unit, value_type, tree, time, provider, numerator, denominator) in enumerate(
        INDICATORS, start=1
    ):
        indicators[code], _created = indicator_model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "value_type": value_type,
                "tree_aggregation": tree,
                "time_aggregation": time,
                "provider": provider,
                "numerator": indicators.get(numerator),
                "denominator": indicators.get(denominator),
                "sort_order": order,
            },
        )
    form, created = form_model.objects.get_or_create(
        code=FORM_CODE,
        defaults={
            "name": "Báo cáo công tác dân vận (quý)",
            "title": "Báo cáo kết quả công tác dân vận",
            "period_type": "quarter",
            "deadline_days": 5,
        },
    )
    if not created:
        return
    form.organization_kinds.set(kind_model.objects.filter(code__in=SUBMITTING_KINDS))
    order = 0
    for title, codes in FIGURE_SECTIONS:
        order += 1
        section = section_model.objects.create(form=form, title=title, kind="figures", sort_order=order)
        for position, code in enumerate(codes, start=1):
            item_model.objects.create(
                section=section, indicator=indicators[code], sort_order=position, is_required=code in REQUIRED
            )
    for title, instructions in PROSE_SECTIONS:
        order += 1
        section_model.objects.create(form=form, title=title, kind="prose", instructions=instructions, sort_order=order)
    for left, comparison, right in RULES:
        rule_model.objects.create(form=form, left=indicators[left], comparison=comparison, right=indicators[right])


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("orgunits", "0002_seed_kinds_and_search_indexes")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
