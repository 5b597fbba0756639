"""Seed the editable kinds of areas and organizations; add trigram search indexes on PostgreSQL."""

from django.db import migrations

AREA_KINDS = [
    # code, name, level
    ("tinh", "Tỉnh", 1),
    ("thanh_pho_tw", "Thành phố trực thuộc Trung ương", 1),
    ("huyen", "Huyện", 2),
    ("quan", "Quận", 2),
    ("thi_xa", "Thị xã", 2),
    ("thanh_pho_thuoc_tinh", "Thành phố thuộc tỉnh", 2),
    ("xa", "Xã", 3),
    ("phuong", "Phường", 3),
    ("thi_tran", "Thị trấn", 3),
    ("dac_khu", "Đặc khu", 3),
    ("thon", "Thôn", 4),
    ("ap", "Ấp", 4),
    ("ban", "Bản", 4),
    ("buon", "Buôn", 4),
    ("lang", "Làng", 4),
    ("xom", "Xóm", 4),
    ("khom", "Khóm", 4),
    ("khu_pho", "Khu phố", 4),
    ("to_dan_pho", "Tổ dân phố", 4),
]

ORGANIZATION_KINDS = [
    # code, name, category
    ("ban_tgdv", "Ban Tuyên giáo và Dân vận", "party"),
    ("ban_dan_van", "Ban Dân vận (trước 2025)", "party"),
    ("ban_xdd", "Ban Xây dựng Đảng", "party"),
    ("dang_uy", "Đảng ủy", "party"),
    ("chi_bo", "Chi bộ", "party"),
    ("khoi_dan_van", "Khối dân vận", "dan_van"),
    ("to_dan_van", "Tổ dân vận", "dan_van"),
    ("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam", "front"),
    ("ban_cong_tac_mat_tran", "Ban công tác Mặt trận", "front"),
    ("hoi_nong_dan", "Hội Nông dân", "member"),
    ("hoi_lhpn", "Hội Liên hiệp Phụ nữ", "member"),
    ("doan_tn", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "member"),
    ("hoi_ccb", "Hội Cựu chiến binh", "member"),
    ("cong_doan", "Công đoàn", "member"),
    ("hoi_chu_thap_do", "Hội Chữ thập đỏ", "association"),
    ("hoi_nguoi_cao_tuoi", "Hội Người cao tuổi", "association"),
    ("hoi_khuyen_hoc", "Hội Khuyến học", "association"),
    ("ubnd", "Ủy ban nhân dân", "state"),
]


def seed(apps, schema_editor):
    area_kind = apps.get_model("orgunits", "AreaKind")
    organization_kind = apps.get_model("orgunits", "OrganizationKind")
    for order, (code, name, level) in enumerate(AREA_KINDS, start=1):
        area_kind.objects.update_or_create(code=code, defaults={"name": name, "level": level, "sort_order": order})
    for order, (code, name, category) in enumerate(ORGANIZATION_KINDS, start=1):
        organization_kind.objects.update_or_create(
            code=code, defaults={"name": name, "category": category, "sort_order": order}
        )


TRIGRAM_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS orgunits_area_search_trgm ON orgunits_area USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS orgunits_org_search_trgm ON orgunits_organization USING gin (search_text gin_trgm_ops)",
]


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in TRIGRAM_SQL:
        schema_editor.execute(statement)


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS orgunits_area_search_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS orgunits_org_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("orgunits", "0001_initial")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(add_trigram_indexes, drop_trigram_indexes),
    ]
