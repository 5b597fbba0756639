"""The roll-up and completeness downloads answer "Xuất Excel" as every list does: in the request
when small, otherwise as a background job followed on its page, reused while it is being built."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.models import Job
from reports import services
from tests.factories.accounts import user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]
ROLLUP = reverse("reports:rollup")
COMPLETENESS = reverse("reports:completeness")


def _approved(setup, world):
    report = services.open_report(setup.form, setup.period, world.front_a, user=world.editor_a)
    services.save_report(
        report, user=world.editor_a, version=report.version, values={setup.received.pk: "10", setup.resolved.pk: "9"}
    )
    services.submit(report, user=world.editor_a)
    return services.approve(report, user=user_with_role("duyet_tinh", "approver", world.province))


def _query(setup, world, **extra):
    return {"form": setup.form.pk, "period": setup.period.code, "area": world.province.pk, "export": "xlsx", **extra}


def _sheet(job):
    with job.output_file.open("rb") as file:
        return load_workbook(io.BytesIO(file.read())).active


def test_large_rollup_export_runs_as_a_job_and_downloads_the_same_table(
    setup, world, client, settings, django_capture_on_commit_callbacks
):
    _approved(setup, world)
    settings.EXPORT_SYNC_ROWS = 1  # the province's two communes make a "large" table
    client.force_login(world.province_editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(ROLLUP, _query(setup, world), follow=True)

    job = Job.objects.get()
    sheet = _sheet(job)
    download = client.get(reverse("core:job_download", kwargs={"pk": job.pk}))
    assert response.redirect_chain == [(job.get_absolute_url(), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Danh sách lớn: tệp Excel đang được tạo, tải về khi hoàn thành."
    ]
    assert (job.status, job.created_by, job.progress_total, job.message) == (
        Job.Status.SUCCEEDED,
        world.province_editor,
        2,
        "Đã xuất 2 dòng.",
    )
    assert download["Content-Disposition"].endswith('tong-hop-bao_cao_quy-2025Q2-tinh-thu-nghiem.xlsx"')
    assert [sheet.cell(row=9, column=c).value for c in range(1, 5)] == ["Tỉnh Thử Nghiệm (tổng hợp)", 10, 9, 90]
    assert [sheet.cell(row=r, column=1).value for r in (10, 11)] == ["Xã Long Điền", "Xã Thạnh An"]


def test_large_completeness_export_runs_as_a_job_with_the_pages_filters(
    setup, world, client, settings, django_capture_on_commit_callbacks
):
    _approved(setup, world)
    settings.EXPORT_SYNC_ROWS = 0
    client.force_login(world.province_editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(COMPLETENESS, _query(setup, world, state="missing"))

    job = Job.objects.get()
    rows = list(_sheet(job).iter_rows(min_row=15, values_only=True))
    assert (response.status_code, response.url, job.status) == (302, job.get_absolute_url(), Job.Status.SUCCEEDED)
    assert job.result["filename"] == "tinh-hinh-nop-bao_cao_quy-2025Q2-tinh-thu-nghiem.xlsx"
    assert [row[1:3] for row in rows] == [(world.front_b.name, "Xã Thạnh An")]


@pytest.mark.parametrize("url", [ROLLUP, COMPLETENESS])
def test_export_clicked_twice_reuses_the_pending_job(setup, world, client, no_worker, url):
    client.force_login(world.province_editor)

    first = client.get(url, _query(setup, world, sort="-name"))
    again = client.get(url, {**_query(setup, world, sort="-name"), "page": 2}, follow=True)
    other = client.get(url, _query(setup, world, sort="name"))

    jobs = list(Job.objects.order_by("pk"))
    assert (len(jobs), len(no_worker.results), first.url, other.url) == (
        2,
        2,
        jobs[0].get_absolute_url(),
        jobs[1].get_absolute_url(),
    )
    assert again.redirect_chain == [(jobs[0].get_absolute_url(), 302)]
    assert "đang được tạo từ lúc" in [str(m) for m in again.context["messages"]][-1]


def test_small_rollup_export_is_built_in_the_request(setup, world, client):
    client.force_login(world.province_editor)

    response = client.get(ROLLUP, _query(setup, world))

    assert (response.status_code, Job.objects.count()) == (200, 0)
    assert response["Content-Disposition"].endswith("tong-hop-bao_cao_quy-2025Q2-tinh-thu-nghiem.xlsx")


def test_export_job_of_a_selection_no_longer_valid_fails_with_a_message(setup, world, client, no_worker):
    client.force_login(world.province_editor)
    client.get(COMPLETENESS, _query(setup, world))
    job = Job.objects.get()
    setup.form.is_active = False  # the form was withdrawn before a worker picked the job up
    setup.form.save()

    from core import tasks

    tasks.export_list.call(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.message.startswith("Không tạo được tệp Excel."), bool(job.output_file)) == (
        Job.Status.FAILED,
        True,
        False,
    )
