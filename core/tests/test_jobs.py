"""Jobs left running by a worker that stopped are marked failed; until then their page warns."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core import jobs
from core.models import Job
from core.tests.scoping_cases import MANAGERS, manager
from core.views_audit import visible_jobs

pytestmark = pytest.mark.django_db


def job_updated(status, minutes_ago, area, created_by=None, **fields):
    job = Job.objects.create(
        kind="test", title=f"Việc {status} {minutes_ago}", status=status, scope_path=area.path, created_by=created_by
    )
    # `updated` is auto_now: set the time of the last saved progress directly.
    Job.objects.filter(pk=job.pk).update(updated=timezone.now() - datetime.timedelta(minutes=minutes_ago), **fields)
    job.refresh_from_db()
    return job


def test_only_running_jobs_silent_for_too_long_are_marked_failed(world, settings):
    settings.JOB_STALE_MINUTES = 30
    stale = job_updated(Job.Status.RUNNING, 31, world.commune_a, progress_done=40, progress_total=100)
    recent = job_updated(Job.Status.RUNNING, 29, world.commune_a)
    old_pending = job_updated(Job.Status.PENDING, 600, world.commune_a)
    old_done = job_updated(Job.Status.SUCCEEDED, 600, world.commune_a, message="Đã nhập 3 mô hình.")

    assert jobs.fail_stale_jobs() == 1

    statuses = dict(Job.objects.values_list("pk", "status"))
    assert [statuses[j.pk] for j in (stale, recent, old_pending, old_done)] == [
        "failed",
        "running",
        "pending",
        "succeeded",
    ]
    stale.refresh_from_db()
    assert stale.finished_at is not None and stale.progress_done == 40
    assert "quá 30 phút không có tiến triển" in stale.message and "không có gì bị ghi dở" in stale.message
    assert Job.objects.get(pk=old_done.pk).message == "Đã nhập 3 mô hình."
    assert jobs.fail_stale_jobs() == 0


def test_command_reports_how_many_jobs_it_marked(world, settings, capsys):
    settings.JOB_STALE_MINUTES = 10
    job_updated(Job.Status.RUNNING, 11, world.commune_a)

    call_command("fail_stale_jobs")

    assert "Đã đánh dấu thất bại 1 tác vụ bị gián đoạn (không tiến triển trong 10 phút)." in capsys.readouterr().out


def test_job_page_warns_while_a_running_job_has_made_no_progress(world, client, settings):
    settings.JOB_STALE_MINUTES = 30
    stale = job_updated(Job.Status.RUNNING, 45, world.commune_a, created_by=world.editor_a)
    recent = job_updated(Job.Status.RUNNING, 1, world.commune_a, created_by=world.editor_a)
    client.force_login(world.editor_a)

    stale_page = client.get(reverse("core:job_detail", kwargs={"pk": stale.pk})).content.decode()
    recent_page = client.get(reverse("core:job_detail", kwargs={"pk": recent.pk})).content.decode()

    assert 'id="job-stale"' in stale_page and "hơn 30 phút" in stale_page
    assert 'id="job-stale"' not in recent_page
    assert Job.objects.get(pk=stale.pk).status == Job.Status.RUNNING  # the page only reads


@pytest.mark.parametrize("who", MANAGERS)
def test_the_jobs_a_user_sees_are_one_condition_on_the_table(world, who):
    user = manager(world, who)
    mine = Job.objects.create(kind="test", title="Của tôi", created_by=user, scope_path=world.commune_b.path)
    managed = Job.objects.create(kind="test", title="Của xã A", scope_path=world.commune_a.path)
    other = Job.objects.create(kind="test", title="Của xã B", scope_path=world.commune_b.path)

    jobs = visible_jobs(user)

    assert "SELECT" not in str(jobs.query).split(" FROM ", 1)[1]
    assert {mine, managed, other} & set(jobs) == {
        "admin": {mine, managed, other},
        "unit_admin": {mine, managed},
        "editor": {mine},
    }[who]
