"""Write a `DocumentContent` as DOCX in the Party's format (HD 36-HD/VPTW, shared/domain.md §4).

Layout, top to bottom:
- a borderless two-column table: left, the body above (uppercase 14), the issuing body
  (uppercase 14 bold), "*", "Số …-BC/…" (14); right, "ĐẢNG CỘNG SẢN VIỆT NAM" (uppercase 15 bold,
  underlined) and the place and date (14 italic);
- "BÁO CÁO" (16 bold, centred), the summary line (14 bold, centred), a short rule;
- the sections in the form's order, numbered I, II...: figures as tables (12 pt, the body size
  less two), prose justified at the body size, the children's prose under their names;
- a borderless two-column table: "Nơi nhận:" and its list; the signature block;
- page numbers centred at the top from page 2.
A4; the body font, its size and the margins come from `DocumentSettings`.
"""

import io

from django.utils import formats
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from reports.documents.content import DocumentContent, Section

HEADER_SIZE = 15  # "ĐẢNG CỘNG SẢN VIỆT NAM"
ISSUER_SIZE = 14  # the issuer block, the number, the place and date
TYPE_SIZE = 16  # "BÁO CÁO"
SUMMARY_SIZE = 14
RECIPIENTS_SIZE = 12
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
ISSUER_COLUMN_MM = 75
INDENT = Cm(1.27)
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT


class _Writer:
    def __init__(self, content: DocumentContent):
        self.content = content
        self.settings = content.settings
        self.body_size = self.settings.font_size
        self.table_size = max(self.body_size - 2, 11)
        self.document = Document()
        self.text_width_mm = PAGE_WIDTH_MM - self.settings.margin_left - self.settings.margin_right

    #
    # Page, fonts, paragraphs
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
        # The template's defaults name theme fonts (Calibri), which win over a plain font name in
        # Word: name the font on every script slot, in the defaults and in the Normal style.
        defaults = self.document.styles.element.find(qn("w:docDefaults"))
        for rpr in [
            defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")),
            self.document.styles["Normal"].element.get_or_add_rPr(),
        ]:
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is None:
                fonts = OxmlElement("w:rFonts")
                rpr.insert(0, fonts)
            for attribute in list(fonts.attrib):
                fonts.attrib.pop(attribute)
            for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                fonts.set(qn(slot), font_name)
        normal = self.document.styles["Normal"]
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
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = CENTER
        for kind, text in (("begin", None), ("instr", "PAGE"), ("separate", None), ("text", "2"), ("end", None)):
            run = paragraph.add_run()
            run.font.size = Pt(ISSUER_SIZE)
            if kind == "text":
                run.text = text
            elif kind == "instr":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._r.append(instr)
            else:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._r.append(char)

    @staticmethod
    def line(paragraph, text: str, size: float, *, bold=False, italic=False, underline=False):
        run = paragraph.add_run(text)
        font = run.font
        font.size = Pt(size)
        if bold:
            font.bold = True
        if italic:
            font.italic = True
        if underline:
            font.underline = True
        return run

    def paragraph(
        self, container, text: str = "", size: float | None = None, *, align=None, indent=False, after=0, **style
    ):
        paragraph = container.add_paragraph()
        fmt = paragraph.paragraph_format
        if align is not None:
            paragraph.alignment = align
        if indent:
            fmt.first_line_indent = INDENT
        if after:
            fmt.space_after = Pt(after)
        if text:
            self.line(paragraph, text, size or self.body_size, **style)
        return paragraph

    @staticmethod
    def first_paragraph(cell, align):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = align
        return paragraph

    #
    # Parts
    #

    def heading(self) -> None:
        content = self.content
        table = self.document.add_table(rows=1, cols=2)
        table.autofit = False
        widths = [Mm(ISSUER_COLUMN_MM), Mm(self.text_width_mm - ISSUER_COLUMN_MM)]
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        left, right = table.rows[0].cells
        left.width, right.width = widths
        first = self.first_paragraph(left, CENTER)
        if content.parent_body:
            self.line(first, content.parent_body, ISSUER_SIZE)
            issuer = self.paragraph(left, align=CENTER)
        else:
            issuer = first
        self.line(issuer, content.issuer, ISSUER_SIZE, bold=True)
        self.paragraph(left, "*", ISSUER_SIZE, align=CENTER)
        self.paragraph(left, content.number_line, ISSUER_SIZE, align=CENTER)
        self.line(
            self.first_paragraph(right, CENTER), _("ĐẢNG CỘNG SẢN VIỆT NAM"), HEADER_SIZE, bold=True, underline=True
        )
        self.paragraph(right, align=CENTER)
        self.paragraph(right, content.date_line, ISSUER_SIZE, align=CENTER, italic=True)

    def title(self) -> None:
        document = self.document
        first = self.paragraph(document, _("BÁO CÁO"), TYPE_SIZE, align=CENTER, bold=True)
        first.paragraph_format.space_before = Pt(18)
        self.paragraph(document, self.content.title, SUMMARY_SIZE, align=CENTER, bold=True)
        self.paragraph(document, "-----", SUMMARY_SIZE, align=CENTER, after=12)
        if self.content.rolled_up:
            note = _("Số liệu tổng hợp từ các báo cáo đã được duyệt, tính đến ngày %(date)s.") % {
                "date": formats.date_format(self.content.as_of, "d/m/Y")
            }
            self.paragraph(document, note, self.table_size, align=CENTER, italic=True, after=6)

    def section(self, section: Section) -> None:
        document = self.document
        self.paragraph(document, f"{section.number}. {section.title}", align=JUSTIFY, indent=True, after=6, bold=True)
        if section.rows:
            rows = [[str(n), row.label, row.unit, row.value] for n, row in enumerate(section.rows, start=1)]
            headers = [_("TT"), _("Chỉ số"), _("Đơn vị tính"), _("Số liệu")]
            self.table(headers, rows, [12, 93, 28, 32], numeric_from=3, centered=(0, 2))
        for child_table in section.child_tables:
            self.paragraph(document, _("Chi tiết theo đơn vị cấp dưới:"), align=JUSTIFY, indent=True, italic=True)
            rows = [[name, *values] for name, values in child_table.rows]
            rows.append([_("Cộng"), *child_table.total])
            name_width = 50
            other = (self.text_width_mm - name_width) / max(len(child_table.headers), 1)
            widths = [name_width] + [other] * len(child_table.headers)
            self.table([_("Đơn vị"), *child_table.headers], rows, widths, numeric_from=1, bold_last=True)
        if section.kind == "prose":
            paragraphs = [line.strip() for line in section.text.splitlines() if line.strip()] or [""]
            for text in paragraphs:
                self.paragraph(document, text, align=JUSTIFY, indent=True, after=6)
        if section.child_texts:
            self.paragraph(
                document,
                _("Tổng hợp từ báo cáo của đơn vị cấp dưới (bản nháp để biên tập):"),
                align=JUSTIFY,
                indent=True,
                after=6,
                italic=True,
            )
            for child in section.child_texts:
                lines = [line.strip() for line in child.text.splitlines() if line.strip()]
                first = self.paragraph(document, align=JUSTIFY, indent=True, after=6)
                self.line(first, f"- {child.unit}: ", self.body_size, bold=True, italic=True)
                self.line(first, lines[0] if lines else "", self.body_size)
                for text in lines[1:]:
                    self.paragraph(document, text, align=JUSTIFY, indent=True, after=6)

    def table(self, headers, rows, widths_mm, *, numeric_from: int, centered=(), bold_last: bool = False) -> None:
        """Add a bordered table; columns from `numeric_from` on are right-aligned figures, the
        `centered` ones (row number, unit of measure) centred, the others left-aligned."""
        scale = self.text_width_mm / sum(widths_mm)
        widths = [Mm(w * scale) for w in widths_mm]
        table = self.document.add_table(rows=len(rows) + 1, cols=len(headers))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        size = self.table_size
        last = len(rows)
        for index, (row, values) in enumerate(zip(table.rows, [headers, *rows], strict=True)):
            header = index == 0
            bold = header or (bold_last and index == last)
            if header:
                # Repeat the header row on every page the table spans.
                repeat = OxmlElement("w:tblHeader")
                repeat.set(qn("w:val"), "true")
                row._tr.get_or_add_trPr().append(repeat)
            for column, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
                cell.width = widths[column]
                if header or column in centered:
                    align = CENTER
                else:
                    align = WD_ALIGN_PARAGRAPH.RIGHT if column >= numeric_from else LEFT
                self.line(self.first_paragraph(cell, align), value, size, bold=bold)
        self.paragraph(self.document, after=6)

    def closing(self) -> None:
        content = self.content
        table = self.document.add_table(rows=1, cols=2)
        table.autofit = False
        half = Mm(self.text_width_mm / 2)
        for column in table.columns:
            column.width = half
        left, right = table.rows[0].cells
        left.width = right.width = half
        self.line(self.first_paragraph(left, LEFT), _("Nơi nhận:"), ISSUER_SIZE, underline=True)
        for recipient in content.recipients:
            self.paragraph(left, recipient, RECIPIENTS_SIZE, align=LEFT)
        position = content.signer_position or "." * 30
        self.line(self.first_paragraph(right, CENTER), position, ISSUER_SIZE, bold=True)
        self.paragraph(right, _("(Ký tên, đóng dấu)"), ISSUER_SIZE, align=CENTER, italic=True)
        for _blank in range(3):
            self.paragraph(right, align=CENTER)
        self.paragraph(right, content.signer_name or "." * 30, ISSUER_SIZE, align=CENTER, bold=True)

    def write(self) -> bytes:
        self.setup()
        self.page_numbers()
        self.heading()
        self.title()
        for section in self.content.sections:
            self.section(section)
        self.paragraph(self.document)
        self.closing()
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def render_docx(content: DocumentContent) -> bytes:
    """Return the document as DOCX bytes."""
    return _Writer(content).write()
