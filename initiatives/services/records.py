"""Records: registration, results, replication, start/stop/resume, recognition, reward and the
yearly assessment (see the package's docstring for the rules every service follows)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.scope import can
from core.text import name_key
from initiatives import rules
from initiatives.choices import Outcome, RecognitionLevel, Status, TransitionAction
from initiatives.models import (
    Assessment,
    Initiative,
    Recognition,
    ResultValue,
    ReviewEntry,
    Transition,
)
from initiatives.models.initiative import NAME_ONCE_A_YEAR, NAME_TAKEN
from orgunits.models import Organization

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


def check_rule(user, action: str, initiative: Initiative) -> None:
    """Raise ActionRefused unless `user` may do the record action `action` (rules.INITIATIVE_RULES)
    on `initiative` in its current status; the message says which: the role, or the status."""
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
    # The organization's row is locked as the Excel import locks it: a registration and an import
    # for the same organization take turns, and the second one's name check sees the first's record.
    list(Organization.objects.select_for_update().filter(pk=initiative.organization_id).values("pk"))
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
    """Registered → being implemented. A record without a start date ("Ngày bắt đầu thực hiện")
    gets today's, when today is a start date its registration year allows."""
    _lock(initiative)
    check_rule(user, "start", initiative)
    if initiative.start_date is None:
        initiative.start_date = timezone.localdate()
        if initiative.start_date_errors():
            initiative.start_date = None  # registered years ago: the date is for the unit to say
        else:
            _save_fields(initiative, "start_date")
    return _move(initiative, TransitionAction.START, Status.IMPLEMENTING, user, reason)


@transaction.atomic
def stop(initiative: Initiative, *, user, reason: str) -> Transition:
    """Stop a record (the reason is required); it stays in the registry and in the statistics."""
    reason = _required(reason, _("Cần nêu lý do dừng thực hiện."))
    _lock(initiative)
    check_rule(user, "stop", initiative)
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
    check_rule(user, "resume", initiative)
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
        check_rule(user, "recognize", initiative)
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
    check_rule(user, "reward", initiative)
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
    check_rule(user, "assess", initiative)
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
