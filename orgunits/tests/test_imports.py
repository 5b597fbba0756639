"""Excel import of hamlets and organizations into a commune (orgunits.imports, its task and pages).

Workbooks are built in code with openpyxl. Uploads go through the page with on-commit callbacks
executed, so the task runs (ImmediateBackend) exactly as it would after the request commits.
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.models import Job, ObjectChange
from core.validators import PHONE_MESSAGE
from orgunits import imports
from orgunits.choices import UnitSource
from orgunits.models import Area, Organization
from orgunits.tasks import import_units

FRONT_KIND = "Ủy ban Mặt trận Tổ quốc Việt Nam"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _workbook(hamlets=(), organizations=(), hamlet_header=None, sheets=None) -> bytes:
    """Return an .xlsx with the template's headers (or the given ones) and the given rows."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title in sheets or (imports.HAMLET_SHEET, imports.ORGANIZATION_SHEET):
        workbook.create_sheet(title)
    if imports.HAMLET_SHEET in workbook.sheetnames:
        sheet = workbook[imports.HAMLET_SHEET]
        sheet.append(hamlet_header or [c.template_header for c in imports.HAMLET_COLUMNS])
        for row in hamlets:
            sheet.append(list(row))
    if imports.ORGANIZATION_SHEET in workbook.sheetnames:
        sheet = workbook[imports.ORGANIZATION_SHEET]
        sheet.append([c.template_header for c in imports.ORGANIZATION_COLUMNS])
        for row in organizations:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(content: bytes, name: str = "du-lieu-thon.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _import(client, commune, content, django_capture_on_commit_callbacks, name="du-lieu-thon.xlsx"):
    """Post the file to the import page, run the task on commit; return (response, job)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("orgunits:area_import", args=[commune.pk]), {"file": _upload(content, name)})
    job = Job.objects.order_by("-pk").first()
    if job:
        job.refresh_from_db()
    return response, job


def _errors(job) -> list[tuple]:
    return [(e["sheet"], e["row"], e["letter"], e["message"]) for e in job.errors]


def _counts() -> tuple[int, int, int]:
    return Area.objects.count(), Organization.objects.count(), ObjectChange.objects.count()


#
# Template
#


def test_template_download_has_sheets_headers_and_dropdowns(world, login):
    response = login(world.editor_a).get(reverse("orgunits:area_import_template", args=[world.commune_a.pk]))

    workbook = load_workbook(io.BytesIO(response.content))
    hamlets, organizations = workbook["Thon_To_dan_pho"], workbook["To_chuc"]
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''mau-nhap-thon-to-chuc-xa-long-dien.xlsx"
    assert workbook.sheetnames == ["Huong_dan", "Thon_To_dan_pho", "To_chuc", "Danh_muc"]
    assert [c.value for c in hamlets[1]] == [
        "STT",
        "Tên thôn/tổ dân phố*",
        "Loại*",
        "Mã",
        "Tên gọi khác",
        "Hiệu lực từ ngày (dd/mm/yyyy)",
    ]
    assert [c.value for c in organizations[1]] == [
        "STT",
        "Tên tổ chức*",
        "Loại tổ chức*",
        "Thuộc thôn/tổ dân phố",
        "Thuộc tổ chức",
        "Tên viết tắt",
        "Điện thoại",
        "Thư điện tử",
        "Địa chỉ",
        "Báo cáo về (tổ chức cấp xã)",
    ]
    assert hamlets["B1"].font.bold is True
    assert [(str(v.sqref), v.formula1) for v in hamlets.data_validations.dataValidation] == [
        ("C2:C2001", "'Danh_muc'!$A$2:$A$10")
    ]
    assert [(str(v.sqref), v.formula1) for v in organizations.data_validations.dataValidation] == [
        ("C2:C2001", "'Danh_muc'!$B$2:$B$19")
    ]
    lists = workbook["Danh_muc"]
    assert [lists.cell(row=r, column=1).value for r in range(2, 11)] == [
        "Thôn",
        "Ấp",
        "Bản",
        "Buôn",
        "Làng",
        "Xóm",
        "Khóm",
        "Khu phố",
        "Tổ dân phố",
    ]
    assert (lists["C2"].value, lists["D2"].value, lists["E2"].value) == (
        "Ấp Bắc",
        world.front_a.name,
        "Xã Long Điền",
    )
    assert hamlets.max_row == 1
    assert organizations.max_row == 1


def test_template_uploaded_unchanged_reports_no_data_rows(world, login, django_capture_on_commit_callbacks):
    client = login(world.editor_a)
    content = client.get(reverse("orgunits:area_import_template", args=[world.commune_a.pk])).content

    _, job = _import(client, world.commune_a, content, django_capture_on_commit_callbacks)

    assert job.status == Job.Status.FAILED
    assert _errors(job) == [
        ("", None, "", "Tệp không có dòng dữ liệu nào: trang Thon_To_dan_pho và trang To_chuc đều trống.")
    ]


#
# A good file
#


def test_import_good_file_creates_hamlets_and_organizations(world, login, django_capture_on_commit_callbacks):
    content = _workbook(
        hamlets=[
            [1, "Thôn Đông", "Thôn", "TD01", "Xóm Đông", "2025-07-01"],  # ISO, as programs write dates
            [2, "  Tổ dân phố   3 ", "tổ dân phố", None, None, datetime.datetime(2025, 7, 2)],
        ],
        organizations=[
            [1, "Chi bộ Thôn Đông", "Chi bộ", "Thôn Đông", None, "CB TĐ", None, None, None],
            [2, "Tổ dân vận Thôn Đông", "Tổ dân vận", "thôn đông", "Chi bộ Thôn Đông", None, "0912345678",
             "tdv@example.vn", "Nhà văn hóa Thôn Đông"],
            [3, "Ban công tác Mặt trận Ấp Bắc", "Ban công tác Mặt trận", "Ấp Bắc", None, None, None, None, None],
            [4, "Hội Nông dân xã Long Điền", "Hội Nông dân", None, world.front_a.name, "HND", 912000111, None, None],
        ],
    )  # fmt: skip
    client = login(world.editor_a)

    response, job = _import(client, world.commune_a, content, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    assert (job.status, job.message, job.errors) == (
        Job.Status.SUCCEEDED,
        "Đã nhập 2 thôn/tổ dân phố và 4 tổ chức.",
        [],
    )
    assert job.result == {"next_url": world.commune_a.get_absolute_url(), "hamlets": 2, "organizations": 4}
    assert (job.progress_done, job.progress_total, job.created_by, job.input_name) == (
        6,
        6,
        world.editor_a,
        "du-lieu-thon.xlsx",
    )
    assert (job.kind, job.scope_path, job.target_id) == (
        "orgunits.import_units",
        world.commune_a.path,
        world.commune_a.pk,
    )
    new_hamlets = Area.objects.filter(source=UnitSource.IMPORT).order_by("pk")
    assert [(a.name, a.kind.code, a.parent, a.code, a.aliases, a.valid_from, a.level) for a in new_hamlets] == [
        ("Thôn Đông", "thon", world.commune_a, "TD01", "Xóm Đông", datetime.date(2025, 7, 1), 4),
        ("Tổ dân phố 3", "to_dan_pho", world.commune_a, "", "", datetime.date(2025, 7, 2), 4),
    ]
    dong = new_hamlets[0]
    assert dong.path == f"{world.commune_a.path}{dong.pk}/"
    new_orgs = Organization.objects.filter(source=UnitSource.IMPORT).order_by("name")
    assert [(o.name, o.kind.code, o.area.name, o.parent.name if o.parent else None) for o in new_orgs] == [
        ("Ban công tác Mặt trận Ấp Bắc", "ban_cong_tac_mat_tran", "Ấp Bắc", None),
        ("Chi bộ Thôn Đông", "chi_bo", "Thôn Đông", None),
        ("Hội Nông dân xã Long Điền", "hoi_nong_dan", "Xã Long Điền", world.front_a.name),
        ("Tổ dân vận Thôn Đông", "to_dan_van", "Thôn Đông", "Chi bộ Thôn Đông"),
    ]
    chi_bo, hoi_nong_dan, to_dan_van = new_orgs[1], new_orgs[2], new_orgs[3]
    assert to_dan_van.path == f"{chi_bo.path}o{to_dan_van.pk}/"
    assert hoi_nong_dan.path == f"{world.front_a.path}o{hoi_nong_dan.pk}/"
    assert (to_dan_van.phone, to_dan_van.email, to_dan_van.address, to_dan_van.search_text) == (
        "0912345678",
        "tdv@example.vn",
        "Nhà văn hóa Thôn Đông",
        "to dan van thon dong to dan van",  # the name, then the kind's name
    )
    assert (hoi_nong_dan.short_name, hoi_nong_dan.phone) == ("HND", "912000111")
    assert (dong.depth, dong.search_text) == (world.commune_a.depth + 1, "thon dong TD01 xom dong")
    changes = ObjectChange.objects.filter(action="create", user=world.editor_a).select_related("content_type")
    assert sorted((c.content_type.model, c.object_id, c.scope_path) for c in changes) == sorted(
        [("area", str(a.pk), a.path) for a in new_hamlets] + [("organization", str(o.pk), o.path) for o in new_orgs]
    )
    assert changes.get(object_id=str(dong.pk), content_type__model="area").postchange_data["name"] == "Thôn Đông"
    page = client.get(job.get_absolute_url())
    assert page.context["object"] == job
    assert f'href="{world.commune_a.get_absolute_url()}"' in page.content.decode()


def test_import_page_lists_recent_jobs_of_the_commune(world, login, django_capture_on_commit_callbacks):
    client = login(world.editor_a)
    content = _workbook(hamlets=[[1, "Thôn Mới", "Thôn", None, None, None]])
    _, job = _import(client, world.commune_a, content, django_capture_on_commit_callbacks, name="dot-1.xlsx")
    Job.objects.create(kind=imports.IMPORT_JOB_KIND, title="B", created_by=world.editor_b, target_id=world.commune_b.pk)

    response = client.get(reverse("orgunits:area_import", args=[world.commune_a.pk]))

    assert [j.pk for j in response.context["jobs"]] == [job.pk]
    assert "dot-1.xlsx" in response.content.decode()
    assert response.context["jobs_running"] is False


def test_import_page_htmx_returns_jobs_fragment_polling_while_running(world, login):
    Job.objects.create(
        kind=imports.IMPORT_JOB_KIND,
        title="Nhập",
        status=Job.Status.RUNNING,
        created_by=world.editor_a,
        scope_path=world.commune_a.path,
        target_id=world.commune_a.pk,
        input_name="dang-chay.xlsx",
    )
    url = reverse("orgunits:area_import", args=[world.commune_a.pk])

    response = login(world.editor_a).get(url, headers={"HX-Request": "true"})

    html = response.content.decode().strip()
    assert html.startswith(f'<div id="import-jobs" hx-get="{url}" hx-trigger="every 2s" hx-swap="outerHTML">')
    assert "dang-chay.xlsx" in html
    assert "<form" not in html


#
# A bad file: every problem reported, nothing written
#


def test_import_bad_file_writes_nothing_and_reports_every_error(world, login, django_capture_on_commit_callbacks):
    content = _workbook(
        hamlets=[
            [1, "Thôn Tây", "Thôn", "T01", None, None],
            [2, None, "Thôn", None, None, None],
            [3, "thôn tây", "Xóm nhỏ", "T01", None, "31/02/2025"],
            [4, "Ấp Bắc", "Ấp", None, None, 45839],  # Excel's serial number of 01/07/2025, as a number
            [None, None, None, None, None, None],
            [6, "X" * 201, "Ấp", None, None, None],
        ],
        organizations=[
            [1, "Chi bộ Thôn Tây", "Chi bộ", "Thôn Tây", None, None, None, None, None],
            [2, "Tổ dân vận", "Tổ dân vận", "Thôn Không Có", None, None, None, None, None],
            [3, "Hội Nông dân", "Hội Trồng Cây", None, "Tổ chức Không Có", None, None, None, None],
            [4, world.front_a.name, FRONT_KIND, None, None, None, None, None, None],
            [5, "Chi bộ Thôn Tây", "Chi bộ", "Thôn Tây", None, None, "0912 345", "khong-phai-email", None],
            [6, "Tổ dân vận Thôn Tây", "Tổ dân vận", "Thôn Tây", "Ban công tác Mặt trận Thôn Tây", None, None, None, None],
            [7, "Ban công tác Mặt trận Thôn Tây", "Ban công tác Mặt trận", "Thôn Tây", None, None, None, None, None],
            [8, None, None, None, None, None, "0912345678", None, None],
        ],
    )  # fmt: skip
    before = _counts()

    _, job = _import(login(world.editor_a), world.commune_a, content, django_capture_on_commit_callbacks)

    assert _counts() == before
    assert (job.status, job.progress_done, job.progress_total) == (Job.Status.FAILED, 13, 13)
    assert job.message == (
        "Không nhập được: tệp có 18 lỗi, chưa ghi dữ liệu nào. Hãy sửa các lỗi dưới đây rồi tải tệp lên lại."
    )
    kinds = "Thôn, Ấp, Bản, Buôn, Làng, Xóm, Khóm, Khu phố, Tổ dân phố"
    assert _errors(job) == [
        ("Thon_To_dan_pho", 3, "B", "Bắt buộc, chưa nhập."),
        ("Thon_To_dan_pho", 4, "B", "Trùng tên với dòng 2."),
        ("Thon_To_dan_pho", 4, "C", f"Loại “Xóm nhỏ” không hợp lệ; chọn một trong: {kinds}."),
        ("Thon_To_dan_pho", 4, "D", "Trùng mã với dòng 2."),
        ("Thon_To_dan_pho", 4, "F", "Ngày không hợp lệ, dùng dd/mm/yyyy."),
        ("Thon_To_dan_pho", 5, "B", "Xã Long Điền đã có thôn/tổ dân phố “Ấp Bắc”."),
        (
            "Thon_To_dan_pho",
            5,
            "F",
            "“45839” là một số, không phải ngày: ghi ngày dạng dd/mm/yyyy (ví dụ 01/07/2025) hoặc định dạng ô là ngày.",
        ),
        ("Thon_To_dan_pho", 7, "B", "Dài quá 200 ký tự (hiện có 201 ký tự)."),
        (
            "To_chuc",
            3,
            "D",
            "Không tìm thấy thôn/tổ dân phố “Thôn Không Có” trong Xã Long Điền hoặc trên trang Thon_To_dan_pho.",
        ),
        ("To_chuc", 4, "C", "Loại tổ chức “Hội Trồng Cây” không có trong danh mục (xem trang Danh_muc của tệp mẫu)."),
        (
            "To_chuc",
            4,
            "E",
            "Không tìm thấy tổ chức “Tổ chức Không Có” cùng nơi hoạt động: tổ chức cấp trên phải hoạt động ở đúng "
            "thôn/tổ dân phố (hoặc đúng xã) của tổ chức này, đã có sẵn hoặc nằm ở dòng phía trên.",
        ),
        ("To_chuc", 5, "B", f"Xã Long Điền đã có tổ chức “{world.front_a.name}”."),
        ("To_chuc", 6, "B", "Trùng tên với tổ chức ở dòng 2 (cùng nơi hoạt động)."),
        ("To_chuc", 6, "G", str(PHONE_MESSAGE)),
        ("To_chuc", 6, "H", "Thư điện tử không hợp lệ."),
        (
            "To_chuc",
            7,
            "E",
            "Tổ chức “Ban công tác Mặt trận Thôn Tây” nằm ở dòng 8; tổ chức cấp trên phải ở dòng phía trên.",
        ),
        ("To_chuc", 9, "B", "Bắt buộc, chưa nhập."),
        ("To_chuc", 9, "C", "Bắt buộc, chưa nhập."),
    ]
    assert job.errors[0] == {
        "sheet": "Thon_To_dan_pho",
        "row": 3,
        "letter": "B",
        "header": "Tên thôn/tổ dân phố",
        "column": "Thon_To_dan_pho · B (Tên thôn/tổ dân phố)",
        "message": "Bắt buộc, chưa nhập.",
    }


def test_import_names_typed_in_decomposed_unicode_match_existing_ones(world, login, django_capture_on_commit_callbacks):
    import unicodedata

    content = _workbook(hamlets=[[1, unicodedata.normalize("NFD", "ấp bắc"), "Ấp", None, None, None]])

    _, job = _import(login(world.editor_a), world.commune_a, content, django_capture_on_commit_callbacks)

    assert _errors(job) == [("Thon_To_dan_pho", 2, "B", "Xã Long Điền đã có thôn/tổ dân phố “Ấp Bắc”.")]


def test_import_organization_parent_of_itself_is_refused(world, login, django_capture_on_commit_callbacks):
    content = _workbook(organizations=[[1, "Chi bộ 1", "Chi bộ", None, "chi bộ 1", None, None, None, None]])

    _, job = _import(login(world.editor_a), world.commune_a, content, django_capture_on_commit_callbacks)

    assert _errors(job) == [("To_chuc", 2, "E", "Tổ chức không thể trực thuộc chính nó.")]


def test_import_reports_to_links_hamlet_organizations_to_commune_ones(world, login, django_capture_on_commit_callbacks):
    content = _workbook(
        organizations=[
            # The bloc it reports to comes on a later row: the link is set once every row has an id.
            [1, "Tổ dân vận Ấp Bắc", "Tổ dân vận", "Ấp Bắc", None, None, None, None, None, "khối dân vận xã"],
            [2, "Ban công tác Mặt trận Ấp Bắc", "Ban công tác Mặt trận", "Ấp Bắc", None, None, None, None, None,
             world.front_a.name],
            [3, "Khối dân vận xã", "Khối dân vận", None, None, None, None, None, None, None],
        ],
    )  # fmt: skip

    _, job = _import(login(world.editor_a), world.commune_a, content, django_capture_on_commit_callbacks)

    assert (job.status, _errors(job)) == (Job.Status.SUCCEEDED, [])
    team, committee, bloc = (Organization.objects.get(name=name) for name in ("Tổ dân vận Ấp Bắc",
                             "Ban công tác Mặt trận Ấp Bắc", "Khối dân vận xã"))  # fmt: skip
    assert (team.reports_to, committee.reports_to, bloc.reports_to) == (bloc, world.front_a, None)
    entry = ObjectChange.objects.get(action="create", content_type__model="organization", object_id=str(team.pk))
    assert entry.postchange_data["reports_to_id"] == bloc.pk


def test_import_reports_to_problems_name_row_and_column(world, login, django_capture_on_commit_callbacks):
    content = _workbook(
        organizations=[
            [1, "Tổ dân vận Ấp Bắc", "Tổ dân vận", "Ấp Bắc", None, None, None, None, None, "Khối Không Có"],
            [2, "Hội Nông dân xã", "Hội Nông dân", None, None, None, None, None, None, world.front_a.name],
        ],
    )  # fmt: skip
    before = _counts()

    _, job = _import(login(world.editor_a), world.commune_a, content, django_capture_on_commit_callbacks)

    assert _counts() == before
    assert _errors(job) == [
        (
            "To_chuc",
            2,
            "J",
            "Không tìm thấy tổ chức “Khối Không Có” của Xã Long Điền: tổ chức nhận báo cáo phải là tổ chức cấp xã "
            "đang có (xem trang Danh_muc) hoặc có trên trang To_chuc.",
        ),
        (
            "To_chuc",
            3,
            "J",
            "Tổ chức cấp xã không báo cáo về tổ chức cùng cấp: chỉ tổ chức ở thôn/tổ dân phố mới ghi cột này "
            "(để trống, hoặc ghi tổ chức cấp trên ở cột “Thuộc tổ chức”).",
        ),
    ]


def test_import_file_of_the_template_before_the_reports_to_column_is_read(
    world, login, django_capture_on_commit_callbacks
):
    workbook = load_workbook(io.BytesIO(_workbook(organizations=[[1, "Chi bộ Ấp Bắc", "Chi bộ", "Ấp Bắc"]])))
    workbook[imports.ORGANIZATION_SHEET].delete_cols(10)
    buffer = io.BytesIO()
    workbook.save(buffer)

    _, job = _import(login(world.editor_a), world.commune_a, buffer.getvalue(), django_capture_on_commit_callbacks)

    assert (job.status, job.errors) == (Job.Status.SUCCEEDED, [])
    assert Organization.objects.get(name="Chi bộ Ấp Bắc").reports_to is None


def test_import_hamlet_code_used_elsewhere_is_refused(world, login, django_capture_on_commit_callbacks):
    from tests.factories.orgunits import AreaFactory, area_kind

    AreaFactory(kind=area_kind("ap"), parent=world.commune_b, name="Ấp Có Mã", code="M1")
    content = _workbook(
        hamlets=[[1, "Thôn Mã", "Thôn", "m1", None, None], [2, "Thôn Hai", "Thôn", "T2", None, None], [3, "Thôn Ba", "Thôn", "t2", None, None]]
    )  # fmt: skip

    _, job = _import(login(world.editor_a), world.commune_a, content, django_capture_on_commit_callbacks)

    assert _errors(job) == [
        ("Thon_To_dan_pho", 2, "D", "Mã “m1” đã được dùng cho một thôn/tổ dân phố khác đang hoạt động."),
        ("Thon_To_dan_pho", 4, "D", "Trùng mã với dòng 3."),
    ]


def test_import_hamlet_start_outside_the_date_window_is_refused(world, login, django_capture_on_commit_callbacks):
    from orgunits.validators import latest_plausible_date

    content = _workbook(
        hamlets=[
            [1, "Thôn Tương Lai", "Thôn", None, None, "31/12/9999"],
            [2, "Thôn Cổ", "Thôn", None, None, datetime.date(1900, 1, 1)],
            [3, "Thôn Đúng", "Thôn", None, None, "01/07/2025"],
        ]
    )
    before = _counts()

    _, job = _import(login(world.editor_a), world.commune_a, content, django_capture_on_commit_callbacks)

    message = f"“Hiệu lực từ ngày” phải từ 19/08/1945 đến {latest_plausible_date():%d/%m/%Y}."
    assert _errors(job) == [("Thon_To_dan_pho", 2, "F", message), ("Thon_To_dan_pho", 3, "F", message)]
    assert _counts() == before


#
# Wrong files
#


def test_import_wrong_template_reports_missing_sheets(world, login, django_capture_on_commit_callbacks):
    content = _workbook(sheets=["Sheet1"])

    _, job = _import(login(world.editor_a), world.commune_a, content, django_capture_on_commit_callbacks)

    assert job.status == Job.Status.FAILED
    message = (
        "Tệp thiếu trang tính “{}”. Hãy dùng tệp mẫu tải về từ trang nhập dữ liệu và giữ nguyên tên các trang tính."
    )
    assert _errors(job) == [
        ("Thon_To_dan_pho", None, "", message.format("Thon_To_dan_pho")),
        ("To_chuc", None, "", message.format("To_chuc")),
    ]


def test_import_wrong_template_reports_unexpected_headers(world, login, django_capture_on_commit_callbacks):
    header = ["STT", "Loại*", "Tên thôn/tổ dân phố*", "Mã", "Tên gọi khác", "Hiệu lực từ ngày (dd/mm/yyyy)", "Ghi chú"]
    content = _workbook(hamlets=[[1, "Thôn", "Thôn A"]], hamlet_header=header)
    before = _counts()

    _, job = _import(login(world.editor_a), world.commune_a, content, django_capture_on_commit_callbacks)

    assert _counts() == before
    assert _errors(job) == [
        (
            "Thon_To_dan_pho",
            1,
            "B",
            "Tiêu đề cột phải là “Tên thôn/tổ dân phố*” (tệp có “Loại*”). Hãy dùng tệp mẫu mới nhất.",
        ),
        (
            "Thon_To_dan_pho",
            1,
            "C",
            "Tiêu đề cột phải là “Loại*” (tệp có “Tên thôn/tổ dân phố*”). Hãy dùng tệp mẫu mới nhất.",
        ),
        ("Thon_To_dan_pho", 1, "G", "Cột “Ghi chú” không có trong mẫu. Hãy dùng tệp mẫu mới nhất."),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "du-lieu.csv",
            b"STT,Ten\n1,Thon A\n",
            "Chỉ nhận tệp Excel .xlsx. Nếu dữ liệu đang ở dạng .xls, .csv hoặc .ods, hãy mở bằng Excel và lưu lại "
            "dưới dạng “Excel Workbook (.xlsx)”.",
        ),
        ("du-lieu.xlsx", b"", "Tệp tải lên rỗng (0 byte). Hãy chọn lại tệp đã điền dữ liệu."),
        (
            "du-lieu.xlsx",
            b"day khong phai tep excel",
            "Không đọc được tệp Excel (tệp hỏng, có mật khẩu hoặc không phải định dạng .xlsx). Hãy mở tệp bằng Excel, "
            "lưu lại dưới dạng “Excel Workbook (.xlsx)” rồi tải lên lại.",
        ),
    ],
)
def test_upload_bad_file_is_refused_by_the_form(world, login, name, content, message):
    response = login(world.editor_a).post(
        reverse("orgunits:area_import", args=[world.commune_a.pk]), {"file": _upload(content, name)}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [message]}
    assert Job.objects.count() == 0


def test_upload_without_file_is_refused_by_the_form(world, login):
    response = login(world.editor_a).post(reverse("orgunits:area_import", args=[world.commune_a.pk]), {})

    assert response.context["form"].errors == {"file": ["Hãy chọn tệp Excel (.xlsx) cần nhập."]}


def test_upload_too_big_file_is_refused_by_the_form(world, login, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    content = _workbook(hamlets=[[1, "Thôn A", "Thôn", None, None, None]]) + b"\0" * (1024 * 1024)

    response = login(world.editor_a).post(
        reverse("orgunits:area_import", args=[world.commune_a.pk]), {"file": _upload(content)}
    )

    assert response.context["form"].errors == {
        "file": ["Tệp quá lớn (1 MB); chỉ nhận tệp đến 1 MB. Hãy chia thành nhiều tệp nhỏ hơn."]
    }
    assert Job.objects.count() == 0


#
# The task
#


def test_task_unexpected_error_fails_the_job_and_writes_nothing(world):
    job = Job.objects.create(
        kind=imports.IMPORT_JOB_KIND,
        title="Nhập",
        created_by=world.editor_a,
        scope_path=world.commune_a.path,
        target_id=world.commune_a.pk,
        input_file="jobs/khong-con.xlsx",
    )
    before = _counts()

    import_units.enqueue(job_id=job.pk)

    job.refresh_from_db()
    assert _counts() == before
    assert (job.status, job.errors) == (Job.Status.FAILED, [])
    assert job.message == (
        "Có lỗi ngoài dự kiến khi nhập dữ liệu; chưa ghi dữ liệu nào. Hãy thử lại; nếu vẫn lỗi, báo quản trị hệ "
        f"thống (mã công việc {job.pk})."
    )
    assert job.started_at is not None
    assert job.finished_at is not None


def test_task_already_finished_job_is_left_alone(world):
    job = Job.objects.create(
        kind=imports.IMPORT_JOB_KIND, title="Nhập", status=Job.Status.SUCCEEDED, target_id=world.commune_a.pk
    )

    import_units.enqueue(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.started_at, job.message) == (Job.Status.SUCCEEDED, None, "")


#
# Scoping
#


@pytest.mark.parametrize("url_name", ["orgunits:area_import", "orgunits:area_import_template"])
def test_import_pages_editor_of_other_commune_gets_404(world, login, url_name):
    response = login(world.editor_b).get(reverse(url_name, args=[world.commune_a.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("url_name", ["orgunits:area_import", "orgunits:area_import_template"])
def test_import_pages_viewer_gets_403(world, login, url_name):
    response = login(world.viewer_a).get(reverse(url_name, args=[world.commune_a.pk]))

    assert response.status_code == 403


def test_import_page_viewer_post_creates_no_job(world, login):
    content = _workbook(hamlets=[[1, "Thôn A", "Thôn", None, None, None]])

    response = login(world.viewer_a).post(
        reverse("orgunits:area_import", args=[world.commune_a.pk]), {"file": _upload(content)}
    )

    assert (response.status_code, Job.objects.count()) == (403, 0)


@pytest.mark.parametrize("where", ["province", "hamlet_a"])
def test_import_page_for_non_commune_gets_404(world, login, where):
    response = login(world.admin).get(reverse("orgunits:area_import", args=[getattr(world, where).pk]))

    assert response.status_code == 404


def test_import_page_anonymous_is_sent_to_login(world, client):
    url = reverse("orgunits:area_import", args=[world.commune_a.pk])

    response = client.get(url)

    assert (response.status_code, response["Location"]) == (302, f"{reverse('login')}?next={url}")


def test_import_page_province_editor_may_import_into_commune(world, login):
    response = login(world.province_editor).get(reverse("orgunits:area_import", args=[world.commune_b.pk]))

    assert (response.status_code, response.context["commune"]) == (200, world.commune_b)
