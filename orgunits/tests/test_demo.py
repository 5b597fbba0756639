"""The demo data command (orgunits.demo): what it creates, and that a second run adds nothing.

The command runs twice once for the module; each test reads the result in a savepoint.
"""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from accounts.models import RoleAssignment, User
from core.models import ObjectChange
from orgunits.choices import AreaLevel, UnitSource
from orgunits.demo import DEMO_LOGINS
from orgunits.models import Area, Cluster, Organization

pytestmark = pytest.mark.django_db

HAMLETS = 2
COMMUNES = 168  # Thành phố Hồ Chí Minh from 1 July 2025


def _counts():
    return {
        "areas": Area.objects.count(),
        "hamlets": Area.objects.filter(level=AreaLevel.HAMLET, source=UnitSource.DEMO).count(),
        "organizations": Organization.objects.count(),
        "clusters": Cluster.objects.count(),
        "cluster_members": Cluster.areas.through.objects.count(),
        "users": User.objects.count(),
        "assignments": RoleAssignment.objects.count(),
    }


@pytest.fixture(scope="module")
def demo_twice(django_db_setup, django_db_blocker):
    """Run `manage.py demo` twice for the module, in a transaction rolled back at the end."""
    with django_db_blocker.unblock(), override_settings(DEMO_HAMLETS_PER_COMMUNE=HAMLETS), transaction.atomic():
        call_command("demo", skip_checks=True, stdout=io.StringIO())
        first = _counts()
        out = io.StringIO()
        call_command("demo", skip_checks=True, stdout=out)
        yield {"first": first, "second": _counts(), "output": out.getvalue()}
        transaction.set_rollback(True)


def test_demo_second_run_keeps_counts(demo_twice):
    assert demo_twice["second"] == demo_twice["first"]


def test_demo_first_run_creates_units_organizations_and_clusters(demo_twice):
    hamlets = COMMUNES * HAMLETS
    city_orgs = 2 + 5
    commune_orgs = 8 * COMMUNES
    hamlet_orgs = 2 * hamlets

    assert demo_twice["first"] == {
        "areas": 34 + 3321 + hamlets,
        "hamlets": hamlets,
        "organizations": city_orgs + commune_orgs + hamlet_orgs,
        "clusters": 3,
        "cluster_members": 30,
        "users": 6,
        "assignments": 5,
    }


def test_demo_hamlets_are_named_by_commune_kind(demo_twice):
    ward = Area.objects.filter(kind__code="phuong", parent__code="79", valid_to__isnull=True).first()
    zone = Area.objects.get(name="Đặc khu Côn Đảo", valid_to__isnull=True)
    commune = Area.objects.get(level=AreaLevel.COMMUNE, code="26659", valid_to__isnull=True)

    assert [h.name for h in ward.children.order_by("code")] == ["Khu phố 1", "Khu phố 2"]
    assert [h.name for h in zone.children.order_by("code")] == ["Tổ dân phố 1", "Tổ dân phố 2"]
    assert [h.kind.code for h in commune.children.all()] == ["ap", "ap"]


def test_demo_member_organizations_belong_to_the_front(demo_twice):
    commune = Area.objects.get(level=AreaLevel.COMMUNE, code="26659", valid_to__isnull=True)
    front = Organization.objects.get(area=commune, kind__code="mttq")

    assert front.name == "Ủy ban MTTQ Việt Nam xã Long Điền"
    assert sorted(front.children.values_list("kind__code", flat=True)) == [
        "doan_tn",
        "hoi_ccb",
        "hoi_lhpn",
        "hoi_nong_dan",
    ]
    assert all(child.path == f"{front.path}o{child.pk}/" for child in front.children.all())


def test_demo_city_has_commission_and_front(demo_twice):
    city = Area.objects.get(level=AreaLevel.PROVINCE, code="79", valid_to__isnull=True)
    names = set(Organization.objects.filter(area=city, parent__isnull=True).values_list("name", flat=True))

    assert names == {"Ban Tuyên giáo và Dân vận Thành ủy", "Ủy ban MTTQ Việt Nam Thành phố"}


def test_demo_users_get_their_roles(demo_twice):
    assignments = {
        (a.user.username, a.role, a.area.name) for a in RoleAssignment.objects.select_related("user", "area")
    }

    assert assignments == {
        ("thanhpho", "unit_admin", "Thành phố Hồ Chí Minh"),
        ("duyet", "approver", "Thành phố Hồ Chí Minh"),
        ("xa_a", "editor", "Xã Long Điền"),
        ("xa_b", "editor", "Xã Thạnh An"),
        ("xem", "viewer", "Thành phố Hồ Chí Minh"),
    }
    assert User.objects.get(username="admin").is_superuser is True
    assert User.objects.filter(is_superuser=True).count() == 1


def test_readme_names_every_demo_login():
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"prints the demo logins \(([^)]*)\)", " ".join(readme.split())).group(1)

    assert re.findall(r"`([^`]+)`", listed) == [login.username for login in DEMO_LOGINS]


def test_demo_printed_passwords_log_in(demo_twice):
    output = demo_twice["output"]
    for user in User.objects.all():
        line = next(line for line in output.splitlines() if line.strip().startswith(f"{user.username} "))
        password = line.split()[1]

        assert user.check_password(password) is True


def test_demo_hamlet_teams_report_to_the_commune_bloc_and_front(demo_twice):
    hamlet_orgs = Organization.objects.filter(source=UnitSource.DEMO, area__level=AreaLevel.HAMLET)
    links = {(org.kind.code, org.reports_to.kind.code if org.reports_to else None) for org in hamlet_orgs}
    same_commune = all(org.reports_to.area_id == org.area.parent_id for org in hamlet_orgs.select_related("area"))

    assert links == {("to_dan_van", "khoi_dan_van"), ("ban_cong_tac_mat_tran", "mttq")}
    assert same_commune


def test_demo_units_and_accounts_are_audited_as_the_admin_made_them(demo_twice):
    city = Area.objects.get(level=AreaLevel.PROVINCE, code="79", valid_to__isnull=True)
    demo_units = ObjectChange.objects.filter(
        content_type__app_label="orgunits", scope_path__startswith=city.path, action="create"
    )
    # The admin's own account is made first, by nobody; the admin makes the others.
    accounts = ObjectChange.objects.filter(
        content_type__app_label="accounts", content_type__model="user", action="create"
    ).exclude(object_id=str(User.objects.get(username="admin").pk))

    assert set(demo_units.values_list("user__username", flat=True)) == {"admin"}
    assert set(accounts.values_list("user__username", flat=True)) == {"admin"}
