"""Benchmark the "Dân vận khéo" registry at national scale: 1,000,000 records on the generated tree.

Generation (skipped when a complete dataset with the same parameters is present, like
bench/generate.py): records spread over the 26,568 generated organizations, in their commune or
one of its hamlets, over five fields and the years 2021-2026, with names drawn from a vocabulary of
real model names, and `search_text`/`path` exactly as `Initiative.save()` writes them; loaded with
COPY in one transaction, then VACUUM ANALYZE.

Benchmarks (each: the app's code against the same query written by hand, alternating, on the
same arguments; medians, p95 and ratio; goal ≤ 1.5 times and p95 ≤ 50 ms, issue 3):
- initiatives_province_field_year: the first page of the list of a province's records filtered by
  field and year, as the list page gets it: the view's queryset (select_related, restrict() for
  a province viewer, InitiativeFilterSet with within/field/year), the paginator's COUNT and the
  first 25 model instances;
- initiatives_search: the first page of a diacritic-free search ("duong hoa") in a province, the same way.

Usage (see scripts/bench.sh): DJANGO_SETTINGS_MODULE=danvan.settings DATABASE_URL=postgres://...
python -m bench.initiatives [--runs 200] [--force]
"""

import argparse
import datetime
import json
import random
import statistics
import time
from typing import Any

import django
from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from bench.common import compare, write_results
from bench.generate import CREATE_MARKER_SQL, MARKER_TABLE, _json, copy_rows, reset_sequence

MARKER_NAME = "initiatives"
GOAL_RATIO = 1.5
GOAL_P95_MS = 50.0
PAGE_SIZE = 25
PARAMS = {"version": 1, "seed": 20251123, "records": 1_000_000, "years": [2021, 2026]}
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
    cursor.execute(CREATE_MARKER_SQL)
    cursor.execute(f"SELECT params, counts, seconds FROM {MARKER_TABLE} WHERE name = %s", [MARKER_NAME])
    row = cursor.fetchone()
    if row is None or _json(row[0]) != PARAMS or _json(row[1]) != {"records": actual_count(cursor)}:
        return None
    return {"params": _json(row[0]), "counts": _json(row[1]), "seconds": row[2]}


def build_rows(rng: random.Random) -> list[dict]:
    """Return the record rows, with ids, paths and search texts as the model writes them."""
    from core.text import fold  # noqa: PLC0415 -- after django.setup()

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
    for pk in range(1, PARAMS["records"] + 1):
        org_id, org_path, org_name, area_id, area_name = rng.choice(organizations)
        if rng.random() < 0.6 and hamlets.get(area_id):
            area_id, area_name = rng.choice(hamlets[area_id])
        base = rng.choice(MODEL_NAMES)
        name = f"{base} {area_name}"
        year = rng.randint(first_year, last_year)
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
                "search_text": " ".join((folded_names[base], fold(area_name), fold(org_name))),
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
        cursor.execute(CREATE_MARKER_SQL)
        cursor.execute(f"DELETE FROM {MARKER_TABLE} WHERE name = %s", [MARKER_NAME])
        copy_rows(cursor, model, rows)
        reset_sequence(cursor, model._meta.db_table)
        counts = {"records": actual_count(cursor)}
        loaded = time.perf_counter()
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (name, params, counts, seconds) VALUES (%s, %s, %s, %s)",
            [MARKER_NAME, json.dumps(PARAMS), json.dumps(counts), round(loaded - started, 2)],
        )
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
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

COLUMNS = (
    "i.id, i.name, i.kind, i.subject, i.year, i.status, i.is_effective, i.recognition_level, i.registered_on, "
    "o.id, o.name, a.id, a.name, f.id, f.name"
)
JOINS = (
    "FROM initiatives_initiative i "
    "JOIN orgunits_organization o ON o.id = i.organization_id "
    "JOIN orgunits_area a ON a.id = i.area_id "
    "JOIN initiatives_initiativefield f ON f.id = i.field_id "
)
LIST_WHERE = "WHERE i.path LIKE %s AND i.field_id = %s AND i.year = %s"
SEARCH_WHERE = "WHERE i.path LIKE %s AND i.search_text LIKE %s AND i.search_text LIKE %s"
ORDER = f"ORDER BY i.registered_on DESC, i.id DESC LIMIT {PAGE_SIZE}"


def _viewer(province):
    """A viewer of `province` (the user object a request would carry)."""
    user_model = apps.get_model("accounts", "User")
    user, _created = user_model.objects.get_or_create(username=f"bench_viewer_{province.pk}")
    assignment = apps.get_model("accounts", "RoleAssignment")
    assignment.objects.get_or_create(user=user, role="viewer", area=province)
    return user


def _app_page(user, data: dict) -> tuple[int, list]:
    """The list page's work: the user's scope (computed once per request), restrict(), the
    filterset, the paginator's COUNT and the first page of model instances."""
    from django.core.paginator import Paginator  # noqa: PLC0415 -- after django.setup()

    from core.scope import clear_scope_cache  # noqa: PLC0415
    from initiatives.filtersets import InitiativeFilterSet  # noqa: PLC0415
    from initiatives.models import Initiative  # noqa: PLC0415

    clear_scope_cache(user)  # a new request: the scope is computed again
    base = Initiative.objects.select_related("organization", "area", "field").restrict(user, "view")
    filterset = InitiativeFilterSet(data, queryset=base, request=None)
    page = Paginator(filterset.qs, PAGE_SIZE).page(1)
    return page.paginator.count, list(page.object_list)


def _sql_page(user, where: str, params: list) -> tuple[int, list]:
    """The same by hand: the user's unit paths, the COUNT and the first page as tuples."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.path FROM accounts_roleassignment r JOIN orgunits_area a ON a.id = r.area_id "
            "WHERE r.user_id = %s",
            [user.pk],
        )
        cursor.fetchall()
        cursor.execute(f"SELECT count(*) FROM initiatives_initiative i {where}", params)
        count = cursor.fetchone()[0]
        cursor.execute(f"SELECT {COLUMNS} {JOINS} {where} {ORDER}", params)
        return count, cursor.fetchall()


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
        "runs": app["runs"],
        **extra,
    }


def bench_list(runs: int, rng: random.Random) -> list[dict[str, Any]]:
    area_model = apps.get_model("orgunits", "Area")
    provinces = list(area_model.objects.filter(level=1).order_by("pk"))
    fields = list(apps.get_model("initiatives", "InitiativeField").objects.values_list("id", flat=True))
    viewers = {p.pk: _viewer(p) for p in provinces}
    first_year, last_year = PARAMS["years"]
    list_args = [(rng.choice(provinces), rng.choice(fields), rng.randint(first_year, last_year)) for _ in range(runs)]
    search_args = [rng.choice(provinces) for _ in range(runs)]

    def app_list(arg):
        province, field, year = arg
        return _app_page(viewers[province.pk], {"within": province.pk, "field": field, "year": year})

    def sql_list(arg):
        province, field, year = arg
        return _sql_page(viewers[province.pk], LIST_WHERE, [province.path + "%", field, year])

    def app_search(province):
        return _app_page(viewers[province.pk], {"within": province.pk, "q": SEARCH_TEXT})

    def sql_search(province):
        words = [f"%{word}%" for word in SEARCH_TEXT.split()]
        return _sql_page(viewers[province.pk], SEARCH_WHERE, [province.path + "%", *words])

    def same(app_result, sql_result):
        count, objects = app_result
        return count == sql_result[0] and [o.pk for o in objects] == [row[0] for row in sql_result[1]]

    for arg in list_args[:10]:
        assert same(app_list(arg), sql_list(arg)), f"list disagrees for {arg}"
    for arg in search_args[:10]:
        assert same(app_search(arg), sql_search(arg)), f"search disagrees for {arg}"
    list_rows = statistics.mean(sql_list(arg)[0] for arg in list_args[:50])
    search_rows = statistics.mean(sql_search(arg)[0] for arg in search_args[:50])
    list_timings = compare({"app": app_list, "sql": sql_list}, list_args, warmup=20)
    search_timings = compare({"app": app_search, "sql": sql_search}, search_args, warmup=20)
    with connection.cursor() as cursor:
        province, field, year = list_args[0]
        cursor.execute(f"EXPLAIN SELECT {COLUMNS} {JOINS} {LIST_WHERE} {ORDER}", [province.path + "%", field, year])
        list_plan = [row[0] for row in cursor.fetchall()]
        words = [f"%{word}%" for word in SEARCH_TEXT.split()]
        cursor.execute(f"EXPLAIN SELECT {COLUMNS} {JOINS} {SEARCH_WHERE} {ORDER}", [search_args[0].path + "%", *words])
        search_plan = [row[0] for row in cursor.fetchall()]
    note = (
        "app: the list page's work for a province viewer (role scope incl. predecessor units, select_related "
        "queryset, restrict(), InitiativeFilterSet, Paginator COUNT + first 25 instances); sql: the role "
        "paths, the COUNT and the first page written by hand, rows as tuples"
    )
    return [
        _entry(
            "initiatives_province_field_year",
            list_timings,
            matching_rows_mean=round(list_rows),
            plan=list_plan,
            note=note,
        ),
        _entry(
            "initiatives_search",
            search_timings,
            search=SEARCH_TEXT,
            matching_rows_mean=round(search_rows),
            plan=search_plan,
            note=note,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--force", action="store_true", help="regenerate the records")
    options = parser.parse_args()
    django.setup()
    if connection.vendor != "postgresql":
        raise SystemExit("bench.initiatives needs PostgreSQL: set DATABASE_URL=postgres://...")
    with connection.cursor() as cursor:
        existing = None if options.force else existing_dataset(cursor)
    generated = existing or generate()
    entries = bench_list(options.runs, random.Random(PARAMS["seed"]))
    for item in entries:
        item["dataset"] = generated.get("counts")
    write_results(entries)
    print(json.dumps({"dataset": generated, "results": entries}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
