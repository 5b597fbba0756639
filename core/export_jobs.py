"""Large list exports as background jobs: the list view is rebuilt for the user in the worker."""

import logging

from django.core.files.base import ContentFile
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_htmx.middleware import HtmxDetails

from core import jobs
from core.exports import table_to_xlsx
from core.models import Job

logger = logging.getLogger(__name__)

EXPORT_JOB_KIND = "core.export_list"


def create_export_job(*, view, title: str) -> Job:
    """Record a pending export of what `view` (an ObjectListView serving a request) shows.

    The job keeps the view's dotted path and the query string, not the rows: the worker rebuilds
    the same scoped, filtered queryset for the same user, so nothing outside their scope can
    end up in the file.
    """
    params = view.request.GET.copy()
    params.pop("export", None)
    return Job.objects.create(
        kind=EXPORT_JOB_KIND,
        title=_("Xuất Excel: %(title)s") % {"title": title},
        created_by=view.request.user,
        result={
            "view": f"{view.__class__.__module__}.{view.__class__.__qualname__}",
            "query": params.urlencode(),
            "path": view.request.path,
            "filename": f"{view.export_name}.xlsx",
            "title": str(title),
        },
    )


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
        table, rows = view.export_table()
        jobs.save_fields(job, progress_total=rows.count(), message=_("Đang tạo tệp Excel…"))
        counts = []
        content = table_to_xlsx(table, job.result["title"], progress=jobs.progress_saver(job), written=counts.append)
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
