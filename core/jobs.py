"""Generic life of a user-visible background Job: claim it once, save progress, finish it."""

import time

from django.utils import timezone

from core.models import Job

PROGRESS_SECONDS = 0.5


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
