"""Background tasks of the platform (thin: claim the job, call the service)."""

import logging

from django_tasks import task

from core import export_jobs, jobs

logger = logging.getLogger(__name__)


@task()
def export_list(*, job_id: int) -> None:
    """Build the Excel file of export job `job_id`."""
    job = jobs.claim(job_id, export_jobs.EXPORT_JOB_KIND)
    if job is None:
        logger.warning("Export job %s is missing or was already started; nothing to do", job_id)
        return
    export_jobs.run_export(job)
