"""The life-cycle of "Dân vận khéo" records and review rounds (STYLE.md §2: transitions are services).

Pages, API and imports call these functions as `services.<name>`; each checks the state rules
(rules.py) and the user's scope, writes in one transaction and records who did what, when and
why (Transition). Refusals raise `ActionRefused` (the page or API answers 403 with the message);
invalid input raises Django's `ValidationError` (answered 400 / shown on the form).

- `records`: registration, results, replication, start/stop/resume, recognition, reward, assessment;
- `reviews`: review rounds, their entries, scores and decision.
"""

from initiatives.services.records import (
    CENT,
    HUNDRED,
    RESUMABLE,
    ActionRefused,
    assess,
    check_rule,
    recognize,
    register,
    replace_results,
    replicate,
    resume,
    reward,
    save_record,
    start,
    stop,
)
from initiatives.services.reviews import (
    add_entries,
    decide_round,
    delete_round,
    entry_score,
    missing_scores,
    open_round,
    record_scores,
    result_for,
    round_area_path,
    update_round,
    withdraw_entry,
)

__all__ = [
    "CENT",
    "HUNDRED",
    "RESUMABLE",
    "ActionRefused",
    "add_entries",
    "assess",
    "check_rule",
    "decide_round",
    "delete_round",
    "entry_score",
    "missing_scores",
    "open_round",
    "recognize",
    "record_scores",
    "register",
    "replace_results",
    "replicate",
    "result_for",
    "resume",
    "reward",
    "round_area_path",
    "save_record",
    "start",
    "stop",
    "update_round",
    "withdraw_entry",
]
