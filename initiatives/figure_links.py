"""Links from the registry's figures (the statistics page, the home card) to the list of exactly
the records each one counts.

A figure's link is the list (`InitiativeListView`, whose filters the export and the API share)
filtered by the unit (`within`: its whole subtree, as the figures count), the figure's own
definition (filtersets.figure_filters) and, on a breakdown row, the row's group. A zero has no
link: there is nothing to list. The distinct replicated sources are not linked
(filtersets.figure_filters says why).
"""

from django.urls import reverse
from django.utils.http import urlencode

from initiatives import queries
from initiatives.filtersets import figure_filters
from orgunits.models import Area

# The list filter of each breakdown's rows: the row's "key" is its value.
GROUP_FILTERS = {
    "by_field": "field",
    "by_organization_kind": "organization_kind",
    "by_kind": "kind",
    "by_subject": "subject",
}


def list_url(figure: str, period: queries.Period, filters: dict, list_path: str | None = None) -> str:
    """Return the list of the records `figure` counts for `period`, among those `filters` select:
    the list page, or `list_path` (the API's list, `/api/initiatives/`, takes the same filters)."""
    query = {**filters, **figure_filters(figure, period.date_from, period.date_to)}
    return f"{list_path or reverse('initiatives:initiative_list')}?{urlencode(query)}"


def figure_cells(
    figures: dict, period: queries.Period, filters: dict | None, list_path: str | None = None
) -> list[dict]:
    """Return the figures a table row shows (queries.BREAKDOWN_FIGURES, in order), each with its
    link: [{"figure", "value", "url"}]; `url` None for a zero, or for every cell when `filters`
    is None (a row no filter can select)."""
    return [
        {
            "figure": name,
            "value": figures[name],
            "url": list_url(name, period, filters, list_path) if figures[name] and filters is not None else None,
        }
        for name in queries.BREAKDOWN_FIGURES
    ]


def figure_cards(figures: dict, period: queries.Period, **filters) -> dict[str, dict]:
    """Return {figure: cell} (see figure_cells) of queries.BREAKDOWN_FIGURES, for the cards."""
    return {cell["figure"]: cell for cell in figure_cells(figures, period, filters)}


def _child_filters(row: dict, area: Area | None) -> dict | None:
    """The filters of a "by child unit" row: the child's subtree, or the area's own organizations
    (queries.DIRECT). Without an area, that row gathers records outside every top unit of the
    user's scope, which no filter names (it has none in practice: every record lies under one)."""
    if row["area"] is not None:
        return {"within": row["area"].pk}
    if area is not None:
        return {"direct_of": area.pk}
    return None


def link_report(report: dict, list_path: str | None = None) -> dict:
    """Add the links of queries.report()'s figures: `total_cells` (the tables' footer), `cards`
    (the same by figure) and each breakdown row's `cells`, to the list page or to `list_path`
    (see list_url). Returns `report`."""
    area, period = report["area"], report["period"]
    unit = {"within": area.pk} if area is not None else {}
    report["total_cells"] = figure_cells(report["totals"], period, unit, list_path)
    report["cards"] = {cell["figure"]: cell for cell in report["total_cells"]}
    for name, filter_name in GROUP_FILTERS.items():
        for row in report[name]:
            row["cells"] = figure_cells(row, period, {**unit, filter_name: row["key"]}, list_path)
    for row in report["by_child_unit"]:
        row["cells"] = figure_cells(row, period, _child_filters(row, area), list_path)
    return report


def cell_links(cells: list[dict]) -> dict[str, str]:
    """Return {figure: url} of the linked cells (a zero has none), as the API gives them."""
    return {cell["figure"]: cell["url"] for cell in cells if cell["url"]}


def linked_home_card(user) -> dict:
    """Return queries.home_card() with its figures linked (`cards`, see figure_cards): the user's
    whole scope, as the card counts."""
    card = queries.home_card(user)
    card["cards"] = figure_cards(card["figures"], card["period"])
    return card
