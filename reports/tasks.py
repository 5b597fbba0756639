"""Background tasks of the reporting engine (thin: ids in, re-fetch, then a service)."""

import logging

from django.contrib.auth import get_user_model
from django_tasks import task

from reports import reminders
from reports.models import Period, ReportForm

logger = logging.getLogger(__name__)


@task()
def send_report_reminders(*, form_id: int, period_id: int, area_path: str = "/", user_id: int | None = None) -> None:
    """E-mail the people in charge of the units under `area_path` that have not submitted form
    `form_id` for period `period_id`; `user_id` is the approver who asked (None: automatic)."""
    form = ReportForm.objects.filter(pk=form_id).first()
    period = Period.objects.filter(pk=period_id).first()
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first() if user_id is not None else None
    if form is None or period is None or (user_id is not None and user is None):
        logger.warning("Reminder of form %s, period %s, by user %s: something is missing", form_id, period_id, user_id)
        return
    sent = reminders.send_reminders(form, period, area_path=area_path, sent_by=user)
    logger.info("Reminded %s units of form %s, period %s", len(sent), form.code, period.code)
