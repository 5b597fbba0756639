"""Benchmark the unit-tree queries: the app's ORM code against the same query written by hand.

Each benchmark runs the app's code (the model's queryset method, `under()` or `ancestors_of()`,
evaluated with `values_list()` of the columns the hand-written SQL fetches, so the comparison
measures the query the app sends and its result handling rather than model construction) and the
hand-written SQL through `connection.cursor()`, alternating, on the same arguments. The arguments
are drawn with a fixed seed from a list of provinces or hamlets, so both sides see the same mix of
cached and less-cached rows. Results go to bench/results.json (see bench/common.py).

Usage (see scripts/bench.sh): DJANGO_SETTINGS_MODULE=danvan.settings DATABASE_URL=postgres://...
python -m bench.run [--runs 200]
"""

import argparse
import json
import random
import re
import statistics
from typing import Any

import django
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.common import compare, entry, write_results
from bench.generate import actual_counts

SEED = 20250701
WARMUP = 20
ORG_COLUMNS = ("id", "name", "path", "kind_id")
ORG_SQL = "SELECT id, name, path, kind_id FROM orgunits_organization WHERE path LIKE %s ORDER BY path"
AREA_COLUMNS = ("id", "name", "path", "depth")
AREA_SQL = "SELECT id, name, path, depth FROM orgunits_area WHERE id = ANY(%s) ORDER BY depth"
MID_SIZED = 0.10  # provinces whose number of communes is within 10 % of the median


def plan_info(queryset, indexes: list[str]) -> dict[str, Any]:
    """Return the queryset's plan (first line, scan line) and whether it scans one of `indexes`."""
    plan = queryset.explain()
    lines = [line.strip() for line in plan.splitlines()]
    used = re.search(r"(?:Scan using|Bitmap Index Scan on) (\S+)", plan)
    analyzed = queryset.explain(analyze=True)
    execution = re.search(r"Execution Time: ([\d.]+) ms", analyzed)
    return {
        "plan": lines[0],
        "plan_scan": next((line.lstrip("-> ") for line in lines if "Scan" in line), ""),
        "index_used": used.group(1) if used else None,
        "uses_index": bool(used) and used.group(1) in indexes,
        "db_execution_ms": float(execution.group(1)) if execution else None,
        "app_query": connection.ops.compose_sql(*queryset.query.sql_with_params()),
    }


def path_pattern_indexes(model) -> list[str]:
    """Return the indexes on `model`'s table that serve `path LIKE 'prefix%'` (varchar_pattern_ops on path)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s ORDER BY indexname",
            [model._meta.db_table, "%(path varchar_pattern_ops)%"],
        )
        return [name for (name,) in cursor.fetchall()]


#
# Organizations under a province
#


def bench_orgs_under_province(runs: int, rng: random.Random) -> dict[str, Any]:
    area_model = apps.get_model("orgunits", "Area")
    organization_model = apps.get_model("orgunits", "Organization")
    provinces = list(area_model.objects.filter(level=1).order_by("pk"))
    communes = {province.pk: 0 for province in provinces}
    for path in area_model.objects.filter(level=3).values_list("path", flat=True):
        communes[int(path.split("/")[1])] += 1
    median = statistics.median(communes.values())
    candidates = [p for p in provinces if abs(communes[p.pk] - median) <= MID_SIZED * median]
    args = [rng.choice(candidates) for _ in range(runs)]

    def app_queryset(province):
        return organization_model.objects.under(province).values_list(*ORG_COLUMNS)

    def app(province):
        return list(app_queryset(province))

    def app_build(province):
        return app_queryset(province).query.sql_with_params()

    def app_full(province):
        return list(organization_model.objects.under(province))

    def sql(province):
        with connection.cursor() as cursor:
            cursor.execute(ORG_SQL, [province.path + "%"])
            return cursor.fetchall()

    all_columns = ", ".join(field.column for field in organization_model._meta.concrete_fields)
    full_sql = f"SELECT {all_columns} FROM orgunits_organization WHERE path LIKE %s ORDER BY path"

    def sql_full(province):
        with connection.cursor() as cursor:
            cursor.execute(full_sql, [province.path + "%"])
            return cursor.fetchall()

    rows = {}
    for province in candidates:
        expected = sql(province)
        if app(province) != expected:
            raise AssertionError(f"app and SQL disagree for {province}")
        rows[province.pk] = len(expected)
    timings = compare({"app": app, "sql": sql, "app_build": app_build}, args, warmup=WARMUP)
    full = compare({"app_full": app_full, "sql_full": sql_full}, args, warmup=WARMUP)
    example = max(candidates, key=lambda p: rows[p.pk])
    indexes = path_pattern_indexes(organization_model)
    info = plan_info(app_queryset(example), indexes)
    return entry(
        "orgs_under_province",
        timings["app"],
        timings["sql"],
        rows=round(statistics.mean(rows[p.pk] for p in args)),
        provinces=sorted(f"{p.name} ({rows[p.pk]})" for p in candidates),
        app_build_ms=timings["app_build"]["median"],
        app_full_ms=full["app_full"]["median"],
        sql_full_ms=full["sql_full"]["median"],
        p95_app_full_ms=full["app_full"]["p95"],
        hand_sql=ORG_SQL,
        plan_for=example.name,
        **info,
        path_pattern_indexes=indexes,
        note=(
            "app: Organization.objects.under(province).values_list(id, name, path, kind_id), a plain "
            "Django queryset (no compiled template: the pages combine the subtree filter with restrict(), "
            "current() and aggregates, so a fast path here would only serve the benchmark); "
            "app_build_ms: building the queryset and compiling its SQL, without the database; "
            "app_full_ms: the same queryset materialising full Organization instances; "
            "sql_full_ms: hand SQL fetching all of the model's columns as tuples"
        ),
    )


#
# Ancestors of a hamlet
#


def bench_ancestors_of_hamlet(runs: int, rng: random.Random) -> dict[str, Any]:
    area_model = apps.get_model("orgunits", "Area")
    hamlet_ids = list(area_model.objects.filter(level=4).order_by("pk").values_list("pk", flat=True))
    hamlets = area_model.objects.in_bulk(rng.sample(hamlet_ids, runs))
    args = list(hamlets.values())
    rng.shuffle(args)

    def app_queryset(hamlet):
        return area_model.objects.ancestors_of(hamlet).values_list(*AREA_COLUMNS)

    def app(hamlet):
        return list(app_queryset(hamlet))

    def app_build(hamlet):
        # What the app does before the cursor: the path's ids and the pending queryset. Its SQL
        # was compiled for the first hamlet of the same depth (orgunits/query_templates.py).
        return app_queryset(hamlet)

    def app_full(hamlet):
        # What the breadcrumbs of every unit page do: full Area instances.
        return list(area_model.objects.ancestors_of(hamlet))

    def plain_queryset(hamlet):
        # The same query built the ordinary way, as ancestors_of() is when chained further (the
        # API adds select_related) and as it was before the compiled template.
        ids = [int(step) for step in hamlet.path.split("/")[1:-2]]
        return area_model.objects.filter(pk__in=ids).order_by("depth").values_list(*AREA_COLUMNS)

    def plain(hamlet):
        return list(plain_queryset(hamlet))

    def plain_build(hamlet):
        return plain_queryset(hamlet).query.sql_with_params()

    def sql(hamlet):
        # "/12/345/6789/" → [12, 345]: every step but the hamlet itself.
        ids = [int(step) for step in hamlet.path.split("/")[1:-2]]
        with connection.cursor() as cursor:
            cursor.execute(AREA_SQL, [ids])
            return cursor.fetchall()

    all_columns = ", ".join(field.column for field in area_model._meta.concrete_fields)
    full_sql = f"SELECT {all_columns} FROM orgunits_area WHERE id = ANY(%s) ORDER BY depth"

    def sql_full(hamlet):
        ids = [int(step) for step in hamlet.path.split("/")[1:-2]]
        with connection.cursor() as cursor:
            cursor.execute(full_sql, [ids])
            return cursor.fetchall()

    for hamlet in args:
        if not app(hamlet) == plain(hamlet) == sql(hamlet):
            raise AssertionError(f"app, plain queryset and SQL disagree for {hamlet.path}")
    # The app sends exactly the SQL Django compiles for the plain queryset, with the same parameters.
    with CaptureQueriesContext(connection) as app_sent:
        app(args[0])
    with CaptureQueriesContext(connection) as plain_sent:
        plain(args[0])
    if [q["sql"] for q in app_sent.captured_queries] != [q["sql"] for q in plain_sent.captured_queries]:
        raise AssertionError("ancestors_of() does not send the plain queryset's SQL")
    timings = compare(
        {"app": app, "sql": sql, "app_build": app_build, "plain": plain, "plain_build": plain_build},
        args,
        warmup=WARMUP,
    )
    full = compare({"app_full": app_full, "sql_full": sql_full}, args, warmup=WARMUP)
    info = plan_info(app_queryset(args[0]), [f"{area_model._meta.db_table}_pkey"])
    return entry(
        "ancestors_of_hamlet",
        timings["app"],
        timings["sql"],
        rows=len(sql(args[0])),
        app_build_ms=timings["app_build"]["median"],
        plain_ms=timings["plain"]["median"],
        plain_ratio=round(timings["plain"]["median"] / timings["sql"]["median"], 3),
        plain_build_ms=timings["plain_build"]["median"],
        app_full_ms=full["app_full"]["median"],
        sql_full_ms=full["sql_full"]["median"],
        hand_sql=AREA_SQL,
        **info,
        note=(
            "app: Area.objects.ancestors_of(hamlet).values_list(id, name, path, depth), evaluated directly, "
            "so it runs the SQL Django compiled once per number of ids (orgunits/query_templates.py); "
            "app_build_ms: building that queryset, without the database; "
            "plain_ms/plain_build_ms: the same query as an ordinary Django queryset "
            "(filter(pk__in=ids).order_by('depth')), evaluated / built and compiled, which is what "
            "ancestors_of() costs when chained further (the API's select_related); "
            "app_full_ms: list(Area.objects.ancestors_of(hamlet)), full instances as the breadcrumbs load them; "
            "sql_full_ms: hand SQL fetching all of the model's columns as tuples"
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="timed runs per side (default 200)")
    options = parser.parse_args()
    django.setup()
    if connection.vendor != "postgresql":
        raise SystemExit("bench.run needs PostgreSQL: set DATABASE_URL=postgres://...")
    with connection.cursor() as cursor:
        dataset = actual_counts(cursor)
    entries = [
        bench_orgs_under_province(options.runs, random.Random(SEED)),
        bench_ancestors_of_hamlet(options.runs, random.Random(SEED)),
    ]
    for item in entries:
        item["dataset"] = dataset
    write_results(entries)
    print(json.dumps(entries, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
