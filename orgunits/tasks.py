"""Background tasks of the unit tree (thin: re-fetch, then call a service)."""

import logging

from django_tasks import task

from core.audit import acting_as
from orgunits import imports

logger = logging.getLogger(__name__)


@task()
def import_units(*, job_id: int) -> None:
    """Run the Excel import of `job_id`; its audit entries are attributed to the job's creator."""
    job = imports.claim_job(job_id)
    if job is None:
        logger.warning("Import job %s is missing or was already started; nothing to do", job_id)
        return
    with acting_as(job.created_by):
        imports.run_import(job)
