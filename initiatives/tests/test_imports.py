"""Excel import of a registration list (initiatives.imports): template, good and bad files
(wrong files: test_import_wrong_files.py).

Workbooks are built in code with openpyxl (initiatives/tests/import_files.py). Uploads go through
the page with on-commit callbacks executed, so the task runs (ImmediateBackend) exactly as it would
after the request commits. Scope, pages and the task's failures: test_import_scope.py.
"""

import datetime
import io
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.audit import acting_as
from core.models import Job, ObjectChange
from core.validators import PHONE_MESSAGE
from initiatives import imports, services
from initiatives.imports import jobs as import_jobs
from initiatives.models import Initiative, ResultValue, Transition
from initiatives.tests.import_files import (
    LAMPS,
    MONEY,
    ROAD,
    data_row,
    job_errors,
    media,  # noqa: F401 -- an autouse fixture
    post_import,
    table_counts,
    workbook_bytes,
)
from tests.factories.initiatives import InitiativeFactory
from tests.factories.orgunits import hamlet, organization

#
# Template
#


def test_template_has_headers_dropdowns_and_the_areas_lists(world, login):
    organization(world.commune_b, "hoi_nong_dan")  # another commune's: not in commune A's lists

    response = login(world.editor_a).get(reverse("initiatives:import_template"), {"area": world.commune_a.pk})

    workbook = load_workbook(io.BytesIO(response.content))
    data, lists = workbook["Danh_sach"], workbook["Danh_muc"]
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''mau-dang-ky-mo-hinh-xa-long-dien.xlsx"
    assert workbook.sheetnames == ["Huong_dan", "Danh_sach", "Danh_muc"]
    assert [c.value for c in data[1]] == [
        "STT",
        "Tên mô hình/điển hình*",
        "Mô hình/Điển hình*",
        "Tập thể/Cá nhân*",
        "Họ tên cá nhân",
        "Đơn vị đăng ký*",
        "Địa bàn thực hiện",
        "Lĩnh vực*",
        "Năm*",
        "Giai đoạn",
        "Ngày đăng ký (dd/mm/yyyy)",
        "Ngày bắt đầu (dd/mm/yyyy)",
        "Mục tiêu",
        "Cách làm",
        "Lực lượng tham gia",
        "Người liên hệ",
        "Điện thoại",
        ROAD,
        LAMPS,
        MONEY,
        "Ngày công đóng góp (ngày công)",
        "Đất hiến làm công trình công cộng (m²)",
        "Hộ được hỗ trợ (hộ)",
        "Nhà đại đoàn kết xây mới, sửa chữa (căn)",
        "Người tham gia (người)",
    ]
    assert data.max_row == 1
    assert [(str(v.sqref), v.type, v.formula1, v.errorStyle) for v in data.data_validations.dataValidation] == [
        ("C2:C10001", "list", "'Danh_muc'!$A$2:$A$3", "stop"),
        ("D2:D10001", "list", "'Danh_muc'!$B$2:$B$3", "stop"),
        ("H2:H10001", "list", "'Danh_muc'!$C$2:$C$6", "stop"),
        ("J2:J10001", "list", "'Danh_muc'!$D$2:$D$3", "stop"),
        ("F2:F10001", "list", "'Danh_muc'!$E$2:$E$2", "warning"),
        ("G2:G10001", "list", "'Danh_muc'!$H$2:$H$3", "warning"),
        ("I2:I10001", "whole", "2000", None),
        ("R2:Y10001", "decimal", "0", "warning"),
    ]
    columns = list(lists.iter_cols(min_row=2, values_only=True))
    assert [[v for v in column if v] for column in columns[:8]] == [
        ["Mô hình", "Điển hình"],
        ["Tập thể", "Cá nhân"],
        [
            "Kinh tế",
            "Văn hóa – xã hội",
            "Quốc phòng – an ninh",
            "Xây dựng Đảng và hệ thống chính trị",
            "Xây dựng nông thôn mới, đô thị văn minh",
        ],
        ["Giai đoạn 2026-2030", "Giai đoạn 2021-2025"],
        [world.front_a.name],
        ["Xã Long Điền"],
        ["Ủy ban Mặt trận Tổ quốc Việt Nam"],
        ["Xã Long Điền", "Ấp Bắc"],
    ]


def test_template_without_area_for_a_commune_editor_is_their_commune(world, login):
    response = login(world.editor_a).get(reverse("initiatives:import_template"))

    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''mau-dang-ky-mo-hinh-xa-long-dien.xlsx"


def test_template_without_area_for_an_administrator_goes_back_to_the_page(world, login):
    response = login(world.admin).get(reverse("initiatives:import_template"))

    assert (response.status_code, response["Location"]) == (302, reverse("initiatives:import"))


def test_template_filled_in_and_uploaded_creates_the_records(world, login, django_capture_on_commit_callbacks):
    client = login(world.editor_a)
    template = load_workbook(
        io.BytesIO(client.get(reverse("initiatives:import_template"), {"area": world.commune_a.pk}).content)
    )
    data = template["Danh_sach"]
    data.append(data_row(world, name="Tuyến đường hoa", area="Ấp Bắc", results=[2500, 120]))
    data.append(
        data_row(world, name="Gương sáng", kind="Điển hình", subject="Cá nhân", person_name="Lê Thị B", index=2)
    )
    buffer = io.BytesIO()
    template.save(buffer)

    _, job = post_import(client, world.commune_a, buffer.getvalue(), django_capture_on_commit_callbacks)

    assert (job.status, job.message) == (Job.Status.SUCCEEDED, "Đã nhập 2 mô hình, điển hình vào Xã Long Điền.")
    created = Initiative.objects.order_by("name")
    assert [(i.name, i.kind, i.subject, i.person_name, i.area, i.status) for i in created] == [
        ("Gương sáng", "exemplar", "individual", "Lê Thị B", world.commune_a, "registered"),
        ("Tuyến đường hoa", "model", "collective", "", world.hamlet_a, "registered"),
    ]
    assert sorted((r.metric.code, r.value) for r in ResultValue.objects.all()) == [
        ("den_chieu_sang", Decimal("120")),
        ("duong_giao_thong", Decimal("2500")),
    ]


def test_template_uploaded_unchanged_reports_no_data_rows(world, login, django_capture_on_commit_callbacks):
    client = login(world.editor_a)
    content = client.get(reverse("initiatives:import_template"), {"area": world.commune_a.pk}).content

    _, job = post_import(client, world.commune_a, content, django_capture_on_commit_callbacks)

    assert (job.status, job_errors(job)) == (
        Job.Status.FAILED,
        [(None, "", "Trang Danh_sach không có dòng dữ liệu nào.")],
    )


#
# A good file
#


def test_import_good_file_registers_records_with_results_timeline_and_audit(
    world, login, django_capture_on_commit_callbacks
):
    chi_bo = organization(world.hamlet_a, "hoi_nong_dan", name="Chi hội Nông dân Ấp Bắc")
    this_year = timezone.localdate().year
    content = workbook_bytes(
        rows=[
            data_row(
                world,
                name="  Thắp sáng   đường quê ",
                kind="mo hinh",
                subject="TẬP THỂ",
                organization="uy ban mat tran to quoc viet nam xa long dien",
                area="ap bac",
                field="van hoa - xa hoi",
                year="2025",
                stage="2021-2025",
                registered_on="05/03/2025",
                start_date=datetime.datetime(2025, 3, 15),
                goals="Lắp đèn các tuyến đường",
                method="Vận động nhân dân",
                forces="Hội Nông dân, Đoàn Thanh niên",
                contact_name="Nguyễn Văn A",
                contact_phone=912345678,
                results=["10.700", 270, "70.000.000"],
            ),
            data_row(
                world,
                name="Gương sáng",
                kind="Điển hình",
                subject="Cá nhân",
                person_name="Lê Thị B",
                index=2,
                results=[None, None, "1.234,5"],
            ),
            [None] * 20,  # a blank row is skipped
            data_row(
                world,
                name="Chi hội giúp nhau",
                organization="Chi hội Nông dân Ấp Bắc",
                year=this_year,
                registered_on=None,  # the import's date: a record of this year
                index=4,
                results=[12.5, None, None],
            ),
        ],
        metrics=[ROAD, LAMPS, MONEY],
    )
    client = login(world.editor_a)

    response, job = post_import(client, world.commune_a, content, django_capture_on_commit_callbacks)

    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    assert (job.status, job.message, job.errors) == (
        Job.Status.SUCCEEDED,
        "Đã nhập 3 mô hình, điển hình vào Xã Long Điền.",
        [],
    )
    list_url = reverse("initiatives:initiative_list")
    assert job.result == {"next_url": f"{list_url}?within={world.commune_a.pk}", "created": 3}
    assert (job.kind, job.scope_path, job.target_id, job.progress_done, job.progress_total) == (
        "initiatives.import",
        world.commune_a.path,
        world.commune_a.pk,
        3,
        3,
    )
    lamp, person, helping = Initiative.objects.order_by("pk")
    assert [
        (i.name, i.kind, i.subject, i.person_name, i.organization, i.area, i.field.code, i.year, i.path, i.created_by)
        for i in (lamp, person, helping)
    ] == [
        ("Thắp sáng đường quê", "model", "collective", "", world.front_a, world.hamlet_a, "van_hoa_xa_hoi", 2025,
         world.front_a.path, world.editor_a),
        ("Gương sáng", "exemplar", "individual", "Lê Thị B", world.front_a, world.commune_a, "kinh_te", 2025,
         world.front_a.path, world.editor_a),
        ("Chi hội giúp nhau", "model", "collective", "", chi_bo, world.hamlet_a, "kinh_te", this_year, chi_bo.path,
         world.editor_a),
    ]  # fmt: skip
    assert (lamp.stage.code, lamp.registered_on, lamp.start_date, person.registered_on, person.stage) == (
        "2021-2025",
        datetime.date(2025, 3, 5),
        datetime.date(2025, 3, 15),
        datetime.date(2025, 3, 1),
        None,
    )
    assert helping.registered_on == timezone.localdate()
    assert (lamp.goals, lamp.method, lamp.forces, lamp.contact_name, lamp.contact_phone) == (
        "Lắp đèn các tuyến đường",
        "Vận động nhân dân",
        "Hội Nông dân, Đoàn Thanh niên",
        "Nguyễn Văn A",
        "912345678",
    )
    assert lamp.search_text == "thap sang duong que uy ban mat tran to quoc viet nam xa long dien ap bac"
    assert sorted((r.initiative.name, r.metric.code, r.value) for r in ResultValue.objects.all()) == [
        ("Chi hội giúp nhau", "duong_giao_thong", Decimal("12.5")),
        ("Gương sáng", "kinh_phi_van_dong", Decimal("1234.5")),
        ("Thắp sáng đường quê", "den_chieu_sang", Decimal("270")),
        ("Thắp sáng đường quê", "duong_giao_thong", Decimal("10700")),
        ("Thắp sáng đường quê", "kinh_phi_van_dong", Decimal("70000000")),
    ]
    assert [
        (t.initiative.name, t.action, t.from_status, t.to_status, t.user, t.reason)
        for t in Transition.objects.order_by("pk")
    ] == [
        (name, "register", "", "registered", world.editor_a, "Nhập từ tệp Excel “dang-ky-2025.xlsx”.")
        for name in ("Thắp sáng đường quê", "Gương sáng", "Chi hội giúp nhau")
    ]
    changes = ObjectChange.objects.filter(user=world.editor_a, action="create").select_related("content_type")
    assert sorted((c.content_type.model, c.scope_path) for c in changes) == sorted(
        [
            *(("initiative", i.path) for i in (lamp, person, helping)),
            *(("resultvalue", r.initiative.path) for r in ResultValue.objects.all()),
            *(("transition", t.initiative.path) for t in Transition.objects.all()),
        ]
    )
    page = client.get(job.get_absolute_url()).content.decode()
    assert f'href="{list_url}?within={world.commune_a.pk}"' in page


def test_import_job_links_to_the_list_filtered_by_area_and_year(world, login, django_capture_on_commit_callbacks):
    content = workbook_bytes(rows=[data_row(world, year=2024, registered_on="15/01/2024")])

    _, job = post_import(login(world.editor_a), world.commune_a, content, django_capture_on_commit_callbacks)

    list_url = reverse("initiatives:initiative_list")
    assert job.result["next_url"] == f"{list_url}?within={world.commune_a.pk}&year=2024"


def test_bulk_write_makes_the_same_rows_as_register(world):
    """The import's bulk path and services.register() write the same records, results, steps and audit."""
    rows = [
        data_row(
            world,
            name="Mô hình A",
            area="Ấp Bắc",
            stage="Giai đoạn 2021-2025",
            start_date="01/04/2025",
            results=["10.700", 270],
        ),
        data_row(
            world, name="Điển hình B", kind="Điển hình", subject="Cá nhân", person_name="Trần C", results=[None, "5"]
        ),
    ]
    content = workbook_bytes(rows=rows, metrics=[ROAD, LAMPS])
    parsed = imports.read_workbook(io.BytesIO(content))
    plan, problems = imports.validate(parsed, imports.load_existing(world.commune_a), world.editor_a)
    assert problems == []

    def snapshot():
        initiatives = [
            {k: v for k, v in vars(i).items() if not k.startswith("_") and k not in {"id", "created", "updated"}}
            for i in Initiative.objects.order_by("pk")
        ]
        results = list(ResultValue.objects.order_by("pk").values_list("initiative__name", "metric_id", "value", "note"))
        steps = list(
            Transition.objects.order_by("pk").values_list(
                "initiative__name", "action", "from_status", "to_status", "user", "reason"
            )
        )
        changes = sorted(
            (c.content_type.model, c.action, c.user_id, c.object_repr, c.scope_path, _without_ids(c.postchange_data))
            for c in ObjectChange.objects.filter(content_type__model__in=REGISTRY_ROWS).select_related("content_type")
        )
        return initiatives, results, steps, changes

    with acting_as(world.editor_a):
        import_jobs.write(plan, user=world.editor_a, reason="Nhập thử")
    imported = snapshot()
    Initiative.objects.all().delete()  # cascades to results and steps
    ObjectChange.objects.filter(content_type__model__in=REGISTRY_ROWS).delete()
    with acting_as(world.editor_a):
        for item in imports.validate(parsed, imports.load_existing(world.commune_a), world.editor_a)[0]:
            services.register(
                item.initiative,
                user=world.editor_a,
                results=[(m, v, "") for m, v in item.results],
                reason="Nhập thử",
            )
    registered = snapshot()

    assert imported == registered
    assert len(imported[3]) == 7  # 2 records, 3 results, 2 steps


REGISTRY_ROWS = ["initiative", "resultvalue", "transition"]


def _without_ids(data):
    return {k: v for k, v in (data or {}).items() if k not in {"id", "initiative_id", "time"}}


def test_import_two_thousand_rows_in_a_bounded_number_of_queries(
    world, login, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    rows = [
        data_row(
            world,
            name=f"Mô hình số {n}",
            index=n,
            area="Ấp Bắc" if n % 2 else None,
            results=[f"{n * 1000:,}".replace(",", "."), n],
        )
        for n in range(1, 2001)
    ]
    content = workbook_bytes(rows=rows, metrics=[ROAD, LAMPS])
    client = login(world.editor_a)

    # Bulk inserts: about 240 statements on SQLite, whose 999 parameters per statement allow ~36
    # records per INSERT (one per 1,000 rows on PostgreSQL); register() per row would need > 20,000.
    with django_assert_max_num_queries(400):
        _, job = post_import(client, world.commune_a, content, django_capture_on_commit_callbacks)

    assert (job.status, job.message) == (Job.Status.SUCCEEDED, "Đã nhập 2000 mô hình, điển hình vào Xã Long Điền.")
    assert (Initiative.objects.count(), ResultValue.objects.count(), Transition.objects.count()) == (2000, 4000, 2000)
    assert ResultValue.objects.get(initiative__name="Mô hình số 1999", metric__code="duong_giao_thong").value == 1999000


#
# A bad file: every problem reported with its row and column, nothing written
#


def test_import_bad_file_reports_every_error_and_writes_nothing(world, login, django_capture_on_commit_callbacks):
    organization(world.hamlet_a, "hoi_nong_dan", name="Chi hội Nông dân Ấp Bắc")
    InitiativeFactory(organization=world.front_a, name="Đường hoa", year=2025)
    rows = [
        data_row(world, name="Mô hình tốt", results=["10.700"]),
        data_row(world, name=None, kind="Mô hình lớn", subject=None),
        data_row(world, name="X" * 501),
        data_row(world, name="Gương sáng", kind="Điển hình", subject="Cá nhân", results=["-1"]),
        data_row(world, name="Mô hình 1", organization=world.front_b.name),
        data_row(world, name="Mô hình 2", area="Ấp Không Có"),
        data_row(world, name="Mô hình 3", organization="Chi hội Nông dân Ấp Bắc", area="Xã Long Điền"),
        data_row(world, name="Mô hình 4", field="Môi trường"),
        data_row(world, name="Mô hình 5", year=1999),
        data_row(world, name="Mô hình 6", year="năm 2025"),
        data_row(world, name="Mô hình 7", stage="Giai đoạn 2016-2020"),
        data_row(world, name="Mô hình 8", stage="Giai đoạn 2026-2030"),
        data_row(world, name="Mô hình 9", registered_on="31/02/2025"),
        data_row(world, name="Mô hình 10", start_date="01/01/2027"),
        data_row(world, name="Mô hình có số sai", results=["-5", "1.5", "1,234"]),
        data_row(world, name="Đường hoa"),
        data_row(world, name="mô hình  tốt"),
        [None] * 17,
        data_row(world, name="Mô hình điện thoại", contact_phone="0" * 31),
    ]
    content = workbook_bytes(rows=rows, metrics=[ROAD, LAMPS, MONEY])
    before = table_counts()

    _, job = post_import(login(world.editor_a), world.commune_a, content, django_capture_on_commit_callbacks)

    assert table_counts() == before
    assert (job.status, job.progress_done, job.progress_total) == (Job.Status.FAILED, 18, 18)
    assert job.message == (
        "Không nhập được: tệp có 22 lỗi, chưa ghi dữ liệu nào. Hãy sửa các lỗi dưới đây rồi tải tệp lên lại."
    )
    bad_number = (
        "“{}” không phải số hợp lệ: ghi số theo dạng 10.700 hoặc 1.234,5 (dấu chấm ngăn cách hàng nghìn, dấu phẩy "
        "trước phần thập phân, tối đa 2 chữ số thập phân)."
    )
    assert job_errors(job) == [
        (3, "B", "Bắt buộc, chưa nhập."),
        (3, "C", "“Mô hình lớn” không hợp lệ; chọn Mô hình hoặc Điển hình."),
        (3, "D", "Bắt buộc, chưa nhập."),
        (4, "B", "Dài quá 500 ký tự (hiện có 501 ký tự)."),
        (5, "E", "Điển hình cá nhân cần có họ tên cá nhân."),
        (5, "R", "Không được là số âm."),
        (
            6,
            "F",
            f"Không tìm thấy đơn vị “{world.front_b.name}” trong Xã Long Điền. Ghi đúng tên đơn vị như ở trang "
            "Danh_muc của tệp mẫu.",
        ),
        (7, "G", "Không tìm thấy địa bàn “Ấp Không Có” trong Xã Long Điền (xem trang Danh_muc của tệp mẫu)."),
        (8, "G", "Địa bàn thực hiện phải thuộc địa bàn của đơn vị đăng ký (Ấp Bắc)."),
        (9, "H", "Lĩnh vực “Môi trường” không có trong danh mục (xem trang Danh_muc của tệp mẫu)."),
        (10, "I", "Năm phải từ 2000 đến 2100."),
        (11, "I", "“năm 2025” không phải số nguyên."),
        (12, "J", "Giai đoạn “Giai đoạn 2016-2020” không có trong danh mục (xem trang Danh_muc của tệp mẫu)."),
        (13, "J", "Năm đăng ký 2025 nằm ngoài “Giai đoạn 2026-2030” (2026–2030)."),
        (14, "K", "Ngày không hợp lệ, dùng dd/mm/yyyy."),
        (15, "L", "Ngày bắt đầu thực hiện không được sau 31/12/2026 (cuối năm sau năm đăng ký)."),
        (16, "R", "Không được là số âm."),
        (16, "S", bad_number.format("1.5")),
        (16, "T", bad_number.format("1,234")),
        (17, "B", f"{world.front_a.name} đã đăng ký “Đường hoa” năm 2025."),
        (18, "B", "Trùng tên với dòng 2 (cùng đơn vị đăng ký, cùng năm)."),
        (20, "Q", "Dài quá 30 ký tự (hiện có 31 ký tự)."),
    ]
    assert job.errors[0] == {
        "sheet": "Danh_sach",
        "row": 3,
        "letter": "B",
        "header": "Tên mô hình/điển hình",
        "column": "Danh_sach · B (Tên mô hình/điển hình)",
        "message": "Bắt buộc, chưa nhập.",
    }
    assert job.errors[5]["column"] == f"Danh_sach · R ({ROAD})"


def test_import_reads_dates_as_the_hamlet_import_does(world, login, django_capture_on_commit_callbacks):
    """dd/mm/yyyy, yyyy-mm-dd and real dates; a bare number is named as such (core.imports.date_problem)."""
    good = [
        data_row(world, name="Mô hình ISO", registered_on="2025-03-05", start_date=datetime.datetime(2025, 3, 15)),
        data_row(world, name="Mô hình Việt", registered_on="06/03/2025", index=2),
    ]
    bad = [data_row(world, name="Mô hình số", registered_on=45721)]
    client = login(world.editor_a)

    _, imported = post_import(client, world.commune_a, workbook_bytes(rows=good), django_capture_on_commit_callbacks)
    _, refused = post_import(client, world.commune_a, workbook_bytes(rows=bad), django_capture_on_commit_callbacks)

    records = Initiative.objects.filter(name__startswith="Mô hình").order_by("name")
    assert (imported.errors, [(r.name, r.registered_on, r.start_date) for r in records]) == (
        [],
        [
            ("Mô hình ISO", datetime.date(2025, 3, 5), datetime.date(2025, 3, 15)),
            ("Mô hình Việt", datetime.date(2025, 3, 6), None),
        ],
    )
    assert job_errors(refused) == [
        (
            2,
            "K",
            "“45721” là một số, không phải ngày: ghi ngày dạng dd/mm/yyyy (ví dụ 01/07/2025) hoặc định dạng ô là ngày.",
        )
    ]


def test_import_one_bad_row_among_good_ones_writes_nothing(world, login, django_capture_on_commit_callbacks):
    rows = [data_row(world, name=f"Mô hình {n}", index=n) for n in range(1, 50)] + [data_row(world, field="Không có")]
    before = table_counts()

    _, job = post_import(
        login(world.editor_a), world.commune_a, workbook_bytes(rows=rows), django_capture_on_commit_callbacks
    )

    assert (table_counts(), job_errors(job)) == (
        before,
        [(51, "H", "Lĩnh vực “Không có” không có trong danh mục (xem trang Danh_muc của tệp mẫu).")],
    )


def test_import_refuses_a_fraction_of_a_count(world, login, django_capture_on_commit_callbacks):
    rows = [data_row(world, name="Thắp sáng đường quê", results=["10,5", "2,5"])]
    before = table_counts()

    _, job = post_import(
        login(world.editor_a),
        world.commune_a,
        workbook_bytes(rows=rows, metrics=[ROAD, LAMPS]),
        django_capture_on_commit_callbacks,
    )

    assert (table_counts(), job_errors(job)) == (
        before,
        [(2, "S", "“Đèn chiếu sáng lắp đặt” đếm bằng bóng nên giá trị phải là số nguyên.")],
    )


def test_import_checks_registration_dates_and_phones_row_by_row(world, login, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    this_year = today.year
    rows = [
        data_row(world, name="Mô hình năm nay", year=this_year, registered_on=None, contact_phone="(0254) 3.123.456"),
        data_row(world, name="Mô hình ngày tương lai", year=this_year, registered_on=f"31/12/{this_year + 4}"),
        data_row(world, name="Mô hình ngày năm khác", year=this_year, registered_on=f"15/03/{this_year - 2}"),
        data_row(world, name="Mô hình năm trước", year=this_year - 1, registered_on=None),
        data_row(world, name="Mô hình năm sau", year=this_year + 1, registered_on=None),
        data_row(world, name="Mô hình điện thoại chữ", contact_phone="abc xyz"),
        data_row(world, name="Mô hình điện thoại số", contact_phone=912345678),
    ]
    before = table_counts()

    _, job = post_import(
        login(world.editor_a), world.commune_a, workbook_bytes(rows=rows), django_capture_on_commit_callbacks
    )

    assert table_counts() == before
    assert job.status == Job.Status.FAILED
    assert job_errors(job) == [
        (3, "K", f"Ngày đăng ký không được sau ngày hôm nay ({today:%d/%m/%Y})."),
        (4, "K", f"Ngày đăng ký (15/03/{this_year - 2}) phải thuộc năm đăng ký {this_year}."),
        (
            5,
            "K",
            f"Chưa nhập ngày đăng ký: chỉ để trống khi năm đăng ký là năm nay ({this_year}); với năm "
            f"{this_year - 1}, ghi ngày đăng ký trong năm đó (dd/mm/yyyy).",
        ),
        (6, "I", f"Năm đăng ký không được sau năm nay ({this_year})."),
        (7, "Q", str(PHONE_MESSAGE)),
    ]


def test_import_organization_named_twice_needs_its_area(world, login, django_capture_on_commit_callbacks):
    dong = hamlet(world.commune_a, "Ấp Đông")
    organization(world.hamlet_a, "mttq", name="Ban công tác Mặt trận")
    in_dong = organization(dong, "mttq", name="Ban công tác Mặt trận")
    rows = [
        data_row(world, name="Mô hình 1", organization="ban cong tac mat tran"),
        data_row(world, name="Mô hình 2", organization="Ban công tác Mặt trận (Ấp Đông)"),
    ]
    client = login(world.editor_a)

    _, failed = post_import(client, world.commune_a, workbook_bytes(rows=rows), django_capture_on_commit_callbacks)
    _, done = post_import(client, world.commune_a, workbook_bytes(rows=rows[1:]), django_capture_on_commit_callbacks)

    assert job_errors(failed) == [
        (
            2,
            "F",
            "Có 2 đơn vị tên “ban cong tac mat tran” trong Xã Long Điền; ghi kèm địa bàn như ở trang Danh_muc, "
            "ví dụ “Ban công tác Mặt trận (Ấp Bắc)”.",
        )
    ]
    assert (done.status, list(Initiative.objects.values_list("organization", "area"))) == (
        Job.Status.SUCCEEDED,
        [(in_dong.pk, dong.pk)],
    )


def test_import_area_named_twice_in_a_province_needs_its_commune(world, login, django_capture_on_commit_callbacks):
    bac_b = hamlet(world.commune_b, "Ấp Bắc")
    front_province = organization(world.province, "mttq")
    rows = [
        data_row(world, name="Mô hình 1", organization=front_province.name, area="Ấp Bắc"),
        data_row(world, name="Mô hình 2", organization=front_province.name, area="Ấp Bắc, Xã Thạnh An"),
        data_row(world, name="Mô hình 3", organization=world.front_a.name, area="Ấp Bắc"),  # one in commune A
    ]
    client = login(world.province_editor)

    _, failed = post_import(client, world.province, workbook_bytes(rows=rows), django_capture_on_commit_callbacks)
    _, done = post_import(client, world.province, workbook_bytes(rows=rows[1:]), django_capture_on_commit_callbacks)

    assert job_errors(failed) == [
        (
            2,
            "G",
            f"Có 2 địa bàn tên “Ấp Bắc” thuộc {world.province.name}; ghi thêm tên xã sau dấu phẩy, ví dụ "
            "“Ấp Bắc, Xã Long Điền”.",
        )
    ]
    assert (done.status, sorted(Initiative.objects.values_list("name", "organization", "area"))) == (
        Job.Status.SUCCEEDED,
        [("Mô hình 2", front_province.pk, bac_b.pk), ("Mô hình 3", world.front_a.pk, world.hamlet_a.pk)],
    )


def test_import_checks_again_inside_the_write_transaction(
    world, login, django_capture_on_commit_callbacks, monkeypatch
):
    """A record registered by someone else between the check and the write is reported, not duplicated."""
    lock = import_jobs.RegistrationImport.lock

    def lock_after_a_concurrent_registration(self):
        InitiativeFactory(organization=world.front_a, name="Thắp sáng đường quê", year=2025)
        lock(self)

    monkeypatch.setattr(import_jobs.RegistrationImport, "lock", lock_after_a_concurrent_registration)

    _, job = post_import(
        login(world.editor_a),
        world.commune_a,
        workbook_bytes(rows=[data_row(world)]),
        django_capture_on_commit_callbacks,
    )

    assert (job.status, job_errors(job)) == (
        Job.Status.FAILED,
        [(2, "B", f"{world.front_a.name} đã đăng ký “Thắp sáng đường quê” năm 2025.")],
    )
    assert Initiative.objects.count() == 0  # the concurrent one was rolled back with the import here
