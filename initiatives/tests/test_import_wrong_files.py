"""Excel import of a registration list: wrong files (wrong sheet, headers, too many rows, files
that cannot be read), refused by the upload form or reported by the job, with nothing written.

Workbooks are built in code with openpyxl (initiatives/tests/import_files.py); uploads go through
the page as in test_imports.py.
"""

import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import Job
from initiatives.imports import sheets
from initiatives.models import Initiative, ResultMetric, ResultValue
from initiatives.tests.import_files import (
    HEADER,
    LAMPS,
    MONEY,
    data_row,
    job_errors,
    media,  # noqa: F401 -- an autouse fixture
    post_import,
    table_counts,
    upload,
    workbook_bytes,
)

#
# Wrong files
#


def test_import_wrong_sheet_is_reported(world, login, django_capture_on_commit_callbacks):
    _, job = post_import(
        login(world.editor_a),
        world.commune_a,
        workbook_bytes(rows=[data_row(world)], sheet="Sheet1"),
        django_capture_on_commit_callbacks,
    )

    assert job_errors(job) == [
        (
            None,
            "",
            "Tệp thiếu trang tính “Danh_sach”. Hãy dùng tệp mẫu tải về từ trang nhập dữ liệu và giữ nguyên tên các "
            "trang tính.",
        )
    ]


def test_import_of_a_file_broken_inside_a_sheet_reports_it_unreadable(world, login, django_capture_on_commit_callbacks):
    """A sheet whose XML breaks off (a damaged download) opens, passes the upload check, then
    fails while its rows are read: the job says the file is unreadable and writes nothing."""
    content = workbook_bytes(rows=[data_row(world)] * 3)
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: data.index(b"</row>") + 6] + b"<row r="
            target.writestr(item, data)
    before = table_counts()

    _, job = post_import(login(world.editor_a), world.commune_a, damaged.getvalue(), django_capture_on_commit_callbacks)

    assert job.status == Job.Status.FAILED
    assert job_errors(job) == [
        (
            None,
            "",
            "Không đọc được tệp Excel (tệp hỏng, có mật khẩu hoặc không phải định dạng .xlsx). Hãy mở tệp bằng Excel, "
            "lưu lại dưới dạng “Excel Workbook (.xlsx)” rồi tải lên lại.",
        )
    ]
    assert table_counts() == before


def test_import_wrong_headers_are_reported(world, login, django_capture_on_commit_callbacks):
    header = list(HEADER)
    header[1], header[2] = header[2], header[1]
    ResultMetric.objects.filter(code="nguoi_tham_gia").update(is_active=False)
    metrics = [LAMPS, "Cây xanh trồng mới (cây)", LAMPS, "Người tham gia (người)"]
    before = table_counts()

    _, job = post_import(
        login(world.editor_a),
        world.commune_a,
        workbook_bytes(rows=[data_row(world)], header=header, metrics=metrics),
        django_capture_on_commit_callbacks,
    )

    assert table_counts() == before
    assert job_errors(job) == [
        (
            1,
            "B",
            "Tiêu đề cột phải là “Tên mô hình/điển hình*” (tệp có “Mô hình/Điển hình*”). Hãy dùng tệp mẫu mới nhất.",
        ),
        (
            1,
            "C",
            "Tiêu đề cột phải là “Mô hình/Điển hình*” (tệp có “Tên mô hình/điển hình*”). Hãy dùng tệp mẫu mới nhất.",
        ),
        (1, "S", "Cột “Cây xanh trồng mới (cây)” không có trong mẫu. Hãy dùng tệp mẫu mới nhất."),
        (1, "T", "Cột “Đèn chiếu sáng lắp đặt (bóng)” bị lặp (đã có ở cột số 18)."),
        (
            1,
            "U",
            "Loại kết quả “Người tham gia (người)” đã ngừng sử dụng: xóa cột này hoặc dùng tệp mẫu mới nhất.",
        ),
    ]


def test_import_result_columns_may_be_a_subset_in_any_order(world, login, django_capture_on_commit_callbacks):
    content = workbook_bytes(
        rows=[data_row(world, results=["5", "1.200"])], metrics=[MONEY, "đường giao thông làm mới, nâng cấp (m)"]
    )

    _, job = post_import(login(world.editor_a), world.commune_a, content, django_capture_on_commit_callbacks)

    assert job.status == Job.Status.SUCCEEDED
    assert sorted(ResultValue.objects.values_list("metric__code", "value")) == [
        ("duong_giao_thong", Decimal("1200")),
        ("kinh_phi_van_dong", Decimal("5")),
    ]


def test_import_too_many_rows_is_refused(world, login, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 3)
    rows = [data_row(world, name=f"Mô hình {n}") for n in range(4)]

    _, job = post_import(
        login(world.editor_a), world.commune_a, workbook_bytes(rows=rows), django_capture_on_commit_callbacks
    )

    assert (job_errors(job), Initiative.objects.count()) == (
        [(5, "", "Trang Danh_sach có quá 3 dòng dữ liệu; hãy chia thành nhiều tệp.")],
        0,
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "dang-ky.xls",
            b"\xd0\xcf\x11\xe0",
            "Chỉ nhận tệp Excel .xlsx. Nếu dữ liệu đang ở dạng .xls, .csv hoặc .ods, hãy mở bằng Excel và lưu lại "
            "dưới dạng “Excel Workbook (.xlsx)”.",
        ),
        ("dang-ky.xlsx", b"", "Tệp tải lên rỗng (0 byte). Hãy chọn lại tệp đã điền dữ liệu."),
        (
            "dang-ky.xlsx",
            b"PK\x03\x04 hong",
            "Không đọc được tệp Excel (tệp hỏng, có mật khẩu hoặc không phải định dạng .xlsx). Hãy mở tệp bằng Excel, "
            "lưu lại dưới dạng “Excel Workbook (.xlsx)” rồi tải lên lại.",
        ),
    ],
)
def test_upload_bad_file_is_refused_by_the_form(world, login, name, content, message):
    response = login(world.editor_a).post(
        reverse("initiatives:import"), {"area": world.commune_a.pk, "file": upload(content, name)}
    )

    assert (response.status_code, response.context["form"].errors) == (200, {"file": [message]})
    assert response.context["area"] == world.commune_a
    assert Job.objects.count() == 0


def test_upload_too_big_file_is_refused_by_the_form(world, login, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    content = workbook_bytes(rows=[data_row(world)]) + b"\0" * (1024 * 1024)

    response = login(world.editor_a).post(
        reverse("initiatives:import"), {"area": world.commune_a.pk, "file": upload(content)}
    )

    assert response.context["form"].errors == {
        "file": ["Tệp quá lớn (1 MB); chỉ nhận tệp đến 1 MB. Hãy chia thành nhiều tệp nhỏ hơn."]
    }
    assert Job.objects.count() == 0
