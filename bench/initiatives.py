"""Benchmark the "Dân vận khéo" registry at national scale: 1,000,000 records on the generated tree.

Generation (skipped when a complete dataset with the same parameters is present, like
bench/generate.py): records spread over the 26,568 generated organizations, in their commune or
one of its hamlets, over five fields and the years 2021-2026, with names drawn from a vocabulary of
real model names, and `search_text`/`path` exactly as `Initiative.save()` writes them; loaded with
COPY in one transaction, then VACUUM ANALYZE.

Benchmarks (each: the list page's own code against the same statements written by hand,
alternating, on the same drawn arguments; medians, p95, minimum and ratio; goal ≤ 1.5 times and
p95 ≤ 50 ms, issue 3). The app side runs InitiativeListView's code for a viewer of the province
(scope, restrict(), InitiativeFilterSet with `within`, the table and its paginator: the COUNT and
the 25 rows of the page's keys as model instances); the SQL side runs the scope, the `within`
area's path, the COUNT and the page by hand (rows as tuples). The province cases also time a
third side, `orm_floor`: the view's queryset filtered directly, with no scope, filter form or
table, paged by the same paginator; its ratio is the least a page built on the ORM can reach.
See bench/README.md.
- initiatives_province_field_year: a province's records of one field and one year (issue 3);
- initiatives_search: a diacritic-free search, "duong hoa", in a province (issue 3);
- initiatives_province_all, _year, _status: the default page, a year, a status (no traps);
- initiatives_national_all, _search: a system administrator's whole list and search (fewer runs).

Usage (see scripts/bench.sh): DJANGO_SETTINGS_MODULE=danvan.settings DATABASE_URL=postgres://...
python -m bench.initiatives [--runs 200] [--force] [benchmark names]
"""

import argparse
import datetime
import json
import os
import random
import statistics
import time
from typing import Any

import django
from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from bench.common import compare, write_results
from bench.generate import clear_marker, copy_rows, read_marker, reset_sequence, vacuum_analyze, write_marker

MARKER_NAME = "initiatives"
GOAL_RATIO = 1.5
GOAL_P95_MS = 50.0
PAGE_SIZE = 25
PARAMS = {"version": 2, "seed": 20251123, "records": 1_000_000, "years": [2021, 2026]}
# Real model names seen in provincial reports, combined with a place so that names vary.
MODEL_NAMES = [
    "Đường hoa nông thôn mới",
    "Thắp sáng đường quê",
    "Tổ tự quản an ninh trật tự",
    "Quỹ khuyến học dòng họ",
    "Hiến đất mở đường",
    "Nhà đại đoàn kết",
    "Phân loại rác tại nguồn",
    "Camera an ninh khu dân cư",
    "Tổ hợp tác trồng rau an toàn",
    "Chi hội phụ nữ tiết kiệm",
    "Bữa cơm nghĩa tình",
    "Tuyến đường tự quản",
    "Dân vận khéo trong giải phóng mặt bằng",
    "Hũ gạo tình thương",
    "Câu lạc bộ gia đình hạnh phúc",
    "Mỗi tuần một tin bài an ninh",
    "Vườn mẫu nông thôn mới",
    "Điểm sáng văn hóa khu dân cư",
    "Nước sạch cho bà con",
    "Ngày thứ bảy tình nguyện",
]
STATUSES = [  # (status, weight, is_effective, recognized)
    ("registered", 20, None, False),
    ("implementing", 45, True, False),
    ("recognized", 25, True, True),
    ("not_recognized", 5, False, False),
    ("stopped", 5, False, False),
]
SEARCH_TEXT = "duong hoa"


def actual_count(cursor) -> int:
    cursor.execute("SELECT count(*) FROM initiatives_initiative")
    return cursor.fetchone()[0]


def existing_dataset(cursor) -> dict[str, Any] | None:
    marker = read_marker(cursor, MARKER_NAME)
    if marker is None or marker[0] != PARAMS or marker[1] != {"records": actual_count(cursor)}:
        return None
    return {"params": marker[0], "counts": marker[1], "seconds": marker[2]}


def build_rows(rng: random.Random) -> list[dict]:
    """Return the record rows, with ids, paths and search texts as the model writes them."""
    from core.text import fold, name_key  # noqa: PLC0415 -- after django.setup()

    organizations = list(
        apps.get_model("orgunits", "Organization").objects.values_list("id", "path", "name", "area_id", "area__name")
    )
    hamlets: dict[int, list[tuple[int, str]]] = {}
    for pk, parent_id, name in (
        apps.get_model("orgunits", "Area").objects.filter(level=4).values_list("id", "parent_id", "name")
    ):
        hamlets.setdefault(parent_id, []).append((pk, name))
    fields = list(apps.get_model("initiatives", "InitiativeField").objects.values_list("id", flat=True))
    stage_ids = dict(apps.get_model("initiatives", "Stage").objects.values_list("start_year", "id"))
    statuses = [row for row in STATUSES for _ in range(row[1])]
    folded_names = {name: fold(name) for name in MODEL_NAMES}
    now = timezone.now()
    first_year, last_year = PARAMS["years"]
    rows = []
    drawn: dict[tuple, int] = {}
    for pk in range(1, PARAMS["records"] + 1):
        org_id, org_path, org_name, area_id, area_name = rng.choice(organizations)
        if rng.random() < 0.6 and hamlets.get(area_id):
            area_id, area_name = rng.choice(hamlets[area_id])
        base = rng.choice(MODEL_NAMES)
        name = f"{base} {area_name}"
        year = rng.randint(first_year, last_year)
        # An organization registers a name once a year (Initiative's name_once_a_year): a name
        # drawn again for the same organization and year is numbered.
        key = (org_id, year, name_key(name))
        repeat = drawn[key] = drawn.get(key, 0) + 1
        folded_name = f"{folded_names[base]} {fold(area_name)}"
        if repeat > 1:
            name, folded_name = f"{name} số {repeat}", f"{folded_name} so {repeat}"
        status, _weight, effective, recognized = rng.choice(statuses)
        individual = rng.random() < 0.15
        rows.append(
            {
                "id": pk,
                "created": now,
                "updated": now,
                "organization_id": org_id,
                "path": org_path,
                "kind": "exemplar" if individual else "model",
                "subject": "individual" if individual else "collective",
                "name": name,
                "area_id": area_id,
                "person_name": "Nguyễn Văn A" if individual else "",
                "field_id": rng.choice(fields),
                "year": year,
                "stage_id": stage_ids.get(2021 if year <= 2025 else 2026),
                "registered_on": datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                "status": status,
                "is_effective": effective,
                "recognition_level": 2 if recognized else None,
                "is_outstanding": recognized and rng.random() < 0.2,
                "name_key": name_key(name),
                "search_text": f"{folded_name} {fold(org_name)}",
            }
        )
    return rows


def generate() -> dict[str, Any]:
    started = time.perf_counter()
    model = apps.get_model("initiatives", "Initiative")
    rows = build_rows(random.Random(PARAMS["seed"]))
    built = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {model._meta.db_table} RESTART IDENTITY CASCADE")
        clear_marker(cursor, MARKER_NAME)
        copy_rows(cursor, model, rows)
        reset_sequence(cursor, model._meta.db_table)
        counts = {"records": actual_count(cursor)}
        loaded = time.perf_counter()
        write_marker(cursor, MARKER_NAME, PARAMS, counts, loaded - started)
    vacuum_analyze(model._meta.db_table)
    finished = time.perf_counter()
    return {
        "generated": True,
        "counts": counts,
        "build_s": round(built - started, 2),
        "copy_s": round(loaded - built, 2),
        "vacuum_analyze_s": round(finished - loaded, 2),
    }


#
# Benchmarks
#

# The columns the list's table shows (the view's LIST_QUERYSET.only()).
COLUMNS = (
    "i.id, i.name, i.kind, i.subject, i.year, i.status, i.is_outstanding, i.recognition_level, i.is_effective, "
    "o.id, o.name, a.id, a.name, f.id, f.name"
)
JOINS = (
    "FROM initiatives_initiative i "
    "JOIN orgunits_organization o ON o.id = i.organization_id "
    "JOIN orgunits_area a ON a.id = i.area_id "
    "JOIN initiatives_initiativefield f ON f.id = i.field_id "
)
NEWEST_FIRST = "ORDER BY i.registered_on DESC, i.id DESC"
STATUS_CHOICES = [row[0] for row in STATUSES]


class Case:
    """One list question: the page's query-string filters and the same filters as SQL.

    `draw(rng, province)` returns (GET data besides `within`, SQL condition after the unit's path
    condition, its parameters). `national`: asked by a system administrator with no `within`.
    """

    def __init__(self, name: str, draw, national: bool = False, note: str = ""):
        self.name, self.draw, self.national, self.note = name, draw, national, note


def _draw_field_year(rng, province, fields):
    field, year = rng.choice(fields), rng.randint(*PARAMS["years"])
    return {"field": field, "year": year}, "AND i.field_id = %s AND i.year = %s", [field, year]


def _draw_search(rng, province):
    # Within a unit, as the app does (InitiativeQuerySet.search(indexed=False)): strpos(), which
    # the trigram index cannot serve, so the unit's range of the path index is scanned.
    words = SEARCH_TEXT.split()
    condition = " ".join("AND strpos(i.search_text, %s) > 0" for _ in words)
    return {"q": SEARCH_TEXT}, condition, words


def _draw_search_national(rng, province):
    # The whole country: LIKE, served by the trigram index.
    words = SEARCH_TEXT.split()
    condition = " ".join("AND i.search_text LIKE %s" for _ in words)
    return {"q": SEARCH_TEXT}, condition, [f"%{word}%" for word in words]


def _draw_year(rng, province):
    year = rng.randint(*PARAMS["years"])
    return {"year": year}, "AND i.year = %s", [year]


def _draw_status(rng, province):
    status = rng.choice(STATUS_CHOICES)
    return {"status": status}, "AND i.status = %s", [status]


def _draw_nothing(rng, province):
    return {}, "", []


def _viewer(province):
    """A viewer of `province` (the user object a request would carry)."""
    user_model = apps.get_model("accounts", "User")
    user, _created = user_model.objects.get_or_create(username=f"bench_viewer_{province.pk}")
    assignment = apps.get_model("accounts", "RoleAssignment")
    assignment.objects.get_or_create(user=user, role="viewer", area=province)
    return user


def _admin():
    user_model = apps.get_model("accounts", "User")
    user, _created = user_model.objects.get_or_create(username="bench_admin", defaults={"is_superuser": True})
    return user


def _app_page(user, data: dict) -> tuple[int, list]:
    """The list page's work, through its view: the user's scope (computed once per request),
    restrict(), InitiativeFilterSet (strict, as FilterView), the table with its ordering and its
    paginator (the view's `table_pagination`): the COUNT and the first 25 model instances."""
    from django.test import RequestFactory  # noqa: PLC0415 -- after django.setup()

    from core.scope import clear_scope_cache  # noqa: PLC0415
    from initiatives.views.initiatives import InitiativeListView  # noqa: PLC0415

    clear_scope_cache(user)  # a new request: the scope is computed again
    request = RequestFactory().get("/initiatives/", data)
    request.user = user
    view = InitiativeListView()
    view.setup(request)
    view.filterset = view.get_filterset(view.get_filterset_class())
    if view.filterset.is_bound and not view.filterset.is_valid():
        raise AssertionError(f"invalid filters {data}: {view.filterset.errors}")
    view.object_list = view.filterset.qs
    table = view.get_table(**view.get_table_kwargs())
    return table.paginator.count, [row.record for row in table.page.object_list]


def _orm_page(province, data: dict) -> tuple[int, list]:
    """The least the Django ORM does for the same page: the view's queryset (LIST_QUERYSET)
    filtered straight from `data`, with no scope, no filter form and no table, counted and paged
    by the same DeferredJoinPaginator (the COUNT and the 25 rows of the page's keys as instances).
    Not the app (which must check the user's scope and the filters): the floor any page built on
    the ORM stands on, to tell Django's own cost from the app's."""
    from core.pagination import DeferredJoinPaginator, searching  # noqa: PLC0415 -- after django.setup()
    from initiatives.views.initiatives import LIST_QUERYSET  # noqa: PLC0415

    rows = LIST_QUERYSET.filter(path__startswith=province.path)
    exact = {name: data[name] for name in ("field", "year", "status") if name in data}
    rows = rows.filter(**{("field_id" if name == "field" else name): value for name, value in exact.items()})
    if data.get("q"):
        rows = rows.search(data["q"], indexed=False)
    paginator = DeferredJoinPaginator(
        rows.order_by("-registered_on", "-pk"), PAGE_SIZE, count_with_page=searching(data)
    )
    page = paginator.page(1)
    return paginator.count, list(page.object_list)


# The user's scope for "view", as core.scope computes it in two or more queries: the paths of
# the areas and organizations of the user's roles, and of every area those areas were formed
# from (transitively), here in one statement.
SCOPE_SQL = """
WITH RECURSIVE roles AS (
    SELECT area_id, organization_id FROM accounts_roleassignment WHERE user_id = %s AND role = ANY(%s)
), history(area_id) AS (
    SELECT area_id FROM roles WHERE area_id IS NOT NULL
    UNION
    SELECT p.area_id FROM history h
    JOIN orgunits_rearrangement_successors s ON s.area_id = h.area_id
    JOIN orgunits_rearrangement_predecessors p ON p.rearrangement_id = s.rearrangement_id
)
SELECT (SELECT path FROM orgunits_area WHERE id = h.area_id) FROM history h
UNION ALL
SELECT o.path FROM roles r JOIN orgunits_organization o ON o.id = r.organization_id
"""


def _check_scope_sql(user) -> None:
    """Check that SCOPE_SQL gives the prefixes core.scope gives (the same access rule)."""
    from core.roles import roles_granting  # noqa: PLC0415 -- after django.setup()
    from core.scope import clear_scope_cache, collapse_prefixes, scope_prefixes  # noqa: PLC0415

    clear_scope_cache(user)
    with connection.cursor() as cursor:
        cursor.execute(SCOPE_SQL, [user.pk, roles_granting("view")])
        by_hand = collapse_prefixes(row[0] for row in cursor.fetchall())
    assert by_hand == scope_prefixes(user, "view"), f"{by_hand} != {scope_prefixes(user, 'view')}"


def _sql_page(
    user, within: int | None, condition: str, params: list, count_with_keys: bool = False
) -> tuple[int, list]:
    """The same by hand: the user's scope, the path of the `within` area (which must lie in it),
    the COUNT, and the page: the rows of its keys, with their joins (as tuples).

    `count_with_keys` (a search, as the app does it then): the keys of the page with the count in
    one statement (`count(*) OVER ()`), then the rows of those keys."""
    from core.roles import roles_granting  # noqa: PLC0415 -- after django.setup()

    with connection.cursor() as cursor:
        prefixes = None
        if not user.is_superuser:
            cursor.execute(SCOPE_SQL, [user.pk, roles_granting("view")])
            prefixes = tuple(row[0] for row in cursor.fetchall())
        where = "WHERE TRUE"
        if within is not None:
            cursor.execute("SELECT path FROM orgunits_area WHERE id = %s", [within])
            path = cursor.fetchone()[0]
            if prefixes is not None and not path.startswith(prefixes):
                raise AssertionError(f"area {within} is outside the user's scope")
            where = "WHERE i.path LIKE %s"
            params = [path + "%", *params]
        if count_with_keys:
            cursor.execute(_keys_with_count_sql(where, condition), params)
            keys = cursor.fetchall()
            cursor.execute(f"SELECT {COLUMNS} {JOINS} WHERE i.id = ANY(%s) {NEWEST_FIRST}", [[key for key, _n in keys]])
            return (keys[0][1] if keys else 0), cursor.fetchall()
        cursor.execute(_count_sql(where, condition), params)
        count = cursor.fetchone()[0]
        cursor.execute(_page_sql(where, condition), params)
        return count, cursor.fetchall()


def _count_sql(where: str, condition: str) -> str:
    return f"SELECT count(*) FROM initiatives_initiative i {where} {condition}"


def _keys_with_count_sql(where: str, condition: str) -> str:
    """The page's keys with the count of every matching record beside each (a search's one pass)."""
    return f"SELECT i.id, count(*) OVER () FROM initiatives_initiative i {where} {condition} {NEWEST_FIRST} LIMIT {PAGE_SIZE}"


def _page_sql(where: str, condition: str) -> str:
    """The page's keys in a subquery (with its own `i`), then their rows with the joins, by key."""
    keys = f"SELECT i.id FROM initiatives_initiative i {where} {condition} {NEWEST_FIRST} LIMIT {PAGE_SIZE}"
    return f"SELECT {COLUMNS} {JOINS} WHERE i.id IN ({keys}) {NEWEST_FIRST}"


def _explain(sql: str, params: list) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) {sql}", params)
        return [row[0] for row in cursor.fetchall()]


def _entry(name: str, timings: dict, **extra: Any) -> dict[str, Any]:
    app, sql = timings["app"], timings["sql"]
    ratio = round(app["median"] / sql["median"], 3)
    return {
        "name": name,
        "app_ms": app["median"],
        "sql_ms": sql["median"],
        "ratio": ratio,
        "goal_ratio": GOAL_RATIO,
        "goal_p95_ms": GOAL_P95_MS,
        "goal_met": ratio <= GOAL_RATIO and app["p95"] <= GOAL_P95_MS,
        "p95_app_ms": app["p95"],
        "p95_sql_ms": sql["p95"],
        "min_app_ms": app["min"],
        "min_sql_ms": sql["min"],
        "runs": app["runs"],
        **extra,
    }


def _cpu_ms(fn, args) -> float:
    """Median CPU time of this process per call: the Python side's own work, whatever the load."""
    samples = []
    for arg in args:
        start = time.process_time()
        fn(arg)
        samples.append((time.process_time() - start) * 1000)
    return round(statistics.median(samples), 3)


def _queries(fn, arg) -> int:
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    with CaptureQueriesContext(connection) as captured:
        fn(arg)
    return len(captured.captured_queries)


def bench_case(case: Case, runs: int, rng: random.Random, provinces: list, viewers: dict) -> dict[str, Any]:
    """Time the app's list page against the hand SQL on `runs` drawn provinces and filters."""
    from core.pagination import searching  # noqa: PLC0415 -- after django.setup()

    args = []
    for _ in range(runs):
        province = rng.choice(provinces)
        data, condition, params = case.draw(rng, province)
        args.append((province, data, condition, params))

    def app(arg):
        province, data, _condition, _params = arg
        if case.national:
            return _app_page(viewers[None], data)
        return _app_page(viewers[province.pk], {"within": province.pk, **data})

    def sql(arg):
        province, data, condition, params = arg
        with_keys = searching(data)  # as the list view decides (get_table_pagination)
        if case.national:
            return _sql_page(viewers[None], None, condition, params, with_keys)
        return _sql_page(viewers[province.pk], province.pk, condition, params, with_keys)

    def orm_floor(arg):
        province, data, _condition, _params = arg
        return _orm_page(province, data)

    sides = {"app": app, "sql": sql} if case.national else {"app": app, "sql": sql, "orm_floor": orm_floor}
    for arg in args[:10]:
        app_count, objects = app(arg)
        sql_count, rows = sql(arg)
        assert app_count == sql_count and [o.pk for o in objects] == [row[0] for row in rows], (
            f"{case.name} disagrees for {arg[1]} in {arg[0].path}"
        )
        if "orm_floor" in sides:
            floor_count, floor_objects = orm_floor(arg)
            assert (floor_count, [o.pk for o in floor_objects]) == (sql_count, [row[0] for row in rows]), (
                f"{case.name}: the ORM floor disagrees for {arg[1]} in {arg[0].path}"
            )
    matching = statistics.mean(sql(arg)[0] for arg in args[:20])
    queries = {"app_queries": _queries(app, args[0]), "sql_queries": _queries(sql, args[0])}
    load_before = os.getloadavg()[0]
    timings = compare(sides, args, warmup=min(20, runs))
    load = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    cpu = {f"{side}_cpu_ms": _cpu_ms(fn, args[:30]) for side, fn in sides.items()}
    floor = {}
    if "orm_floor" in timings:
        floor = {
            "orm_floor_ms": timings["orm_floor"]["median"],
            "p95_orm_floor_ms": timings["orm_floor"]["p95"],
            "orm_floor_ratio": round(timings["orm_floor"]["median"] / timings["sql"]["median"], 3),
        }
    province, data, condition, params = args[0]
    where, first_params = (
        ("WHERE TRUE", params) if case.national else ("WHERE i.path LIKE %s", [province.path + "%", *params])
    )
    if searching(data):  # the keys with their count, in one statement
        plans = {"plan_keys_with_count": _explain(_keys_with_count_sql(where, condition), first_params)}
    else:
        plans = {
            "plan_count": _explain(_count_sql(where, condition), first_params),
            "plan_page": _explain(_page_sql(where, condition), first_params),
        }
    return _entry(
        case.name,
        timings,
        matching_rows_mean=round(matching),
        **floor,
        **queries,
        load_average_1m=load,
        **cpu,
        **plans,
        note=case.note,
    )


APP_NOTE = (
    "app: InitiativeListView's own code for a province viewer (scope incl. predecessor units, restrict(), "
    "InitiativeFilterSet with within=<province>, the table and its DeferredJoinPaginator: COUNT, then the 25 rows "
    "of the page's keys as model instances with select_related); sql: the role paths, the within area's path, the "
    "COUNT and the rows of the page's keys, written by hand, rows as tuples; orm_floor: the view's queryset filtered "
    "directly (no scope, filter form or table) and paged by the same paginator, the least any ORM page costs"
)


def bench_list(runs: int, names: list[str]) -> list[dict[str, Any]]:
    """Run the list benchmarks (all, or those named in `names`)."""
    area_model = apps.get_model("orgunits", "Area")
    provinces = list(area_model.objects.filter(level=1).order_by("pk"))
    fields = list(apps.get_model("initiatives", "InitiativeField").objects.values_list("id", flat=True))
    viewers = {p.pk: _viewer(p) for p in provinces}
    viewers[None] = _admin()
    _check_scope_sql(viewers[provinces[0].pk])
    with connection.cursor() as cursor:
        words = [f"%{word}%" for word in SEARCH_TEXT.split()]
        cursor.execute(
            "SELECT count(*) FROM initiatives_initiative WHERE " + " AND ".join("search_text LIKE %s" for _ in words),
            words,
        )
        national_matches = cursor.fetchone()[0]
    cases = [
        Case(
            "initiatives_province_field_year",
            lambda rng, province: _draw_field_year(rng, province, fields),
            note=APP_NOTE + "; filters: within, field, year (issue 3's list case)",
        ),
        Case(
            "initiatives_search",
            _draw_search,
            note=APP_NOTE + f"; filters: within, q={SEARCH_TEXT!r} (issue 3's search case); the words occur together "
            f"in {national_matches} of {PARAMS['records']} records nationally",
        ),
        Case("initiatives_province_all", _draw_nothing, note=APP_NOTE + "; filters: within only (the default page)"),
        Case("initiatives_province_year", _draw_year, note=APP_NOTE + "; filters: within, year"),
        Case("initiatives_province_status", _draw_status, note=APP_NOTE + "; filters: within, status"),
    ]
    national_runs = max(10, runs // 10)
    national = [
        Case(
            "initiatives_national_all",
            _draw_nothing,
            national=True,
            note="a system administrator's unfiltered list of all records (no scope, no filter)",
        ),
        Case(
            "initiatives_national_search",
            _draw_search_national,
            national=True,
            note=f"a system administrator's search for {SEARCH_TEXT!r} over all records",
        ),
    ]
    entries = []
    for case in cases + national:
        if names and case.name not in names:
            continue
        # Each case draws its own arguments, so a run of some cases times the same ones.
        rng = random.Random(f"{PARAMS['seed']}-{case.name}")
        entry = bench_case(case, national_runs if case.national else runs, rng, provinces, viewers)
        if case.name == "initiatives_search":
            entry.update(search=SEARCH_TEXT, national_matches=national_matches)
        entries.append(entry)
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--force", action="store_true", help="regenerate the records")
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    options = parser.parse_args()
    django.setup()
    if connection.vendor != "postgresql":
        raise SystemExit("bench.initiatives needs PostgreSQL: set DATABASE_URL=postgres://...")
    with connection.cursor() as cursor:
        existing = None if options.force else existing_dataset(cursor)
    generated = existing or generate()
    entries = bench_list(options.runs, options.names)
    for item in entries:
        item["dataset"] = generated.get("counts")
    write_results(entries)
    print(json.dumps({"dataset": generated, "results": entries}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
