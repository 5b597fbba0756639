"""Queue the reminders to units that have not submitted their reports (run daily, e.g. from cron)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports import periods, reminders
from reports.models import Period, ReportForm
from reports.tasks import send_report_reminders

# A deadline is at most a year after its period ends (ReportForm.deadline_days).
MAX_DAYS = 366


class Command(BaseCommand):
    help = (
        "Nhắc các đơn vị chưa nộp báo cáo: với mỗi biểu mẫu đang dùng, kỳ hiện tại và kỳ vừa kết thúc có hạn nộp "
        "trong N ngày tới hoặc đã quá hạn. Mỗi đơn vị được tự động nhắc một lần khi sắp đến hạn và một lần khi "
        "quá hạn: chạy lại không gửi thư trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--form", help="Mã biểu mẫu (mặc định: mọi biểu mẫu đang dùng).")
        parser.add_argument("--period", help="Mã kỳ, ví dụ 2025Q2 (mặc định: các kỳ hiện tại).")
        parser.add_argument(
            "--days", type=int, default=3, help=f"Nhắc khi hạn nộp còn không quá số ngày này (0–{MAX_DAYS})."
        )

    def handle(self, *args, form=None, period=None, days=3, **options):
        forms = ReportForm.objects.filter(is_active=True).order_by("sort_order", "name")
        if form:
            forms = ReportForm.objects.filter(code__iexact=form)
            if not forms:
                raise CommandError(f"Không có biểu mẫu mã “{form}”.")
        if not 0 <= days <= MAX_DAYS:
            raise CommandError(f"--days phải từ 0 đến {MAX_DAYS}.")
        today = timezone.localdate()
        chosen = None
        if period:
            try:
                periods.check_reportable(periods.parse(period), today)
                chosen = Period.objects.for_code(period)
            except periods.InvalidPeriod as error:
                raise CommandError(str(error)) from error
        queued = 0
        for report_form in forms:
            if chosen is not None:
                due = [chosen] if chosen.type == report_form.period_type else []
            else:
                due = reminders.due_periods(report_form, today, days)
            for due_period in due:
                send_report_reminders.enqueue(form_id=report_form.pk, period_id=due_period.pk, area_path="/")
                queued += 1
                self.stdout.write(f"Đã xếp lịch nhắc: {report_form.name} – {due_period.name}")
        if not queued:
            self.stdout.write("Không có kỳ báo cáo nào cần nhắc.")
