"""The reporting workflow: open a report, save figures and prose, submit, approve, return, reopen.

Every write checks the rules (rules.py) and the user's scope, runs in one transaction and records
an event (who, when, what, the comment). Refusals raise `ActionRefused` (403 with the message),
bad input `ValidationError`, and a save over a newer version `EditConflict`.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.imports import parse_number
from core.scope import can
from core.text import format_number
from orgunits.models import Organization
from reports import periods, providers, rollups, rules
from reports.choices import Comparison, ReportAction, ReportStatus, SectionKind, ValueSource, ValueType
from reports.models import DataValue, FormItem, Period, Report, ReportEvent, ReportForm, ReportText
from reports.own_fields import REPORT_FIELDS

DECIMAL_PLACES = 4


class ActionRefused(PermissionDenied):
    """The user may not do this, or not in the report's current state; the message says why."""


class WrongState(ActionRefused):
    """The step does not apply to the report's current state (already approved, not submitted
    yet...): nothing to do with the user's rights, and the message says so."""


class EditConflict(Exception):
    """Someone saved the report after the user loaded it: nothing was written."""


@dataclass
class SaveResult:
    """What a save wrote and what it refused: errors by indicator id, and under "number",
    "signer_title" and "signer_name" the report's own fields' (own_fields.REPORT_FIELDS)."""

    version: int
    errors: dict[int | str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


#
# Forms and who must report
#


def figure_items(form: ReportForm) -> list[FormItem]:
    """Return the form's figure items in order, with their indicators."""
    return list(
        FormItem.objects.filter(section__form=form, section__kind=SectionKind.FIGURES)
        .select_related("indicator__numerator", "indicator__denominator", "section")
        .order_by("section__sort_order", "section__pk", "sort_order", "pk")
    )


def obligated_organizations(form: ReportForm, area_path: str = "/", on: datetime.date | None = None):
    """Return the organizations in force under `area_path` whose kind must submit `form`."""
    return (
        Organization.objects.filter(kind__in=form.organization_kinds.all(), path__startswith=area_path)
        .current(on)
        .order_by("path")
    )


def is_consolidating(form: ReportForm, organization: Organization, on: datetime.date | None = None) -> bool:
    """Whether units below `organization`'s area also submit `form` (its report then sums theirs)."""
    below = obligated_organizations(form, organization.area.path, on).exclude(pk=organization.pk)
    return below.exclude(area_id=organization.area_id).exists()


#
# Opening a report
#


@transaction.atomic
def open_report(form: ReportForm, period: Period, organization: Organization, *, user) -> Report:
    """Create `organization`'s draft report for `period`, with the figures the system knows."""
    if not can(user, "add", organization.path):
        raise ActionRefused(_("Bạn không có quyền lập báo cáo cho đơn vị này."))
    if period.type != form.period_type:
        raise ValidationError(
            {"period": _("Biểu mẫu này báo cáo theo %(type)s.") % {"type": form.get_period_type_display().lower()}}
        )
    try:
        periods.check_reportable(period.spec, timezone.localdate())
    except periods.InvalidPeriod as error:
        raise ValidationError({"period": str(error)}) from error
    if not form.organization_kinds.filter(pk=organization.kind_id).exists():
        raise ValidationError({"organization": _("Loại tổ chức này không phải báo cáo theo biểu mẫu này.")})
    if Report.objects.filter(form=form, period=period, organization=organization).exists():
        raise ValidationError(_("Đơn vị này đã có báo cáo theo biểu mẫu này cho kỳ này."))
    # Who signs: as on the organization's latest report that says it (any form), so a unit types
    # it once and changes it when the signer changes.
    signer = (
        Report.objects.filter(organization=organization)
        .exclude(signer_title="", signer_name="")
        .order_by("-created", "-pk")
        .values("signer_title", "signer_name")
        .first()
    )
    report = Report.objects.create(
        form=form,
        period=period,
        organization=organization,
        deadline=period.end + datetime.timedelta(days=form.deadline_days),
        is_consolidated=is_consolidating(form, organization, period.end),
        **(signer or {}),
    )
    ReportEvent.objects.create(report=report, action=ReportAction.CREATE, to_status=report.status, user=user)
    refresh_automatic(report)
    return report


def refresh_automatic(report: Report) -> None:
    """(Re)compute the figures the report does not type: providers' and, in a consolidated report,
    the roll-up of the units below. Locked (submitted, approved) reports keep theirs."""
    if report.is_locked:
        return
    area = report.organization.area
    for item in figure_items(report.form):
        indicator = item.indicator
        if indicator.is_formula or indicator.value_type == ValueType.TEXT:
            continue
        number, source = None, None
        if indicator.provider and (provider := providers.get(indicator.provider)):
            number, source = provider.value(area.path, report.period.start, report.period.end), ValueSource.PROVIDER
        elif report.is_consolidated:
            number = rollups.unit_value(report.form, report.period, indicator, area.path)
            source = ValueSource.ROLLUP
        if source is not None:
            _write_value(report, indicator, number=number, source=source)


def _write_value(report: Report, indicator, *, number=None, text: str = "", source: str = ValueSource.TYPED) -> None:
    if number is None and not text:
        DataValue.objects.filter(report=report, indicator=indicator).delete()
        return
    DataValue.objects.update_or_create(
        report=report,
        indicator=indicator,
        defaults={
            "number": number,
            "text": text,
            "source": source,
            "in_rollup": not report.is_consolidated,
            "path": report.path,
            "period": report.period,
            "form": report.form,
            "status": report.status,
        },
    )


def report_values(report: Report) -> dict[int, Decimal | str | None]:
    """Return {indicator_id: value} of every figure on the report's form: typed and automatic
    figures as stored (text for text indicators), formula figures computed from them with the
    roll-ups' own formula rule (numerator / denominator × multiplier, rounded the same way), so
    the report page and the roll-up table never disagree on a rate."""
    indicators = [item.indicator for item in figure_items(report.form)]
    stored = {
        value.indicator_id: value.text if value.indicator.value_type == ValueType.TEXT else value.number
        for value in report.values.select_related("indicator")
    }
    values: dict[int, Decimal | str | None] = {}
    pending = []
    for indicator in rollups._components(indicators).values():
        if indicator.is_formula:
            pending.append(indicator)
        else:
            values[indicator.pk] = stored.get(indicator.pk)
    while pending:  # formulas of formulas: resolve once their parts are known
        ready = [i for i in pending if i.numerator_id in values and i.denominator_id in values]
        if not ready:
            break
        for indicator in ready:
            values[indicator.pk] = rollups._formula(indicator, values)
            pending.remove(indicator)
    return {indicator.pk: values.get(indicator.pk) for indicator in indicators}


#
# Saving figures and prose
#


# Figures are stored with 20 digits, 4 after the comma; totals over the tree must fit as well.
MAX_FIGURE = Decimal(10) ** 15


def parse_value(indicator, raw) -> tuple[Decimal | None, str]:
    """Return (number, text) for what the user typed; raise ValueError with a Vietnamese message."""
    text = (raw or "").strip() if isinstance(raw, str) else raw
    if text in (None, ""):
        return None, ""
    if indicator.value_type == ValueType.TEXT:
        return None, str(text)
    if indicator.value_type == ValueType.BOOLEAN:
        value = str(text).lower()
        if value in {"1", "true", "có", "co", "yes"}:
            return Decimal(1), ""
        if value in {"0", "false", "không", "khong", "no"}:
            return Decimal(0), ""
        raise ValueError(_("Chọn Có hoặc Không."))
    try:
        number = parse_number(text, DECIMAL_PLACES)
    except ValueError as error:
        raise ValueError(_("“%(value)s” không phải là số (viết như 1.234 hoặc 12,5).") % {"value": text}) from error
    if abs(number) >= MAX_FIGURE:
        raise ValueError(_("Số quá lớn: phần nguyên có tối đa 15 chữ số."))
    if indicator.value_type == ValueType.INTEGER and number != number.to_integral_value():
        raise ValueError(_("Chỉ số này là số nguyên."))
    if number < 0 and (indicator.min_value is None or indicator.min_value >= 0):
        raise ValueError(_("Giá trị không được âm."))
    if indicator.value_type == ValueType.PERCENT and not (0 <= number <= 100):
        raise ValueError(_("Tỷ lệ phải từ 0 đến 100."))
    if indicator.min_value is not None and number < indicator.min_value:
        raise ValueError(_("Giá trị nhỏ nhất là %(min)s.") % {"min": format_number(indicator.min_value)})
    if indicator.max_value is not None and number > indicator.max_value:
        raise ValueError(_("Giá trị lớn nhất là %(max)s.") % {"max": format_number(indicator.max_value)})
    return number, ""


def _conflict_message(report: Report) -> str:
    """Say who saved the report, and when, since the user loaded it (for a refused save)."""
    time = formats.date_format(timezone.localtime(report.updated), "d/m/Y H:i")
    saver = report.last_saved_by
    if saver is None:
        return _(
            "Báo cáo đã được lưu lúc %(time)s sau khi bạn mở. Thay đổi của bạn chưa được lưu: tải lại báo cáo "
            "để xem bản mới nhất."
        ) % {"time": time}
    return _(
        "Báo cáo đã được %(user)s lưu lúc %(time)s sau khi bạn mở (nếu là bạn: ở một cửa sổ khác). Thay đổi "
        "của bạn chưa được lưu: tải lại báo cáo để xem bản mới nhất."
    ) % {"user": saver.display_name, "time": time}


@transaction.atomic
def save_report(
    report: Report,
    *,
    user,
    version: int,
    values: dict,
    texts: dict | None = None,
    document_number: str | None = None,
    signer_title: str | None = None,
    signer_name: str | None = None,
) -> SaveResult:
    """Save a draft's typed figures ({indicator_id: text}), prose ({section_id: text}) and its own
    fields (own_fields.REPORT_FIELDS: the document number, the signer's title and name; None: unchanged).

    Valid fields are saved, invalid ones are reported and left as they were, so saving as the
    user types never loses what is right. `version` is the version the user loaded: if the report
    was saved since, nothing is written and EditConflict says who saved it and when.
    """
    report = Report.objects.select_for_update().select_related("form", "period", "organization").get(pk=report.pk)
    check_allowed(user, "edit", report)
    if int(version) != report.version:
        raise EditConflict(_conflict_message(report))
    result = SaveResult(version=report.version)
    typed = {item.indicator.pk: item.indicator for item in figure_items(report.form)}
    automatic = set(report.values.exclude(source=ValueSource.TYPED).values_list("indicator_id", flat=True))
    for key, raw in values.items():
        indicator = typed.get(int(key))
        if indicator is None or indicator.is_formula or indicator.pk in automatic:
            continue  # not on the form, computed or filled by the system: never typed
        try:
            number, text = parse_value(indicator, raw)
        except ValueError as error:
            result.errors[indicator.pk] = str(error)
            continue
        _write_value(report, indicator, number=number, text=text)
    sections = {section.pk for section in report.form.sections.filter(kind=SectionKind.PROSE)}
    for key, text in (texts or {}).items():
        if int(key) in sections:
            ReportText.objects.update_or_create(report=report, section_id=int(key), defaults={"text": text or ""})
    own = {"number": document_number, "signer_title": signer_title, "signer_name": signer_name}
    for name, raw in own.items():
        if raw is None:
            continue
        problem_of, cleaned = REPORT_FIELDS[name]
        if problem := problem_of(raw):
            result.errors[name] = problem  # kept as it was, never cut short
        else:
            setattr(report, name, cleaned(raw))
    report.version += 1
    report.last_saved_by = user if user is not None and user.is_authenticated else None
    report.save()
    result.version = report.version
    result.warnings = submit_problems(report)
    return result


#
# Checks before submitting
#


def _compare(left: Decimal, comparison: str, right: Decimal) -> bool:
    return {
        Comparison.LE: left <= right,
        Comparison.LT: left < right,
        Comparison.EQ: left == right,
        Comparison.GE: left >= right,
        Comparison.GT: left > right,
    }[comparison]


def submit_problems(report: Report) -> list[str]:
    """Return what stops the report from being submitted: required figures missing, rules broken."""
    numbers = {}
    filled = set()
    for indicator_id, number, text in report.values.values_list("indicator_id", "number", "text"):
        numbers[indicator_id] = number
        if number is not None or text:
            filled.add(indicator_id)
    problems = [
        _("Chưa nhập “%(name)s”.") % {"name": str(item)}
        for item in figure_items(report.form)
        if item.is_required
        and not item.indicator.is_formula
        and item.indicator.pk not in filled
        # A consolidated report's figures are its children's roll-up: nothing to type.
        and not (report.is_consolidated and not item.indicator.provider)
    ]
    for rule in report.form.rules.select_related("left", "right"):
        left, right = numbers.get(rule.left_id), numbers.get(rule.right_id)
        if left is None or right is None:
            continue
        if not _compare(left, rule.comparison, right):
            problems.append(
                rule.message
                or _("“%(left)s” (%(a)s) phải %(op)s “%(right)s” (%(b)s).")
                % {
                    "left": rule.left.name,
                    "a": format_number(left),
                    "op": rule.get_comparison_display(),
                    "right": rule.right.name,
                    "b": format_number(right),
                }
            )
    return problems


#
# Who may take which step, and why not
#


def _who_when(user, time) -> str:
    """Return "Trần Thị Duyệt, 05/07/2025 10:20" (either part may be missing)."""
    parts = [user.display_name] if user is not None else []
    if time is not None:
        parts.append(formats.date_format(timezone.localtime(time), "d/m/Y H:i"))
    return ", ".join(parts)


def _with_detail(message: str, plain: str, user, time) -> str:
    """Return `message` with who and when filled in, or `plain` when neither is known."""
    detail = _who_when(user, time)
    return message % {"detail": detail} if detail else plain


def _state_refusal(action: str, report: Report) -> str:
    """Say why `action` does not apply to the report in its current state (rules.STATES): the
    step's own message where the state has one for it, else the state's (key None)."""
    status = {"status": report.get_status_display()}
    if report.status == ReportStatus.APPROVED:
        refusals = {
            "approve": _with_detail(
                _("Báo cáo đã được duyệt (%(detail)s): không cần duyệt lại."),
                _("Báo cáo đã được duyệt: không cần duyệt lại."),
                report.approved_by,
                report.approved_at,
            ),
            "return": _("Báo cáo đã được duyệt: không trả lại được; nếu cần sửa, cấp trên dùng “Mở lại”."),
            None: _("Báo cáo đã được duyệt: không sửa hay gửi lại được; nếu cần sửa, cấp trên mở lại báo cáo."),
        }
    elif report.status == ReportStatus.SUBMITTED:
        refusals = {
            "submit": _with_detail(
                _("Báo cáo đã được gửi (%(detail)s) và đang chờ cấp trên duyệt."),
                _("Báo cáo đã được gửi và đang chờ cấp trên duyệt."),
                report.submitted_by,
                report.submitted_at,
            ),
            "reopen": _(
                "Báo cáo đang chờ duyệt, chưa được duyệt: không cần mở lại; cấp trên dùng “Trả lại” nếu cần sửa."
            ),
            None: _(
                "Báo cáo đang ở trạng thái “%(status)s”, chờ cấp trên duyệt: không sửa được; nếu cần sửa, cấp trên "
                "trả lại báo cáo."
            )
            % status,
        }
    else:  # not sent yet (draft, returned): only the level above's steps can be refused
        refusals = {
            "reopen": _(
                "Báo cáo chưa được duyệt (đang ở trạng thái “%(status)s”): đơn vị vẫn sửa được, không cần mở lại."
            )
            % status,
            None: _(
                "Báo cáo chưa được gửi (đang ở trạng thái “%(status)s”): chỉ duyệt hoặc trả lại được báo cáo đã gửi."
            )
            % status,
        }
    return refusals.get(action, refusals[None])


def _role_refusal(user, action: str, report: Report) -> str:
    """Say which role `action` needs (the report's state allows it)."""
    if action == "edit":
        return _("Bạn không có quyền nhập số liệu cho báo cáo này.")
    if action == "submit":
        return _("Bạn không có quyền gửi báo cáo này.")
    if action == "approve" and rules.sent_it_oneself(user, report) and rules.is_approver_above(user, report):
        return _("Bạn đã gửi báo cáo này nên không tự duyệt được: cần một người khác có quyền phê duyệt.")
    if can(user, "approve", report.path):
        return _("Báo cáo do cấp trên trực tiếp phê duyệt: đơn vị không tự duyệt báo cáo của mình.")
    if action == "approve":
        return _("Chỉ cấp trên có quyền phê duyệt mới duyệt được báo cáo đã gửi.")
    if action == "return":
        return _("Chỉ cấp trên có quyền phê duyệt mới trả lại được báo cáo đã gửi.")
    return _("Chỉ cấp trên có quyền phê duyệt mới mở lại được báo cáo đã duyệt.")


def check_allowed(user, action: str, report: Report) -> None:
    """Raise unless `user` may take `action` ("edit", "submit", "approve", "return", "reopen") on
    `report` now: WrongState when the report's state does not allow it (whoever asks),
    ActionRefused when the user's role does not. Pages and API ask this, and the steps below
    ask it again under the row lock. Both read rules.STATES and rules.ROLES, as the pages'
    buttons (rules.allowed_actions) do."""
    if not rules.state_allows(action, report):
        raise WrongState(_state_refusal(action, report))
    if not rules.role_allows(user, action, report):
        raise ActionRefused(_role_refusal(user, action, report))


#
# Workflow
#


def _set_status(report: Report, to_status: str, action: str, user, comment: str = "") -> ReportEvent:
    event = ReportEvent.objects.create(
        report=report, action=action, from_status=report.status, to_status=to_status, user=user, comment=comment
    )
    report.status = to_status
    report.save()
    DataValue.objects.filter(report=report).update(status=to_status)
    return event


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update().select_related("form", "period", "organization__area").get(pk=report.pk)


@transaction.atomic
def submit(report: Report, *, user, version: int | None = None) -> Report:
    """Send a draft (or a returned report) to the level above; it is then locked."""
    report = _locked(report)
    check_allowed(user, "submit", report)
    if version is not None and int(version) != report.version:
        raise EditConflict(_("Báo cáo đã được người khác lưu sau khi bạn mở: tải lại trước khi gửi."))
    refresh_automatic(report)
    problems = submit_problems(report)
    if problems:
        raise ValidationError(problems)
    report.submitted_at = timezone.now()
    report.submitted_by = user
    _set_status(report, ReportStatus.SUBMITTED, ReportAction.SUBMIT, user)
    return report


def missing_children(report: Report):
    """Return the reports below a consolidated report that are not approved yet, and the units
    below that have no report at all: (unapproved reports, organizations without a report)."""
    area_path = report.organization.area.path
    below = obligated_organizations(report.form, area_path, report.period.end).exclude(pk=report.organization_id)
    reports = Report.objects.filter(form=report.form, period=report.period, organization__in=below)
    unapproved = reports.exclude(status=ReportStatus.APPROVED).select_related("organization")
    without = below.exclude(pk__in=reports.values("organization_id"))
    return list(unapproved), list(without)


@transaction.atomic
def approve(report: Report, *, user, comment: str = "", without_children: bool = False) -> Report:
    """Approve a submitted report (the level above). A consolidated report needs its children's
    reports approved first, or an explicit decision to approve without them (recorded)."""
    report = _locked(report)
    check_allowed(user, "approve", report)
    if report.is_consolidated:
        unapproved, without = missing_children(report)
        if (unapproved or without) and not without_children:
            names = [r.organization.name for r in unapproved] + [o.name for o in without]
            raise ValidationError(
                _("Còn %(count)s đơn vị cấp dưới chưa có báo cáo được duyệt: %(names)s.")
                % {"count": len(names), "names": ", ".join(names[:10]) + ("…" if len(names) > 10 else "")}
            )
        if unapproved or without:
            if not comment.strip():
                raise ValidationError(_("Duyệt khi cấp dưới chưa đủ cần ghi rõ lý do."))
            report.approved_without_children = True
    report.approved_at = timezone.now()
    report.approved_by = user
    action = ReportAction.APPROVE_WITHOUT_CHILDREN if report.approved_without_children else ReportAction.APPROVE
    _set_status(report, ReportStatus.APPROVED, action, user, comment)
    return report


@transaction.atomic
def return_report(report: Report, *, user, comment: str) -> Report:
    """Return a submitted report to its unit with comments (required)."""
    report = _locked(report)
    check_allowed(user, "return", report)
    if not (comment or "").strip():
        raise ValidationError(_("Cần ghi ý kiến khi trả lại báo cáo."))
    _set_status(report, ReportStatus.RETURNED, ReportAction.RETURN, user, comment)
    return report


@transaction.atomic
def reopen(report: Report, *, user, comment: str) -> Report:
    """A higher level reopens an approved report for correction (it goes back as returned)."""
    report = _locked(report)
    check_allowed(user, "reopen", report)
    if not (comment or "").strip():
        raise ValidationError(_("Cần ghi lý do mở lại báo cáo."))
    report.approved_at = None
    report.approved_by = None
    report.approved_without_children = False
    _set_status(report, ReportStatus.RETURNED, ReportAction.REOPEN, user, comment)
    return report


def reports_due(form: ReportForm, period: Period, area_path: str):
    """Return the (organization, report or None) pairs of the units under `area_path` that must submit."""
    organizations = list(obligated_organizations(form, area_path, period.end).select_related("area", "kind"))
    if period.pk is None:  # never stored (Period.objects.lookup): nobody has opened a report for it
        return [(organization, None) for organization in organizations]
    reports = {
        r.organization_id: r
        for r in Report.objects.filter(form=form, period=period, organization__in=organizations).filter(
            Q(path__startswith=area_path)
        )
    }
    return [(organization, reports.get(organization.pk)) for organization in organizations]
