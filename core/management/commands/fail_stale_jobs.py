"""Mark failed the background jobs left running by a worker that stopped (run from cron, and before a worker starts)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from core.jobs import fail_stale_jobs


class Command(BaseCommand):
    help = "Mark failed the jobs running with no progress for JOB_STALE_MINUTES (their worker stopped)."

    def handle(self, *args, **options):
        count = fail_stale_jobs()
        self.stdout.write(
            _("Đã đánh dấu thất bại %(count)s tác vụ bị gián đoạn (không tiến triển trong %(minutes)s phút).")
            % {"count": count, "minutes": settings.JOB_STALE_MINUTES}
        )
