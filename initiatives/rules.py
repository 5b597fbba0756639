"""State rules: who may do what with a record or a review round in which state (STYLE.md §3.2).

Each rule combines the user's scope (`core.scope.can` on the record's path: the role's action)
with the record's status. Views show only the allowed buttons; services check again and refuse.
"""

from core.scope import can
from initiatives.choices import RoundStatus, Status

# Record actions: (the role action needed on the record's unit, the statuses it is allowed in).
INITIATIVE_RULES: dict[str, tuple[str, frozenset[str]]] = {
    "change": ("change", frozenset(Status.values) - {Status.UNDER_REVIEW}),
    "delete": ("delete", frozenset({Status.REGISTERED})),
    "start": ("change", frozenset({Status.REGISTERED})),
    "stop": ("change", frozenset({Status.REGISTERED, Status.IMPLEMENTING, Status.RECOGNIZED, Status.NOT_RECOGNIZED})),
    "resume": ("change", frozenset({Status.STOPPED})),
    "attach": ("change", frozenset(Status.values)),
    "recognize": ("approve", frozenset({Status.IMPLEMENTING, Status.RECOGNIZED, Status.NOT_RECOGNIZED})),
    "reward": ("approve", frozenset({Status.RECOGNIZED})),
    "assess": ("approve", frozenset({Status.IMPLEMENTING, Status.RECOGNIZED, Status.NOT_RECOGNIZED})),
}
# Statuses a record may be put before a review round in.
REVIEWABLE = frozenset({Status.REGISTERED, Status.IMPLEMENTING, Status.NOT_RECOGNIZED, Status.RECOGNIZED})
# Statuses a record may be replicated from.
REPLICABLE = frozenset({Status.IMPLEMENTING, Status.RECOGNIZED})


def can_act(user, action: str, initiative) -> bool:
    """Return whether `user` may perform the record action `action` on `initiative` now."""
    role_action, statuses = INITIATIVE_RULES[action]
    return initiative.status in statuses and can(user, role_action, initiative.path)


def allowed_actions(user, initiative) -> set[str]:
    """Return the record actions `user` may perform on `initiative` in its current status."""
    return {action for action in INITIATIVE_RULES if can_act(user, action, initiative)}


def can_replicate_from(initiative) -> bool:
    return initiative.status in REPLICABLE


def can_manage_round(user, review_round) -> bool:
    """Managing a round (editing it, adding or withdrawing records, naming reviewers) needs
    "change" on the steering body's unit while the round is open."""
    return review_round.status == RoundStatus.OPEN and can(user, "change", review_round.path)


def can_score(user, review_round) -> bool:
    return (
        review_round.status == RoundStatus.OPEN
        and user.is_authenticated
        and review_round.reviewers.filter(pk=user.pk).exists()
    )


def can_decide(user, review_round) -> bool:
    """Recording the round's decision needs "approve" on the steering body's unit."""
    return review_round.status == RoundStatus.OPEN and can(user, "approve", review_round.path)
