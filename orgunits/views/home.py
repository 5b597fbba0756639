"""Home page (what the user's scope contains) and the global search."""

from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, IntegerField, Value, When
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.pagination import rows_by_key
from core.scope import is_system_admin
from core.text import search_words
from initiatives.figure_links import linked_home_card
from initiatives.models import Initiative
from orgunits.choices import AreaLevel, OrganizationCategory
from orgunits.models import Area, Cluster, Organization
from orgunits.views.areas import tree_roots

SEARCH_LIMIT = 50


@login_required
def home(request):
    user = request.user
    areas = Area.objects.restrict(user, "view").current()
    organizations = Organization.objects.restrict(user, "view").current()
    level_labels = dict(AreaLevel.choices)
    category_labels = dict(OrganizationCategory.choices)
    area_counts = [
        {"label": level_labels.get(row["level"], row["level"]), "count": row["n"], "level": row["level"]}
        for row in areas.values("level").annotate(n=Count("pk")).order_by("level")
    ]
    organization_counts = [
        {
            "label": category_labels.get(row["kind__category"], row["kind__category"]),
            "count": row["n"],
            "category": row["kind__category"],
        }
        for row in organizations.values("kind__category").annotate(n=Count("pk")).order_by("kind__category")
    ]
    context = {
        "title": _("Trang chủ"),
        "area_counts": area_counts,
        "organization_counts": organization_counts,
        "cluster_count": Cluster.objects.restrict(user, "view").current().count(),
        "roots": tree_roots(user, include_past=False)[:20],
        "assignments": user.role_assignments.select_related("area", "organization", "area__kind", "organization__kind"),
        "is_system_admin": is_system_admin(user),
        "initiative_card": linked_home_card(user),
    }
    return render(request, "orgunits/home.html", context)


@login_required
def search(request):
    """Search areas, organizations, clusters and "Dân vận khéo" records the user can see,
    ignoring diacritics."""
    text = request.GET.get("q", "").strip()
    user = request.user
    areas = organizations = clusters = initiatives = []
    # A query of symbols or control characters only is no query (core.text.search_words).
    words = search_words(text)
    searched = bool(words)
    if searched:
        # The words as typed together first: "thanh an" puts Xã Thạnh An before the Đoàn Thanh
        # niên of a commune whose name holds "an" (each word alone matches anywhere in a name).
        together = Case(
            When(search_text__contains=" ".join(words), then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        areas = list(
            Area.objects.restrict(user, "view")
            .search(text)
            .select_related("kind", "parent")
            .order_by(together, "valid_to", "level", "search_text")[:SEARCH_LIMIT]
        )
        organizations = list(
            Organization.objects.restrict(user, "view")
            .current()
            .search(text)
            .select_related("kind", "area")
            .order_by(together, "search_text")[:SEARCH_LIMIT]
        )
        clusters = list(
            Cluster.objects.restrict(user, "view").search(text).order_by(together, "search_text")[:SEARCH_LIMIT]
        )
        # Newest first, as the registry's list; a unit's user scans the unit's range (see search()).
        records = (
            Initiative.objects.restrict(user, "view")
            .search(text, indexed=is_system_admin(user))
            .select_related("organization", "area")
            .only("name", "year", "status", "organization__name", "area__name", "registered_on")
        )
        initiatives = rows_by_key(records, 0, SEARCH_LIMIT)
    context = {
        "title": _("Tìm kiếm"),
        "q": text,
        "searched": searched,
        "areas": areas,
        "organizations": organizations,
        "clusters": clusters,
        "initiatives": initiatives,
        "limit": SEARCH_LIMIT,
    }
    return render(request, "orgunits/search.html", context)
