"""Workbooks, uploads and counts shared by the registry import tests."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from core.models import Job, ObjectChange
from initiatives.imports import sheets
from initiatives.models import Initiative, ResultValue, Transition

HEADER = [column.template_header for column in sheets.FIXED_COLUMNS]
ROAD = "Đường giao thông làm mới, nâng cấp (m)"
LAMPS = "Đèn chiếu sáng lắp đặt (bóng)"
MONEY = "Kinh phí vận động được (đồng)"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def data_row(world, name="Thắp sáng đường quê", results=(), **values) -> list:
    """Return a data row with sensible defaults: keyword arguments override cells, `results` follow
    the fixed columns."""
    row = {
        "index": 1,
        "name": name,
        "kind": "Mô hình",
        "subject": "Tập thể",
        "person_name": None,
        "organization": world.front_a.name,
        "area": None,
        "field": "Kinh tế",
        "year": 2025,
        "stage": None,
        "registered_on": "01/03/2025",  # in the row's year (an empty date is the import's date)
        "start_date": None,
        "goals": None,
        "method": None,
        "forces": None,
        "contact_name": None,
        "contact_phone": None,
    }
    row.update(values)
    return [*(row[column.key] for column in sheets.FIXED_COLUMNS), *results]


def workbook_bytes(rows=(), header=None, metrics=(), sheet=sheets.DATA_SHEET) -> bytes:
    """Return an .xlsx whose data sheet has the template's fixed headers, then `metrics` headers."""
    workbook = Workbook()
    data = workbook.active
    data.title = sheet
    data.append([*(header or HEADER), *metrics])
    for row in rows:
        data.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "dang-ky-2025.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def post_import(client, area, content, capture, name="dang-ky-2025.xlsx"):
    """Post the file to the import page for `area`, run the task on commit; return (response, job)."""
    with capture(execute=True):
        response = client.post(reverse("initiatives:import"), {"area": area.pk, "file": upload(content, name)})
    job = Job.objects.order_by("-pk").first()
    if job:
        job.refresh_from_db()
    return response, job


def job_errors(job) -> list[tuple]:
    return [(e["row"], e["letter"], e["message"]) for e in job.errors]


def table_counts() -> tuple[int, int, int, int]:
    return (
        Initiative.objects.count(),
        ResultValue.objects.count(),
        Transition.objects.count(),
        ObjectChange.objects.count(),
    )
