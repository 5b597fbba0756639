"""Generate a national-scale unit tree in the benchmark database.

The tree: the 34 provinces and 3,321 communes in force since 2025-07-01, taken from the
vietnamadminunits package the app already depends on (real names, codes, kinds, coordinates, and
so the real uneven spread of 38 to 168 communes per province); 8 to 52 hamlets per commune
(about 100,000, 30 on average); and 8 organizations per commune (26,568): the Front committee
with its 4 member organizations as children, the Party committee with its Party-building board
as child, and the mass-mobilization bloc.

Rows are built in Python, where ids are assigned up front so paths can be written in the app's
format ("/12/345/6789/", "/12/345/o67/o68/"), and search_text comes from the models' own
`compute_search_text()` (core.text.fold). They are loaded with COPY in a single transaction that
also writes a marker row holding the generator's parameters and row counts: a re-run that finds a
matching marker and matching counts skips generation, and an interrupted run leaves no marker.

Hamlets and organizations are loaded commune by commune in a shuffled commune order, as if each
commune had entered its own units at a different time; organizations under one province are then
spread over the table rather than stored next to each other.

Usage (see scripts/bench.sh): DJANGO_SETTINGS_MODULE=danvan.settings DATABASE_URL=postgres://...
python -m bench.generate [--force]
"""

import argparse
import datetime
import itertools
import json
import random
import time
from functools import cache
from typing import Any

import django
from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone
from vietnamadminunits.database import query as admin_units_query

MARKER_TABLE = "bench_dataset"
MARKER_NAME = "orgunits"
VALID_FROM = datetime.date(2025, 7, 1)
HAMLETS_PER_COMMUNE = (8, 52)  # uniform, mean 30
# Bump "version" whenever the generated rows change: a stale dataset is then regenerated.
PARAMS = {
    "version": 1,
    "seed": 20250701,
    "communes_source": "vietnamadminunits admin_units",
    "hamlets_per_commune": list(HAMLETS_PER_COMMUNE),
    "organizations_per_commune": 8,
    "valid_from": VALID_FROM.isoformat(),
}
# Provinces from Đồng Nai (75) southwards call their hamlets "ấp" and their urban ones "khu phố".
SOUTHERN_FROM_CODE = 75
COMMUNE_KINDS = {"Xã": "xa", "Phường": "phuong", "Đặc khu": "dac_khu"}
# (key, organization kind code, parent key, name before "xã X", short name)
ORGANIZATIONS = [
    ("mttq", "mttq", None, "Ủy ban MTTQ Việt Nam", "MTTQ"),
    ("hoi_nong_dan", "hoi_nong_dan", "mttq", "Hội Nông dân", "HND"),
    ("hoi_lhpn", "hoi_lhpn", "mttq", "Hội Liên hiệp Phụ nữ", "HLHPN"),
    ("doan_tn", "doan_tn", "mttq", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "ĐTN"),
    ("hoi_ccb", "hoi_ccb", "mttq", "Hội Cựu chiến binh", "HCCB"),
    ("dang_uy", "dang_uy", None, "Đảng ủy", "ĐU"),
    ("ban_xdd", "ban_xdd", "dang_uy", "Ban Xây dựng Đảng Đảng ủy", "BXDĐ"),
    ("khoi_dan_van", "khoi_dan_van", None, "Khối dân vận", "KDV"),
]
CREATE_MARKER_SQL = f"""
CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (
    name text PRIMARY KEY,
    params jsonb NOT NULL,
    counts jsonb NOT NULL,
    seconds double precision NOT NULL,
    generated_at timestamptz NOT NULL DEFAULT now()
)"""


def _json(value: Any) -> Any:
    # Django registers a text loader for jsonb on psycopg 3, so raw SQL gets strings back.
    return json.loads(value) if isinstance(value, str) else value


def actual_counts(cursor) -> dict[str, int]:
    """Return the numbers of provinces, communes, hamlets and organizations in the database."""
    cursor.execute("SELECT level, count(*) FROM orgunits_area GROUP BY level")
    by_level = dict(cursor.fetchall())
    cursor.execute("SELECT count(*) FROM orgunits_organization")
    return {
        "provinces": by_level.get(1, 0),
        "communes": by_level.get(3, 0),
        "hamlets": by_level.get(4, 0),
        "organizations": cursor.fetchone()[0],
    }


def read_marker(cursor, name: str) -> tuple[Any, Any, Any] | None:
    """Return (params, counts, seconds) recorded for the dataset `name`, or None."""
    cursor.execute(CREATE_MARKER_SQL)
    cursor.execute(f"SELECT params, counts, seconds FROM {MARKER_TABLE} WHERE name = %s", [name])
    row = cursor.fetchone()
    return None if row is None else (_json(row[0]), _json(row[1]), row[2])


def clear_marker(cursor, name: str) -> None:
    """Forget the dataset `name` (its data is about to be replaced)."""
    cursor.execute(CREATE_MARKER_SQL)
    cursor.execute(f"DELETE FROM {MARKER_TABLE} WHERE name = %s", [name])


def write_marker(cursor, name: str, params: dict, counts: dict, seconds: float) -> None:
    """Record that the dataset `name` with `params` and `counts` is complete."""
    cursor.execute(
        f"INSERT INTO {MARKER_TABLE} (name, params, counts, seconds) VALUES (%s, %s, %s, %s)",
        [name, json.dumps(params), json.dumps(counts), round(seconds, 2)],
    )


def vacuum_analyze(*tables: str) -> None:
    """VACUUM ANALYZE the tables (outside a transaction): hint bits and the visibility map set, as
    on a database that has been running a while, and fresh statistics."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")


def existing_dataset(cursor) -> dict[str, Any] | None:
    """Return the marker row if the data it describes is present and complete, else None."""
    marker = read_marker(cursor, MARKER_NAME)
    if marker is None:
        return None
    params, counts, seconds = marker
    if params != PARAMS or counts != actual_counts(cursor):
        return None
    return {"params": params, "counts": counts, "seconds": seconds}


#
# Building rows
#


def build_rows(rng: random.Random) -> tuple[list[dict], list[dict]]:
    """Return the area rows and organization rows, with ids and paths, in load order."""
    area_model = apps.get_model("orgunits", "Area")
    organization_model = apps.get_model("orgunits", "Organization")
    area_kinds = dict(apps.get_model("orgunits", "AreaKind").objects.values_list("code", "id"))
    organization_kinds = dict(apps.get_model("orgunits", "OrganizationKind").objects.values_list("code", "id"))
    area_text_length = area_model._meta.get_field("search_text").max_length
    organization_text_length = organization_model._meta.get_field("search_text").max_length
    now = timezone.now()

    @cache
    def area_search_text(name: str, short_name: str, code: str) -> str:
        return area_model(name=name, short_name=short_name, code=code).compute_search_text()[:area_text_length]

    @cache
    def organization_search_text(name: str, short_name: str) -> str:
        unit = organization_model(name=name, short_name=short_name)
        return unit.compute_search_text()[:organization_text_length]

    area_ids = itertools.count(1)
    areas: list[dict] = []

    def add_area(parent: dict | None, kind: str, level: int, name: str, short_name: str, code: str, **extra):
        pk = next(area_ids)
        path = f"{parent['path'] if parent else '/'}{pk}/"
        row = {
            "id": pk,
            "created": now,
            "updated": now,
            "valid_from": VALID_FROM,
            "kind_id": area_kinds[kind],
            "level": level,
            "code": code,
            "name": name,
            "short_name": short_name,
            "parent_id": parent["id"] if parent else None,
            "path": path,
            "depth": path.count("/") - 1,
            "search_text": area_search_text(name, short_name, code),
            **extra,
        }
        areas.append(row)
        return row

    units = admin_units_query(
        "SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, ward, wardShort, wardType,"
        " wardCode, wardLat, wardLon, wardAreaKm2 FROM admin_units ORDER BY provinceCode, wardCode"
    )
    provinces: dict[str, dict] = {}
    communes: list[tuple[dict, dict]] = []  # (commune row, its admin_units record)
    for unit in units:
        province = provinces.get(unit["provinceCode"])
        if province is None:
            province = provinces[unit["provinceCode"]] = add_area(
                None,
                "thanh_pho_tw" if unit["province"].startswith("Thành phố") else "tinh",
                1,
                unit["province"],
                unit["provinceShort"],
                unit["provinceCode"],
                latitude=unit["provinceLat"],
                longitude=unit["provinceLon"],
                source="package_current",
            )
        commune = add_area(
            province,
            COMMUNE_KINDS[unit["wardType"]],
            3,
            unit["ward"],
            unit["wardShort"] or "",
            unit["wardCode"],
            latitude=unit["wardLat"],
            longitude=unit["wardLon"],
            area_km2=unit["wardAreaKm2"],
            source="package_current",
        )
        communes.append((commune, unit))

    organization_ids = itertools.count(1)
    organizations: list[dict] = []
    shuffled = communes[:]
    rng.shuffle(shuffled)
    for commune, unit in shuffled:
        southern = int(unit["provinceCode"]) >= SOUTHERN_FROM_CODE
        if unit["wardType"] == "Phường":
            kind, label = ("khu_pho", "Khu phố") if southern else ("to_dan_pho", "Tổ dân phố")
        else:
            kind, label = ("ap", "Ấp") if southern else ("thon", "Thôn")
        for number in range(1, rng.randint(*HAMLETS_PER_COMMUNE) + 1):
            add_area(commune, kind, 4, f"{label} {number}", "", "", source="import")

        suffix = f"{unit['wardType'].lower()} {unit['wardShort'] or unit['ward']}"
        by_key: dict[str, dict] = {}
        for key, kind_code, parent_key, prefix, short_name in ORGANIZATIONS:
            parent = by_key.get(parent_key)
            pk = next(organization_ids)
            name = f"{prefix} {suffix}"
            by_key[key] = row = {
                "id": pk,
                "created": now,
                "updated": now,
                "valid_from": VALID_FROM,
                "kind_id": organization_kinds[kind_code],
                "name": name,
                "short_name": short_name,
                "area_id": commune["id"],
                "parent_id": parent["id"] if parent else None,
                "path": f"{(parent or commune)['path']}o{pk}/",
                "source": "import",
                "search_text": organization_search_text(name, short_name),
            }
            organizations.append(row)
    return areas, organizations


#
# Loading
#


def copy_rows(cursor, model, rows: list[dict]) -> None:
    """COPY `rows` (dicts keyed by column) into `model`'s table; missing columns get the field default."""
    table = model._meta.db_table
    existing = {column.name for column in connection.introspection.get_table_description(cursor, table)}
    fields = [field for field in model._meta.concrete_fields if field.column in existing]
    columns = [field.column for field in fields]
    defaults = {field.column: field.get_default() for field in fields}
    quote = connection.ops.quote_name
    statement = f"COPY {quote(table)} ({', '.join(quote(column) for column in columns)}) FROM STDIN"
    with cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([row.get(column, defaults[column]) for column in columns])


def reset_sequence(cursor, table: str) -> None:
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT coalesce(max(id), 1) FROM {table}))", [table]
    )


def generate() -> dict[str, Any]:
    """Replace every area and organization by the generated tree; return the counts and timings."""
    started = time.perf_counter()
    area_model = apps.get_model("orgunits", "Area")
    organization_model = apps.get_model("orgunits", "Organization")
    areas, organizations = build_rows(random.Random(PARAMS["seed"]))
    built = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        # CASCADE also empties the tables that point at units (clusters, role assignments...):
        # this is the benchmark's own database.
        cursor.execute(
            f"TRUNCATE {area_model._meta.db_table}, {organization_model._meta.db_table} RESTART IDENTITY CASCADE"
        )
        clear_marker(cursor, MARKER_NAME)
        copy_rows(cursor, area_model, areas)
        copy_rows(cursor, organization_model, organizations)
        reset_sequence(cursor, area_model._meta.db_table)
        reset_sequence(cursor, organization_model._meta.db_table)
        counts = actual_counts(cursor)
        loaded = time.perf_counter()
        write_marker(cursor, MARKER_NAME, PARAMS, counts, loaded - started)
    vacuum_analyze(area_model._meta.db_table, organization_model._meta.db_table)
    finished = time.perf_counter()
    return {
        "generated": True,
        "counts": counts,
        "build_s": round(built - started, 2),
        "copy_s": round(loaded - built, 2),
        "vacuum_analyze_s": round(finished - loaded, 2),
        "total_s": round(finished - started, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="regenerate even if a complete dataset is present")
    options = parser.parse_args()
    django.setup()
    if connection.vendor != "postgresql":
        raise SystemExit("bench.generate needs PostgreSQL: set DATABASE_URL=postgres://...")
    with connection.cursor() as cursor:
        existing = None if options.force else existing_dataset(cursor)
    if existing:
        result = {"generated": False, "reason": "complete dataset with the same parameters present", **existing}
    else:
        result = generate()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
