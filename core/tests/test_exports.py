import io

import pytest
from openpyxl import load_workbook

from core.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _names(content: bytes) -> list[str]:
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    return sorted(row[0] for row in rows[1:])


def test_small_export_is_built_in_the_request(world, client):
    client.force_login(world.editor_a)

    response = client.get("/areas/", {"export": "xlsx"})

    assert response["Content-Disposition"].endswith("dia-ban.xlsx")
    assert _names(response.content) == ["Xã Long Điền", "Ấp Bắc"]


def test_large_export_runs_as_a_background_job_with_the_users_scope_and_filters(
    world, client, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_SYNC_ROWS = 1
    client.force_login(world.province_editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/areas/", {"export": "xlsx", "level": 3})

    job = Job.objects.get()
    assert (response.status_code, response.url) == (302, job.get_absolute_url())
    assert (job.status, job.progress_total, job.created_by) == (Job.Status.SUCCEEDED, 2, world.province_editor)
    download = client.get(f"/jobs/{job.pk}/download/")
    assert _names(b"".join(download.streaming_content)) == ["Xã Long Điền", "Xã Thạnh An"]
    assert "Tải tệp" in client.get(job.get_absolute_url()).content.decode()


def test_export_download_is_404_for_other_users(world, client, settings, django_capture_on_commit_callbacks):
    settings.EXPORT_SYNC_ROWS = 1
    client.force_login(world.province_editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/areas/", {"export": "xlsx"})
    job = Job.objects.get()

    client.force_login(world.editor_b)

    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404
