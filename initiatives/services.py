"""The life-cycle of "Dân vận khéo" records and review rounds (STYLE.md §2: transitions are services).

Pages, API and imports call these functions; each checks the state rules (rules.py) and the
user's scope, writes in one transaction and records who did what, when and why (Transition).
Refusals raise `ActionRefused` (the page or API answers 403 with the message); invalid input
raises Django's `ValidationError` (answered 400 / shown on the form).
"""

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.scope import can
from core.text import name_key
from initiatives import rules
from initiatives.choices import EntryResult, Outcome, RecognitionLevel, RoundStatus, Status, TransitionAction
from initiatives.models import (
    Assessment,
    Initiative,
    Recognition,
    ResultValue,
    ReviewEntry,
    ReviewRound,
    Score,
    Transition,
)
from initiatives.models.initiative import NAME_ONCE_A_YEAR, NAME_TAKEN

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class ActionRefused(PermissionDenied):
    """The user may not do this, or not in the record's current state; the message says why."""


#
# Helpers
#


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise ActionRefused(message)


def _check_rule(user, action: str, initiative: Initiative) -> None:
    role_action, statuses = rules.INITIATIVE_RULES[action]
    _refuse_unless(can(user, role_action, initiative.path), _("Bạn không có quyền thực hiện thao tác này."))
    if initiative.status not in statuses:
        raise ActionRefused(
            _("Không thể thực hiện thao tác này khi mô hình đang ở trạng thái “%(status)s”.")
            % {"status": initiative.get_status_display()}
        )


def _lock(initiative: Initiative) -> Initiative:
    """Re-read the record under a row lock, so two concurrent transitions cannot both pass the
    status check; copy the fresh state onto the caller's instance."""
    fresh = Initiative.objects.select_for_update().get(pk=initiative.pk)
    for name in ("status", "is_effective", "recognition_level", "is_outstanding", "latest_outcome", "path"):
        setattr(initiative, name, getattr(fresh, name))
    return initiative


def _move(initiative: Initiative, action: str, to_status: str, user, reason: str = "") -> Transition:
    """Record a step of the life-cycle and set the record's new status."""
    step = Transition.objects.create(
        initiative=initiative,
        action=action,
        from_status=initiative.status if initiative.pk else "",
        to_status=to_status,
        user=user if user and user.is_authenticated else None,
        reason=reason,
    )
    if initiative.status != to_status:
        initiative.status = to_status
        Initiative.objects.filter(pk=initiative.pk).update(status=to_status, updated=timezone.now())
    return step


def _save_fields(initiative: Initiative, *names: str) -> None:
    initiative.save(update_fields=[*names, "updated"])


def _required(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(message)
    return value


#
# Records
#


def save_record(initiative: Initiative) -> None:
    """Save a record (new or edited) that passed full_clean().

    Two submissions of the same name at once both pass the duplicate check (the other's row is not
    there yet); the database's constraint refuses the second, answered here as the check would
    have, instead of an error page. Call inside a transaction.
    """
    try:
        with transaction.atomic():
            initiative.save()
    except IntegrityError as error:
        if NAME_ONCE_A_YEAR not in str(error) and "initiatives_initiative.name_key" not in str(error):
            raise  # SQLite names the columns, PostgreSQL the constraint
        raise ValidationError(initiative.duplicate_errors() or {"name": [NAME_TAKEN]}) from error


@transaction.atomic
def register(initiative: Initiative, *, user, results=(), reason: str = "") -> Initiative:
    """Register a new record for its organization; `results` are (metric, value, note) rows.

    A replica (`replicated_from` set) is noted on its source's timeline too.
    """
    _refuse_unless(
        initiative.organization_id is not None and can(user, "add", initiative.organization.path),
        _("Bạn không có quyền đăng ký mô hình cho đơn vị này."),
    )
    initiative.status = Status.REGISTERED
    initiative.created_by = user if user and user.is_authenticated else None
    initiative.full_clean()
    save_record(initiative)
    replace_results(initiative, results)
    Transition.objects.create(
        initiative=initiative,
        action=TransitionAction.REGISTER,
        from_status="",
        to_status=Status.REGISTERED,
        user=initiative.created_by,
        reason=reason,
    )
    if initiative.replicated_from_id:
        Transition.objects.create(
            initiative=initiative.replicated_from,
            action=TransitionAction.REPLICATED,
            from_status=initiative.replicated_from.status,
            to_status=initiative.replicated_from.status,
            user=initiative.created_by,
            reason=_("Được nhân rộng tại %(organization)s: “%(name)s”.")
            % {"organization": initiative.organization.name, "name": initiative.name},
        )
    return initiative


def replace_results(initiative: Initiative, results) -> None:
    """Set the record's quantitative results to `results` ((metric, value, note) rows)."""
    seen = set()
    rows = []
    for metric, value, note in results:
        if metric.pk in seen:
            raise ValidationError(_("Loại kết quả “%(metric)s” được nhập hai lần.") % {"metric": metric.name})
        seen.add(metric.pk)
        rows.append(ResultValue(initiative=initiative, metric=metric, value=value, note=note or ""))
    for row in rows:
        row.full_clean(exclude=["initiative"], validate_unique=False)
    ResultValue.objects.filter(initiative=initiative).exclude(metric__in=seen).delete()
    for row in rows:
        ResultValue.objects.update_or_create(
            initiative=initiative, metric=row.metric, defaults={"value": row.value, "note": row.note}
        )


@transaction.atomic
def replicate(source: Initiative, replica: Initiative, *, user, results=()) -> Initiative:
    """Register `replica` (unsaved, for another organization) as a replication of `source`."""
    _refuse_unless(
        rules.can_replicate_from(source),
        _("Chỉ nhân rộng được mô hình đang triển khai hoặc đã được công nhận."),
    )
    if replica.organization_id == source.organization_id:
        raise ValidationError({"organization": _("Đơn vị nhân rộng phải khác đơn vị đã xây dựng mô hình gốc.")})
    replica.replicated_from = source
    return register(replica, user=user, results=results)


@transaction.atomic
def start(initiative: Initiative, *, user, reason: str = "") -> Transition:
    """Registered → being implemented."""
    _lock(initiative)
    _check_rule(user, "start", initiative)
    return _move(initiative, TransitionAction.START, Status.IMPLEMENTING, user, reason)


@transaction.atomic
def stop(initiative: Initiative, *, user, reason: str) -> Transition:
    """Stop a record (the reason is required); it stays in the registry and in the statistics."""
    reason = _required(reason, _("Cần nêu lý do dừng thực hiện."))
    _lock(initiative)
    _check_rule(user, "stop", initiative)
    initiative.is_effective = False
    _save_fields(initiative, "is_effective")
    return _move(initiative, TransitionAction.STOP, Status.STOPPED, user, reason)


# Statuses a stopped record returns to when it resumes (what it was before the stop).
RESUMABLE = frozenset({Status.IMPLEMENTING, Status.RECOGNIZED, Status.NOT_RECOGNIZED})


@transaction.atomic
def resume(initiative: Initiative, *, user, reason: str = "") -> Transition:
    """A stopped record is implemented again: it returns to its status before the stop (a
    recognized record stays recognized), and its effectiveness is again what its latest
    assessment, or its recognition, says (the stop had set it to "not effective")."""
    _lock(initiative)
    _check_rule(user, "resume", initiative)
    stop_step = initiative.transitions.filter(to_status=Status.STOPPED).order_by("-time", "-pk").first()
    before = stop_step.from_status if stop_step is not None else ""
    initiative.is_effective = _effectiveness_when_running(initiative)
    _save_fields(initiative, "is_effective")
    return _move(
        initiative, TransitionAction.RESUME, before if before in RESUMABLE else Status.IMPLEMENTING, user, reason
    )


def _effectiveness_when_running(initiative: Initiative) -> bool | None:
    """The latest assessment's verdict unless it was "stop"; else effective if it was recognized;
    else not yet assessed."""
    latest = initiative.assessments.order_by("-year", "-pk").first()
    if latest is not None and latest.outcome != Outcome.STOP:
        return latest.is_effective
    return True if initiative.recognition_level else None


@transaction.atomic
def recognize(
    initiative: Initiative,
    *,
    user,
    level: int,
    body: str,
    decision_date: datetime.date,
    decision_number: str = "",
    is_outstanding: bool = False,
    reason: str = "",
    review_entry: ReviewEntry | None = None,
) -> Recognition:
    """Record a recognition of the record at `level` by `body` (a decision outside a round, or a
    round's decision when `review_entry` is given: the round's rules were checked there)."""
    _lock(initiative)
    if review_entry is None:
        _check_rule(user, "recognize", initiative)
    body = _required(body, _("Cần nhập cơ quan công nhận."))
    if level not in RecognitionLevel.values:
        raise ValidationError({"level": _("Cấp công nhận không hợp lệ.")})
    if decision_date is None:
        raise ValidationError({"decision_date": _("Cần nhập ngày quyết định.")})
    if decision_date > timezone.localdate():
        raise ValidationError({"decision_date": _("Ngày quyết định không được ở tương lai.")})
    if decision_date < initiative.registered_on:
        registered = initiative.registered_on.strftime("%d/%m/%Y")
        if review_entry is None:
            message = _("Ngày quyết định không được trước ngày đăng ký mô hình (%(registered)s).") % {
                "registered": registered
            }
        else:
            message = _("Ngày quyết định không được trước ngày đăng ký của “%(name)s” (%(registered)s).") % {
                "name": initiative.name,
                "registered": registered,
            }
        raise ValidationError({"decision_date": message})
    same = _same_recognition(initiative, level=level, body=body, decision_number=decision_number, date=decision_date)
    if same is not None:
        raise ValidationError({"decision_number": _recognized_already_message(same, initiative, review_entry)})
    recognition = Recognition.objects.create(
        initiative=initiative,
        level=level,
        body=body,
        decision_number=decision_number,
        decision_date=decision_date,
        is_outstanding=is_outstanding,
        review_entry=review_entry,
    )
    initiative.recognition_level = max(level, initiative.recognition_level or 0)
    initiative.is_outstanding = initiative.is_outstanding or is_outstanding
    initiative.is_effective = True
    _save_fields(initiative, "recognition_level", "is_outstanding", "is_effective")
    text = reason or _("%(level)s – %(body)s, quyết định %(number)s ngày %(date)s.") % {
        "level": recognition.get_level_display(),
        "body": body,
        "number": decision_number or "—",
        "date": decision_date.strftime("%d/%m/%Y"),
    }
    action = TransitionAction.OUTSTANDING if is_outstanding else TransitionAction.RECOGNIZE
    _move(initiative, action, Status.RECOGNIZED, user, text)
    return recognition


def _same_recognition(
    initiative: Initiative, *, level: int, body: str, decision_number: str, date: datetime.date
) -> Recognition | None:
    """Return the record's recognition by the same decision (level, body, number and date; case
    and spacing aside), if one is recorded already."""
    for recognition in initiative.recognitions.filter(level=level, decision_date=date):
        if (name_key(recognition.body), name_key(recognition.decision_number)) == (
            name_key(body),
            name_key(decision_number or ""),
        ):
            return recognition
    return None


def _recognized_already_message(same: Recognition, initiative: Initiative, review_entry) -> str:
    values = {
        "level": same.get_level_display(),
        "body": same.body,
        "number": same.decision_number or "—",
        "date": same.decision_date.strftime("%d/%m/%Y"),
        "name": initiative.name,
    }
    if review_entry is None:
        return (
            _("Quyết định công nhận này đã được ghi nhận: %(level)s – %(body)s, quyết định %(number)s ngày %(date)s.")
            % values
        )
    return (
        _(
            "“%(name)s” đã được ghi nhận công nhận theo quyết định này (%(level)s – %(body)s, quyết định %(number)s ngày "
            "%(date)s)."
        )
        % values
    )


def _reward_text(recognition: Recognition) -> str:
    return _("%(form)s – %(body)s, quyết định %(number)s.") % {
        "form": recognition.reward_form,
        "body": recognition.reward_body or "—",
        "number": recognition.reward_decision_number or "—",
    }


@transaction.atomic
def reward(
    recognition: Recognition,
    *,
    user,
    reward_form: str,
    reward_body: str = "",
    reward_decision_number: str = "",
    reward_date: datetime.date | None = None,
    is_outstanding: bool | None = None,
    correction: bool = False,
) -> Recognition:
    """Record the reward (khen thưởng) given with a recognition, and whether it is outstanding.

    A recognition carries one reward: once recorded, it is replaced only as a correction
    (`correction=True`), never silently; the timeline keeps what the correction replaced.
    """
    initiative = _lock(recognition.initiative)
    _check_rule(user, "reward", initiative)
    # Read under the record's lock: a reward another request has just recorded counts.
    recognition.refresh_from_db()
    previous = _reward_text(recognition) if recognition.is_rewarded else ""
    if previous and not correction:
        raise ValidationError(
            {
                "recognition": _(
                    "Quyết định công nhận này đã có khen thưởng (%(reward)s). Nếu cần sửa thông tin khen thưởng đã "
                    "ghi, chọn “Sửa khen thưởng đã ghi nhận”."
                )
                % {"reward": previous.rstrip(".")}
            }
        )
    recognition.reward_form = _required(reward_form, _("Cần nhập hình thức khen thưởng."))
    recognition.reward_body = reward_body
    recognition.reward_decision_number = reward_decision_number
    recognition.reward_date = reward_date
    if reward_date and reward_date < recognition.decision_date:
        raise ValidationError({"reward_date": _("Ngày khen thưởng không được trước ngày công nhận.")})
    if reward_date and reward_date > timezone.localdate():
        raise ValidationError({"reward_date": _("Ngày khen thưởng không được ở tương lai.")})
    if is_outstanding is not None:
        recognition.is_outstanding = is_outstanding
    recognition.save()
    initiative.is_outstanding = initiative.recognitions.filter(is_outstanding=True).exists()
    _save_fields(initiative, "is_outstanding")
    text = _reward_text(recognition)
    if previous:
        text = _("Sửa khen thưởng: %(reward)s Trước đó: %(previous)s") % {"reward": text, "previous": previous}
    _move(initiative, TransitionAction.REWARD, initiative.status, user, text)
    return recognition


@transaction.atomic
def assess(initiative: Initiative, *, user, year: int, outcome: str, note: str = "") -> Assessment:
    """Record the yearly re-review: replicate or keep (effective), consolidate, or stop.

    The year's bounds (not to come, not before the registration) are the model's (Assessment.clean()).
    """
    _lock(initiative)
    _check_rule(user, "assess", initiative)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Kết quả rà soát không hợp lệ.")})
    if outcome == Outcome.STOP and not (note or "").strip():
        raise ValidationError({"note": _("Cần nêu lý do dừng thực hiện.")})
    assessment = Assessment(initiative=initiative, year=year, outcome=outcome, note=note, assessed_by=user)
    assessment.full_clean()
    assessment.save()
    latest = initiative.assessments.order_by("-year").first()
    initiative.latest_outcome = latest.outcome
    initiative.is_effective = latest.is_effective
    _save_fields(initiative, "latest_outcome", "is_effective")
    to_status = Status.STOPPED if outcome == Outcome.STOP and latest == assessment else initiative.status
    _move(
        initiative,
        TransitionAction.ASSESS,
        to_status,
        user,
        f"{year}: {assessment.get_outcome_display()}" + (f". {note}" if note else ""),
    )
    return assessment


#
# Review rounds
#


@transaction.atomic
def open_round(review_round: ReviewRound, *, user, reviewers=()) -> ReviewRound:
    """Open a review round for the steering body (organization); thresholds default to the set's."""
    _refuse_unless(
        review_round.organization_id is not None and can(user, "change", review_round.organization.path),
        _("Bạn không có quyền mở đợt bình xét cho đơn vị này."),
    )
    if review_round.pass_score is None:
        review_round.pass_score = review_round.criteria_set.pass_score
    if review_round.outstanding_score is None:
        review_round.outstanding_score = review_round.criteria_set.outstanding_score
    if not review_round.criteria_set.criteria.exists():
        raise ValidationError({"criteria_set": _("Bộ tiêu chí chưa có tiêu chí nào.")})
    review_round.status = RoundStatus.OPEN
    review_round.full_clean()
    review_round.save()
    if reviewers:
        review_round.reviewers.set(reviewers)
    return review_round


@transaction.atomic
def update_round(review_round: ReviewRound, *, user, reviewers) -> ReviewRound:
    """Save the edited fields and reviewers of an open round.

    The steering body stays (the round's records were chosen in its area); the criteria set
    changes only while nobody has scored. A reviewer taken off the round takes their scores along,
    so the computed scores and the missing-score check count the same people.
    """
    current = ReviewRound.objects.select_for_update().get(pk=review_round.pk)
    _refuse_unless(rules.can_manage_round(user, current), _("Bạn không thể sửa đợt bình xét này."))
    if review_round.organization_id != current.organization_id:
        raise ValidationError({"organization": _("Không thể đổi cơ quan chỉ đạo của đợt bình xét đã mở.")})
    scores = Score.objects.filter(entry__round=current)
    if review_round.criteria_set_id != current.criteria_set_id:
        if scores.exists():
            raise ValidationError({"criteria_set": _("Đã có điểm chấm: không thể đổi bộ tiêu chí.")})
        if not review_round.criteria_set.criteria.exists():
            raise ValidationError({"criteria_set": _("Bộ tiêu chí chưa có tiêu chí nào.")})
    review_round.status = current.status
    review_round.full_clean()
    review_round.save()
    dropped = scores.exclude(reviewer__in=[reviewer.pk for reviewer in reviewers]).select_related("reviewer")
    # Said on the page: whose scores went with them (`dropped_scorers`).
    review_round.dropped_scorers = sorted({score.reviewer.display_name for score in dropped})
    dropped.delete()
    review_round.reviewers.set(reviewers)
    return review_round


@transaction.atomic
def delete_round(review_round: ReviewRound, *, user) -> None:
    """Delete an open round nobody has scored yet; its records first return to their previous status."""
    review_round = ReviewRound.objects.select_for_update().get(pk=review_round.pk)
    _refuse_unless(
        rules.can_manage_round(user, review_round) and can(user, "delete", review_round.path),
        _("Bạn không thể xóa đợt bình xét này."),
    )
    _refuse_unless(
        not Score.objects.filter(entry__round=review_round).exists(),
        _("Đợt bình xét đã có điểm chấm nên không thể xóa."),
    )
    reason = _("Xóa đợt bình xét “%(name)s”.") % {"name": review_round.name}
    for entry in review_round.entries.select_related("initiative"):
        entry.round = review_round
        withdraw_entry(entry, user=user, reason=reason)
    review_round.delete()


def round_area_path(review_round: ReviewRound) -> str:
    """Return the area path a round may review records beneath (its steering body's area)."""
    return review_round.organization.area.path


@transaction.atomic
def add_entries(review_round: ReviewRound, initiatives, *, user) -> list[ReviewEntry]:
    """Put records before the round; each must lie in the round's area, be visible to the user,
    be in a reviewable status and not already be before another open round."""
    _refuse_unless(rules.can_manage_round(user, review_round), _("Bạn không thể thêm mô hình vào đợt bình xét này."))
    visible = set(
        Initiative.objects.restrict(user, "view")
        .filter(pk__in=[i.pk for i in initiatives])
        .values_list("pk", flat=True)
    )
    area_path = round_area_path(review_round)
    problems = []
    entries = []
    for initiative in initiatives:
        _lock(initiative)
        name = initiative.name
        if initiative.pk not in visible:
            problems.append(_("“%(name)s”: không thuộc phạm vi của bạn.") % {"name": name})
        elif not initiative.area.path.startswith(area_path) and not initiative.path.startswith(area_path):
            problems.append(_("“%(name)s”: không thuộc địa bàn của đợt bình xét.") % {"name": name})
        elif initiative.status not in rules.REVIEWABLE:
            problems.append(
                _("“%(name)s”: đang ở trạng thái “%(status)s”.")
                % {"name": name, "status": initiative.get_status_display()}
            )
        elif review_round.entries.filter(initiative=initiative).exists():
            problems.append(_("“%(name)s”: đã có trong đợt này.") % {"name": name})
        else:
            entries.append(initiative)
    if problems:
        raise ValidationError(problems)
    created = []
    for initiative in entries:
        created.append(ReviewEntry.objects.create(round=review_round, initiative=initiative))
        _move(initiative, TransitionAction.SUBMIT, Status.UNDER_REVIEW, user, str(review_round))
    return created


@transaction.atomic
def withdraw_entry(entry: ReviewEntry, *, user, reason: str = "") -> None:
    """Take a record out of an open round; it returns to the status it had before."""
    _refuse_unless(rules.can_manage_round(user, entry.round), _("Bạn không thể rút mô hình khỏi đợt bình xét này."))
    initiative = _lock(entry.initiative)
    submitted = initiative.transitions.filter(action=TransitionAction.SUBMIT).order_by("-time", "-pk").first()
    previous = submitted.from_status if submitted and submitted.from_status else Status.IMPLEMENTING
    entry.delete()
    _move(initiative, TransitionAction.WITHDRAW, previous, user, reason or str(entry.round))


@transaction.atomic
def record_scores(entry: ReviewEntry, *, reviewer, values: dict) -> list[Score]:
    """Save one reviewer's scores of an entry: {criterion_id: Decimal} for every criterion of the set."""
    review_round = entry.round
    _refuse_unless(rules.can_score(reviewer, review_round), _("Bạn không phải thành viên chấm điểm của đợt này."))
    criteria = list(review_round.criteria_set.criteria.all())
    errors = []
    cleaned = {}
    for criterion in criteria:
        value = values.get(criterion.pk)
        if value in (None, ""):
            errors.append(_("Chưa chấm tiêu chí “%(name)s”.") % {"name": criterion.name})
            continue
        try:
            value = Decimal(str(value).replace(",", "."))
            if not value.is_finite():  # "NaN", "Infinity": Decimal parses them, comparisons fail
                raise ArithmeticError
        except ArithmeticError:
            errors.append(_("Điểm của tiêu chí “%(name)s” không phải là số.") % {"name": criterion.name})
            continue
        if not (0 <= value <= criterion.max_score):
            errors.append(
                _("Điểm của tiêu chí “%(name)s” phải từ 0 đến %(max)s.")
                % {"name": criterion.name, "max": criterion.max_score}
            )
            continue
        cleaned[criterion] = value.quantize(CENT, rounding=ROUND_HALF_UP)
    if errors:
        raise ValidationError(errors)
    scores = []
    for criterion, value in cleaned.items():
        score, _created = Score.objects.update_or_create(
            entry=entry, reviewer=reviewer, criterion=criterion, defaults={"value": value}
        )
        scores.append(score)
    return scores


def entry_score(entry: ReviewEntry, criteria=None, scores=None) -> Decimal | None:
    """Return the entry's score out of 100: for each criterion the reviewers' mean as a share of its
    maximum, weighted by the criterion's weight. None while nobody has scored it."""
    criteria = criteria if criteria is not None else list(entry.round.criteria_set.criteria.all())
    scores = scores if scores is not None else list(entry.scores.all())
    by_criterion: dict[int, list[Decimal]] = defaultdict(list)
    for score in scores:
        by_criterion[score.criterion_id].append(score.value)
    total_weight = sum(c.weight for c in criteria)
    if not scores or not total_weight:
        return None
    weighted = Decimal(0)
    for criterion in criteria:
        values = by_criterion.get(criterion.pk, [])
        if values:
            mean = sum(values) / len(values)
            weighted += criterion.weight * mean / criterion.max_score
    return (weighted * HUNDRED / total_weight).quantize(CENT, rounding=ROUND_HALF_UP)


def missing_scores(review_round: ReviewRound) -> list[tuple[ReviewEntry, object]]:
    """Return (entry, reviewer) pairs where the reviewer has not scored every criterion yet."""
    criteria_count = review_round.criteria_set.criteria.count()
    reviewers = list(review_round.reviewers.all())
    done = defaultdict(int)
    for entry_id, reviewer_id in Score.objects.filter(entry__round=review_round).values_list("entry_id", "reviewer_id"):
        done[(entry_id, reviewer_id)] += 1
    return [
        (entry, reviewer)
        for entry in review_round.entries.select_related("initiative")
        for reviewer in reviewers
        if done[(entry.pk, reviewer.pk)] < criteria_count
    ]


def result_for(review_round: ReviewRound, score: Decimal | None) -> str:
    if score is None or score < review_round.pass_score:
        return EntryResult.NOT_RECOGNIZED
    if score >= review_round.outstanding_score:
        return EntryResult.OUTSTANDING
    return EntryResult.RECOGNIZED


@transaction.atomic
def decide_round(
    review_round: ReviewRound, *, user, decision_date: datetime.date, decision_number: str = ""
) -> list[ReviewEntry]:
    """Compute every entry's score, record the round's decision and recognize the records that pass.

    Every reviewer must have scored every entry on every criterion first.
    """
    review_round = ReviewRound.objects.select_for_update().get(pk=review_round.pk)
    _refuse_unless(rules.can_decide(user, review_round), _("Bạn không có quyền quyết định kết quả đợt bình xét này."))
    entries = list(review_round.entries.select_related("initiative"))
    if not entries:
        raise ValidationError(_("Đợt bình xét chưa có mô hình nào."))
    if not review_round.reviewers.exists():
        raise ValidationError(_("Đợt bình xét chưa có thành viên chấm điểm."))
    missing = missing_scores(review_round)
    if missing:
        raise ValidationError(
            [
                _("%(reviewer)s chưa chấm xong “%(name)s”.")
                % {"reviewer": reviewer.display_name, "name": entry.initiative.name}
                for entry, reviewer in missing
            ]
        )
    if decision_date is None:
        raise ValidationError({"decision_date": _("Cần nhập ngày quyết định.")})
    if decision_date > timezone.localdate():
        # Checked here too: a round whose entries all fail recognizes nothing, so recognize() would not check it.
        raise ValidationError({"decision_date": _("Ngày quyết định không được ở tương lai.")})
    criteria = list(review_round.criteria_set.criteria.all())
    for entry in entries:
        entry.total_score = entry_score(entry, criteria, list(entry.scores.all()))
        entry.result = result_for(review_round, entry.total_score)
        entry.save(update_fields=["total_score", "result", "updated"])
        initiative = entry.initiative
        if entry.result == EntryResult.NOT_RECOGNIZED:
            _lock(initiative)
            # A record recognized before keeps that recognition and its status: this round only
            # did not recognize it again (the step is recorded all the same).
            _move(
                initiative,
                TransitionAction.NOT_RECOGNIZE,
                Status.RECOGNIZED if initiative.recognition_level else Status.NOT_RECOGNIZED,
                user,
                _("%(round)s: %(score)s điểm.") % {"round": review_round.name, "score": entry.total_score},
            )
        else:
            recognize(
                initiative,
                user=user,
                level=review_round.level,
                body=review_round.recognizing_body,
                decision_number=decision_number,
                decision_date=decision_date,
                is_outstanding=entry.result == EntryResult.OUTSTANDING,
                review_entry=entry,
                reason=_("%(round)s: %(score)s điểm, quyết định %(number)s ngày %(date)s.")
                % {
                    "round": review_round.name,
                    "score": entry.total_score,
                    "number": decision_number or "—",
                    "date": decision_date.strftime("%d/%m/%Y"),
                },
            )
    review_round.status = RoundStatus.DECIDED
    review_round.decision_number = decision_number
    review_round.decision_date = decision_date
    review_round.decided_at = timezone.now()
    review_round.decided_by = user
    review_round.save()
    return entries
