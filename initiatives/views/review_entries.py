"""A review round's records (đợt bình xét): adding and withdrawing them, scoring each, the decision.

Every page reads through `restrict()` (404 outside the user's scope), asks rules.py what the user
may do (403 with a message otherwise) and writes only through services.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.ids import parse_id
from core.text import fold
from initiatives import rules, services
from initiatives.choices import EntryResult
from initiatives.forms.reviews import (
    AddEntriesForm,
    DecideForm,
    ScoreForm,
    WithdrawEntryForm,
    candidate_records,
)
from initiatives.models import Initiative
from initiatives.tables.reviews import RESULT_BADGES, RESULT_ICONS
from initiatives.views.reviews import (
    RoundObjectMixin,
    RoundState,
    add_form_errors,
    round_breadcrumbs,
    round_flags,
)

CANDIDATES_PER_PAGE = 25

#
# Records before the round
#


class RoundEntriesAddView(RoundObjectMixin, TemplateView):
    """Tick records among the candidates (searchable, paginated) and put them before the round."""

    template_name = "initiatives/round_entries_add.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            review_round = self.get_round()
            if not rules.can_manage_round(request.user, review_round):
                raise PermissionDenied(_("Bạn không thể thêm mô hình vào đợt bình xét này."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        review_round = self.get_round()
        query = self.request.GET.get("q", "").strip()
        candidates = candidate_records(self.request.user, review_round)
        # A round may take records registered in other years (one still being carried out is
        # reviewed a year later; stage-long rounds cover several): the page says so and lets the
        # user narrow the list to one registration year.
        years = sorted(set(candidates.order_by().values_list("year", flat=True)), reverse=True)
        year = parse_id(self.request.GET.get("year"))
        if year not in years:
            year = None
        if year is not None:
            candidates = candidates.filter(year=year)
        if query:
            candidates = candidates.search(query)
        page = Paginator(candidates, CANDIDATES_PER_PAGE).get_page(self.request.GET.get("page"))
        chosen = set(form.data.getlist("initiatives")) if form is not None and form.is_bound else set()
        context.update(
            object=review_round,
            form=form,
            page_obj=page,
            query=query,
            years=years,
            year=year,
            chosen=chosen,
            breadcrumbs=round_breadcrumbs(review_round, _("Thêm mô hình")),
            nav_section="initiatives",
        )
        return context

    def post(self, request, *args, **kwargs):
        review_round = self.get_round()
        # Any visible record may be named: the service says why one cannot enter the round.
        form = AddEntriesForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                created = services.add_entries(review_round, list(form.cleaned_data["initiatives"]), user=request.user)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("Đã thêm %(count)s mô hình vào đợt bình xét.") % {"count": len(created)})
                return HttpResponseRedirect(review_round.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form))


class EntryWithdrawView(RoundObjectMixin, TemplateView):
    template_name = "initiatives/round_entry_withdraw.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.entry = self.get_entry()
            if not rules.can_manage_round(request.user, self.entry.round):
                raise PermissionDenied(_("Bạn không thể rút mô hình khỏi đợt bình xét này."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.entry.round,
            entry=self.entry,
            form=form or WithdrawEntryForm(),
            breadcrumbs=round_breadcrumbs(self.entry.round, _("Rút mô hình")),
            nav_section="initiatives",
        )
        return context

    def post(self, request, *args, **kwargs):
        form = WithdrawEntryForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        services.withdraw_entry(self.entry, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Đã rút “%(name)s” khỏi đợt bình xét.") % {"name": self.entry.initiative.name})
        return HttpResponseRedirect(self.entry.round.get_absolute_url())


#
# One entry: its record, its scores, the scoring form
#


def score_table(state: RoundState, entry, reviewers) -> list[dict]:
    """Return one row per criterion with the scores of `reviewers` (in order) and their mean."""
    values = {(s.reviewer_id, s.criterion_id): s.value for s in state.by_entry[entry.pk]}
    rows = []
    for criterion in state.criteria:
        cells = [values.get((reviewer.pk, criterion.pk)) for reviewer in reviewers]
        given = [value for value in cells if value is not None]
        rows.append({"criterion": criterion, "cells": cells, "mean": sum(given) / len(given) if given else None})
    return rows


class EntryDetailView(RoundObjectMixin, TemplateView):
    """A record as the round sees it: its summary and the scores the user may see."""

    template_name = "initiatives/round_entry_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry, user = self.get_entry(), self.request.user
        review_round = entry.round
        state = RoundState(review_round)
        is_reviewer = any(reviewer.pk == user.pk for reviewer in state.reviewers)
        if not review_round.is_open:
            shown = state.reviewers
        elif is_reviewer:
            shown = [reviewer for reviewer in state.reviewers if reviewer.pk == user.pk]
        else:
            shown = []
        context.update(
            object=review_round,
            entry=entry,
            initiative=entry.initiative,
            results=entry.initiative.resultvalues.select_related("metric"),
            shown_reviewers=shown,
            score_rows=score_table(state, entry, shown) if shown else [],
            own_score=state.live_score(entry, user.pk) if is_reviewer and review_round.is_open else None,
            result_badge=RESULT_BADGES.get(entry.result, "text-bg-light"),
            is_record_visible=Initiative.objects.restrict(user, "view").filter(pk=entry.initiative_id).exists(),
            breadcrumbs=round_breadcrumbs(review_round, entry.initiative.name),
            nav_section="initiatives",
            **round_flags(user, review_round),
        )
        return context


class EntryScoreView(RoundObjectMixin, TemplateView):
    """The current reviewer scores one entry on every criterion; saving moves to the next one."""

    template_name = "initiatives/round_score.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.entry = self.get_entry()
            review_round = self.entry.round
            if not rules.can_score(request.user, review_round):
                message = (
                    _("Bạn không phải thành viên chấm điểm của đợt này.")
                    if review_round.is_open
                    else _("Đợt bình xét đã có kết quả, không chấm điểm được nữa.")
                )
                raise PermissionDenied(message)
            self.state = RoundState(review_round)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data=None) -> ScoreForm:
        own = {
            s.criterion_id: s.value for s in self.state.by_entry[self.entry.pk] if s.reviewer_id == self.request.user.pk
        }
        return ScoreForm(data, criteria=self.state.criteria, initial_scores=own)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = self.state.entries
        index = next(i for i, entry in enumerate(entries) if entry.pk == self.entry.pk)
        user_id = self.request.user.pk
        context.update(
            object=self.entry.round,
            entry=self.entry,
            initiative=self.entry.initiative,
            results=self.entry.initiative.resultvalues.select_related("metric"),
            form=form or self.get_form(),
            position=index + 1,
            entry_count=len(entries),
            previous_entry=entries[index - 1] if index > 0 else None,
            following_entry=entries[index + 1] if index + 1 < len(entries) else None,
            is_done=self.state.is_done(self.entry, user_id),
            remaining=sum(1 for entry in entries if not self.state.is_done(entry, user_id)),
            breadcrumbs=round_breadcrumbs(self.entry.round, _("Chấm điểm")),
            nav_section="initiatives",
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                services.record_scores(self.entry, reviewer=request.user, values=form.values())
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("Đã lưu điểm “%(name)s”.") % {"name": self.entry.initiative.name})
                state = RoundState(self.entry.round)
                following = state.next_for(request.user.pk, after=self.entry)
                if following is None:
                    # The round's page says that all are scored (and who decides next).
                    return HttpResponseRedirect(self.entry.round.get_absolute_url())
                return HttpResponseRedirect(
                    reverse(
                        "initiatives:round_entry_score", kwargs={"pk": self.entry.round.pk, "entry_pk": following.pk}
                    )
                )
        return self.render_to_response(self.get_context_data(form=form))


#
# Decision
#


class RoundDecideView(RoundObjectMixin, TemplateView):
    """Preview every entry's score and result, list what is missing, record the decision."""

    template_name = "initiatives/round_decide.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            review_round = self.get_round()
            if not rules.can_decide(request.user, review_round):
                message = (
                    _("Bạn không có quyền quyết định kết quả đợt bình xét này.")
                    if review_round.is_open
                    else _("Đợt bình xét đã có kết quả.")
                )
                raise PermissionDenied(message)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        review_round = self.get_round()
        state = RoundState(review_round)
        missing = services.missing_scores(review_round)
        incomplete = {entry.pk for entry, _reviewer in missing}
        rows = []
        for entry in state.entries:
            score = state.live_score(entry)
            result = services.result_for(review_round, score)
            rows.append(
                {
                    "entry": entry,
                    "score": score,
                    "result": EntryResult(result).label,
                    "badge": RESULT_BADGES[result],
                    "icon": RESULT_ICONS[result],
                    "complete": entry.pk not in incomplete,
                }
            )
        rows.sort(key=lambda row: (row["score"] is None, -(row["score"] or 0), fold(row["entry"].initiative.name)))
        context.update(
            object=review_round,
            rows=rows,
            missing=[
                {"entry": entry, "reviewer": reviewer}
                for entry, reviewer in sorted(missing, key=lambda pair: (pair[1].display_name, pair[0].pk))
            ],
            has_reviewers=bool(state.reviewers),
            form=form or DecideForm(),
            can_submit=bool(state.entries) and bool(state.reviewers) and not missing,
            breadcrumbs=round_breadcrumbs(review_round, _("Quyết định kết quả")),
            nav_section="initiatives",
        )
        return context

    def post(self, request, *args, **kwargs):
        review_round = self.get_round()
        form = DecideForm(request.POST)
        if form.is_valid():
            try:
                services.decide_round(
                    review_round,
                    user=request.user,
                    decision_date=form.cleaned_data["decision_date"],
                    decision_number=form.cleaned_data["decision_number"],
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(
                    request, _("Đã ghi nhận kết quả đợt bình xét “%(name)s”.") % {"name": review_round.name}
                )
                return HttpResponseRedirect(review_round.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form))
