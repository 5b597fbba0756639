"""Roll-ups over the tree and over time, formulas, and no double counting."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import rollups, services
from reports.models import Period
from reports.queries import ROOT
from tests.factories.accounts import user_with_role
from tests.factories.orgunits import organization

pytestmark = pytest.mark.django_db


def _approved(setup, world, org, user, period, **numbers):
    report = services.open_report(setup.form, period, org, user=user)
    values = {getattr(setup, name).pk: value for name, value in numbers.items()}
    services.save_report(report, user=user, version=report.version, values=values)
    services.submit(report, user=user)
    return services.approve(report, user=user_with_role(f"duyet_{report.pk}", "approver", world.province))


def test_province_value_sums_approved_communes_and_computes_the_rate_at_its_level(setup, world):
    _approved(setup, world, world.front_a, world.editor_a, setup.period, received="10", resolved="9")
    _approved(setup, world, world.front_b, world.editor_b, setup.period, received="30", resolved="11")

    values = rollups.values(
        setup.form, setup.period, [setup.received, setup.resolved, setup.rate], [world.province.path]
    )

    # 20 of 40 resolved: 50 %, not the mean of 90 % and 36,67 %.
    assert values == {setup.received.pk: Decimal(40), setup.resolved.pk: Decimal(20), setup.rate.pk: Decimal("50.00")}


def test_submitted_reports_count_only_when_asked(setup, world):
    report = services.open_report(setup.form, setup.period, world.front_a, user=world.editor_a)
    services.save_report(report, user=world.editor_a, version=report.version, values={setup.received.pk: "5"})
    services.submit(report, user=world.editor_a)

    approved_only = rollups.values(setup.form, setup.period, [setup.received], [world.province.path])
    with_submitted = rollups.values(
        setup.form, setup.period, [setup.received], [world.province.path], statuses=("approved", "submitted")
    )

    assert (approved_only[setup.received.pk], with_submitted[setup.received.pk]) == (None, Decimal(5))


def test_consolidated_report_is_not_counted_twice(setup, world):
    province_front = organization(world.province, "mttq")
    _approved(setup, world, world.front_a, world.editor_a, setup.period, received="10", resolved="1")
    consolidated = services.open_report(setup.form, setup.period, province_front, user=world.province_editor)

    assert consolidated.values.get(indicator=setup.received).number == Decimal(10)  # filled from below
    assert rollups.values(setup.form, setup.period, [setup.received], [world.province.path]) == {
        setup.received.pk: Decimal(10)
    }


def test_by_child_gives_each_commune_its_value(setup, world):
    _approved(setup, world, world.front_a, world.editor_a, setup.period, received="10", resolved="9")
    _approved(setup, world, world.front_b, world.editor_b, setup.period, received="30", resolved="11")

    rows = rollups.by_child(setup.form, setup.period, [setup.received, setup.rate], world.province)

    assert rows == {
        world.commune_a.path: {setup.received.pk: Decimal(10), setup.rate.pk: Decimal("90.00")},
        world.commune_b.path: {setup.received.pk: Decimal(30), setup.rate.pk: Decimal("36.67")},
    }


def test_year_value_aggregates_quarters_by_each_indicator_rule(setup, world):
    q1, q2 = Period.objects.for_code("2025Q1"), Period.objects.for_code("2025Q2")
    _approved(setup, world, world.front_a, world.editor_a, q1, received="10", resolved="5", members="100")
    _approved(setup, world, world.front_a, world.editor_a, q2, received="20", resolved="5", members="120")

    year = rollups.values(
        setup.form, Period.objects.for_code("2025"), [setup.received, setup.members, setup.rate], [world.commune_a.path]
    )

    assert year == {setup.received.pk: Decimal(30), setup.members.pk: Decimal(120), setup.rate.pk: Decimal("33.33")}


def test_national_rollup_reads_every_unit_without_a_path_test(setup, world):
    _approved(setup, world, world.front_a, world.editor_a, setup.period, received="10", resolved="9")
    _approved(setup, world, world.front_b, world.editor_b, setup.period, received="30", resolved="11")

    with CaptureQueriesContext(connection) as captured:
        total = rollups.values(setup.form, setup.period, [setup.received], [ROOT.path])
        children = rollups.by_child(setup.form, setup.period, [setup.received], ROOT)
    by_unit = rollups.by_prefix(setup.form, setup.period, [setup.received], [ROOT.path, world.province.path])

    assert total == {setup.received.pk: Decimal(40)}
    assert children == {world.province.path: {setup.received.pk: Decimal(40)}}
    assert by_unit[world.province.path] == {setup.received.pk: Decimal(40)}
    datavalue_queries = [q["sql"] for q in captured.captured_queries if "reports_datavalue" in q["sql"]]
    assert len(datavalue_queries) == 2
    assert not any("LIKE '/%" in sql for sql in datavalue_queries)


def _grouping_columns(captured) -> list[int]:
    """The number of GROUP BY columns of each roll-up query (Django writes them by position)."""
    clauses = [q["sql"].split("GROUP BY", 1)[1] for q in captured.captured_queries if "reports_datavalue" in q["sql"]]
    return [len(clause.split("ORDER BY")[0].split(",")) for clause in clauses]


def test_one_period_is_not_a_grouping_column_and_several_are(setup, world):
    q1, q2 = Period.objects.for_code("2025Q1"), Period.objects.for_code("2025Q2")
    _approved(setup, world, world.front_a, world.editor_a, q1, received="10", resolved="5", members="100")
    _approved(setup, world, world.front_a, world.editor_a, q2, received="20", resolved="5", members="120")
    _approved(setup, world, world.front_b, world.editor_b, q2, received="7", resolved="7", members="50")
    chosen = [setup.received, setup.members, setup.rate]
    year = Period.objects.for_code("2025")

    with CaptureQueriesContext(connection) as one_period:
        quarter = rollups.values(setup.form, q2, chosen, [world.province.path])
        quarter_children = rollups.by_child(setup.form, q2, chosen, world.province)
        quarter_units = rollups.by_prefix(setup.form, q2, chosen, [world.commune_a.path, world.commune_b.path])
    with CaptureQueriesContext(connection) as two_periods:
        whole_year = rollups.values(setup.form, year, chosen, [world.province.path])
        year_children = rollups.by_child(setup.form, year, chosen, world.province)

    # indicator; child and indicator; unit and indicator; then the same with the period.
    assert _grouping_columns(one_period) == [1, 2, 2]
    assert _grouping_columns(two_periods) == [2, 3]
    assert quarter == {setup.received.pk: Decimal(27), setup.members.pk: Decimal(170), setup.rate.pk: Decimal("44.44")}
    assert quarter_children[world.commune_b.path] == {
        setup.received.pk: Decimal(7),
        setup.members.pk: Decimal(50),
        setup.rate.pk: Decimal("100.00"),
    }
    assert quarter_units[world.commune_a.path][setup.received.pk] == Decimal(20)
    # The year: received is summed over the quarters, members is the last quarter's (set-up's rules).
    assert whole_year[setup.received.pk] == Decimal(37)
    assert year_children[world.commune_a.path][setup.received.pk] == Decimal(30)
    assert year_children[world.commune_b.path][setup.received.pk] == Decimal(7)
