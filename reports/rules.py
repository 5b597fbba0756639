"""Who may do what with a report in which state (STYLE.md §3.2)."""

from core.scope import can, is_system_admin
from reports.choices import ReportStatus

EDITABLE = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})


def approver_path(report) -> str | None:
    """Return the unit path whose approvers decide on `report`: the area above the reporting
    organization's area (the level above); None for a top-level unit (system administrators)."""
    area = report.organization.area
    return area.parent.path if area.parent_id else None


def can_edit(user, report) -> bool:
    return report.status in EDITABLE and can(user, "change", report.path)


def can_submit(user, report) -> bool:
    return can_edit(user, report)


def can_decide(user, report) -> bool:
    """Approve or return a submitted report: the level above, with the approve role."""
    if report.status != ReportStatus.SUBMITTED:
        return False
    path = approver_path(report)
    return is_system_admin(user) if path is None else can(user, "approve", path)


def can_reopen(user, report) -> bool:
    """A higher level reopens an approved report so that it can be corrected."""
    if report.status != ReportStatus.APPROVED:
        return False
    path = approver_path(report)
    return is_system_admin(user) if path is None else can(user, "approve", path)


# Each step: who may take it (in the states it applies to) and the states it applies to. The
# services tell a refusal by state (already approved...) from one by role (STATES, not CHECKS).
CHECKS = {"edit": can_edit, "submit": can_submit, "approve": can_decide, "return": can_decide, "reopen": can_reopen}
STATES = {
    "edit": EDITABLE,
    "submit": EDITABLE,
    "approve": frozenset({ReportStatus.SUBMITTED}),
    "return": frozenset({ReportStatus.SUBMITTED}),
    "reopen": frozenset({ReportStatus.APPROVED}),
}


def allowed_actions(user, report) -> set[str]:
    return {name for name, check in CHECKS.items() if check(user, report)}
