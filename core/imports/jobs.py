"""The upload form and the import Job's run from the stored file to succeeded or failed."""

import io
import logging
from collections.abc import Callable, Sequence

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import jobs
from core.audit import acting_as
from core.imports.cells import Problem
from core.imports.reading import ParsedFile, check_readable
from core.models import Job

logger = logging.getLogger(__name__)

MAX_ERRORS = 1_000

#
# The upload
#


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".").replace(".", ",")


class ExcelUploadForm(forms.Form):
    """The upload: one .xlsx file, checked for type, size and readability before a Job is made."""

    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx)"),
        error_messages={
            "required": gettext_lazy("Hãy chọn tệp Excel (.xlsx) cần nhập."),
            "empty": gettext_lazy("Tệp tải lên rỗng (0 byte). Hãy chọn lại tệp đã điền dữ liệu."),
            "invalid": gettext_lazy("Không nhận được tệp. Hãy chọn lại tệp."),
        },
        widget=forms.FileInput(
            attrs={
                "class": "form-control",
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _(
                    "Chỉ nhận tệp Excel .xlsx. Nếu dữ liệu đang ở dạng .xls, .csv hoặc .ods, hãy mở bằng Excel "
                    "và lưu lại dưới dạng “Excel Workbook (.xlsx)”."
                )
            )
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (%(size)s MB); chỉ nhận tệp đến %(max)s MB. Hãy chia thành nhiều tệp nhỏ hơn.")
                % {"size": megabytes(upload.size), "max": megabytes(settings.IMPORT_MAX_BYTES)}
            )
        problem = check_readable(upload)
        if problem:
            raise forms.ValidationError(problem)
        return upload


#
# The job
#


def create_job(*, kind: str, title: str, user, target, upload, filename: str) -> Job:
    """Store the uploaded file on a new pending import Job for `target` (an area); the caller
    enqueues the task once the Job is committed."""
    job = Job(
        kind=kind,
        title=title,
        created_by=user,
        scope_path=target.path,
        target_id=target.pk,
        input_name=upload.name[:255],
    )
    job.input_file.save(filename, upload, save=False)
    job.save()
    return job


def run_claimed(job_id: int, kind: str, run_class: type["ImportRun"]) -> None:
    """Claim the pending job `job_id` of `kind` and run it with `run_class`, as its creator
    (audit entries are attributed to them); log and return if it is missing or already claimed."""
    job = jobs.claim(job_id, kind)
    if job is None:
        logger.warning("Import job %s is missing or was already started; nothing to do", job_id)
        return
    with acting_as(job.created_by):
        run_class(job).run()


class ImportRun:
    """The run of one claimed import Job to succeeded or failed (never left running).

    Subclasses implement the hooks; `run()` does the rest: progress, messages, all-or-nothing.
    The write happens in one transaction, after `lock()` and `recheck()` against fresh data, so a
    row someone else added since the first check is reported instead of duplicated.
    """

    missing_target_message = ""

    def __init__(self, job: Job):
        self.job = job
        self.target = None

    # Hooks

    def get_target(self):
        """Return the unit the job imports into, or None if it is gone."""
        raise NotImplementedError

    def read(self, fileobj) -> ParsedFile:
        """Read the file; file-level problems go to the result's `problems`."""
        raise NotImplementedError

    def validate(self, parsed: ParsedFile, progress: Callable[[int], None] | None = None):
        """Check every row; return (plan, problems). The plan is meaningful only without problems."""
        raise NotImplementedError

    def lock(self) -> None:
        """Lock what concurrent imports must not change meanwhile (called inside the transaction)."""

    def recheck(self, parsed: ParsedFile, plan):
        """Check again, after `lock()`, against fresh data; return (plan, problems).

        By default the whole file is validated again; an import whose rows depend on the database
        in only a few ways may check just those (it must then say what it does not re-check).
        """
        return self.validate(parsed)

    def write(self, plan) -> tuple[str, dict]:
        """Write the plan (inside the transaction); return the success message and the job's result."""
        raise NotImplementedError

    # The run

    def run(self) -> None:
        """Run the job; unexpected exceptions are logged and fail the job, with nothing written."""
        try:
            self._run()
        except Exception:
            logger.exception("Import job %s failed unexpectedly", self.job.pk)
            fail(
                self.job,
                _(
                    "Có lỗi ngoài dự kiến khi nhập dữ liệu; chưa ghi dữ liệu nào. "
                    "Hãy thử lại; nếu vẫn lỗi, báo quản trị hệ thống (mã công việc %(id)s)."
                )
                % {"id": self.job.pk},
            )

    def _run(self) -> None:
        job = self.job
        self.target = self.get_target()
        if self.target is None:
            fail(job, str(self.missing_target_message))
            return
        jobs.save_fields(job, message=_("Đang đọc tệp…"))
        with job.input_file.open("rb") as stored:
            # In memory (the upload is at most IMPORT_MAX_BYTES): openpyxl seeks and reads the zip
            # in many small pieces, which a storage's file object serves more slowly.
            content = stored.read()
        parsed = self.read(io.BytesIO(content))
        if parsed.problems:
            fail_with_problems(job, parsed.problems)
            return

        # Validation, with progress saved outside any transaction so the job page can show it.
        jobs.save_fields(job, progress_total=parsed.row_count, progress_done=0, message=_("Đang kiểm tra dữ liệu…"))
        plan, problems = self.validate(parsed, progress=jobs.progress_saver(job))
        if problems:
            job.progress_done = parsed.row_count  # every row was checked
            fail_with_problems(job, problems)
            return

        # Writing, all or nothing; the job's success is committed with the data.
        jobs.save_fields(job, progress_done=parsed.row_count, message=_("Dữ liệu hợp lệ, đang ghi vào hệ thống…"))
        with transaction.atomic():
            self.lock()
            plan, problems = self.recheck(parsed, plan)
            if problems:
                transaction.set_rollback(True)
            else:
                message, result = self.write(plan)
                jobs.save_fields(
                    job,
                    status=Job.Status.SUCCEEDED,
                    progress_done=parsed.row_count,
                    message=message,
                    result=result,
                    finished_at=timezone.now(),
                )
        if problems:
            fail_with_problems(job, problems)


def fail(job: Job, message: str, problems: Sequence[Problem] = ()) -> None:
    """Mark `job` failed with `message` and (at most MAX_ERRORS of) `problems`."""
    errors = [problem.as_dict() for problem in problems[:MAX_ERRORS]]
    if len(problems) > MAX_ERRORS:
        message = f"{message} " + _("Chỉ hiển thị %(shown)s lỗi đầu tiên trong tổng số %(total)s lỗi.") % {
            "shown": MAX_ERRORS,
            "total": len(problems),
        }
    jobs.save_fields(
        job,
        status=Job.Status.FAILED,
        message=message,
        errors=errors,
        progress_done=job.progress_done,
        finished_at=timezone.now(),
    )


def fail_with_problems(job: Job, problems: Sequence[Problem]) -> None:
    fail(
        job,
        _("Không nhập được: tệp có %(count)s lỗi, chưa ghi dữ liệu nào. Hãy sửa các lỗi dưới đây rồi tải tệp lên lại.")
        % {"count": len(problems)},
        problems,
    )
