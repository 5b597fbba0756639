"""Reminders to units that have not submitted a report: who gets them, what they say, when.

Each reminder goes by e-mail to the people in charge of a unit that has not submitted: the
users holding the editor or unit administrator role on the organization itself (or an
organization above it in the same area) or on its area. A user in charge of several such units
gets one message listing them all.

Automatic reminders (the `send_report_reminders` command, run daily) are sent once per kind: once
when the deadline is near, once after it has passed; a `ReportReminder` row per organization and
kind records it, so running the command again sends nothing. An approver's reminder (the button on
the completeness page) reaches the units not yet reminded that day.
"""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment
from core.roles import Role
from orgunits.models import Organization
from reports import periods, queries
from reports.choices import PeriodType, ReminderKind
from reports.models import Period, ReportForm, ReportReminder

logger = logging.getLogger(__name__)
IN_CHARGE = (Role.EDITOR, Role.UNIT_ADMIN)


def reminder_kind(deadline: datetime.date, today: datetime.date, *, manual: bool) -> str:
    if manual:
        return ReminderKind.MANUAL
    return ReminderKind.OVERDUE if today > deadline else ReminderKind.DUE_SOON


def people_in_charge(organizations: list[Organization]) -> dict[object, list[Organization]]:
    """Return {user: [organizations]} for the active users with an e-mail address who hold the
    editor or unit administrator role on each organization (or one above it) or on its area."""
    area_ids = {organization.area_id for organization in organizations}
    assignments = (
        RoleAssignment.objects.filter(role__in=IN_CHARGE, user__is_active=True)
        .filter(Q(area_id__in=area_ids) | Q(organization__area_id__in=area_ids))
        .exclude(user__email="")
        .select_related("user", "organization")
        .order_by("user__username", "pk")
    )
    result: dict[object, list[Organization]] = defaultdict(list)
    for assignment in assignments:
        for organization in organizations:
            if assignment.organization_id:
                covered = organization.path.startswith(assignment.organization.path)
            else:
                covered = organization.area_id == assignment.area_id
            if covered and organization not in result[assignment.user]:
                result[assignment.user].append(organization)
    return dict(result)


def _home_url() -> str:
    try:
        path = reverse("reports:report_list")
    except NoReverseMatch:
        path = reverse("home")
    return settings.SITE_URL.rstrip("/") + path


def build_message(user, organizations, form: ReportForm, period: Period, deadline, kind: str, today, sent_by=None):
    """Return the reminder e-mail to `user` about `organizations` (in Vietnamese)."""
    lines = [
        _("Kính gửi %(name)s,") % {"name": user.display_name},
        "",
        _("Các đơn vị dưới đây chưa gửi báo cáo “%(form)s” kỳ %(period)s (hạn nộp: %(deadline)s):")
        % {"form": form.name, "period": period.name, "deadline": f"{deadline:%d/%m/%Y}"},
    ]
    lines += [f"- {organization.name} ({organization.area.name})" for organization in organizations]
    lines.append("")
    days = (deadline - today).days
    if days < 0:
        lines.append(_("Báo cáo đã quá hạn %(days)s ngày.") % {"days": -days})
    elif days == 0:
        lines.append(_("Hôm nay là hạn cuối nộp báo cáo."))
    else:
        lines.append(_("Còn %(days)s ngày đến hạn nộp báo cáo.") % {"days": days})
    if kind == ReminderKind.MANUAL and sent_by is not None:
        lines.append(_("Người nhắc: %(name)s.") % {"name": sent_by.display_name})
    lines += [
        "",
        _("Xin đăng nhập hệ thống để lập và gửi báo cáo: %(url)s") % {"url": _home_url()},
        "",
        _("Thư này do hệ thống quản lý công tác Dân vận gửi tự động; xin không trả lời thư này."),
    ]
    subject = _("Nhắc nộp báo cáo “%(form)s” – %(period)s") % {"form": form.name, "period": period.name}
    return EmailMessage(subject=subject, body="\n".join(lines), to=[user.email])


def send_reminders(
    form: ReportForm,
    period: Period,
    *,
    area_path: str = "/",
    sent_by=None,
    today: datetime.date | None = None,
) -> list[ReportReminder]:
    """Remind the units under `area_path` that have not submitted `form` for `period`; return the
    reminders recorded (one per organization reminded).

    Organizations already reminded are skipped: automatically (no `sent_by`), those with a reminder
    of the same kind (deadline near / passed); by an approver, those reminded today. The rows and
    the e-mails go together: if sending fails, nothing is recorded and a later run retries.
    """
    today = today or timezone.localdate()
    try:
        periods.check_reportable(period.spec, today)
    except periods.InvalidPeriod as error:
        logger.warning("No reminders for %s %s: %s", form.code, period.code, error)
        return []
    deadline = queries.form_deadline(form, period)
    kind = reminder_kind(deadline, today, manual=sent_by is not None)
    missing = queries.missing_organizations(form, period, area_path)
    done = ReportReminder.objects.filter(form=form, period=period, organization__in=[o.pk for o in missing])
    if kind == ReminderKind.MANUAL:
        start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
        done = done.filter(sent_at__gte=start)
    else:
        done = done.filter(kind=kind)
    skipped = set(done.values_list("organization_id", flat=True))
    organizations = [organization for organization in missing if organization.pk not in skipped]
    if not organizations:
        return []
    in_charge = people_in_charge(organizations)
    addresses: dict[int, list[str]] = defaultdict(list)
    for user, covered in in_charge.items():
        for organization in covered:
            addresses[organization.pk].append(user.email)
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        reminders = ReportReminder.objects.bulk_create(
            [
                ReportReminder(
                    form=form,
                    period=period,
                    organization=organization,
                    kind=kind,
                    sent_by=sent_by,
                    recipients=",".join(sorted(set(addresses[organization.pk]))),
                )
                for organization in organizations
            ]
        )
        messages = [
            build_message(user, covered, form, period, deadline, kind, today, sent_by)
            for user, covered in in_charge.items()
        ]
        if messages:
            get_connection().send_messages(messages)
    unreachable = [organization.name for organization in organizations if not addresses[organization.pk]]
    if unreachable:
        logger.warning("No one to remind (no e-mail address) for: %s", ", ".join(unreachable))
    return reminders


def due_periods(form: ReportForm, today: datetime.date, within_days: int) -> list[Period]:
    """Return the current periods of `form` to remind about: the one in progress and the last one
    ended, when their deadline is at most `within_days` days away or has passed (the last ended
    one only until the next period ends: older periods are not chased)."""
    if form.period_type == PeriodType.CUSTOM:
        return []
    current = periods.containing(form.period_type, today)
    candidates = [current]
    last = queries.last_ended_period(form.period_type, today)
    if last is not None and last.code != current.code:
        candidates.append(last)
    horizon = today + datetime.timedelta(days=within_days)
    return [
        Period.objects.for_spec(spec)
        for spec in candidates
        if spec.end + datetime.timedelta(days=form.deadline_days) <= horizon
    ]
