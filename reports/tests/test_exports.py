"""Excel exports of the roll-up table and of completeness, read back with openpyxl."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from reports import queries, services
from reports.exports import CompletenessExport, RollupExport
from reports.models import Period, ReportForm
from tests.factories.accounts import user_with_role

pytestmark = pytest.mark.django_db


def _approved(setup, world, org, user, **numbers):
    report = services.open_report(setup.form, setup.period, org, user=user)
    values = {getattr(setup, name).pk: value for name, value in numbers.items()}
    services.save_report(report, user=user, version=report.version, values=values)
    services.submit(report, user=user)
    return services.approve(report, user=user_with_role(f"duyet_{report.pk}", "approver", world.province))


def _sheet(content: bytes):
    return load_workbook(BytesIO(content)).active


def test_rollup_export_has_title_rows_sections_and_units(setup, world):
    _approved(setup, world, world.front_a, world.editor_a, received="1.500", resolved="9", members="120")
    _approved(setup, world, world.front_b, world.editor_b, received="30", resolved="11")
    table = queries.rollup_table_for_user(world.province_editor, setup.form, setup.period, area=world.province)

    sheet = _sheet(RollupExport(table).render())

    assert [sheet.cell(row=row, column=1).value for row in range(1, 5)] == [
        "Tổng hợp số liệu: Báo cáo công tác dân vận quý",
        "Đơn vị: Tỉnh Thử Nghiệm",
        "Kỳ: Quý II/2025 (từ 01/04/2025 đến 30/06/2025)",
        "Số liệu của các báo cáo đã duyệt.",
    ]
    assert [cell.value for cell in sheet[7]] == ["Đơn vị", "Số liệu", None, None, None, None]
    assert [str(merged) for merged in sheet.merged_cells.ranges] == ["A7:A8", "B7:F7"]
    assert [cell.value for cell in sheet[8]][1:] == [
        "Kiến nghị tiếp nhận (vụ)",
        "Kiến nghị đã giải quyết (vụ)",
        "Tỷ lệ giải quyết (%)",
        "Mô hình đăng ký (mô hình)",
        "Hội viên (người)",
    ]
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=9)] == [
        ["Tỉnh Thử Nghiệm (tổng hợp)", 1530, 20, 1.31, 0, 120],
        ["Xã Long Điền", 1500, 9, 0.6, 0, 120],
        ["Xã Thạnh An", 30, 11, 36.67, 0, None],
    ]
    # As the pages write them: 1.530 · 1,31 · 0,6 (not 0,60) · 36,67.
    assert [sheet[cell].number_format for cell in ("B9", "D9", "D10", "D11")] == [
        "#,##0",
        "#,##0.00",
        "#,##0.0",
        "#,##0.00",
    ]
    assert sheet.freeze_panes == "B9"


def test_rollup_export_of_the_seeded_form_groups_five_sections(world):
    form = ReportForm.objects.get(code="bao_cao_dan_van_quy")
    table = queries.rollup_table_for_user(world.admin, form, Period.objects.for_code("2025"))

    sheet = _sheet(RollupExport(table).render())

    assert [sheet.cell(row=7, column=c).value for c in (2, 7, 13, 16, 18)] == [
        "I. Mô hình, điển hình “Dân vận khéo”",
        "II. Đối thoại, tiếp công dân",
        "III. Kiến nghị, phản ánh của nhân dân",
        "IV. Hội nghị, văn bản",
        "V. Tập hợp đoàn viên, hội viên",
    ]
    assert (sheet["A2"].value, sheet.max_column) == ("Đơn vị: Toàn bộ phạm vi phụ trách", 20)


def test_completeness_export_counts_and_rows(setup, world):
    _approved(setup, world, world.front_a, world.editor_a, received="1")
    result = queries.completeness_for_user(world.province_editor, setup.form, setup.period, area=world.province)

    sheet = _sheet(CompletenessExport(result, result.rows).render())

    assert [(sheet.cell(row=r, column=1).value, sheet.cell(row=r, column=2).value) for r in range(6, 13)] == [
        ("Số đơn vị phải nộp", 2),
        ("Đã nộp", 1),
        ("Nộp đúng hạn", 0),
        ("Nộp trễ hạn", 1),
        ("Chưa nộp", 1),
        ("Quá hạn, chưa nộp", 1),
        ("Đã duyệt", 1),
    ]
    rows = list(sheet.iter_rows(min_row=15, max_col=6, values_only=True))
    assert rows == [
        (1, world.front_a.name, "Xã Long Điền", "Ủy ban Mặt trận Tổ quốc Việt Nam", "Đã duyệt", "Nộp trễ hạn"),
        (
            2,
            world.front_b.name,
            "Xã Thạnh An",
            "Ủy ban Mặt trận Tổ quốc Việt Nam",
            "Chưa lập báo cáo",
            "Quá hạn, chưa nộp",
        ),
    ]
