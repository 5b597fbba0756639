"""Who may do what with a report in which state (STYLE.md §3.2).

Each step has two conditions, kept apart so that a refusal can say which one failed: the report
states the step applies to (STATES, whoever asks) and the role it needs (ROLES). The `can_*`
checks, `allowed_actions` and services.check_allowed all read these two tables.
"""

from core.scope import can, is_system_admin
from reports.choices import ReportStatus

EDITABLE = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})

# The states each step applies to: the one definition of "which state allows which action".
STATES = {
    "edit": EDITABLE,
    "submit": EDITABLE,
    "approve": frozenset({ReportStatus.SUBMITTED}),
    "return": frozenset({ReportStatus.SUBMITTED}),
    "reopen": frozenset({ReportStatus.APPROVED}),
}


def approver_path(report) -> str | None:
    """Return the unit path whose approvers decide on `report`: the area above the reporting
    organization's area (the level above); None for a top-level unit (system administrators)."""
    area = report.organization.area
    return area.parent.path if area.parent_id else None


def _is_unit_editor(user, report) -> bool:
    return can(user, "change", report.path)


def is_approver_above(user, report) -> bool:
    """The level above, with the approve role (system administrators for a top-level unit)."""
    path = approver_path(report)
    return is_system_admin(user) if path is None else can(user, "approve", path)


def sent_it_oneself(user, report) -> bool:
    """Whether `user` sent `report` and may not approve it too (two people for every report: the
    one who sends and the one who approves). A system administrator is exempt: for a top-level
    unit they may be the only one who can approve."""
    return report.submitted_by_id == user.pk and not is_system_admin(user)


def _approves_others_report(user, report) -> bool:
    return is_approver_above(user, report) and not sent_it_oneself(user, report)


# The role each step needs, whatever the state.
ROLES = {
    "edit": _is_unit_editor,
    "submit": _is_unit_editor,
    "approve": _approves_others_report,
    "return": is_approver_above,
    "reopen": is_approver_above,
}


def state_allows(action: str, report) -> bool:
    """Whether `action` applies to the report in its current state (whoever asks)."""
    return report.status in STATES[action]


def role_allows(user, action: str, report) -> bool:
    """Whether `user` holds the role `action` needs on `report` (whatever its state)."""
    return ROLES[action](user, report)


def allows(user, action: str, report) -> bool:
    """Whether `user` may take `action` on `report` now: the state allows it and the role."""
    return state_allows(action, report) and role_allows(user, action, report)


def can_edit(user, report) -> bool:
    return allows(user, "edit", report)


def can_submit(user, report) -> bool:
    return allows(user, "submit", report)


def can_decide(user, report) -> bool:
    """Approve or return a submitted report: the level above, with the approve role."""
    return allows(user, "approve", report)


def can_reopen(user, report) -> bool:
    """A higher level reopens an approved report so that it can be corrected."""
    return allows(user, "reopen", report)


def allowed_actions(user, report) -> set[str]:
    return {action for action in STATES if allows(user, action, report)}
