"""Write a validated registration list, and run its import Job from the stored file to the end."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import record_bulk
from core.bulk import Builder, insert_objects
from core.imports import ImportRun, create_job, run_claimed
from core.models import Job
from initiatives.choices import Status, TransitionAction
from initiatives.imports.sheets import IMPORT_JOB_KIND, read_workbook
from initiatives.imports.validation import RowPlan, load_existing, recheck, validate
from initiatives.models import Initiative, ResultValue, Transition
from orgunits.choices import AreaLevel
from orgunits.models import Area, Organization

#
# Writing
#


def registration_reason(file_name: str) -> str:
    return _("Nhập từ tệp Excel “%(file)s”.") % {"file": file_name}


def write(plan: list[RowPlan], *, user, reason: str = "") -> list[Initiative]:
    """Register the planned records, as `services.register()` would, in bulk (core.bulk: COPY on
    PostgreSQL); call inside a transaction.

    For each record this writes exactly the rows `register(initiative, user=user, results=...,
    reason=reason)` writes: the record (status registered, created by `user`, the organization's
    path, its search text and name key), its result values, the "register" Transition, and one audit entry for
    each of them (`record_bulk`, attributed to the current actor). The rows were checked by
    `validation.validate()` with the model's own `full_clean()`. register() row by row is what
    this replaces because it costs about a dozen queries per record (see the package docstring).
    """
    user = user if user is not None and user.is_authenticated else None
    initiatives = []
    for item in plan:
        initiative = item.initiative
        initiative.status = Status.REGISTERED
        initiative.created_by = user
        initiative.path = initiative.path or initiative.organization.path
        initiative.set_derived_fields()
        initiatives.append(initiative)
    insert_objects(initiatives)
    record_bulk(initiatives)
    result = Builder(ResultValue)
    results = [
        result(initiative=item.initiative, metric=metric, value=value, note="")
        for item in plan
        for metric, value in item.results
    ]
    insert_objects(results)
    record_bulk(results)
    transition = Builder(Transition)
    transitions = [
        transition(
            initiative=initiative,
            action=TransitionAction.REGISTER,
            from_status="",
            to_status=Status.REGISTERED,
            user=user,
            reason=reason,
        )
        for initiative in initiatives
    ]
    insert_objects(transitions)
    # The audit entry's text is str(transition), whose get_action_display() translates all the
    # choices again on every call (0.1 ms, a second on 10,000 rows): the one label, looked up once.
    label = str(TransitionAction.REGISTER.label)
    for transition in transitions:
        transition.get_action_display = lambda label=label: label
    record_bulk(transitions)
    return initiatives


#
# Jobs
#


def importable_areas(user):
    """Return the current provinces, (former) districts and communes `user` may add records in."""
    return Area.objects.restrict(user, "add").current().filter(level__lt=AreaLevel.HAMLET)


def create_import_job(*, area: Area, user, upload) -> Job:
    """Store the uploaded file on a new pending Job for `area`; the caller enqueues the task."""
    return create_job(
        kind=IMPORT_JOB_KIND,
        title=_("Nhập danh sách đăng ký mô hình, điển hình từ Excel: %(area)s") % {"area": area.name},
        user=user,
        target=area,
        upload=upload,
        filename=f"nhap-mo-hinh-{area.pk}.xlsx",
    )


def list_url(area: Area, initiatives: list[Initiative]) -> str:
    """Return the registry's list filtered to the area (and the year, when the file had one)."""
    query = {"within": area.pk}
    years = {initiative.year for initiative in initiatives}
    if len(years) == 1:
        query["year"] = years.pop()
    return f"{reverse('initiatives:initiative_list')}?{urlencode(query)}"


class RegistrationImport(ImportRun):
    """A registration list into the organizations of one area, for the job's creator.

    While writing, the organizations the file names are locked (in id order), so two imports for
    the same organization cannot both pass the duplicate-name check; the second waits and then
    reports the names the first one registered.
    """

    missing_target_message = gettext_lazy(
        "Không nhập được: địa bàn không còn, hoặc người tạo công việc không còn quyền thêm mô hình tại địa bàn này."
    )

    def get_target(self):
        user = self.job.created_by
        if user is None or not user.is_active:
            return None
        return importable_areas(user).filter(pk=self.job.target_id).first()

    def read(self, fileobj):
        return read_workbook(fileobj)

    def validate(self, parsed, progress=None):
        self.existing = load_existing(self.target)
        plan, problems = validate(parsed, self.existing, self.job.created_by, progress=progress)
        self.organization_ids = sorted({item.initiative.organization_id for item in plan})
        return plan, problems

    def lock(self):
        list(Organization.objects.select_for_update().filter(pk__in=self.organization_ids).order_by("pk").values("pk"))

    def recheck(self, parsed, plan):
        # Only what the database may have changed: the rows themselves were checked once (their
        # check is half the import's time on 10,000 rows; see validation.recheck).
        return plan, recheck(plan, parsed, self.target)

    def write(self, plan):
        initiatives = write(plan, user=self.job.created_by, reason=registration_reason(self.job.input_name))
        message = _("Đã nhập %(count)s mô hình, điển hình vào %(area)s.") % {
            "count": len(initiatives),
            "area": self.target.name,
        }
        return message, {"next_url": list_url(self.target, initiatives), "created": len(initiatives)}


def run_import(job_id: int) -> None:
    """Claim and run the import job `job_id`: the job is left succeeded or failed, never running."""
    run_claimed(job_id, IMPORT_JOB_KIND, RegistrationImport)
