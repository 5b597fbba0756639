"""Background tasks of the "Dân vận khéo" registry (thin: ids in, then a service)."""

from django_tasks import task

from initiatives import imports


@task()
def import_initiatives(*, job_id: int) -> None:
    """Run the Excel import of `job_id`; its records and audit entries are attributed to the job's creator."""
    imports.run_import(job_id)
