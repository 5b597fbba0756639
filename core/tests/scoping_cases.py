"""Audit entries and jobs are scoped by the path of the unit they concern."""

from core.models import Job, ObjectChange
from tests.factories.accounts import user_with_role
from tests.scoping import ScopedCase

# Who reads the audit log and the jobs: everything, a commune's administration, or only their own.
MANAGERS = ("admin", "unit_admin", "editor")


def manager(world, who: str):
    """Return the user `who` (one of MANAGERS): the system administrator, commune A's unit
    administrator, or commune A's editor."""
    if who == "unit_admin":
        return user_with_role("qt_a", "unit_admin", world.commune_a)
    return {"admin": world.admin, "editor": world.editor_a}[who]


def _change(world, where):
    area = world.commune_a if where == "a" else world.commune_b
    return ObjectChange.objects.filter(object_id=str(area.pk), content_type__model="area").first()


def _job(world, where):
    area = world.commune_a if where == "a" else world.commune_b
    return Job.objects.create(kind="test", title=f"Nhập dữ liệu {where}", scope_path=area.path, target_id=area.pk)


CASES = [
    ScopedCase(
        model=ObjectChange,
        make=_change,
        detail_url="core:objectchange_detail",
        list_url="core:objectchange_list",
        extra={"action": "manage"},
    ),
    ScopedCase(
        model=Job, make=_job, detail_url="core:job_detail", list_url="core:job_list", extra={"action": "manage"}
    ),
]
