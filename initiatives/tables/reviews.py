"""Tables of the review-round pages: the rounds list and a round's entries."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.tables import BaseTable, StatusColumn
from initiatives.choices import EntryResult, RoundStatus
from initiatives.models import ReviewRound

TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

ROUND_STATUS_BADGES = {RoundStatus.OPEN: "text-bg-warning", RoundStatus.DECIDED: "text-bg-success"}
ROUND_STATUS_ICONS = {RoundStatus.OPEN: "bi-hourglass-split", RoundStatus.DECIDED: "bi-check-circle-fill"}
RESULT_BADGES = {
    EntryResult.PENDING: "text-bg-light",
    EntryResult.RECOGNIZED: "text-bg-success",
    EntryResult.OUTSTANDING: "text-bg-primary",
    EntryResult.NOT_RECOGNIZED: "text-bg-secondary",
}
RESULT_ICONS = {
    EntryResult.PENDING: "bi-hourglass-split",
    EntryResult.RECOGNIZED: "bi-check-circle-fill",
    EntryResult.OUTSTANDING: "bi-star-fill",
    EntryResult.NOT_RECOGNIZED: "bi-x-circle",
}


class ReviewRoundTable(BaseTable):
    name = tables.Column(linkify=True, verbose_name=_("Tên đợt bình xét"))
    organization = tables.Column(
        accessor="organization__name", verbose_name=_("Cơ quan chỉ đạo"), order_by=("organization__search_text",)
    )
    # A year is not a quantity: 2025, never "2.025".
    year = tables.Column(verbose_name=_("Năm"), localize=False)
    criteria_set = tables.Column(accessor="criteria_set__name", verbose_name=_("Bộ tiêu chí"))
    entry_count = tables.Column(verbose_name=_("Số mô hình"), orderable=True)
    status = StatusColumn(colours=ROUND_STATUS_BADGES, icons=ROUND_STATUS_ICONS, verbose_name=_("Trạng thái"))

    class Meta:
        model = ReviewRound
        fields = ("name", "organization", "year", "level", "criteria_set", "entry_count", "status")
        secondary_columns = ("organization", "level", "criteria_set", "entry_count")
        attrs = TABLE_ATTRS
        empty_text = _("Chưa có đợt bình xét nào.")


class ProgressColumn(tables.Column):
    """One reviewer's completion of an entry: how many criteria they scored out of all."""

    def __init__(self, reviewer, criteria_count: int, **kwargs):
        self.reviewer = reviewer
        self.criteria_count = criteria_count
        super().__init__(
            accessor=tables.A("pk"),
            verbose_name=reviewer.display_name,
            orderable=False,
            empty_values=(),
            attrs={"td": {"class": "text-center"}, "th": {"class": "text-center"}},
            **kwargs,
        )

    def done(self, record) -> int:
        return record.progress.get(self.reviewer.pk, 0)

    def render(self, value, record):
        done = self.done(record)
        if done >= self.criteria_count:
            return format_html(
                '<i class="bi bi-check-circle-fill text-success" title="{}"></i><span class="visually-hidden">{}</span>',
                _("Đã chấm xong"),
                _("Đã chấm xong"),
            )
        return format_html('<span class="text-body-secondary small">{}/{}</span>', done, self.criteria_count)

    def value(self, value, record):
        return f"{self.done(record)}/{self.criteria_count}"


class ReviewEntryTable(BaseTable):
    """A round's entries: a list of ReviewEntry on which the view set `score`, `progress` (criteria
    scored per reviewer id), `is_visible` (may the user open the record) and `sort_name`.

    Args (besides the data):
        review_round: the round.
        reviewers: the round's reviewers, one completion column each.
        criteria_count: how many criteria a complete scoring has.
        score_label: the heading of the score column, or None to leave it out.
        can_score, can_manage: which row actions to offer.
    """

    # Sorted on the folded name (set by the view), so "Đường" sorts with "Duong", not after "Z".
    name = tables.Column(accessor="initiative__name", verbose_name=_("Mô hình, điển hình"), order_by=("sort_name",))
    organization = tables.Column(accessor="initiative__organization__name", verbose_name=_("Đơn vị"))
    score = tables.Column(verbose_name=_("Điểm"), empty_values=(), attrs={"td": {"class": "text-end"}})
    result = StatusColumn(colours=RESULT_BADGES, icons=RESULT_ICONS, verbose_name=_("Kết quả"), empty_values=())
    actions = tables.Column(verbose_name="", orderable=False, empty_values=(), exclude_from_export=True)

    class Meta:
        attrs = TABLE_ATTRS
        empty_text = _("Chưa có mô hình nào trong đợt bình xét.")
        order_by = ("name",)
        sequence = ("name", "organization", "...", "score", "result", "actions")
        secondary_columns = ("organization",)

    def __init__(self, data, *, review_round, reviewers, criteria_count, score_label, can_score, can_manage, **kwargs):
        extra = [(f"reviewer_{r.pk}", ProgressColumn(r, criteria_count)) for r in reviewers]
        exclude = []
        if score_label is None:
            exclude.append("score")
        if review_round.is_open:
            exclude.append("result")
        super().__init__(data, extra_columns=extra, exclude=exclude, **kwargs)
        if score_label is not None:
            self.columns["score"].column.verbose_name = score_label
        self.review_round = review_round
        self.can_score = can_score
        self.can_manage = can_manage

    def secondary_columns(self) -> tuple[str, ...]:
        # The reviewers' progress columns too: a phone keeps the entry, its score and the buttons.
        reviewers = (name for name in self.columns.names() if name.startswith("reviewer_"))
        return (*super().secondary_columns(), *reviewers)

    def render_name(self, value, record):
        if record.is_visible:
            return format_html('<a href="{}">{}</a>', record.initiative.get_absolute_url(), value)
        return value

    def render_score(self, value, record):
        return "—" if record.score is None else localize(record.score)

    def value_score(self, value, record):
        return "" if record.score is None else str(record.score)

    def render_actions(self, value, record):
        round_pk = self.review_round.pk
        links = [
            (
                reverse("initiatives:round_entry_detail", kwargs={"pk": round_pk, "entry_pk": record.pk}),
                "btn-outline-secondary",
                _("Xem"),
            )
        ]
        if self.can_score:
            links.append(
                (
                    reverse("initiatives:round_entry_score", kwargs={"pk": round_pk, "entry_pk": record.pk}),
                    "btn-primary",
                    _("Chấm điểm"),
                )
            )
        if self.can_manage:
            links.append(
                (
                    reverse("initiatives:round_entry_withdraw", kwargs={"pk": round_pk, "entry_pk": record.pk}),
                    "btn-outline-danger",
                    _("Rút"),
                )
            )
        return format_html(
            '<div class="d-flex gap-1 justify-content-end">{}</div>',
            format_html_join(
                "", '<a class="btn btn-sm text-nowrap {}" href="{}">{}</a>', ((c, u, t) for u, c, t in links)
            ),
        )
