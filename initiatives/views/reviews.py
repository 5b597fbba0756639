"""Review-round pages (đợt bình xét): list, open, edit, delete, detail (the round's records,
their scoring and the decision: review_entries.py).

Every page reads through `restrict()` (404 outside the user's scope), asks rules.py what the user
may do (403 with a message otherwise) and writes only through services.py.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from core.htmx import is_htmx_partial
from core.ids import parse_id
from core.scope import can
from core.text import fold
from core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, ScopedMixin
from initiatives import rules, services
from initiatives.filtersets import ReviewRoundFilterSet
from initiatives.forms.reviews import (
    ReviewRoundForm,
    can_open_rounds,
    default_round_initial,
    steering_bodies,
)
from initiatives.models import Initiative, ReviewEntry, ReviewRound, Score
from initiatives.tables.reviews import ReviewEntryTable, ReviewRoundTable
from orgunits.labels import ORGANIZATION_LABEL_RELATED

ROUND_QUERYSET = ReviewRound.objects.select_related("organization__area", "criteria_set", "decided_by")
ENTRIES_PER_PAGE = 50


def round_breadcrumbs(review_round=None, *tail) -> list[dict]:
    crumbs = [{"label": gettext_lazy("Đợt bình xét"), "url": reverse("initiatives:round_list")}]
    if review_round is not None:
        crumbs.append({"label": review_round.name, "url": review_round.get_absolute_url()})
    crumbs += [{"label": label, "url": None} for label in tail]
    return crumbs


def add_form_errors(form, error: ValidationError) -> None:
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
        # In the order of the round's table (ReviewEntryTable sorts by the folded name), so that
        # "Mô hình 2/4" and "Mô hình sau" on the scoring page follow the rows the reviewer sees.
        self.entries = sorted(
            review_round.entries.select_related("initiative__organization", "initiative__area"),
            key=lambda entry: (fold(entry.initiative.name), entry.pk),
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
                        "hx-params": "not csrfmiddlewaretoken",  # a GET: no token in the address or logs
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
            add_form_errors(form, error)
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
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã lưu."))
        if review_round.dropped_scorers:
            messages.warning(
                self.request,
                _("Đã xóa điểm đã chấm của %(names)s (không còn là thành viên chấm điểm).")
                % {"names": ", ".join(review_round.dropped_scorers)},
            )
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
    organizations = (
        steering_bodies(request.user)
        .select_related(*ORGANIZATION_LABEL_RELATED)
        .search(text)
        .order_by("search_text")[:30]
    )
    return render(request, "orgunits/autocomplete_options.html", {"objects": organizations})


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
