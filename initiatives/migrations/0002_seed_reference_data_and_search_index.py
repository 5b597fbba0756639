"""Seed the reference data (fields, stages, result metrics, default criteria) and the trigram index.

Default criteria follow shared/domain.md §2: the Quảng Ngãi criteria for models and the Đà Lạt
standards for collectives and individuals. Administrators edit them as data afterwards.
"""

from django.db import migrations

FIELDS = [
    # code, name
    ("kinh_te", "Kinh tế"),
    ("van_hoa_xa_hoi", "Văn hóa – xã hội"),
    ("quoc_phong_an_ninh", "Quốc phòng – an ninh"),
    ("xay_dung_dang", "Xây dựng Đảng và hệ thống chính trị"),
    ("nong_thon_moi", "Xây dựng nông thôn mới, đô thị văn minh"),
]
STAGES = [
    # code, name, start, end
    ("2021-2025", "Giai đoạn 2021-2025", 2021, 2025),
    ("2026-2030", "Giai đoạn 2026-2030", 2026, 2030),
]
METRICS = [
    # code, name, unit
    ("duong_giao_thong", "Đường giao thông làm mới, nâng cấp", "m"),
    ("den_chieu_sang", "Đèn chiếu sáng lắp đặt", "bóng"),
    ("kinh_phi_van_dong", "Kinh phí vận động được", "đồng"),
    ("ngay_cong", "Ngày công đóng góp", "ngày công"),
    ("dat_hien", "Đất hiến làm công trình công cộng", "m²"),
    ("ho_duoc_ho_tro", "Hộ được hỗ trợ", "hộ"),
    ("nha_dai_doan_ket", "Nhà đại đoàn kết xây mới, sửa chữa", "căn"),
    ("nguoi_tham_gia", "Người tham gia", "người"),
]
CRITERIA_SETS = [
    # code, name, subject, criteria [(name, weight, max_score)]
    (
        "mo_hinh_tap_the",
        "Tiêu chí bình xét mô hình, điển hình tập thể",
        "collective",
        [
            ("Có tên gọi, địa chỉ cụ thể; gắn với sự lãnh đạo của cấp ủy, chính quyền, đã đăng ký", 15, 10),
            ("Huy động được nhiều lực lượng tham gia, được nhân dân đồng tình hưởng ứng", 20, 10),
            ("Giải quyết được vấn đề bức xúc, cấp thiết ở cơ sở, mang lại lợi ích thiết thực", 25, 10),
            ("Sáng tạo, tiết kiệm, hài hòa lợi ích Nhà nước, tập thể và nhân dân", 20, 10),
            ("Bền vững, có khả năng nhân rộng", 20, 10),
        ],
    ),
    (
        "dien_hinh_ca_nhan",
        "Tiêu chí bình xét điển hình cá nhân",
        "individual",
        [
            ("Gương mẫu chấp hành chủ trương, chính sách; gia đình văn hóa", 20, 10),
            ("Có sáng kiến, cách làm hay được áp dụng", 20, 10),
            ("Vận động được nhân dân cùng tham gia", 20, 10),
            ("Góp phần giải quyết vụ việc khó khăn, tồn đọng ở cơ sở", 20, 10),
            ("Được cộng đồng ghi nhận, có sức lan tỏa", 20, 10),
        ],
    ),
]


def seed(apps, schema_editor):
    field_model = apps.get_model("initiatives", "InitiativeField")
    stage_model = apps.get_model("initiatives", "Stage")
    metric_model = apps.get_model("initiatives", "ResultMetric")
    set_model = apps.get_model("initiatives", "CriteriaSet")
    criterion_model = apps.get_model("initiatives", "Criterion")
    for order, (code, name) in enumerate(FIELDS, start=1):
        field_model.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})
    for order, (code, name, start, end) in enumerate(STAGES, start=1):
        stage_model.objects.update_or_create(
            code=code, defaults={"name": name, "start_year": start, "end_year": end, "sort_order": order}
        )
    for order, (code, name, unit) in enumerate(METRICS, start=1):
        metric_model.objects.update_or_create(code=code, defaults={"name": name, "unit": unit, "sort_order": order})
    for order, (code, name, subject, criteria) in enumerate(CRITERIA_SETS, start=1):
        criteria_set, created = set_model.objects.update_or_create(
            code=code, defaults={"name": name, "subject": subject, "sort_order": order}
        )
        if created:
            for position, (text, weight, max_score) in enumerate(criteria, start=1):
                criterion_model.objects.create(
                    criteria_set=criteria_set, name=text, weight=weight, max_score=max_score, sort_order=position
                )


TRIGRAM_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS initiatives_init_search_trgm "
    "ON initiatives_initiative USING gin (search_text gin_trgm_ops)",
]


def add_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in TRIGRAM_SQL:
        schema_editor.execute(statement)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS initiatives_init_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(add_trigram_index, drop_trigram_index),
    ]
