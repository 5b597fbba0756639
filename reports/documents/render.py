"""Write a `DocumentContent` as DOCX in the Party's format (HD 36-HD/VPTW, shared/domain.md §4).

Layout, top to bottom:
- a borderless two-column table: left, the body above (uppercase 14), the issuing body
  (uppercase 14 bold), "*", "Số …-BC/…" (14); right, "ĐẢNG CỘNG SẢN VIỆT NAM" (uppercase 15 bold,
  underlined) and the place and date (14 italic);
- "BÁO CÁO" (16 bold, centred), the summary line (14 bold, centred), a short rule;
- the sections in the form's order, numbered I, II...: figures as tables (12 pt, the body size
  less two), prose justified at the body size, the children's prose under their names;
- a borderless two-column table: "Nơi nhận:" and its list; the signature block: the authority
  line ("T/M KHỐI DÂN VẬN"), the signer's position as the report gives it (one line, or two when
  a deputy signs: "KT. TRƯỞNG KHỐI", "PHÓ TRƯỞNG KHỐI"), all 14 bold; "(Ký tên, đóng dấu)"; room
  to sign; the signer's name (14 bold), or a dotted line to write it by hand;
- page numbers centred at the top from page 2.
A4; the body font, its size and the margins come from `DocumentSettings`.

python-docx sets up the package (styles, page, header). The body is written as WordprocessingML
text and put into word/document.xml as text: python-docx's add_paragraph()/add_run() look for
their insertion point among all the body's children, so a province's document (8,000 paragraphs,
10,000 cells) took half a minute through them and takes half a second this way (bench/reports.py).
"""

import io
import re
import zipfile
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from reports.documents.content import DocumentContent, Section

HEADER_SIZE = 15  # "ĐẢNG CỘNG SẢN VIỆT NAM"
ISSUER_SIZE = 14  # the issuer block, the number, the place and date
TYPE_SIZE = 16  # "BÁO CÁO"
SUMMARY_SIZE = 14
RECIPIENTS_SIZE = 12
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
ISSUER_COLUMN_MM = 75
INDENT_TWIPS = 720  # 1,27 cm
TWIPS_PER_MM = 1440 / 25.4
CENTER, JUSTIFY, LEFT, RIGHT = "center", "both", "left", "right"
# Control characters XML 1.0 does not allow (a pasted text may carry them).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def run(text: str, size: float, *, bold=False, italic=False, underline=False) -> str:
    """Return a <w:r>; its properties in the schema's order (b, i, sz, u)."""
    props = (
        ("<w:b/>" if bold else "")
        + ("<w:i/>" if italic else "")
        + f'<w:sz w:val="{round(size * 2)}"/>'
        + ('<w:u w:val="single"/>' if underline else "")
    )
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(NOT_XML.sub("", text))}</w:t></w:r>'


def paragraph(runs: str = "", *, align=None, indent=False, before=0, after=0) -> str:
    """Return a <w:p>; spacing in points, its properties in the schema's order (spacing, ind, jc)."""
    props = ""
    if before or after:
        props += f'<w:spacing w:before="{before * 20}" w:after="{after * 20}"/>'
    if indent:
        props += f'<w:ind w:firstLine="{INDENT_TWIPS}"/>'
    if align:
        props += f'<w:jc w:val="{align}"/>'
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{runs}</w:p>"


def table(rows: list[list[str]], widths_mm: list[float], *, grid: bool, header: bool = False) -> str:
    """Return a <w:tbl> of fixed column widths; each cell is given as its paragraphs' XML.

    `grid`: the "Table Grid" style (borders); without it the table is borderless (the heading,
    the signature). `header`: the first row repeats on every page the table spans.
    """
    widths = [_twips(w) for w in widths_mm]
    style = '<w:tblStyle w:val="TableGrid"/>' if grid else ""
    align = '<w:jc w:val="center"/>' if grid else ""
    parts = [
        f'<w:tbl><w:tblPr>{style}<w:tblW w:w="{sum(widths)}" w:type="dxa"/>{align}'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
    ]
    for index, cells in enumerate(rows):
        parts.append("<w:tr>")
        if header and index == 0:
            parts.append('<w:trPr><w:tblHeader w:val="true"/></w:trPr>')
        for width, cell in zip(widths, cells, strict=True):
            parts.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{cell or paragraph()}</w:tc>')
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


class _Writer:
    def __init__(self, content: DocumentContent):
        self.content = content
        self.settings = content.settings
        self.body_size = self.settings.font_size
        self.table_size = max(self.body_size - 2, 11)
        self.document = Document()
        self.text_width_mm = PAGE_WIDTH_MM - self.settings.margin_left - self.settings.margin_right
        self.parts: list[str] = []

    #
    # Package: page, fonts, page numbers
    #

    def setup(self) -> None:
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        section.top_margin = Mm(self.settings.margin_top)
        section.bottom_margin = Mm(self.settings.margin_bottom)
        section.left_margin = Mm(self.settings.margin_left)
        section.right_margin = Mm(self.settings.margin_right)
        section.header_distance = section.footer_distance = Mm(10)
        font_name = self.settings.font_name
        normal = self.document.styles["Normal"]
        # The template's defaults name theme fonts (Calibri), which win over a plain font name in
        # Word: name the font on every script slot, in the defaults and in the Normal style.
        defaults = self.document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for rpr in (defaults, normal.element.get_or_add_rPr()):
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is None:
                fonts = OxmlElement("w:rFonts")
                rpr.insert(0, fonts)
            for attribute in list(fonts.attrib):
                fonts.attrib.pop(attribute)
            for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                fonts.set(qn(slot), font_name)
        normal.font.size = Pt(self.body_size)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.0
        # Vietnamese, for spelling and hyphenation in Word and LibreOffice.
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "vi-VN")
        normal.element.get_or_add_rPr().append(lang)

    def page_numbers(self) -> None:
        """Number the pages at the top centre, from page 2 (the first page has its own empty header)."""
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        size = f'<w:rPr><w:sz w:val="{ISSUER_SIZE * 2}"/></w:rPr>'
        field = (
            f'<w:r {nsdecls("w")}>{size}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r {nsdecls("w")}>{size}<w:instrText xml:space="preserve">PAGE</w:instrText></w:r>'
            f'<w:r {nsdecls("w")}>{size}<w:fldChar w:fldCharType="separate"/></w:r>'
            f"<w:r {nsdecls('w')}>{size}<w:t>2</w:t></w:r>"
            f'<w:r {nsdecls("w")}>{size}<w:fldChar w:fldCharType="end"/></w:r>'
        )
        for element in list(parse_xml(f"<w:p {nsdecls('w')}>{field}</w:p>")):
            header._p.append(element)

    #
    # Body
    #

    def text(self, value: str, size: float | None = None, *, align=None, indent=False, before=0, after=0, **style):
        self.parts.append(
            paragraph(
                run(value, size or self.body_size, **style) if value else "",
                align=align,
                indent=indent,
                before=before,
                after=after,
            )
        )

    def heading(self) -> None:
        content = self.content
        left = []
        if content.parent_body:
            left.append(paragraph(run(content.parent_body, ISSUER_SIZE), align=CENTER))
        left += [
            paragraph(run(content.issuer, ISSUER_SIZE, bold=True), align=CENTER),
            paragraph(run("*", ISSUER_SIZE), align=CENTER),
            paragraph(run(content.number_line, ISSUER_SIZE), align=CENTER),
        ]
        right = [
            paragraph(run(_("ĐẢNG CỘNG SẢN VIỆT NAM"), HEADER_SIZE, bold=True, underline=True), align=CENTER),
            paragraph(align=CENTER),
            paragraph(run(content.date_line, ISSUER_SIZE, italic=True), align=CENTER),
        ]
        widths = [ISSUER_COLUMN_MM, self.text_width_mm - ISSUER_COLUMN_MM]
        self.parts.append(table([["".join(left), "".join(right)]], widths, grid=False))

    def title(self) -> None:
        self.text(_("BÁO CÁO"), TYPE_SIZE, align=CENTER, before=18, bold=True)
        self.text(self.content.title, SUMMARY_SIZE, align=CENTER, bold=True)
        self.text("-----", SUMMARY_SIZE, align=CENTER, after=12)
        if self.content.rolled_up:
            note = _("Số liệu tổng hợp từ các báo cáo đã được duyệt, tính đến ngày %(date)s.") % {
                "date": formats.date_format(self.content.as_of, "d/m/Y")
            }
            self.text(note, self.table_size, align=CENTER, after=6, italic=True)

    def figures_table(self, headers, rows, widths_mm, *, numeric_from: int, centered=(), bold_last=False) -> None:
        """Add a bordered table; columns from `numeric_from` on are right-aligned figures, the
        `centered` ones (row number, unit of measure) centred, the others left-aligned."""
        scale = self.text_width_mm / sum(widths_mm)
        size, last = self.table_size, len(rows)
        cells = [[paragraph(run(h, size, bold=True), align=CENTER) for h in headers]]
        for index, values in enumerate(rows, start=1):
            bold = bold_last and index == last
            row = []
            for column, value in enumerate(values):
                if column in centered:
                    align = CENTER
                else:
                    align = RIGHT if column >= numeric_from else LEFT
                row.append(paragraph(run(value, size, bold=bold), align=align))
            cells.append(row)
        self.parts.append(table(cells, [w * scale for w in widths_mm], grid=True, header=True))
        self.text("", after=6)

    def section(self, section: Section) -> None:
        self.text(f"{section.number}. {section.title}", align=JUSTIFY, indent=True, after=6, bold=True)
        if section.rows:
            rows = [[str(n), row.label, row.unit, row.value] for n, row in enumerate(section.rows, start=1)]
            headers = [_("TT"), _("Chỉ số"), _("Đơn vị tính"), _("Số liệu")]
            self.figures_table(headers, rows, [12, 93, 28, 32], numeric_from=3, centered=(0, 2))
        for child_table in section.child_tables:
            self.text(_("Chi tiết theo đơn vị cấp dưới:"), align=JUSTIFY, indent=True, italic=True)
            rows = [[name, *values] for name, values in child_table.rows]
            rows.append([_("Cộng"), *child_table.total])
            name_width = 50
            other = (self.text_width_mm - name_width) / max(len(child_table.headers), 1)
            widths = [name_width] + [other] * len(child_table.headers)
            self.figures_table([_("Đơn vị"), *child_table.headers], rows, widths, numeric_from=1, bold_last=True)
        if section.kind == "prose":
            lines = [line.strip() for line in section.text.splitlines() if line.strip()] or [""]
            for line in lines:
                self.text(line, align=JUSTIFY, indent=True, after=6)
        if section.child_texts:
            self.text(
                _("Tổng hợp từ báo cáo của đơn vị cấp dưới (bản nháp để biên tập):"),
                align=JUSTIFY,
                indent=True,
                after=6,
                italic=True,
            )
            size = self.body_size
            for child in section.child_texts:
                lines = [line.strip() for line in child.text.splitlines() if line.strip()] or [""]
                first = run(f"- {child.unit}: ", size, bold=True, italic=True) + run(lines[0], size)
                self.parts.append(paragraph(first, align=JUSTIFY, indent=True, after=6))
                for line in lines[1:]:
                    self.text(line, align=JUSTIFY, indent=True, after=6)

    def closing(self) -> None:
        content = self.content
        left = [paragraph(run(_("Nơi nhận:"), ISSUER_SIZE, underline=True), align=LEFT)]
        left += [paragraph(run(recipient, RECIPIENTS_SIZE), align=LEFT) for recipient in content.recipients]
        right = [
            paragraph(run(content.signer_position or "." * 30, ISSUER_SIZE, bold=True), align=CENTER),
            *[paragraph(run(line, ISSUER_SIZE, bold=True), align=CENTER) for line in content.signer_title_lines],
            paragraph(run(_("(Ký tên, đóng dấu)"), ISSUER_SIZE, italic=True), align=CENTER),
            *[paragraph(align=CENTER)] * 3,
            paragraph(run(content.signer_name or "." * 30, ISSUER_SIZE, bold=True), align=CENTER),
        ]
        half = self.text_width_mm / 2
        self.parts.append(table([["".join(left), "".join(right)]], [half, half], grid=False))

    def write(self) -> bytes:
        self.setup()
        self.page_numbers()
        self.heading()
        self.title()
        for section in self.content.sections:
            self.section(section)
        self.text("")
        self.closing()
        buffer = io.BytesIO()
        self.document.save(buffer)
        return _insert_body(buffer.getvalue(), "".join(self.parts))


def _insert_body(package: bytes, body: str) -> bytes:
    """Return the DOCX `package` with `body` (WordprocessingML text) before its section properties.

    Text into text: the body is never parsed, so a province's 5 MB of XML costs no parse and no
    move between lxml documents (together 0,8 s of the 1,3 s this took when parsed and moved).
    """
    source = zipfile.ZipFile(io.BytesIO(package))
    result = io.BytesIO()
    with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                end = text.rindex("<w:sectPr")  # the body's own, its last child
                data = (text[:end] + body + text[end:]).encode("utf-8")
            target.writestr(info, data)
    return result.getvalue()


def render_docx(content: DocumentContent) -> bytes:
    """Return the document as DOCX bytes."""
    return _Writer(content).write()
