"""Review rounds (bình xét): opening, entries, independent scores, the round's decision.

The rules are those of the records' services (services.records): state rules, scope, one
transaction, a Transition for every change of a record's status.
"""

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.scope import can
from initiatives import rules
from initiatives.choices import EntryResult, RoundStatus, Status, TransitionAction
from initiatives.models import Initiative, ReviewEntry, ReviewRound, Score
from initiatives.services.records import (
    CENT,
    HUNDRED,
    _lock,
    _move,
    _refuse_unless,
    recognize,
)


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
        misfits = [
            _criteria_misfit(entry.initiative.name, review_round.criteria_set)
            for entry in current.entries.select_related("initiative")
            if not review_round.criteria_set.fits(entry.initiative)
        ]
        if misfits:
            raise ValidationError({"criteria_set": misfits})
    if review_round.year != current.year:
        later = [
            _("“%(name)s” đăng ký năm %(year)s.") % {"name": entry.initiative.name, "year": entry.initiative.year}
            for entry in current.entries.select_related("initiative").filter(initiative__year__gt=review_round.year)
        ]
        if later:
            message = _("Đợt bình xét năm %(year)s không thể có mô hình đăng ký sau năm đó.") % {
                "year": review_round.year
            }
            raise ValidationError({"year": [message, *later]})
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


def _criteria_misfit(name: str, criteria_set) -> str:
    """Say that the record `name` is not of the kind (collective, individual) `criteria_set` scores."""
    return _("“%(name)s”: bộ tiêu chí “%(criteria)s” của đợt chỉ dùng cho %(subject)s.") % {
        "name": name,
        "criteria": criteria_set.name,
        "subject": criteria_set.get_subject_display().lower(),
    }


def round_area_path(review_round: ReviewRound) -> str:
    """Return the area path a round may review records beneath (its steering body's area)."""
    return review_round.organization.area.path


@transaction.atomic
def add_entries(review_round: ReviewRound, initiatives, *, user) -> list[ReviewEntry]:
    """Put records before the round; each must lie in the round's area, be visible to the user,
    be registered in the round's year or before (a round reviews what was carried out up to its
    year, not a later year's registrations), be in a reviewable status, be of the kind the round's criteria set scores (collective or
    individual) and not already be before another open round."""
    _refuse_unless(rules.can_manage_round(user, review_round), _("Bạn không thể thêm mô hình vào đợt bình xét này."))
    visible = set(
        Initiative.objects.restrict(user, "view")
        .filter(pk__in=[i.pk for i in initiatives])
        .values_list("pk", flat=True)
    )
    area_path = round_area_path(review_round)
    criteria_set = review_round.criteria_set
    problems = []
    entries = []
    for initiative in initiatives:
        _lock(initiative)
        name = initiative.name
        if initiative.pk not in visible:
            problems.append(_("“%(name)s”: không thuộc phạm vi của bạn.") % {"name": name})
        elif not initiative.area.path.startswith(area_path) and not initiative.path.startswith(area_path):
            problems.append(_("“%(name)s”: không thuộc địa bàn của đợt bình xét.") % {"name": name})
        elif initiative.year > review_round.year:
            problems.append(
                _("“%(name)s”: đăng ký năm %(year)s, sau năm của đợt bình xét (%(round_year)s).")
                % {"name": name, "year": initiative.year, "round_year": review_round.year}
            )
        elif initiative.status not in rules.REVIEWABLE:
            problems.append(
                _("“%(name)s”: đang ở trạng thái “%(status)s”.")
                % {"name": name, "status": initiative.get_status_display()}
            )
        elif not criteria_set.fits(initiative):
            problems.append(_criteria_misfit(name, criteria_set))
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
    """Save one reviewer's scores of an entry: {criterion_id: number} for every criterion of the set.

    The values are numbers (int or Decimal), as the score form and the API serializer read them;
    text is refused rather than read a second way (see `_score_number`).
    """
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
        value = _score_number(value)
        if value is None:
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


def _score_number(value) -> Decimal | None:
    """Return `value` as a finite Decimal, or None if it is not a number.

    What people type is read once, by the score form (core.forms.VietnameseDecimalField: "8,5",
    never "8.5") or the API serializer (JSON numbers); a text reaching the service is not read
    again with another rule. NaN and infinities are refused: comparisons with them fail.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return number if number.is_finite() else None


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
