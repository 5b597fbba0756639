"""Large exports as background jobs: the exporting view is rebuilt for the user in the worker.

A view that exports (core.views.ExportMixin) answers `get_export()` with an export object
(core.exports.TableExport says what one holds); the worker sets the view up again with the job's
user, path and query string and renders what `get_export()` answers then.
"""

import logging
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db.models import Q
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_htmx.middleware import HtmxDetails

from core import jobs
from core.models import Job

logger = logging.getLogger(__name__)

EXPORT_JOB_KIND = "core.export_list"


def _export_query(request) -> str:
    """Return the query string that defines what an export contains, in a stable order.

    `export` only asks for the file and `page` does not change it (the whole filtered list is
    exported), so both are left out: the same list exported from page 1 and page 3 is one export.
    """
    params = request.GET.copy()
    for name in ("export", "page"):
        params.pop(name, None)
    return urlencode(sorted((name, params.getlist(name)) for name in params), doseq=True)


def export_job_for(*, view, title: str, filename: str) -> tuple[Job, bool]:
    """Return (job, created): the user's pending or running export of the same list with the same
    filters and sort, or a new pending one (the caller enqueues its task only when created).

    A second click on "Xuất Excel" while the file is being built reuses the job instead of
    building the same file twice. A running job whose worker has gone quiet (jobs.is_stale) is
    not reused. The user's row is locked meanwhile (PostgreSQL), so two clicks arriving together
    do not both create one. The caller runs this in a transaction.
    """
    request = view.request
    user = request.user
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    identity = {
        "view": f"{view.__class__.__module__}.{view.__class__.__qualname__}",
        "query": _export_query(request),
        "path": request.path,
    }
    pending = Job.objects.filter(
        Q(status=Job.Status.PENDING) | Q(status=Job.Status.RUNNING, updated__gte=jobs.stale_cutoff()),
        kind=EXPORT_JOB_KIND,
        created_by=user,
        **{f"result__{key}": value for key, value in identity.items()},
    )
    existing = pending.order_by("-created").first()
    if existing is not None:
        return existing, False
    job = Job.objects.create(
        kind=EXPORT_JOB_KIND,
        title=_("Xuất Excel: %(title)s") % {"title": title},
        created_by=user,
        result={**identity, "filename": filename, "title": str(title)},
    )
    return job, True


def _request_for(job: Job) -> HttpRequest:
    """Return a GET request for the list's path and query string, made by the job's creator."""
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = job.result.get("path", "/")
    request.GET = QueryDict(job.result["query"])
    request.META = {"SERVER_NAME": "localhost", "SERVER_PORT": "80", "REQUEST_METHOD": "GET"}
    request.user = job.created_by
    request.htmx = HtmxDetails(request)
    return request


def export_message(written: int, total: int) -> str:
    message = _("Đã xuất %(count)s dòng.") % {"count": number_format(written, force_grouping=True)}
    if written < total:
        message += " " + _(
            "Danh sách có %(total)s dòng, vượt giới hạn một tệp; hãy lọc bớt rồi xuất tiếp phần còn lại."
        ) % {"total": number_format(total, force_grouping=True)}
    return message


def run_export(job: Job) -> None:
    """Build the file of a claimed export job; the job ends succeeded (with the file) or failed."""
    try:
        view_class = import_string(job.result["view"])
        view = view_class()
        view.setup(_request_for(job))
        export = view.get_export()
        if export is None:
            raise ValueError("The export's selection is no longer valid")
        jobs.save_fields(job, progress_total=export.total, message=_("Đang tạo tệp Excel…"))
        counts = []
        content = export.render(progress=jobs.progress_saver(job), written=counts.append)
        written = counts[0]
        job.output_file.save(job.result["filename"], ContentFile(content), save=False)
        jobs.save_fields(
            job,
            output_file=job.output_file,
            status=Job.Status.SUCCEEDED,
            progress_done=written,
            message=export_message(written, job.progress_total),
            result={**job.result, "next_url": job.get_download_url()},
            finished_at=timezone.now(),
        )
    except Exception:
        logger.exception("Export job %s failed", job.pk)
        jobs.save_fields(
            job,
            status=Job.Status.FAILED,
            message=_("Không tạo được tệp Excel. Hãy thử lại; nếu vẫn lỗi, báo quản trị hệ thống (mã %(id)s).")
            % {"id": job.pk},
            finished_at=timezone.now(),
        )
