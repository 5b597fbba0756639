"""Background tasks of the unit tree (thin: re-fetch, then call a service)."""

from django_tasks import task

from orgunits import imports


@task()
def import_units(*, job_id: int) -> None:
    """Run the Excel import of `job_id`; its audit entries are attributed to the job's creator."""
    imports.run_import(job_id)
