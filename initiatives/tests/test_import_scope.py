"""Excel import of a registration list: who may import where, the pages, the task's failures."""

import pytest
from django.urls import reverse

from accounts.models import RoleAssignment
from core.models import Job
from initiatives import imports
from initiatives.models import Initiative
from initiatives.tasks import import_initiatives
from initiatives.tests.import_files import (
    data_row,
    job_errors,
    media,  # noqa: F401 -- an autouse fixture
    post_import,
    table_counts,
    upload,
    workbook_bytes,
)
from tests.factories.accounts import user_with_role

#
# Scope
#


def test_import_into_another_communes_organization_is_refused(world, login, django_capture_on_commit_callbacks):
    """Commune A's editor can neither choose commune B nor name commune B's organizations."""
    client = login(world.editor_a)
    content = workbook_bytes(rows=[data_row(world, organization=world.front_b.name)])

    refused = client.post(reverse("initiatives:import"), {"area": world.commune_b.pk, "file": upload(content)})
    _, job = post_import(client, world.commune_a, content, django_capture_on_commit_callbacks)

    assert refused.status_code == 404
    assert job_errors(job) == [
        (
            2,
            "F",
            f"Không tìm thấy đơn vị “{world.front_b.name}” trong Xã Long Điền. Ghi đúng tên đơn vị như ở trang "
            "Danh_muc của tệp mẫu.",
        )
    ]
    assert (Job.objects.count(), Initiative.objects.count()) == (1, 0)


def test_province_editor_imports_into_both_communes(world, login, django_capture_on_commit_callbacks):
    rows = [data_row(world, name="Mô hình A"), data_row(world, name="Mô hình B", organization=world.front_b.name)]

    _, job = post_import(
        login(world.province_editor), world.province, workbook_bytes(rows=rows), django_capture_on_commit_callbacks
    )

    assert job.status == Job.Status.SUCCEEDED
    assert sorted(Initiative.objects.values_list("name", "organization", "created_by")) == [
        ("Mô hình A", world.front_a.pk, world.province_editor.pk),
        ("Mô hình B", world.front_b.pk, world.province_editor.pk),
    ]


def test_task_of_a_creator_who_lost_the_role_fails_and_writes_nothing(world):
    editor = user_with_role("xa_a_cu", "editor", world.commune_a)
    job = imports.create_import_job(
        area=world.commune_a, user=editor, upload=upload(workbook_bytes(rows=[data_row(world)]))
    )
    editor.role_assignments.all().delete()

    import_initiatives.enqueue(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.message, Initiative.objects.count()) == (
        Job.Status.FAILED,
        "Không nhập được: địa bàn không còn, hoặc người tạo công việc không còn quyền thêm mô hình tại địa bàn này.",
        0,
    )


@pytest.mark.parametrize("url_name", ["initiatives:import", "initiatives:import_template"])
def test_import_pages_for_an_invisible_area_get_404(world, login, url_name):
    response = login(world.editor_b).get(reverse(url_name), {"area": world.commune_a.pk})

    assert response.status_code == 404


@pytest.mark.parametrize("where", ["hamlet_a", "other_province"])
def test_import_page_for_a_hamlet_or_unknown_area_gets_404(world, login, where):
    response = login(world.editor_a).get(reverse("initiatives:import"), {"area": getattr(world, where).pk})

    assert response.status_code == 404


def test_import_page_for_an_area_seen_but_not_editable_gets_403(world, login):
    editor = user_with_role("xa_a_tinh_xem", "editor", world.commune_a)
    RoleAssignment.objects.create(user=editor, role="viewer", area=world.province)

    response = login(editor).get(reverse("initiatives:import"), {"area": world.province.pk})

    assert response.status_code == 403
    assert "Bạn không có quyền thêm mô hình, điển hình tại Tỉnh Thử Nghiệm." in response.content.decode()


def test_import_page_viewer_gets_403_and_creates_no_job(world, login):
    client = login(world.viewer_a)

    page = client.get(reverse("initiatives:import"))
    post = client.post(reverse("initiatives:import"), {"area": world.commune_a.pk, "file": upload(b"x")})

    assert (page.status_code, post.status_code, Job.objects.count()) == (403, 403, 0)
    assert "Bạn không có quyền thêm mô hình, điển hình ở địa bàn nào." in page.content.decode()


def test_import_page_anonymous_is_sent_to_login(world, client):
    url = reverse("initiatives:import")

    response = client.get(url)

    assert (response.status_code, response["Location"]) == (302, f"{reverse('login')}?next={url}")


def test_import_page_commune_editor_gets_their_commune_by_default(world, login):
    response = login(world.editor_a).get(reverse("initiatives:import"))

    html = response.content.decode()
    assert (response.status_code, response.context["area"]) == (200, world.commune_a)
    assert f'href="{reverse("initiatives:import_template")}?area={world.commune_a.pk}"' in html
    assert 'enctype="multipart/form-data"' in html


def test_import_page_administrator_chooses_the_area_first(world, login):
    response = login(world.admin).get(reverse("initiatives:import"))

    assert response.context["area"] is None
    assert 'enctype="multipart/form-data"' not in response.content.decode()


def test_import_post_without_area_by_an_administrator_gets_404(world, login):
    response = login(world.admin).post(
        reverse("initiatives:import"), {"file": upload(workbook_bytes(rows=[data_row(world)]))}
    )

    assert (response.status_code, Job.objects.count()) == (404, 0)


def test_area_autocomplete_offers_only_areas_the_user_may_import_into(world, login):
    response = login(world.province_editor).get(reverse("initiatives:import_area_autocomplete"), {"area__search": "xa"})

    assert [a.name for a in response.context["objects"]] == ["Xã Long Điền", "Xã Thạnh An"]


def test_import_page_lists_visible_import_jobs_and_polls_while_one_runs(world, login):
    mine = Job.objects.create(
        kind=imports.IMPORT_JOB_KIND, title="Nhập A", status=Job.Status.RUNNING, created_by=world.editor_a,
        scope_path=world.commune_a.path, target_id=world.commune_a.pk, input_name="dang-chay.xlsx",
    )  # fmt: skip
    Job.objects.create(kind=imports.IMPORT_JOB_KIND, title="Nhập B", created_by=world.editor_b)
    Job.objects.create(kind="orgunits.import_units", title="Nhập thôn", created_by=world.editor_a)
    url = reverse("initiatives:import")

    page = login(world.editor_a).get(url)
    fragment = login(world.editor_a).get(url, headers={"HX-Request": "true"})

    assert [job.pk for job in page.context["jobs"]] == [mine.pk]
    html = fragment.content.decode().strip()
    assert html.startswith(f'<div id="import-jobs" hx-get="{url}" hx-trigger="every 2s" hx-swap="outerHTML">')
    assert "dang-chay.xlsx" in html
    assert "<form" not in html


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
    before = table_counts()

    import_initiatives.enqueue(job_id=job.pk)

    job.refresh_from_db()
    assert table_counts() == before
    assert (job.status, job.errors) == (Job.Status.FAILED, [])
    assert job.message == (
        "Có lỗi ngoài dự kiến khi nhập dữ liệu; chưa ghi dữ liệu nào. Hãy thử lại; nếu vẫn lỗi, báo quản trị hệ "
        f"thống (mã công việc {job.pk})."
    )


def test_task_already_finished_job_is_left_alone(world):
    job = Job.objects.create(
        kind=imports.IMPORT_JOB_KIND, title="Nhập", status=Job.Status.SUCCEEDED, target_id=world.commune_a.pk
    )

    import_initiatives.enqueue(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.started_at, job.message) == (Job.Status.SUCCEEDED, None, "")
