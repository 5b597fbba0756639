"""The consolidated report document in the Party's format (DOCX): content, then rendering."""

from reports.documents.content import DocumentContent, area_content, format_number, report_content
from reports.documents.render import render_docx

__all__ = ["DocumentContent", "area_content", "format_number", "render_docx", "report_content"]
