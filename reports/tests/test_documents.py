"""The report document (DOCX, Party format): parts, fonts, figures, gathered prose, scoping,
layout settings, and the conversion to PDF by LibreOffice with every Vietnamese letter intact."""

import datetime
import io
import os
import shutil
import subprocess
import uuid
from decimal import Decimal

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from reports import documents, services
from reports.documents.content import abbreviation, date_line, summary_line
from reports.models import DocumentSettings, ReportForm
from tests.factories.accounts import user_with_role
from tests.factories.orgunits import commune, organization

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SAMPLE = "Nguyễn Thị Ánh Tuyết vận động ưởng ợ ẵ ỹ đ."


#
# Helpers
#


def _report(setup, world, org, user, *, text="", number="", signer=("", ""), approve=True, **numbers):
    report = services.open_report(setup.form, setup.period, org, user=user)
    values = {getattr(setup, name).pk: value for name, value in numbers.items()}
    services.save_report(
        report,
        user=user,
        version=report.version,
        values=values,
        texts={setup.results.pk: text} if text else None,
        document_number=number or None,
        signer_title=signer[0],
        signer_name=signer[1],
    )
    if approve:
        services.submit(report, user=user)
        report = services.approve(report, user=user_with_role(f"duyet_{report.pk}", "approver", world.province))
    report.refresh_from_db()
    return report


@pytest.fixture
def titled(setup):
    setup.form.title = "Báo cáo kết quả công tác dân vận"
    setup.form.save()
    return setup


@pytest.fixture
def province_front(world):
    return organization(world.province, "mttq", name="Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thử Nghiệm")


@pytest.fixture
def consolidated(titled, world, province_front):
    """Two communes' approved reports and the province Front's consolidated draft."""
    _report(
        titled, world, world.front_a, world.editor_a, text=SAMPLE + "\nDòng thứ hai.", received="1200", resolved="900"
    )
    _report(
        titled, world, world.front_b, world.editor_b, text="Xã Thạnh An đối thoại 2 cuộc.", received="34", resolved="12"
    )
    return _report(titled, world, province_front, world.province_editor, text="Kết quả chung của tỉnh.", approve=False)


def _download(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert (response.status_code, response["Content-Type"]) == (200, DOCX_TYPE)
    return docx.Document(io.BytesIO(response.content)), response


def _blocks(document):
    """Return the body's paragraphs and tables in order, as ("p", paragraph) / ("t", table)."""
    result = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            result.append(("p", docx.text.paragraph.Paragraph(element, document)))
        elif element.tag == qn("w:tbl"):
            result.append(("t", docx.table.Table(element, document)))
    return result


def _texts(blocks):
    return [block.text for kind, block in blocks if kind == "p" and block.text]


def _run(paragraph, index=0):
    return paragraph.runs[index]


def _cell_paragraphs(cell):
    return [p for p in cell.paragraphs if p.text]


def _rows(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


#
# The parts of the format
#


def test_report_document_has_the_party_parts_in_order_with_their_type(client, titled, world, province_front):
    report = _report(
        titled,
        world,
        world.front_a,
        world.editor_a,
        text=SAMPLE,
        number="07-BC/MTTQ",
        signer=("Chủ tịch", "Nguyễn Văn Ký"),
        received="1234",
        resolved="1000",
    )

    document, response = _download(client, world.viewer_a, reverse("reports:report_document", args=[report.pk]))

    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-uy-ban-mat-tran-to-quoc-viet-nam-xa-long-dien-2025Q2.docx"'
    )
    blocks = _blocks(document)
    kinds = [kind for kind, _block in blocks]
    assert kinds[0] == "t"
    left, right = blocks[0][1].rows[0].cells
    parent, issuer, star, number = _cell_paragraphs(left)
    assert [p.text for p in (parent, issuer, star, number)] == [
        "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM TỈNH THỬ NGHIỆM",
        "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM XÃ LONG ĐIỀN",
        "*",
        "Số 07-BC/MTTQ",
    ]
    assert [(_run(p).font.size, _run(p).font.bold) for p in (parent, issuer, number)] == [
        (Pt(14), None),
        (Pt(14), True),
        (Pt(14), None),
    ]
    header, date = _cell_paragraphs(right)
    assert (header.text, _run(header).font.size, _run(header).font.bold, _run(header).font.underline) == (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        Pt(15),
        True,
        True,
    )
    submitted = report.submitted_at.astimezone(datetime.timezone(datetime.timedelta(hours=7))).date()
    assert (date.text, _run(date).font.size, _run(date).font.italic) == (
        date_line("Long Điền", submitted),
        Pt(14),
        True,
    )
    paragraphs = [block for kind, block in blocks if kind == "p" and block.text]
    doc_type, summary, rule = paragraphs[:3]
    assert (doc_type.text, _run(doc_type).font.size, _run(doc_type).font.bold, doc_type.alignment) == (
        "BÁO CÁO",
        Pt(16),
        True,
        WD_ALIGN_PARAGRAPH.CENTER,
    )
    assert (summary.text, _run(summary).font.size, _run(summary).font.bold, summary.alignment) == (
        "Kết quả công tác dân vận quý II/2025",
        Pt(14),
        True,
        WD_ALIGN_PARAGRAPH.CENTER,
    )
    assert rule.text == "-----"
    assert _texts(blocks)[3:] == ["I. Số liệu", "II. Kết quả", SAMPLE]
    body = paragraphs[-1]
    assert (body.alignment, body.runs[0].font.size, body.runs[0].font.bold) == (
        WD_ALIGN_PARAGRAPH.JUSTIFY,
        Pt(14),
        None,
    )
    assert kinds[-1] == "t"
    recipients_cell, signature_cell = blocks[-1][1].rows[0].cells
    assert [p.text for p in _cell_paragraphs(recipients_cell)] == [
        "Nơi nhận:",
        "- Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thử Nghiệm,",
        "- Lưu Văn phòng.",
    ]
    signature = _cell_paragraphs(signature_cell)
    assert [p.text for p in signature] == [
        "T/M ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM",
        "CHỦ TỊCH",
        "(Ký tên, đóng dấu)",
        "Nguyễn Văn Ký",
    ]
    assert [(_run(p).font.bold, _run(p).font.italic) for p in signature] == [
        (True, None),
        (True, None),
        (None, True),
        (True, None),
    ]


def test_report_document_numbers_sections_once_when_titles_carry_a_typed_number(client, titled, world):
    # Cadres type "I. ..." into titles; the document numbers the sections in their current order.
    titled.form.sections.filter(pk=titled.results.pk).update(title="I. Kết quả đạt được")
    titled.form.sections.exclude(pk=titled.results.pk).update(title="2) Số liệu")
    report = _report(titled, world, world.front_a, world.editor_a, text=SAMPLE, received="1", resolved="1")

    document, _response = _download(client, world.viewer_a, reverse("reports:report_document", args=[report.pk]))

    assert _texts(_blocks(document))[3:5] == ["I. Số liệu", "II. Kết quả đạt được"]


def test_report_document_is_a4_in_the_configured_font_with_page_numbers_from_page_two(client, titled, world):
    report = _report(titled, world, world.front_a, world.editor_a, received="5", approve=False)

    document, _response = _download(client, world.editor_a, reverse("reports:report_document", args=[report.pk]))

    section = document.sections[0]
    assert [round(length.mm) for length in (section.page_width, section.page_height)] == [210, 297]
    assert [
        round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ] == [
        20,
        20,
        30,
        15,
    ]
    normal = document.styles["Normal"]
    fonts = normal.element.rPr.rFonts
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(14))
    assert [fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")] == ["Times New Roman"] * 4
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert dict(defaults.find(qn("w:rFonts")).attrib) == {
        qn(f"w:{slot}"): "Times New Roman" for slot in ("ascii", "hAnsi", "eastAsia", "cs")
    }
    assert section.different_first_page_header_footer is True
    assert section.first_page_header.paragraphs[0].text == ""
    header = section.header.paragraphs[0]
    assert [node.text for node in header._p.iter(qn("w:instrText"))] == ["PAGE"]
    assert header.alignment == WD_ALIGN_PARAGRAPH.CENTER
    # A draft has no number yet: the number is left blank for hand-filling.
    number = _cell_paragraphs(_blocks(document)[0][1].rows[0].cells[0])[-1]
    assert number.text == "Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/UBMTTQVN"


def test_unit_figures_are_its_own_with_the_rate_computed_and_vietnamese_numbers(client, titled, world):
    report = _report(titled, world, world.front_a, world.editor_a, received="1234", resolved="1000", approve=False)

    document, _response = _download(client, world.editor_a, reverse("reports:report_document", args=[report.pk]))

    tables = [block for kind, block in _blocks(document) if kind == "t"]
    assert _rows(tables[1]) == [
        ["TT", "Chỉ số", "Đơn vị tính", "Số liệu"],
        ["1", "Kiến nghị tiếp nhận", "vụ", "1.234"],
        ["2", "Kiến nghị đã giải quyết", "vụ", "1.000"],
        ["3", "Tỷ lệ giải quyết", "%", "81,04"],
        ["4", "Mô hình đăng ký", "mô hình", "0"],
        ["5", "Hội viên", "người", "–"],
    ]
    assert len(tables) == 3  # heading, figures, signature: a unit without children has no children table
    value = tables[1].rows[1].cells[3].paragraphs[0]
    assert (value.alignment, value.runs[0].font.size) == (WD_ALIGN_PARAGRAPH.RIGHT, Pt(12))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234567"), "1.234.567"),
        (Decimal("12.50"), "12,5"),
        (Decimal("0.005"), "0,01"),
        (Decimal("1000.25"), "1.000,25"),
        (Decimal("-3"), "-3"),
        (0, "0"),
    ],
)
def test_format_number_writes_vietnamese_numbers(value, expected):
    assert documents.format_number(value) == expected


def test_consolidated_document_rolls_up_children_and_gathers_their_prose(client, consolidated, world):
    document, _response = _download(
        client, world.province_editor, reverse("reports:report_document", args=[consolidated.pk])
    )

    blocks = _blocks(document)
    tables = [block for kind, block in blocks if kind == "t"]
    assert _rows(tables[1])[1:4] == [
        ["1", "Kiến nghị tiếp nhận", "vụ", "1.234"],
        ["2", "Kiến nghị đã giải quyết", "vụ", "912"],
        ["3", "Tỷ lệ giải quyết", "%", "73,91"],
    ]
    assert _rows(tables[2]) == [
        [
            "Đơn vị",
            "Kiến nghị tiếp nhận (vụ)",
            "Kiến nghị đã giải quyết (vụ)",
            "Tỷ lệ giải quyết (%)",
            "Mô hình đăng ký (mô hình)",
            "Hội viên (người)",
        ],
        ["Xã Long Điền", "1.200", "900", "75", "0", "–"],
        ["Xã Thạnh An", "34", "12", "35,29", "0", "–"],
        ["Cộng", "1.234", "912", "73,91", "0", "–"],
    ]
    assert [run.font.bold for run in tables[2].rows[-1].cells[1].paragraphs[0].runs] == [True]
    texts = _texts(blocks)
    start = texts.index("II. Kết quả")
    assert texts[start:] == [
        "II. Kết quả",
        "Kết quả chung của tỉnh.",
        "Tổng hợp từ báo cáo của đơn vị cấp dưới (bản nháp để biên tập):",
        "- Ủy ban Mặt trận Tổ quốc Việt Nam Xã Long Điền: " + SAMPLE,
        "Dòng thứ hai.",
        "- Ủy ban Mặt trận Tổ quốc Việt Nam Xã Thạnh An: Xã Thạnh An đối thoại 2 cuộc.",
    ]
    gathered = next(block for kind, block in blocks if kind == "p" and block.text.startswith("- Ủy ban"))
    assert [(run.text, run.font.bold, run.font.italic) for run in gathered.runs] == [
        ("- Ủy ban Mặt trận Tổ quốc Việt Nam Xã Long Điền: ", True, True),
        (SAMPLE, None, None),
    ]
    assert "Số liệu tổng hợp từ các báo cáo đã được duyệt" in texts[3]


def test_children_drafts_and_units_outside_the_users_scope_are_not_gathered(client, titled, world, province_front):
    _report(titled, world, world.front_a, world.editor_a, text="Đã duyệt.", received="10")
    _report(titled, world, world.front_b, world.editor_b, text="Còn đang soạn.", received="20", approve=False)
    province_report = _report(titled, world, province_front, world.province_editor, approve=False)
    # A viewer of the province Front itself, not of the communes' units.
    front_viewer = user_with_role("xem_mttq_tinh", "viewer", province_front)

    full, _response = _download(
        client, world.province_editor, reverse("reports:report_document", args=[province_report.pk])
    )
    narrow, _response = _download(client, front_viewer, reverse("reports:report_document", args=[province_report.pk]))

    assert [t for t in _texts(_blocks(full)) if t.startswith("- Ủy ban")] == [
        "- Ủy ban Mặt trận Tổ quốc Việt Nam Xã Long Điền: Đã duyệt."
    ]
    assert [t for t in _texts(_blocks(narrow)) if t.startswith("- Ủy ban") or "cấp dưới" in t] == []
    narrow_tables = [block for kind, block in _blocks(narrow) if kind == "t"]
    # The unit's own roll-up is shown; the breakdown by commune is not.
    assert (len(narrow_tables), _rows(narrow_tables[1])[1]) == (3, ["1", "Kiến nghị tiếp nhận", "vụ", "10"])


def test_document_queries_do_not_grow_with_the_children(titled, world, province_front):
    _report(titled, world, world.front_a, world.editor_a, text="A.", received="10")
    _report(titled, world, world.front_b, world.editor_b, text="B.", received="20")
    report = _report(titled, world, province_front, world.province_editor, approve=False)
    user = world.province_editor

    def count():
        with CaptureQueriesContext(connection) as queries:
            documents.report_content(report, user=user)
        return len(queries)

    count()  # the user's scope is computed once, then cached on the user
    before = count()
    third = commune(world.province, "Xã Thứ Ba", code="91003")
    _report(
        titled, world, organization(third, "mttq"), user_with_role("xa_c", "editor", third), text="C.", received="1"
    )

    assert count() == before


#
# Download URLs and scoping
#


def test_report_document_is_404_outside_scope_and_asks_anonymous_to_log_in(client, titled, world):
    report = _report(titled, world, world.front_a, world.editor_a, received="5", approve=False)
    url = reverse("reports:report_document", args=[report.pk])

    anonymous = client.get(url)
    client.force_login(world.editor_b)
    outside = client.get(url)

    assert (anonymous.status_code, anonymous.url.startswith(reverse("login"))) == (302, True)
    assert outside.status_code == 404


def test_area_document_rolls_up_the_area_for_the_period(client, titled, world):
    _report(titled, world, world.front_a, world.editor_a, text=SAMPLE, received="7", resolved="7")
    _report(titled, world, world.front_b, world.editor_b, received="3", resolved="1")
    url = reverse("reports:area_document") + f"?form={titled.form.pk}&period=2025Q2&area={world.province.pk}"

    document, response = _download(client, world.province_editor, url)

    blocks = _blocks(document)
    left = _cell_paragraphs(blocks[0][1].rows[0].cells[0])
    assert [p.text for p in left] == ["TỈNH THỬ NGHIỆM", "*", "Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/TTN"]
    tables = [block for kind, block in blocks if kind == "t"]
    assert _rows(tables[2])[1:] == [
        ["Xã Long Điền", "7", "7", "100", "0", "–"],
        ["Xã Thạnh An", "3", "1", "33,33", "0", "–"],
        ["Cộng", "10", "8", "80", "0", "–"],
    ]
    assert "- Ủy ban Mặt trận Tổ quốc Việt Nam Xã Long Điền: " + SAMPLE in _texts(blocks)
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-tinh-thu-nghiem-2025Q2.docx"'


def test_area_document_of_a_year_sums_the_quarters(client, titled, world):
    _report(titled, world, world.front_a, world.editor_a, received="7")
    titled.period = titled.period.__class__.objects.for_code("2025Q3")
    _report(titled, world, world.front_a, world.editor_a, received="5")
    url = reverse("reports:area_document") + f"?form={titled.form.pk}&period=2025&area={world.commune_a.pk}"

    document, _response = _download(client, world.editor_a, url)

    tables = [block for kind, block in _blocks(document) if kind == "t"]
    assert _rows(tables[1])[1] == ["1", "Kiến nghị tiếp nhận", "vụ", "12"]
    assert "Kết quả công tác dân vận năm 2025" in _texts(_blocks(document))


def test_area_document_of_a_commune_is_issued_by_its_reporting_organization(client, titled, world, province_front):
    report = _report(titled, world, world.front_a, world.editor_a, text=SAMPLE, number="12", received="4")
    url = reverse("reports:area_document") + f"?form={titled.form.pk}&period=2025Q2&area={world.commune_a.pk}"

    document, _response = _download(client, world.editor_a, url)

    left = _cell_paragraphs(_blocks(document)[0][1].rows[0].cells[0])
    assert [p.text for p in left] == [
        "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM TỈNH THỬ NGHIỆM",
        "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM XÃ LONG ĐIỀN",
        "*",
        "Số 12-BC/UBMTTQVN",
    ]
    assert SAMPLE in _texts(_blocks(document))
    assert report.number == "12"


def test_area_document_is_404_for_an_area_outside_scope(client, titled, world):
    client.force_login(world.editor_a)
    base = reverse("reports:area_document") + f"?form={titled.form.pk}&period=2025Q2&area="

    assert [client.get(base + str(area.pk)).status_code for area in (world.province, world.commune_b)] == [404, 404]
    assert client.get(base + "abc").status_code == 404


def test_area_document_page_shows_the_form_and_its_errors(client, titled, world):
    client.force_login(world.editor_a)

    empty = client.get(reverse("reports:area_document"))
    month = client.get(
        reverse("reports:area_document") + f"?form={titled.form.pk}&period=202505&area={world.commune_a.pk}"
    )
    wrong = client.get(
        reverse("reports:area_document") + f"?form={titled.form.pk}&period=2025Q9&area={world.commune_a.pk}"
    )

    assert (empty.status_code, empty["Content-Type"].startswith("text/html"), empty.context["form"].is_bound) == (
        200,
        True,
        False,
    )
    assert month.context["form"].errors == {"period": ["Biểu mẫu này báo cáo theo quý: chọn kỳ quý hoặc dài hơn."]}
    assert list(wrong.context["form"].errors) == ["period"]


#
# Words and layout settings
#


def test_date_line_pads_days_below_ten_and_the_first_two_months():
    assert [date_line("Long Điền", day) for day in (datetime.date(2025, 2, 5), datetime.date(2025, 11, 23))] == [
        "Long Điền, ngày 05 tháng 02 năm 2025",
        "Long Điền, ngày 23 tháng 11 năm 2025",
    ]


def test_abbreviation_keeps_capitals_and_drops_diacritics_except_d():
    assert [abbreviation(name) for name in ("Hội Nông dân", "Ủy ban MTTQ Việt Nam", "Đảng ủy", "Khối dân vận")] == [
        "HND",
        "UBMTTQVN",
        "ĐU",
        "KDV",
    ]


def test_summary_line_drops_the_document_type_and_names_the_period(setup):
    form = ReportForm(name="Báo cáo tháng", title="Báo cáo kết quả công tác dân vận.")

    assert summary_line(form, setup.period) == "Kết quả công tác dân vận quý II/2025"


def test_document_settings_of_the_nearest_area_above_apply(client, titled, world):
    DocumentSettings.objects.create(margin_top=22)
    DocumentSettings.objects.create(
        area=world.province, font_name="Liberation Serif", font_size=13, margin_top=25, margin_bottom=25, margin_left=35
    )
    DocumentSettings.objects.create(area=world.commune_b, font_size=15, archive_note="Lưu VT")
    report = _report(titled, world, world.front_a, world.editor_a, received="5", approve=False)

    document, _response = _download(client, world.editor_a, reverse("reports:report_document", args=[report.pk]))

    section = document.sections[0]
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Liberation Serif", Pt(13))
    assert [
        round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ] == [
        25,
        25,
        35,
        15,
    ]
    assert DocumentSettings.objects.for_area(world.commune_b).archive_note == "Lưu VT"
    assert DocumentSettings.objects.for_area(world.other_province).margin_top == 22


def test_document_settings_default_without_rows(world):
    settings = DocumentSettings.objects.for_area(world.commune_a)

    assert (settings.pk, settings.font_name, settings.font_size, settings.margin_left) == (
        None,
        "Times New Roman",
        14,
        30,
    )


def test_document_settings_pages_are_for_system_administrators(client, world):
    client.force_login(world.province_editor)
    refused = client.get(reverse("reports:documentsettings_list"))
    client.force_login(world.admin)

    created = client.post(
        reverse("reports:documentsettings_add"),
        {
            "area": world.province.pk,
            "font_name": "Times New Roman",
            "font_size": "15",
            "margin_top": "25",
            "margin_bottom": "25",
            "margin_left": "35",
            "margin_right": "15",
            "archive_note": "Lưu Văn phòng",
        },
    )
    duplicate = client.post(
        reverse("reports:documentsettings_add"),
        {
            "area": world.province.pk,
            "font_name": "Arial",
            "font_size": "14",
            "margin_top": "20",
            "margin_bottom": "20",
            "margin_left": "30",
            "margin_right": "15",
            "archive_note": "Lưu",
        },
    )
    listed = client.get(reverse("reports:documentsettings_list"))

    assert refused.status_code == 403
    assert (created.status_code, created.url) == (302, reverse("reports:documentsettings_list"))
    assert list(DocumentSettings.objects.values_list("area_id", "font_size", "margin_left")) == [
        (world.province.pk, 15, 35)
    ]
    assert duplicate.status_code == 200
    assert list(duplicate.context["form"].errors) == ["area"]
    assert [row.record.area_id for row in listed.context["table"].rows] == [world.province.pk]


def test_document_settings_have_one_national_row(client, world):
    DocumentSettings.objects.create()
    client.force_login(world.admin)
    data = {
        "font_name": "Times New Roman",
        "font_size": "14",
        "margin_top": "20",
        "margin_bottom": "20",
        "margin_left": "30",
        "margin_right": "15",
        "archive_note": "Lưu Văn phòng",
    }

    response = client.post(reverse("reports:documentsettings_add"), data)

    assert response.context["form"].errors == {"__all__": ["Đã có thiết lập mặc định cho toàn hệ thống."]}
    assert DocumentSettings.objects.count() == 1


#
# LibreOffice: the document opens and converts to PDF with every diacritic
#


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (scripts/test.sh installs libreoffice-writer-nogui and poppler-utils)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def test_document_converts_to_pdf_in_libreoffice_with_every_vietnamese_letter(client, consolidated, world, tmp_path):
    soffice, pdftotext, pdffonts = _tool("soffice"), _tool("pdftotext"), _tool("pdffonts")
    client.force_login(world.province_editor)
    response = client.get(reverse("reports:report_document", args=[consolidated.pk]))
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(response.content)
    profile = tmp_path / f"lo-{uuid.uuid4().hex}"

    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = subprocess.run([pdftotext, str(tmp_path / "bao-cao.pdf"), "-"], check=True, capture_output=True).stdout
    fonts = subprocess.run([pdffonts, str(tmp_path / "bao-cao.pdf")], check=True, capture_output=True).stdout

    words = " ".join(text.decode().split())
    for sample in ("ĐẢNG CỘNG SẢN VIỆT NAM", "Nguyễn Thị Ánh Tuyết", "ưởng ợ ẵ ỹ đ", "Tỷ lệ giải quyết", "73,91"):
        assert sample in words
    # Times New Roman is served by a metric-compatible font that has every Vietnamese letter
    # (fonts-liberation2 or fonts-croscore): no glyph falls back to another family.
    families = {line.split()[0].split("+")[-1].split("-")[0] for line in fonts.decode().splitlines()[2:] if line}
    assert len(families) == 1
    assert families <= {"LiberationSerif", "Tinos", "TimesNewRoman", "TimesNewRomanPSMT"}
