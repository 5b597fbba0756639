"""Every figure of the statistics page and the home card links to the list of exactly the records
it counts (initiatives/figure_links.py): the list page and the API, filtered by the link's query,
count as many records as the figure shows.

The dataset is the statistics tests' (fixture `data`, initiatives/tests/statistics_data.py):
records in and out of 2025, recognized (twice, on the eve of the period, as outstanding),
replicas, a stopped record, in communes A and B of province P, the province's own organization,
and province Q.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from initiatives import queries
from initiatives.models import Recognition
from tests.factories.accounts import user_with_role
from tests.factories.initiatives import InitiativeFactory

pytestmark = pytest.mark.django_db

D = datetime.date
LIST = reverse("initiatives:initiative_list")
API = "/api/initiatives/"
STATISTICS = reverse("initiatives:statistics")
TABLES = ("by_child_unit", "by_field", "by_organization_kind", "by_kind", "by_subject")
YEAR_2025 = {"preset": "year", "year": "2025"}


def _two_units(world):
    user = user_with_role("hai_xa", "viewer", world.commune_a)
    user.role_assignments.create(role="viewer", area=world.commune_b)
    return user


def _front_a_only(world):
    # Scoped to one organization: sees its area (commune A), counts only that organization's records.
    return user_with_role("mttq_a", "viewer", world.front_a)


# (who, the unit chosen on the page (None: the whole scope), the period's parameters)
CASES = {
    "province, year": (lambda w: w.admin, lambda w: w.province, YEAR_2025),
    "commune with a hamlet, year": (lambda w: w.admin, lambda w: w.commune_a, YEAR_2025),
    "whole country, by province": (lambda w: w.admin, lambda w: None, YEAR_2025),
    "province editor, second half": (
        lambda w: w.province_editor,
        lambda w: w.province,
        {"preset": "custom", "date_from": "01/06/2025", "date_to": "31/12/2025"},
    ),
    "commune editor, whole scope": (lambda w: w.editor_a, lambda w: None, YEAR_2025),
    "user of two communes": (_two_units, lambda w: None, YEAR_2025),
    "user of one organization": (_front_a_only, lambda w: w.commune_a, YEAR_2025),
    # r1 recognized as outstanding in June, again (not as outstanding) in December: not outstanding here.
    "province, December": (
        lambda w: w.admin,
        lambda w: w.province,
        {"preset": "custom", "date_from": "2025-12-01", "date_to": "2025-12-31"},
    ),
}


def _cells(report):
    """Yield (where, cell) for every figure the page's tables show."""
    for cell in report["total_cells"]:
        yield ("totals", cell)
    for table in TABLES:
        for row in report[table]:
            for cell in row["cells"]:
                yield (f"{table}: {row['label']}", cell)


def _counts(client, url):
    """Return how many records the list page and the API list at the link `url`."""
    path, query = url.split("?", 1)
    assert path == LIST
    page = client.get(url)
    api = client.get(f"{API}?{query}")
    assert (page.status_code, api.status_code) == (200, 200), url
    return page.context["result_count"], api.json()["count"]


def _mismatches(client, cells):
    """Return the cells whose link is wrong: missing on a figure, present on a zero, or listing
    another number of records than the figure."""
    wrong = []
    for where, cell in cells:
        value, url = cell["value"], cell["url"]
        if not value:
            if url is not None:
                wrong.append((where, cell["figure"], "zero with a link", url))
            continue
        if url is None:
            wrong.append((where, cell["figure"], "no link", value))
            continue
        counts = _counts(client, url)
        if counts != (value, value):
            wrong.append((where, cell["figure"], value, counts, url))
    return wrong


@pytest.mark.parametrize("case", CASES)
def test_every_figure_of_the_statistics_page_links_to_as_many_records(world, data, client, case):
    who, where, period = CASES[case]
    user, area = who(world), where(world)
    client.force_login(user)

    response = client.get(STATISTICS, {"area": area.pk if area else "", **period})

    report = response.context["report"]
    cells = list(_cells(report))
    assert _mismatches(client, cells) == []
    # The cards show the totals with the same links; the page holds every link.
    assert list(report["cards"].values()) == report["total_cells"]
    html = response.content.decode()
    assert [url for _where, cell in cells if (url := cell["url"]) and escape(url) not in html] == []


def test_the_province_links_cover_every_kind_of_figure_and_row(world, data, login):
    # Not vacuous: in the province's year every figure and the province's own organizations
    # (queries.DIRECT) have records, so each kind of link was followed above.
    report = login(world.admin).get(STATISTICS, {"area": world.province.pk, **YEAR_2025}).context["report"]

    assert [cell["figure"] for cell in report["total_cells"] if cell["url"]] == list(queries.BREAKDOWN_FIGURES)
    direct = report["by_child_unit"][0]
    assert (direct["area"], [cell["value"] for cell in direct["cells"]]) == (None, [1, 1, 1, 0, 0, 0, 0])
    assert direct["cells"][0]["url"] == (f"{LIST}?direct_of={world.province.pk}&registered_to=2025-12-31")


def test_figure_links_keep_the_unit_and_the_row_group(world, data, login):
    report = login(world.admin).get(STATISTICS, {"area": world.province.pk, **YEAR_2025}).context["report"]

    commune_a = next(row for row in report["by_child_unit"] if row["area"] == world.commune_a)
    economy = report["by_field"][0]
    outstanding = {cell["figure"]: cell["url"] for cell in economy["cells"]}["outstanding"]

    assert commune_a["cells"][1]["url"] == (
        f"{LIST}?within={world.commune_a.pk}&registered_from=2025-01-01&registered_to=2025-12-31"
    )
    assert outstanding == (
        f"{LIST}?within={world.province.pk}&field={economy['key']}"
        "&recognized_from=2025-01-01&recognized_to=2025-12-31&recognized_outstanding=yes"
    )


def test_zero_figures_are_not_links(world, data, login):
    response = login(world.admin).get(STATISTICS, {"area": world.commune_a.pk, **YEAR_2025})

    hamlet = next(row for row in response.context["report"]["by_child_unit"] if row["area"] == world.hamlet_a)
    assert [(cell["value"], cell["url"]) for cell in hamlet["cells"]] == [(0, None)] * 7


@pytest.mark.parametrize(
    "case", ["province, year", "whole country, by province", "user of one organization", "province editor, second half"]
)
def test_every_figure_of_the_statistics_api_gives_the_api_list_of_as_many_records(world, data, client, case):
    who, where, period = CASES[case]
    user, area = who(world), where(world)
    client.force_login(user)
    query = {**period, **({"area": area.pk} if area else {})}
    if period.get("preset") == "custom":  # the API takes ISO dates
        query.update(date_from=_iso(period["date_from"]), date_to=_iso(period["date_to"]))

    body = client.get("/api/initiative-statistics/", query).json()

    rows = [("totals", body["totals"])] + [(f"{t}: {row['label']}", row) for t in TABLES for row in body[t]]
    wrong, followed = [], 0
    for where_, row in rows:
        figures = {name: row[name] for name in queries.BREAKDOWN_FIGURES}
        if set(row["lists"]) != {name for name, value in figures.items() if value}:
            wrong.append((where_, "links", sorted(row["lists"])))
        for name, url in row["lists"].items():
            assert url.startswith(f"http://testserver{API}?"), url
            followed += 1
            count = client.get(url).json()["count"]
            if count != figures[name]:
                wrong.append((where_, name, figures[name], count, url))
    assert wrong == []
    assert followed > 0
    # The same links as the page's, to the API's list.
    page = client.get(STATISTICS, {"area": area.pk if area else "", **period}).context["report"]
    assert {
        cell["figure"]: cell["url"].replace(LIST, f"http://testserver{API}", 1)
        for cell in page["total_cells"]
        if cell["url"]
    } == (body["totals"]["lists"])


def _iso(text: str) -> str:
    return datetime.datetime.strptime(text, "%d/%m/%Y").date().isoformat() if "/" in text else text


#
# Home card
#


@pytest.fixture
def this_year(world):
    """This year's records (the home card counts the current year): in commune A, a record
    recognized as outstanding, last year's record recognized again, its replica and a stopped
    record; in commune B, one record."""
    year = datetime.date.today().year
    start = D(year, 1, 1)
    first = InitiativeFactory(organization=world.front_a, registered_on=start, is_effective=True)
    old = InitiativeFactory(organization=world.front_a, registered_on=D(year - 1, 6, 1), is_effective=True)
    InitiativeFactory(organization=world.front_a, registered_on=start, replicated_from=old)
    InitiativeFactory(organization=world.front_a, registered_on=start, status="stopped")
    InitiativeFactory(organization=world.front_b, registered_on=start, is_effective=True)
    Recognition.objects.create(initiative=first, level=2, body="Xã", decision_date=start, is_outstanding=True)
    Recognition.objects.create(initiative=old, level=2, body="Xã", decision_date=D(year - 1, 12, 1))
    Recognition.objects.create(initiative=old, level=2, body="Xã", decision_date=start)


@pytest.mark.parametrize("who", ["editor_a", "admin"])
def test_every_figure_of_the_home_card_links_to_as_many_records(world, this_year, client, who):
    client.force_login(getattr(world, who))

    response = client.get(reverse("home"))

    card = response.context["initiative_card"]
    cells = [("home card", cell) for cell in card["cards"].values()]
    assert [(cell["figure"], cell["value"]) for _where, cell in cells if cell["figure"] != "stopped"] == [
        ("total", 4 if who == "editor_a" else 5),
        ("registered", 3 if who == "editor_a" else 4),
        ("effective", 2 if who == "editor_a" else 3),
        ("recognized", 2),
        ("outstanding", 1),
        ("replicated", 1),
    ]
    assert _mismatches(client, cells) == []
    html = response.content.decode()
    shown = ("total", "registered", "effective", "recognized", "outstanding", "replicated")
    assert [name for name in shown if escape(card["cards"][name]["url"]) not in html] == []
