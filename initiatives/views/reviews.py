"""Review-round pages (đợt bình xét): list, open, edit, delete, detail, records, scoring, decision.

Every page reads through `restrict()` (404 outside the user's scope), asks rules.py what the user
may do (403 with a message otherwise) and writes only through services.py.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from core.htmx import is_htmx_partial
from core.ids import parse_id
from core.scope import can
from core.text import fold
from core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, ScopedMixin
from initiatives import rules, services
from initiatives.choices import EntryResult
from initiatives.filtersets import ReviewRoundFilterSet
from initiatives.forms.reviews import (
    AddEntriesForm,
    DecideForm,
    ReviewRoundForm,
    ScoreForm,
    WithdrawEntryForm,
    can_open_rounds,
    candidate_records,
    default_round_initial,
    steering_bodies,
)
from initiatives.models import Initiative, ReviewEntry, ReviewRound, Score
from initiatives.tables.reviews import RESULT_BADGES, ReviewEntryTable, ReviewRoundTable

ROUND_QUERYSET = ReviewRound.objects.select_related("organization__area", "criteria_set", "decided_by")
ENTRIES_PER_PAGE = 50
CANDIDATES_PER_PAGE = 25


def round_breadcrumbs(review_round=None, *tail) -> list[dict]:
    crumbs = [{"label": gettext_lazy("Bình xét"), "url": reverse("initiatives:round_list")}]
    if review_round is not None:
        crumbs.append({"label": review_round.name, "url": review_round.get_absolute_url()})
    crumbs += [{"label": label, "url": None} for label in tail]
    return crumbs


def _form_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: by field where it names one, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class RoundState:
    """What a round's pages show, read once: criteria, reviewers, entries and every score.

    Scores are grouped in memory (a round holds tens to a few hundred entries), so the progress
    of each reviewer and the live score of each entry cost no query per row.
    """

    def __init__(self, review_round: ReviewRound):
        self.round = review_round
        self.criteria = list(review_round.criteria_set.criteria.all())
        self.reviewers = list(review_round.reviewers.order_by("full_name", "username"))
        self.entries = list(
            review_round.entries.select_related("initiative__organization", "initiative__area").order_by("pk")
        )
        self.scores = list(
            Score.objects.filter(entry__round=review_round).only("entry", "reviewer", "criterion", "value")
        )
        self.by_entry = defaultdict(list)
        for score in self.scores:
            self.by_entry[score.entry_id].append(score)

    @property
    def criteria_count(self) -> int:
        return len(self.criteria)

    def progress(self, entry) -> dict[int, int]:
        """Return {reviewer id: criteria scored} for `entry`."""
        counts: dict[int, int] = defaultdict(int)
        for score in self.by_entry[entry.pk]:
            counts[score.reviewer_id] += 1
        return counts

    def is_done(self, entry, reviewer_id: int) -> bool:
        return self.progress(entry).get(reviewer_id, 0) >= self.criteria_count

    def live_score(self, entry, reviewer_id: int | None = None):
        """Return the entry's score now: everyone's scores, or one reviewer's when `reviewer_id` is given."""
        scores = self.by_entry[entry.pk]
        if reviewer_id is not None:
            scores = [score for score in scores if score.reviewer_id == reviewer_id]
        return services.entry_score(entry, self.criteria, scores)

    def reviewer_progress(self) -> list[dict]:
        total = len(self.entries)
        rows = []
        for reviewer in self.reviewers:
            done = sum(1 for entry in self.entries if self.is_done(entry, reviewer.pk))
            rows.append(
                {
                    "reviewer": reviewer,
                    "done": done,
                    "total": total,
                    "percent": round(100 * done / total) if total else 0,
                }
            )
        return rows

    def next_for(self, reviewer_id: int, after=None):
        """Return the first entry after `after` (wrapping around) that `reviewer_id` has not finished."""
        entries = self.entries
        if after is not None:
            index = next((i for i, entry in enumerate(entries) if entry.pk == after.pk), -1)
            entries = entries[index + 1 :] + entries[: index + 1]
        return next((entry for entry in entries if not self.is_done(entry, reviewer_id)), None)


def round_flags(user, review_round) -> dict:
    """Return what the round's pages may offer `user` (the same rules the views and services enforce)."""
    can_manage = rules.can_manage_round(user, review_round)
    return {
        "can_manage": can_manage,
        "can_delete": can_manage and can(user, "delete", review_round.path),
        "can_score": rules.can_score(user, review_round),
        "can_decide": rules.can_decide(user, review_round),
    }


class RoundObjectMixin(ScopedMixin):
    """Pages under /rounds/<pk>/: the round is read through restrict() (404 outside the scope)."""

    queryset = ROUND_QUERYSET

    def get_round(self) -> ReviewRound:
        if not hasattr(self, "_round"):
            self._round = self.get_scoped_object("view")
        return self._round

    def get_entry(self) -> ReviewEntry:
        review_round = self.get_round()
        entry = get_object_or_404(
            ReviewEntry.objects.select_related("initiative__organization", "initiative__area", "initiative__field"),
            round=review_round,
            pk=self.kwargs["entry_pk"],
        )
        entry.round = review_round
        return entry


#
# List, open, edit, delete
#


class ReviewRoundListView(ObjectListView):
    queryset = ROUND_QUERYSET
    filterset_class = ReviewRoundFilterSet
    table_class = ReviewRoundTable
    title = gettext_lazy("Đợt bình xét")
    add_url_name = "initiatives:round_add"
    export_name = "dot-binh-xet"

    def get_base_queryset(self):
        return super().get_base_queryset().annotate(entry_count=Count("entries"))

    def get_add_url(self):
        return super().get_add_url() if can_open_rounds(self.request.user) else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(breadcrumbs=round_breadcrumbs(), nav_section="initiatives")
        return context


class RoundFormMixin:
    """Shared by opening and editing: the htmx redraw of the reviewers and thresholds."""

    form_class = ReviewRoundForm
    template_name = "initiatives/round_form.html"

    def is_refresh(self) -> bool:
        return self.request.method == "GET" and is_htmx_partial(self.request)

    def get_initial(self):
        if self.is_refresh():
            return ReviewRoundForm.refresh_initial(
                self.request.GET, self.request.htmx.trigger_name, instance=self.object
            )
        return super().get_initial()

    def get_template_names(self):
        if self.is_refresh():
            return [f"{self.template_name}#dynamic"]
        return [self.template_name]

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # Changing the steering body or the criteria set redraws the reviewers and thresholds.
        for name in ("organization", "criteria_set"):
            field = form.fields[name]
            if not field.disabled:
                field.widget.attrs.update(
                    {
                        "hx-get": self.request.path,
                        "hx-trigger": "change",
                        "hx-target": "#round-dynamic",
                        "hx-swap": "outerHTML",
                        "hx-include": "closest form",
                    }
                )
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["nav_section"] = "initiatives"
        context["cancel_url"] = reverse("initiatives:round_list")
        return context


class ReviewRoundAddView(RoundFormMixin, ObjectEditView):
    queryset = ROUND_QUERYSET

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_open_rounds(request.user):
            raise PermissionDenied(_("Bạn không có quyền mở đợt bình xét."))
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        if self.is_refresh():
            return super().get_initial()
        initial = default_round_initial()
        organization = (
            steering_bodies(self.request.user).filter(pk=parse_id(self.request.GET.get("organization"))).first()
        )
        if organization is not None:
            initial["organization"] = organization.pk
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Mở đợt bình xét"), breadcrumbs=round_breadcrumbs(None, _("Mở đợt bình xét")))
        return context

    def form_valid(self, form):
        review_round = form.save(commit=False)
        try:
            self.object = services.open_round(
                review_round, user=self.request.user, reviewers=form.cleaned_data["reviewers"]
            )
        except ValidationError as error:
            _form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã mở đợt bình xét “%(name)s”.") % {"name": self.object.name})
        return HttpResponseRedirect(self.object.get_absolute_url())


class ReviewRoundEditView(RoundFormMixin, ObjectEditView):
    queryset = ROUND_QUERYSET

    def get_object(self, queryset=None):
        review_round = self.get_scoped_object("change")
        if not rules.can_manage_round(self.request.user, review_round):
            raise PermissionDenied(_("Đợt bình xét đã có kết quả, không thể sửa."))
        return review_round

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=_("Sửa đợt bình xét"), breadcrumbs=round_breadcrumbs(self.object, _("Sửa")))
        return context

    def form_valid(self, form):
        review_round = form.save(commit=False)
        try:
            services.update_round(review_round, user=self.request.user, reviewers=form.cleaned_data["reviewers"])
        except ValidationError as error:
            _form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã lưu."))
        return HttpResponseRedirect(review_round.get_absolute_url())


class ReviewRoundDeleteView(ObjectDeleteView):
    queryset = ROUND_QUERYSET
    template_name = "initiatives/round_confirm_delete.html"
    success_url_name = "initiatives:round_list"

    def get_object(self, queryset=None):
        review_round = self.get_scoped_object("delete")
        if not rules.can_manage_round(self.request.user, review_round):
            raise PermissionDenied(_("Đợt bình xét đã có kết quả, không thể xóa."))
        return review_round

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        score_count = Score.objects.filter(entry__round=self.object).count()
        context.update(
            blockers=[_("%(count)s điểm đã chấm") % {"count": score_count}] if score_count else [],
            entry_count=self.object.entries.count(),
            breadcrumbs=round_breadcrumbs(self.object, _("Xóa")),
            nav_section="initiatives",
        )
        return context

    def form_valid(self, form):
        name = self.object.name
        services.delete_round(self.object, user=self.request.user)
        messages.success(self.request, _("Đã xóa “%(name)s”.") % {"name": name})
        return HttpResponseRedirect(self.get_success_url())


@login_required
def round_organization_autocomplete(request):
    """Return <option>s of the organizations the user may open a round for, matching the typed text."""
    text = next((value for key, value in request.GET.items() if key.endswith("__search")), "")
    organizations = steering_bodies(request.user).search(text).order_by("search_text")[:30]
    return render(request, "orgunits/autocomplete_options.html", {"objects": organizations, "show_area": True})


#
# Detail
#


class ReviewRoundDetailView(ObjectDetailView):
    queryset = ROUND_QUERYSET
    template_name = "initiatives/round_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review_round, user = self.object, self.request.user
        state = RoundState(review_round)
        flags = round_flags(user, review_round)
        is_reviewer = any(reviewer.pk == user.pk for reviewer in state.reviewers)
        # Before the decision a reviewer sees only their own scores; those who run or decide the
        # round see the live score; after the decision everyone sees the recorded one.
        if not review_round.is_open:
            score_label, scorer = _("Điểm bình quân"), "total"
        elif flags["can_manage"] or flags["can_decide"]:
            score_label, scorer = _("Điểm hiện tại"), "live"
        elif is_reviewer:
            score_label, scorer = _("Điểm của bạn"), "own"
        else:
            score_label, scorer = None, None
        visible = set(
            Initiative.objects.restrict(user, "view")
            .filter(pk__in=[entry.initiative_id for entry in state.entries])
            .values_list("pk", flat=True)
        )
        for entry in state.entries:
            entry.progress = state.progress(entry)
            entry.is_visible = entry.initiative_id in visible
            entry.sort_name = fold(entry.initiative.name)
            entry.score = {
                "total": lambda e: e.total_score,
                "live": state.live_score,
                "own": lambda e: state.live_score(e, user.pk),
            }.get(scorer, lambda e: None)(entry)
        table = ReviewEntryTable(
            state.entries,
            review_round=review_round,
            reviewers=state.reviewers,
            criteria_count=state.criteria_count,
            score_label=score_label,
            can_score=flags["can_score"],
            can_manage=flags["can_manage"],
        )
        RequestConfig(self.request, paginate={"per_page": ENTRIES_PER_PAGE}).configure(table)
        next_entry = state.next_for(user.pk) if flags["can_score"] else None
        context.update(
            state=state,
            table=table,
            entry_count=len(state.entries),
            reviewer_progress=state.reviewer_progress(),
            has_scores=bool(state.scores),
            next_entry=next_entry,
            is_reviewer=is_reviewer,
            breadcrumbs=round_breadcrumbs(review_round),
            nav_section="initiatives",
            **flags,
        )
        context["can_delete"] = flags["can_delete"] and not state.scores
        return context


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
        if query:
            candidates = candidates.search(query)
        page = Paginator(candidates, CANDIDATES_PER_PAGE).get_page(self.request.GET.get("page"))
        chosen = set(form.data.getlist("initiatives")) if form is not None and form.is_bound else set()
        context.update(
            object=review_round,
            form=form,
            page_obj=page,
            query=query,
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
                    messages.info(request, _("Bạn đã chấm xong tất cả mô hình của đợt bình xét."))
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
                _form_errors(form, error)
            else:
                messages.success(
                    request, _("Đã ghi nhận kết quả đợt bình xét “%(name)s”.") % {"name": review_round.name}
                )
                return HttpResponseRedirect(review_round.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form))
