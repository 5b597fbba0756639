"""Write a validated plan, and run an import Job from its stored file to succeeded or failed."""

import uuid

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import record_bulk
from core.imports import ImportRun, create_job, run_claimed
from core.models import Job
from orgunits.choices import AreaLevel, UnitSource
from orgunits.imports.sheets import IMPORT_JOB_KIND, read_workbook
from orgunits.imports.validation import Plan, load_existing, validate
from orgunits.models import Area, Organization

BATCH_SIZE = 500

#
# Writing
#


def _temporary_path() -> str:
    # Rows are inserted before their id (and so their path) is known; path is unique.
    return f"/tmp-import-{uuid.uuid4().hex}/"


def write(commune: Area, plan: Plan) -> tuple[list[Area], list[Organization]]:
    """Create the planned hamlets, then the organizations, level by level; call inside a transaction.

    Rows are bulk-inserted (about seven times faster than one `save()` per row: 5,000 rows take
    about 2.5 s instead of 18 s on SQLite), so this function does what `Area.save()` and
    `Organization.save()` would: level, depth, search text and the materialised path (inserted
    with a temporary path, then set from the new id), and it writes the audit entries with
    `record_bulk()`, attributed to the current actor.
    """
    hamlets: dict[int, Area] = {}
    for item in plan.hamlets:
        area = Area(
            kind=item.kind,
            level=item.kind.level,
            parent=commune,
            name=item.name,
            code=item.code,
            aliases=item.aliases,
            valid_from=item.valid_from,
            source=UnitSource.IMPORT,
            path=_temporary_path(),
        )
        area.search_text = area.compute_search_text()[:700]
        hamlets[item.row] = area
    Area.objects.bulk_create(hamlets.values(), batch_size=BATCH_SIZE)
    for area in hamlets.values():
        area.path = f"{commune.path}{area.pk}/"
        area.depth = area.path.count("/") - 1
    Area.objects.bulk_update(hamlets.values(), ["path", "depth"], batch_size=BATCH_SIZE)
    record_bulk(hamlets.values())

    # An organization's path extends its parent's, so parents from the file are inserted first:
    # generation 0 has no parent in the file, generation n+1 has its parent in generation n.
    generation: dict[int, int] = {}
    generations: dict[int, list] = {}
    for item in plan.organizations:
        generation[item.row] = generation[item.parent_row] + 1 if item.parent_row else 0
        generations.setdefault(generation[item.row], []).append(item)
    organizations: dict[int, Organization] = {}
    for level in sorted(generations):
        batch = []
        for item in generations[level]:
            org = Organization(
                kind=item.kind,
                name=item.name,
                area=item.area or hamlets[item.hamlet_row],
                parent=item.parent or (organizations[item.parent_row] if item.parent_row else None),
                reports_to=item.reports_to,
                short_name=item.short_name,
                phone=item.phone,
                email=item.email,
                address=item.address,
                source=UnitSource.IMPORT,
                path=_temporary_path(),
            )
            org.search_text = org.compute_search_text()[:600]
            organizations[item.row] = org
            batch.append(org)
        Organization.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        for org in batch:
            org.path = f"{org.parent.path if org.parent else org.area.path}o{org.pk}/"
        Organization.objects.bulk_update(batch, ["path"], batch_size=BATCH_SIZE)
    # Links to organizations of the file, which may come on a later row, once they all have ids.
    linked = []
    for item in plan.organizations:
        if item.reports_to_row:
            org = organizations[item.row]
            org.reports_to = organizations[item.reports_to_row]
            linked.append(org)
    Organization.objects.bulk_update(linked, ["reports_to"], batch_size=BATCH_SIZE)
    ordered = [organizations[item.row] for item in plan.organizations]
    record_bulk(ordered)
    return list(hamlets.values()), ordered


#
# Jobs
#


def create_import_job(*, commune: Area, user, upload) -> Job:
    """Store the uploaded file on a new pending Job for `commune`; the caller enqueues the task."""
    return create_job(
        kind=IMPORT_JOB_KIND,
        title=_("Nhập thôn/tổ dân phố và tổ chức từ Excel: %(commune)s") % {"commune": commune.name},
        user=user,
        target=commune,
        upload=upload,
        filename=f"nhap-don-vi-xa-{commune.pk}.xlsx",
    )


class UnitsImport(ImportRun):
    """Hamlets and organizations into one commune; the commune row is locked while writing
    (serialising concurrent imports into the same commune on PostgreSQL)."""

    missing_target_message = gettext_lazy("Không tìm thấy xã, phường cần nhập dữ liệu (có thể đã bị xóa).")

    def get_target(self):
        return Area.objects.select_related("kind").filter(pk=self.job.target_id, level=AreaLevel.COMMUNE).first()

    def read(self, fileobj):
        return read_workbook(fileobj)

    def validate(self, parsed, progress=None):
        return validate(self.target, parsed, load_existing(self.target, parsed), progress=progress)

    def lock(self):
        Area.objects.select_for_update().filter(pk=self.target.pk).first()

    def write(self, plan):
        hamlets, organizations = write(self.target, plan)
        message = _("Đã nhập %(hamlets)s thôn/tổ dân phố và %(organizations)s tổ chức.") % {
            "hamlets": len(hamlets),
            "organizations": len(organizations),
        }
        result = {
            "next_url": self.target.get_absolute_url(),
            "hamlets": len(hamlets),
            "organizations": len(organizations),
        }
        return message, result


def run_import(job_id: int) -> None:
    """Claim and run the import job `job_id`: the job is left succeeded or failed, never running."""
    run_claimed(job_id, IMPORT_JOB_KIND, UnitsImport)
