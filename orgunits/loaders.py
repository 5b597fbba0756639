"""Load Vietnam's administrative units from the vietnamadminunits package into the unit tree.

Two structures are loaded, each in one transaction, each idempotent (a second run creates and
changes nothing):

- the current structure, in force from 1 July 2025: 34 provinces and 3,321 communes, keyed by
  (level, code) among the units without an end date;
- the legacy structure, which ended on 1 July 2025: 63 provinces, their districts and communes,
  keyed by (level, code, valid_to), together with the 2025 re-arrangements that link each new
  province and commune to the units it was formed from.

Rows are written with bulk operations, which bypass `Area.save()` and the audit signals: this
module computes level, depth, search_text and path itself and writes the audit trail with
`core.audit.record_bulk()`.
"""

import datetime
import importlib.util
import json
import sqlite3
import uuid
from collections import Counter, defaultdict
from contextlib import closing
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from core.audit import record_bulk, record_bulk_changes
from core.text import fold
from orgunits.choices import AreaLevel, RearrangementKind, UnitSource
from orgunits.models import Area, AreaKind, Rearrangement

REFORM_DATE = datetime.date(2025, 7, 1)
PROVINCE_DECISION = "Nghị quyết 202/2025/QH15"
COMMUNE_DECISION = "Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã năm 2025"
DISTRICT_DECISION = "Luật Tổ chức chính quyền địa phương 2025"

DISTRICT_KINDS = {"Huyện": "huyen", "Quận": "quan", "Thị xã": "thi_xa", "Thành phố": "thanh_pho_thuoc_tinh"}
COMMUNE_KINDS = {"Xã": "xa", "Phường": "phuong", "Thị trấn": "thi_tran", "Đặc khu": "dac_khu"}

# The fields a load owns on an existing row: the ones compared on a re-run and rewritten when
# they differ. A change of parent moves a subtree and goes through Area.save() instead.
SYNC_FIELDS = (
    "kind",
    "level",
    "name",
    "short_name",
    "aliases",
    "valid_from",
    "valid_to",
    "latitude",
    "longitude",
    "area_km2",
    "source",
    "depth",
    "search_text",
)
_SYNC_ATTNAMES = tuple(f"{name}_id" if name == "kind" else name for name in SYNC_FIELDS)

# Alias keys in the package come with and without the unit type glued on ("huyenlongdien",
# "longdien"); the prefixed twin adds nothing to search and clutters the "Tên gọi khác" column.
_TYPE_PREFIXES = ("thanhpho", "thixa", "thitran", "dackhu", "phuong", "huyen", "quan", "tinh", "xa", "tp", "tx")
_ALIASES_MAX = 500
_BATCH = 500


class LoaderError(Exception):
    """The package data cannot be loaded (a missing kind, the current structure not loaded...)."""


#
# Package data
#


def _package_data(name: str) -> Path:
    """Return the path of a data file of the vietnamadminunits package.

    The package is located without being imported: its __init__ loads the address parsers,
    which takes longer than loading all the units.
    """
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise LoaderError("Chưa cài gói vietnamadminunits.")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / name


def _package_rows(sql: str) -> list[sqlite3.Row]:
    """Return the rows of `sql` run read-only on the package's SQLite dataset."""
    path = _package_data("dataset.db")
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql).fetchall()


def _package_mapping() -> dict[str, Any]:
    return json.loads(_package_data("converter_2025.json").read_text(encoding="utf-8"))


def _aliases(raw: str | None) -> str:
    """Return the package's alias keys (a JSON list) as comma-separated text, at most 500 characters."""
    if not raw:
        return ""
    try:
        keys = json.loads(raw)
    except ValueError:
        return ""
    keys = list(dict.fromkeys(key.strip() for key in keys if isinstance(key, str) and key.strip()))
    known = set(keys)
    kept = [key for key in keys if not any(key.startswith(p) and key[len(p) :] in known for p in _TYPE_PREFIXES)]
    text = ""
    for key in kept:
        candidate = f"{text}, {key}" if text else key
        if len(candidate) > _ALIASES_MAX:
            break
        text = candidate
    return text


def _province_kind_code(name: str) -> str:
    return "thanh_pho_tw" if name.startswith("Thành phố") else "tinh"


def _area_kinds() -> dict[str, AreaKind]:
    kinds = AreaKind.objects.in_bulk(field_name="code")
    needed = {"tinh", "thanh_pho_tw", *DISTRICT_KINDS.values(), *COMMUNE_KINDS.values()}
    missing = sorted(needed - set(kinds))
    if missing:
        raise LoaderError(f"Thiếu loại địa bàn: {', '.join(missing)} (xem migration orgunits 0002).")
    return kinds


#
# Bulk synchronisation of one level of areas
#


def sync_areas(desired: list[Area], existing: dict[str, Area], counts: Counter) -> dict[str, Area]:
    """Create or update the areas of one level and return {code: saved area}.

    `desired` are unsaved areas with kind, parent (a saved area whose path is final), code and the
    data fields set; `existing` maps code → the area already stored under the same key. New rows
    are bulk-created under a unique temporary path, then one UPDATE gives them their real path
    from the new ids. Changed rows are bulk-updated; a row whose parent changed is saved one by
    one so that Area.save() moves its subtree. `counts` gets "created", "updated" and "unchanged".
    """
    saved: dict[str, Area] = {}
    to_create: list[Area] = []
    to_update: list[Area] = []
    for area in desired:
        area.level = area.kind.level
        area.depth = area.parent.depth + 1 if area.parent else 1
        area.search_text = area.compute_search_text()[:700]
        stored = existing.get(area.code)
        if stored is None:
            to_create.append(area)
            saved[area.code] = area
            continue
        saved[area.code] = stored
        moved = stored.parent_id != area.parent_id
        if not moved and all(getattr(stored, a) == getattr(area, a) for a in _SYNC_ATTNAMES):
            counts["unchanged"] += 1
            continue
        counts["updated"] += 1
        for name in SYNC_FIELDS:
            setattr(stored, name, getattr(area, name))
        if moved:
            stored.parent = area.parent
            stored.save()
        else:
            to_update.append(stored)

    if to_create:
        run = f"/tmp-load-{uuid.uuid4().hex}-"
        for index, area in enumerate(to_create):
            area.path = f"{run}{index}/"
        Area.objects.bulk_create(to_create, batch_size=_BATCH)
        # One UPDATE per load instead of a bulk_update: the path is the parent's path plus the
        # id the database just assigned, and the parents' paths are already final.
        fresh = Area.objects.filter(path__startswith=run)
        id_text = Cast("id", output_field=CharField())
        fresh.filter(parent__isnull=True).update(path=Concat(Value("/"), id_text, Value("/")))
        parent_path = Subquery(Area.objects.filter(pk=OuterRef("parent_id")).values("path")[:1])
        fresh.filter(parent__isnull=False).update(path=Concat(parent_path, id_text, Value("/")))
        for area in to_create:
            area.path = f"{area.parent.path if area.parent else '/'}{area.pk}/"
        record_bulk(to_create, "create")
        counts["created"] += len(to_create)
    if to_update:
        now = timezone.now()
        for area in to_update:
            area.updated = now
        Area.objects.bulk_update(to_update, [*SYNC_FIELDS, "updated"], batch_size=_BATCH)
        record_bulk(to_update, "update")
    return saved


def _existing(level: int, valid_to: datetime.date | None) -> dict[str, Area]:
    """Return {code: area} for the stored areas of `level` under the key this loader uses."""
    qs = Area.objects.filter(level=level).exclude(code="")
    qs = qs.filter(valid_to__isnull=True) if valid_to is None else qs.filter(valid_to=valid_to)
    return {area.code: area for area in qs}


#
# Current structure (from 1 July 2025)
#


@transaction.atomic
def _province(row, code: str, kinds: dict, *, valid_from, valid_to, area_km2, source) -> Area:
    """Return the (unsaved) province of a package row; both structures read the same columns."""
    return Area(
        kind=kinds[_province_kind_code(row["province"])],
        code=code,
        name=row["province"],
        short_name=row["provinceShort"] or "",
        aliases=_aliases(row["provinceAlias"]),
        parent=None,
        valid_from=valid_from,
        valid_to=valid_to,
        latitude=row["provinceLat"],
        longitude=row["provinceLon"],
        area_km2=area_km2,
        source=source,
    )


def load_current_structure() -> dict[str, Any]:
    """Load or refresh the 34 provinces and 3,321 communes in force from 1 July 2025.

    Returns {"areas": {"created", "updated", "unchanged"}, "provinces", "communes", "skipped"};
    "skipped" lists package rows of an unknown unit type.
    """
    kinds = _area_kinds()
    rows = _package_rows(
        "SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, provinceAlias,"
        " ward, wardShort, wardType, wardCode, wardLat, wardLon, wardAreaKm2, wardAlias"
        " FROM admin_units ORDER BY provinceCode, wardCode"
    )
    counts: Counter = Counter()
    skipped: list[str] = []

    province_rows: dict[str, sqlite3.Row] = {}
    province_km2: dict[str, float] = defaultdict(float)
    for row in rows:
        province_rows.setdefault(row["provinceCode"], row)
        province_km2[row["provinceCode"]] += row["wardAreaKm2"] or 0
    provinces = sync_areas(
        [
            _province(
                row,
                code,
                kinds,
                valid_from=REFORM_DATE,
                valid_to=None,
                # The package gives commune areas only; a province is the sum of its communes.
                area_km2=round(province_km2[code], 2) or None,
                source=UnitSource.PACKAGE_CURRENT,
            )
            for code, row in province_rows.items()
        ],
        _existing(AreaLevel.PROVINCE, None),
        counts,
    )

    communes = []
    for row in rows:
        kind_code = COMMUNE_KINDS.get(row["wardType"] or "")
        if kind_code is None or not row["wardCode"]:
            skipped.append(f"{row['province']} / {row['ward']}")
            continue
        communes.append(
            Area(
                kind=kinds[kind_code],
                code=row["wardCode"],
                name=row["ward"],
                short_name=row["wardShort"] or "",
                aliases=_aliases(row["wardAlias"]),
                parent=provinces[row["provinceCode"]],
                valid_from=REFORM_DATE,
                valid_to=None,
                latitude=row["wardLat"],
                longitude=row["wardLon"],
                # Two communes have 0 km² in the package: unknown, not a size (Area.clean refuses 0).
                area_km2=row["wardAreaKm2"] or None,
                source=UnitSource.PACKAGE_CURRENT,
            )
        )
    sync_areas(communes, _existing(AreaLevel.COMMUNE, None), counts)
    return {
        "areas": {key: counts[key] for key in ("created", "updated", "unchanged")},
        "provinces": len(provinces),
        "communes": len(communes),
        "skipped": skipped,
    }


#
# Legacy structure (until 1 July 2025) and the 2025 re-arrangement
#


@transaction.atomic
def load_legacy_structure() -> dict[str, Any]:
    """Load or refresh the 63 provinces, their districts and communes as they were until 1 July 2025.

    Then record the 2025 re-arrangement: one Rearrangement per new province and per new commune
    (linking it to the old units it was formed from) and one per old province for the end of its
    districts. The current structure must be loaded first. Returns {"areas", "rearrangements",
    "links", "provinces", "districts", "communes", "skipped", "unresolved"}; "unresolved" lists
    the mapping keys that match no unit.
    """
    if not Area.objects.filter(level=AreaLevel.PROVINCE, valid_to__isnull=True, source=UnitSource.PACKAGE_CURRENT):
        raise LoaderError("Chưa nạp danh mục hành chính hiện hành: chạy load_current_structure() trước.")
    kinds = _area_kinds()
    rows = _package_rows(
        "SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, provinceAlias, provinceKey,"
        " district, districtShort, districtType, districtCode, districtLat, districtLon, districtAlias, districtKey,"
        " ward, wardShort, wardType, wardCode, wardLat, wardLon, wardAlias, wardKey"
        " FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
    )
    counts: Counter = Counter()
    skipped: list[str] = []

    province_rows: dict[str, sqlite3.Row] = {}
    district_rows: dict[str, sqlite3.Row] = {}
    for row in rows:
        province_rows.setdefault(row["provinceCode"], row)
        district_rows.setdefault(row["districtCode"], row)
    provinces = sync_areas(
        [
            _province(
                row, code, kinds, valid_from=None, valid_to=REFORM_DATE, area_km2=None, source=UnitSource.PACKAGE_LEGACY
            )
            for code, row in province_rows.items()
        ],
        _existing(AreaLevel.PROVINCE, REFORM_DATE),
        counts,
    )

    districts = []
    for code, row in district_rows.items():
        kind_code = DISTRICT_KINDS.get(row["districtType"] or "")
        if kind_code is None:
            skipped.append(f"{row['province']} / {row['district']}")
            continue
        districts.append(
            Area(
                kind=kinds[kind_code],
                code=code,
                name=row["district"],
                short_name=row["districtShort"] or "",
                aliases=_aliases(row["districtAlias"]),
                parent=provinces[row["provinceCode"]],
                valid_from=None,
                valid_to=REFORM_DATE,
                latitude=row["districtLat"],
                longitude=row["districtLon"],
                area_km2=None,
                source=UnitSource.PACKAGE_LEGACY,
            )
        )
    districts_by_code = sync_areas(districts, _existing(AreaLevel.DISTRICT, REFORM_DATE), counts)

    communes = []
    for row in rows:
        if not row["wardCode"] and not row["ward"]:
            continue  # an island district without communes (Côn Đảo, Lý Sơn...): the district is the unit
        kind_code = COMMUNE_KINDS.get(row["wardType"] or "")
        district = districts_by_code.get(row["districtCode"])
        if kind_code is None or district is None or not row["wardCode"]:
            skipped.append(f"{row['province']} / {row['district']} / {row['ward']}")
            continue
        communes.append(
            Area(
                kind=kinds[kind_code],
                code=row["wardCode"],
                name=row["ward"],
                short_name=row["wardShort"] or "",
                aliases=_aliases(row["wardAlias"]),
                parent=district,
                valid_from=None,
                valid_to=REFORM_DATE,
                latitude=row["wardLat"],
                longitude=row["wardLon"],
                area_km2=None,
                source=UnitSource.PACKAGE_LEGACY,
            )
        )
    communes_by_code = sync_areas(communes, _existing(AreaLevel.COMMUNE, REFORM_DATE), counts)

    mapping = _sync_rearrangements(rows, provinces, districts_by_code, communes_by_code)
    return {
        "areas": {key: counts[key] for key in ("created", "updated", "unchanged")},
        "rearrangements": mapping["rearrangements"],
        "links": mapping["links"],
        "provinces": len(provinces),
        "districts": len(districts_by_code),
        "communes": len(communes_by_code),
        "skipped": skipped,
        "unresolved": mapping["unresolved"],
    }


def _desired_rearrangements(
    rows: list[sqlite3.Row],
    provinces: dict[str, Area],
    districts: dict[str, Area],
    communes: dict[str, Area],
) -> tuple[list[dict], list[str]]:
    """Return the re-arrangements the package mapping describes, and the keys that match no unit.

    Each desired re-arrangement is a dict with "key" (what identifies it on a re-run: the new
    unit it forms, or the old province whose districts end), kind, decision, description and the
    predecessor and successor ids in a stable order.
    """
    mapping = _package_mapping()
    unresolved: list[str] = []

    # Old units by the package keys: "<province>" and "<province>_<district>_<ward>"; an island
    # district without communes appears as "<province>_<district>_" and stands for itself.
    old_province: dict[str, Area] = {}
    old_unit: dict[str, Area] = {}
    for row in rows:
        old_province.setdefault(row["provinceKey"], provinces[row["provinceCode"]])
        if row["wardKey"]:
            unit = communes.get(row["wardCode"])
        else:
            unit = districts.get(row["districtCode"])
        if unit is not None:
            old_unit[f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"] = unit

    current_rows = _package_rows("SELECT provinceKey, provinceCode, wardKey, wardCode FROM admin_units")
    current = {
        (area.level, area.code): area
        for area in Area.objects.filter(
            valid_to__isnull=True, level__in=[AreaLevel.PROVINCE, AreaLevel.COMMUNE]
        ).exclude(code="")
    }
    new_province: dict[str, Area] = {}
    new_commune: dict[tuple[str, str], Area] = {}
    for row in current_rows:
        province = current.get((AreaLevel.PROVINCE, row["provinceCode"]))
        commune = current.get((AreaLevel.COMMUNE, row["wardCode"]))
        if province is not None:
            new_province[row["provinceKey"]] = province
        if commune is not None:
            new_commune[(row["provinceKey"], row["wardKey"])] = commune

    desired: list[dict] = []

    for new_key, old_keys in mapping["DICT_PROVINCE"].items():
        successor = new_province.get(new_key)
        if successor is None:
            unresolved.append(f"tỉnh mới {new_key}")
            continue
        predecessors = []
        for old_key in old_keys:
            area = old_province.get(old_key)
            if area is None:
                unresolved.append(f"tỉnh cũ {old_key}")
            elif area not in predecessors:
                predecessors.append(area)
        names = [area.name for area in predecessors]
        if len(predecessors) > 1:
            kind = RearrangementKind.MERGE
            joined = f"{', '.join(names[:-1])} và {names[-1]}"
            description = f"Hợp nhất {joined} thành {successor.name}."
        elif predecessors and fold(predecessors[0].name) != fold(successor.name):
            kind = RearrangementKind.RENAME
            description = f"{predecessors[0].name} đổi tên thành {successor.name}."
        else:
            kind = RearrangementKind.CONTINUE
            description = f"{successor.name} không hợp nhất với đơn vị khác; không còn cấp huyện từ 01/7/2025."
        desired.append(
            {
                "key": ("to", successor.pk),
                "kind": kind,
                "decision": PROVINCE_DECISION,
                "description": description,
                "predecessors": [area.pk for area in predecessors],
                "successors": [successor.pk],
            }
        )

    # New commune → its old units, in the package's order; an old commune that was divided
    # appears under each of the new communes that received a part of it.
    formed_from: dict[tuple[str, str], list[str]] = defaultdict(list)
    divided: set[str] = set()
    for new_province_key, wards in mapping["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward_key, old_keys in wards.items():
            formed_from[(new_province_key, new_ward_key)].extend(old_keys)
    for new_province_key, parts in mapping["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in parts.items():
            divided.add(old_key)
            for target in targets:
                formed_from[(new_province_key, target["newWardKey"])].append(old_key)

    places = {area.pk: area.name for area in provinces.values()}
    places.update({area.pk: f"{area.name}, {places[area.parent_id]}" for area in districts.values()})
    for (new_province_key, new_ward_key), old_keys in formed_from.items():
        successor = new_commune.get((new_province_key, new_ward_key))
        if successor is None:
            unresolved.append(f"xã mới {new_province_key}_{new_ward_key}")
            continue
        predecessors: list[Area] = []
        labels: dict[int, str] = {}
        for old_key in dict.fromkeys(old_keys):
            area = old_unit.get(old_key)
            if area is None:
                unresolved.append(f"xã cũ {old_key}")
                continue
            predecessors.append(area)
            labels[area.pk] = f"{area.name} (một phần)" if old_key in divided else area.name
        if len(predecessors) > 1:
            kind = RearrangementKind.MERGE
        elif not predecessors:
            kind = RearrangementKind.ESTABLISH
        elif next(iter(dict.fromkeys(old_keys))) in divided:
            kind = RearrangementKind.SPLIT
        elif fold(predecessors[0].name) != fold(successor.name):
            kind = RearrangementKind.RENAME
        else:
            kind = RearrangementKind.CONTINUE
        desired.append(
            {
                "key": ("to", successor.pk),
                "kind": kind,
                "decision": COMMUNE_DECISION,
                "description": _commune_description(successor, predecessors, labels, places),
                "predecessors": [area.pk for area in predecessors],
                "successors": [successor.pk],
            }
        )

    by_province: dict[int, list[Area]] = defaultdict(list)
    for district in districts.values():
        by_province[district.parent_id].append(district)
    for province in provinces.values():
        own = by_province.get(province.pk, [])
        desired.append(
            {
                "key": ("districts_of", province.pk),
                "kind": RearrangementKind.ABOLISH,
                "decision": DISTRICT_DECISION,
                "description": (
                    f"Kết thúc hoạt động của {len(own)} đơn vị hành chính cấp huyện thuộc {province.name} "
                    "(tổ chức chính quyền địa phương hai cấp)."
                ),
                "predecessors": [area.pk for area in own],
                "successors": [],
            }
        )
    return desired, unresolved


def _commune_description(
    successor: Area, predecessors: list[Area], labels: dict[int, str], places: dict[int, str]
) -> str:
    """Return "Thành lập Xã X trên cơ sở: Xã A, Xã B (một phần) (Huyện H, Tỉnh T); ..." for one new commune."""
    groups: dict[str, list[str]] = {}
    for area in predecessors:
        groups.setdefault(places.get(area.parent_id, ""), []).append(labels[area.pk])
    parts = [f"{', '.join(names)} ({place})" if place else ", ".join(names) for place, names in groups.items()]
    if not parts:
        return f"Thành lập {successor.name}."
    return f"Thành lập {successor.name} trên cơ sở: {'; '.join(parts)}."


def _sync_rearrangements(
    rows: list[sqlite3.Row],
    provinces: dict[str, Area],
    districts: dict[str, Area],
    communes: dict[str, Area],
) -> dict[str, Any]:
    """Create or update the 2025 re-arrangements and their links; return counts and unresolved keys.

    A stored re-arrangement is recognised by its date, its decision and its key: the new unit it
    forms, or for the end of the districts the old province they belonged to. Links are compared
    as sets and only the difference is written, through bulk operations on the M2M tables.
    """
    desired, unresolved = _desired_rearrangements(rows, provinces, districts, communes)
    decisions = [PROVINCE_DECISION, COMMUNE_DECISION, DISTRICT_DECISION]
    through = {"predecessors": Rearrangement.predecessors.through, "successors": Rearrangement.successors.through}

    stored = {row.pk: row for row in Rearrangement.objects.filter(effective_date=REFORM_DATE, decision__in=decisions)}
    links: dict[str, dict[int, dict[int, int]]] = {name: defaultdict(dict) for name in through}
    for name, model in through.items():
        for link_id, rearrangement_id, area_id in model.objects.filter(
            rearrangement__effective_date=REFORM_DATE, rearrangement__decision__in=decisions
        ).values_list("pk", "rearrangement_id", "area_id"):
            links[name][rearrangement_id][area_id] = link_id

    district_parent = {area.pk: area.parent_id for area in districts.values()}
    by_key: dict[tuple, Rearrangement] = {}
    for row in sorted(stored.values(), key=lambda r: r.pk):
        if row.decision == DISTRICT_DECISION:
            parents = {district_parent.get(area_id) for area_id in links["predecessors"][row.pk]}
            key = ("districts_of", parents.pop()) if len(parents) == 1 else None
        else:
            successors = list(links["successors"][row.pk])
            key = ("to", successors[0]) if len(successors) == 1 else None
        if key is not None:
            by_key.setdefault(key, row)

    counts: Counter = Counter()
    link_counts: Counter = Counter()
    to_create: list[tuple[Rearrangement, dict]] = []
    to_update: list[Rearrangement] = []
    new_links: dict[str, list] = {name: [] for name in through}
    stale_links: dict[str, list[int]] = {name: [] for name in through}
    link_changes: list[tuple[Rearrangement, dict, dict]] = []  # (row, links before, links after)
    for spec in desired:
        row = by_key.get(spec["key"])
        if row is None:
            row = Rearrangement(
                kind=spec["kind"],
                effective_date=REFORM_DATE,
                decision=spec["decision"],
                description=spec["description"],
            )
            to_create.append((row, spec))
            continue
        changed = False
        if (row.kind, row.decision, row.description) != (spec["kind"], spec["decision"], spec["description"]):
            row.kind, row.decision, row.description = spec["kind"], spec["decision"], spec["description"]
            to_update.append(row)
            changed = True
        links_changed = False
        for name, model in through.items():
            have = links[name][row.pk]
            want = set(spec[name])
            for area_id in want - set(have):
                new_links[name].append(model(rearrangement_id=row.pk, area_id=area_id))
                links_changed = True
            for area_id in set(have) - want:
                stale_links[name].append(have[area_id])
                links_changed = True
        if links_changed:
            before = {name: sorted(links[name][row.pk]) for name in through}
            after = {name: sorted(spec[name]) for name in through}
            link_changes.append((row, before, after))
            changed = True
        if changed:
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1

    if to_create:
        Rearrangement.objects.bulk_create([row for row, _spec in to_create], batch_size=_BATCH)
        for row, spec in to_create:
            for name, model in through.items():
                new_links[name].extend(model(rearrangement_id=row.pk, area_id=area_id) for area_id in spec[name])
        record_bulk([row for row, _spec in to_create], "create")
        empty = {name: [] for name in through}
        link_changes.extend((row, empty, {name: sorted(spec[name]) for name in through}) for row, spec in to_create)
        counts["created"] += len(to_create)
    if to_update:
        now = timezone.now()
        for row in to_update:
            row.updated = now
        Rearrangement.objects.bulk_update(to_update, ["kind", "decision", "description", "updated"], batch_size=_BATCH)
        record_bulk(to_update, "update")
    for name, model in through.items():
        if stale_links[name]:
            model.objects.filter(pk__in=stale_links[name]).delete()
            link_counts["deleted"] += len(stale_links[name])
        if new_links[name]:
            model.objects.bulk_create(new_links[name], batch_size=2000)
            link_counts["created"] += len(new_links[name])
    # The links decide whose history a unit includes (and so what its users may read): audited.
    record_bulk_changes(link_changes)
    return {
        "rearrangements": {key: counts[key] for key in ("created", "updated", "unchanged")},
        "links": {key: link_counts[key] for key in ("created", "deleted")},
        "unresolved": unresolved,
    }
