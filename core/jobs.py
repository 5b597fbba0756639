"""Generic life of a user-visible background Job: claim it once, save progress, finish it."""

import datetime
import logging
import time

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Job

PROGRESS_SECONDS = 0.5
logger = logging.getLogger(__name__)


def claim(job_id: int, kind: str) -> Job | None:
    """Mark a pending job of `kind` running and return it; None if missing or already claimed.

    The conditional UPDATE makes the claim safe when two workers pick up the same task.
    """
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, kind=kind, status=Job.Status.PENDING).update(
        status=Job.Status.RUNNING, started_at=now, updated=now
    )
    if claimed != 1:
        return None
    return Job.objects.select_related("created_by").get(pk=job_id)


def save_fields(job: Job, **fields) -> None:
    """Set and save only the given fields (and `updated`)."""
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=[*fields, "updated"])


def progress_saver(job: Job, every_seconds: float = PROGRESS_SECONDS):
    """Return a callback saving `progress_done`, at most every `every_seconds` (each save is a commit)."""
    last = time.monotonic()

    def save(done: int) -> None:
        nonlocal last
        if time.monotonic() - last >= every_seconds:
            last = time.monotonic()
            save_fields(job, progress_done=done)

    return save


def stale_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """Return the time before which a running job's last saved progress makes it stale."""
    return (now or timezone.now()) - datetime.timedelta(minutes=settings.JOB_STALE_MINUTES)


def is_stale(job: Job, now: datetime.datetime | None = None) -> bool:
    """Whether `job` is running but has saved nothing for JOB_STALE_MINUTES (its worker may be gone)."""
    return job.status == Job.Status.RUNNING and job.updated < stale_cutoff(now)


def fail_stale_jobs(now: datetime.datetime | None = None) -> int:
    """Mark failed the running jobs that saved no progress for JOB_STALE_MINUTES; return how many.

    A worker that stops mid-job (killed, machine restarted) leaves its job running for ever. The
    job's writes happen in one transaction, which the database rolled back with the worker, so
    nothing is half-written: the message says so and asks to run the job again. A running job
    saves its progress at least every few seconds while it reads and checks rows, so only a job
    whose worker is gone (or a single write longer than the limit) stays silent that long.
    """
    now = now or timezone.now()
    minutes = settings.JOB_STALE_MINUTES
    message = _(
        "Công việc bị gián đoạn: quá %(minutes)s phút không có tiến triển (máy xử lý nền có thể đã dừng). "
        "Dữ liệu được ghi trong một giao dịch nên không có gì bị ghi dở; hãy chạy lại công việc "
        "(tải tệp lên lại hoặc xuất lại)."
    ) % {"minutes": minutes}
    stale = Job.objects.filter(status=Job.Status.RUNNING, updated__lt=stale_cutoff(now))
    ids = list(stale.values_list("pk", flat=True))
    # Conditional on the same test: a job that saved progress meanwhile is left running.
    failed = stale.filter(pk__in=ids).update(status=Job.Status.FAILED, finished_at=now, updated=now, message=message)
    if failed:
        logger.warning("Marked %s interrupted job(s) failed: %s", failed, ids)
    return failed
