"""Demo data: hamlets, organizations, clusters and users in one demo province, Thành phố Hồ Chí Minh.

`create_demo()` is idempotent: hamlets are keyed by their code (the commune code plus a number),
demo organizations by (area, kind), clusters by name, users by username. Re-running it creates
nothing new and resets the demo users' passwords. Hamlets and organizations are bulk-created
(more than 4,000 rows), so paths and search text are computed here, as in orgunits.loaders.
"""

import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from accounts.models import RoleAssignment, User
from core.audit import acting_as, record_bulk, record_bulk_changes
from core.roles import Role
from orgunits.choices import AreaLevel, ClusterKind, UnitSource
from orgunits.loaders import LoaderError, load_current_structure, sync_areas
from orgunits.models import Area, AreaKind, Cluster, Organization, OrganizationKind

DEMO_PROVINCE_CODE = "79"  # Thành phố Hồ Chí Minh
COMMUNE_A_CODE = "26659"  # Xã Long Điền (from Huyện Long Đất, Bà Rịa - Vũng Tàu)
COMMUNE_B_CODE = "27676"  # Xã Thạnh An (Cần Giờ)
CLUSTER_COUNT = 3
CLUSTER_SIZE = 10

# Names of ấp as they are common in the south; a commune gets a rotating slice of them.
HAMLET_NAMES = (
    "Ấp Chánh",
    "Ấp Bình Thạnh",
    "Ấp Tân Hòa",
    "Ấp Phú Lợi",
    "Ấp An Thới",
    "Ấp Long Thạnh",
    "Ấp Mỹ Hiệp",
    "Ấp Thạnh Phú",
    "Ấp Hòa Bình",
    "Ấp Bàu Sen",
    "Ấp Giồng Cát",
    "Ấp Rạch Bàng",
    "Ấp Phước Lộc",
    "Ấp Tân Lập",
    "Ấp Bến Đò",
    "Ấp Xóm Mới",
)

CITY_MEMBER_ORGANIZATIONS = (
    ("hoi_nong_dan", "Hội Nông dân Thành phố", "HND TP"),
    ("hoi_lhpn", "Hội Liên hiệp Phụ nữ Thành phố", "HLHPN TP"),
    ("doan_tn", "Thành Đoàn", "Thành Đoàn"),
    ("hoi_ccb", "Hội Cựu chiến binh Thành phố", "HCCB TP"),
    ("cong_doan", "Liên đoàn Lao động Thành phố", "LĐLĐ TP"),
)
COMMUNE_MEMBER_ORGANIZATIONS = (
    ("hoi_nong_dan", "Hội Nông dân"),
    ("hoi_lhpn", "Hội Liên hiệp Phụ nữ"),
    ("doan_tn", "Đoàn Thanh niên Cộng sản Hồ Chí Minh"),
    ("hoi_ccb", "Hội Cựu chiến binh"),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    full_name: str
    position: str


# Demo passwords are printed by `manage.py demo`; they satisfy AUTH_PASSWORD_VALIDATORS.
DEMO_LOGINS = (
    DemoLogin("admin", "QuanTri@Danvan25", "Quản trị hệ thống", "Quản trị hệ thống"),
    DemoLogin("thanhpho", "HoChiMinh@Danvan25", "Nguyễn Văn Thành", "Chuyên viên Ban Tuyên giáo và Dân vận Thành ủy"),
    DemoLogin("duyet", "ThanhUy@Danvan25", "Võ Thị Hồng", "Phó Trưởng Ban Tuyên giáo và Dân vận Thành ủy"),
    DemoLogin("xa_a", "LongDien@Danvan25", "Trần Thị Lan", "Phó Bí thư Đảng ủy xã"),
    DemoLogin("xa_b", "ThanhAn@Danvan25", "Lê Văn Hải", "Ủy viên Ban Xây dựng Đảng Đảng ủy xã"),
    DemoLogin("xem", "ChiXem@Danvan25", "Phạm Minh Tuấn", "Cán bộ theo dõi"),
)


@transaction.atomic
def create_demo() -> dict[str, Any]:
    """Create or refresh the demo data in Thành phố Hồ Chí Minh and return counts and logins.

    Loads the current administrative structure first when the province is missing. The demo
    admin account comes first: the catalog, units, clusters and the other accounts are then
    created as the admin would create them, so the audit log names them (only the admin's own
    account has no author).
    """
    user_counts: Counter = Counter()
    admin = _sync_account(next(login for login in DEMO_LOGINS if login.username == "admin"), user_counts)
    with acting_as(admin):
        loaded_structure = False
        city = _demo_city()
        if city is None:
            load_current_structure()
            loaded_structure = True
            city = _demo_city()
            if city is None:
                raise LoaderError("Không tìm thấy Thành phố Hồ Chí Minh trong danh mục hành chính.")
        communes = list(
            Area.objects.filter(parent=city, level=AreaLevel.COMMUNE, valid_to__isnull=True)
            .select_related("kind")
            .order_by("code")
        )
        hamlet_counts: Counter = Counter()
        hamlets = _sync_hamlets(communes, hamlet_counts)
        org_counts = _sync_organizations(city, communes, hamlets)
        clusters = _sync_clusters(city, communes)
        users, logins = _sync_users(city, communes, user_counts, {admin.username: admin})
    return {
        "loaded_structure": loaded_structure,
        "city": city,
        "communes": len(communes),
        "hamlets": {key: hamlet_counts[key] for key in ("created", "updated", "unchanged")},
        "organizations": org_counts,
        "clusters": clusters,
        "users": users,
        "logins": logins,
    }


def _demo_city() -> Area | None:
    return Area.objects.filter(level=AreaLevel.PROVINCE, code=DEMO_PROVINCE_CODE, valid_to__isnull=True).first()


def demo_communes(others: int = 3) -> tuple[Area, Area, list[Area]] | None:
    """Return the demo city's communes the other demos fill: (commune A, commune B, `others` more,
    by code); None when the city is not loaded."""
    city = _demo_city()
    if city is None:
        return None
    communes = list(
        Area.objects.filter(parent=city, level=AreaLevel.COMMUNE, valid_to__isnull=True)
        .select_related("kind")
        .order_by("code")
    )
    if not communes:
        return None
    by_code = {commune.code: commune for commune in communes}
    commune_a = by_code.get(COMMUNE_A_CODE) or communes[0]
    commune_b = by_code.get(COMMUNE_B_CODE) or communes[-1]
    return commune_a, commune_b, [commune for commune in communes if commune not in (commune_a, commune_b)][:others]


#
# Hamlets
#


def _sync_hamlets(communes: list[Area], counts: Counter) -> dict[int, list[Area]]:
    """Create the demo hamlets of every commune; return {commune id: [hamlets]}."""
    per_commune = settings.DEMO_HAMLETS_PER_COMMUNE
    kinds = AreaKind.objects.in_bulk(["ap", "khu_pho", "to_dan_pho"], field_name="code")
    existing = {
        area.code: area
        for area in Area.objects.filter(
            level=AreaLevel.HAMLET, valid_to__isnull=True, parent__in=communes, source=UnitSource.DEMO
        )
    }
    desired = []
    for index, commune in enumerate(communes):
        for number in range(1, per_commune + 1):
            kind, name = _hamlet_name(commune, index, number)
            desired.append(
                Area(
                    kind=kinds[kind],
                    code=f"{commune.code}-{number:02d}",
                    name=name,
                    short_name="",
                    aliases="",
                    parent=commune,
                    valid_from=None,
                    valid_to=None,
                    latitude=None,
                    longitude=None,
                    area_km2=None,
                    source=UnitSource.DEMO,
                )
            )
    saved = sync_areas(desired, existing, counts)
    hamlets: dict[int, list[Area]] = {commune.pk: [] for commune in communes}
    for area in desired:
        hamlet = saved[area.code]
        hamlets[hamlet.parent_id].append(hamlet)
    return hamlets


def _hamlet_name(commune: Area, index: int, number: int) -> tuple[str, str]:
    """Return (kind code, name) of hamlet `number` of a commune: khu phố, ấp or tổ dân phố."""
    if commune.kind.code == "phuong":
        return "khu_pho", f"Khu phố {number}"
    if commune.kind.code == "dac_khu":
        return "to_dan_pho", f"Tổ dân phố {number}"
    if number > len(HAMLET_NAMES):
        return "ap", f"Ấp {number}"
    return "ap", HAMLET_NAMES[(index * 5 + number - 1) % len(HAMLET_NAMES)]


#
# Organizations
#


def _sync_organizations(city: Area, communes: list[Area], hamlets: dict[int, list[Area]]) -> dict[str, int]:
    """Create the demo organizations of the city, its communes and hamlets; return counts.

    A demo organization is identified by (area, kind): each area has at most one of each kind.
    Parents come first (the MTTQ before its member organizations) so their paths are final
    when the children's paths are computed.
    """
    kinds = OrganizationKind.objects.in_bulk(field_name="code")
    existing = {
        (org.area_id, org.kind_id): org
        for org in Organization.objects.filter(source=UnitSource.DEMO, area__path__startswith=city.path)
    }
    counts: Counter = Counter()

    # (area, kind code, name, short name, parent kind code or None), in creation order.
    roots: list[tuple] = [
        (city, "ban_tgdv", "Ban Tuyên giáo và Dân vận Thành ủy", "Ban TG&DV Thành ủy", None),
        (city, "mttq", "Ủy ban MTTQ Việt Nam Thành phố", "UBMTTQ TP", None),
    ]
    children: list[tuple] = [(city, kind, name, short, "mttq") for kind, name, short in CITY_MEMBER_ORGANIZATIONS]
    for commune in communes:
        label = f"{commune.kind.name.lower()} {commune.short_name or commune.name}"
        roots += [
            (commune, "dang_uy", f"Đảng ủy {label}", "", None),
            (commune, "mttq", f"Ủy ban MTTQ Việt Nam {label}", "", None),
        ]
        children += [
            (commune, "ban_xdd", f"Ban Xây dựng Đảng Đảng ủy {label}", "", "dang_uy"),
            (commune, "khoi_dan_van", f"Khối dân vận {label}", "", "dang_uy"),
        ]
        children += [(commune, kind, f"{name} {label}", "", "mttq") for kind, name in COMMUNE_MEMBER_ORGANIZATIONS]
        for hamlet in hamlets[commune.pk]:
            roots += [
                (hamlet, "to_dan_van", f"Tổ dân vận {hamlet.name}", "", None),
                (hamlet, "ban_cong_tac_mat_tran", f"Ban công tác Mặt trận {hamlet.name}", "", None),
            ]

    saved: dict[tuple[int, int], Organization] = {}
    for batch in (roots, children):
        desired = []
        for area, kind_code, name, short_name, parent_kind in batch:
            kind = kinds[kind_code]
            parent = saved[(area.pk, kinds[parent_kind].pk)] if parent_kind else None
            desired.append(
                Organization(
                    kind=kind, area=area, parent=parent, name=name, short_name=short_name, source=UnitSource.DEMO
                )
            )
        saved.update(_sync_organization_batch(desired, existing, counts))
    _link_reporting(saved, kinds, communes, hamlets)
    return {key: counts[key] for key in ("created", "updated", "unchanged")}


# The hamlet's organization (kind code) reports to the commune's (kind code).
REPORTING = (("to_dan_van", "khoi_dan_van"), ("ban_cong_tac_mat_tran", "mttq"))


def _link_reporting(saved: dict, kinds: dict, communes: list[Area], hamlets: dict[int, list[Area]]) -> None:
    """Point each hamlet's Dân vận team at the commune's Dân vận bloc, and its Front work
    committee at the commune's Front committee (audited, only where the link differs)."""
    changed = []
    for commune in communes:
        for hamlet in hamlets[commune.pk]:
            for own_kind, upper_kind in REPORTING:
                org = saved[(hamlet.pk, kinds[own_kind].pk)]
                upper = saved[(commune.pk, kinds[upper_kind].pk)]
                if org.reports_to_id != upper.pk:
                    changed.append((org, {"reports_to_id": org.reports_to_id}, {"reports_to_id": upper.pk}))
                    org.reports_to_id = upper.pk
    Organization.objects.bulk_update([org for org, _before, _after in changed], ["reports_to"], batch_size=500)
    record_bulk_changes(changed)


def _sync_organization_batch(
    desired: list[Organization], existing: dict[tuple[int, int], Organization], counts: Counter
) -> dict[tuple[int, int], Organization]:
    saved = {}
    to_create, to_update = [], []
    for org in desired:
        org.search_text = org.compute_search_text()[:600]
        key = (org.area_id, org.kind_id)
        stored = existing.get(key)
        if stored is None:
            to_create.append(org)
            saved[key] = org
            continue
        saved[key] = stored
        if (stored.name, stored.short_name, stored.search_text) == (org.name, org.short_name, org.search_text) and (
            stored.parent_id == org.parent_id
        ):
            counts["unchanged"] += 1
            continue
        counts["updated"] += 1
        stored.name, stored.short_name = org.name, org.short_name
        if stored.parent_id != org.parent_id:
            stored.parent = org.parent
            stored.save()  # rewrites the paths beneath it
        else:
            stored.search_text = org.search_text
            to_update.append(stored)

    if to_create:
        run = uuid.uuid4().hex
        for index, org in enumerate(to_create):
            org.path = f"/tmp-demo-{run}-{index}/"
        Organization.objects.bulk_create(to_create, batch_size=500)
        for org in to_create:
            org.path = f"{org.parent.path if org.parent else org.area.path}o{org.pk}/"
        Organization.objects.bulk_update(to_create, ["path"], batch_size=500)
        record_bulk(to_create, "create")
        counts["created"] += len(to_create)
    if to_update:
        now = timezone.now()
        for org in to_update:
            org.updated = now
        Organization.objects.bulk_update(to_update, ["name", "short_name", "search_text", "updated"], batch_size=500)
        record_bulk(to_update, "update")
    return saved


#
# Clusters and users
#


def _sync_clusters(city: Area, communes: list[Area]) -> int:
    """Create "Cụm thi đua số 1..3", each with ten communes of the city; return how many exist."""
    for number in range(1, CLUSTER_COUNT + 1):
        cluster, _created = Cluster.objects.get_or_create(
            owner_area=city,
            name=f"Cụm thi đua số {number}",
            defaults={
                "kind": ClusterKind.EMULATION,
                "description": "Cụm thi đua mẫu gồm các xã, phường của Thành phố.",
            },
        )
        members = communes[(number - 1) * CLUSTER_SIZE : number * CLUSTER_SIZE]
        if set(cluster.areas.values_list("pk", flat=True)) != {area.pk for area in members}:
            cluster.areas.set(members)
    return Cluster.objects.filter(owner_area=city, name__startswith="Cụm thi đua số ").count()


def _sync_users(
    city: Area, communes: list[Area], counts: Counter, synced: dict[str, User]
) -> tuple[dict[str, int], list[dict[str, str]]]:
    """Create or refresh the demo users and their role assignments (`synced`: the accounts
    already refreshed, counted in `counts`).

    Returns counts and, per user, {"username", "password", "scope"} for the command to print.
    """
    by_code = {commune.code: commune for commune in communes}
    commune_a = by_code.get(COMMUNE_A_CODE) or communes[0]
    commune_b = by_code.get(COMMUNE_B_CODE) or communes[-1]
    grants = {
        "admin": ([], "quản trị hệ thống: mọi dữ liệu"),
        "thanhpho": ([(Role.UNIT_ADMIN, city)], f"quản trị đơn vị: toàn {city.name}"),
        "duyet": ([(Role.APPROVER, city)], f"phê duyệt (duyệt, trả lại báo cáo): toàn {city.name}"),
        "xa_a": ([(Role.EDITOR, commune_a)], f"cập nhật: {commune_a.name} và các ấp, tổ chức trực thuộc"),
        "xa_b": ([(Role.EDITOR, commune_b)], f"cập nhật: {commune_b.name} và các ấp, tổ chức trực thuộc"),
        "xem": ([(Role.VIEWER, city)], f"chỉ xem: toàn {city.name}"),
    }
    logins = []
    for login in DEMO_LOGINS:
        roles, scope = grants[login.username]
        user = synced.get(login.username) or _sync_account(login, counts)
        for role, area in roles:
            _assignment, made = RoleAssignment.objects.get_or_create(user=user, role=role, area=area)
            counts["assignments_created"] += int(made)
        logins.append({"username": login.username, "password": login.password, "scope": scope})
    return {key: counts[key] for key in ("created", "updated", "assignments_created")}, logins


def _sync_account(login: DemoLogin, counts: Counter) -> User:
    """Create or refresh one demo account (name, position, password); count it in `counts`."""
    user, created = User.objects.get_or_create(username=login.username)
    counts["created" if created else "updated"] += 1
    user.full_name = login.full_name
    user.position = login.position
    user.is_active = True
    user.is_superuser = user.is_staff = login.username == "admin"
    validate_password(login.password, user)
    user.set_password(login.password)
    user.save()
    return user
