"""Area pages: list, tree browser with lazy-loaded children, detail with history, edit, delete."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.htmx import is_htmx_partial
from core.ids import parse_id
from core.scope import is_system_admin, scope_prefixes
from core.text import natural_key
from core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, ScopedMixin
from orgunits.choices import AreaLevel, OrganizationCategory
from orgunits.filtersets import AreaFilterSet
from orgunits.forms import AreaForm
from orgunits.labels import AREA_LABEL_RELATED
from orgunits.models import Area, AreaKind, Organization, area_part
from orgunits.tables import AreaTable, OrganizationTable
from orgunits.views.common import area_breadcrumbs, object_history, permission_flags

AREA_QUERYSET = Area.objects.select_related("kind", "parent")


class AreaListView(ObjectListView):
    queryset = AREA_QUERYSET
    filterset_class = AreaFilterSet
    table_class = AreaTable
    title = _("Danh sách địa bàn")
    export_name = "dia-ban"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["nav_section"] = "units"
        return context


def _with_child_flags(queryset, user, include_past: bool):
    """Annotate whether each area has children and how many organizations, counting only what
    `user` may see (and, unless `include_past`, only what is in force today)."""
    children = Area.objects.restrict(user, "view").filter(parent=OuterRef("pk"))
    organizations = Organization.objects.restrict(user, "view").filter(area=OuterRef("pk"))
    if not include_past:
        children = children.current()
        organizations = organizations.current()
    organization_count = organizations.order_by().values("area").annotate(n=Count("pk")).values("n")
    return queryset.annotate(
        has_children=Exists(children),
        organization_count=Coalesce(Subquery(organization_count), 0),
    )


def by_name(areas) -> list:
    """Return the areas ordered by name, numbers by value ("Khu phố 2" before "Khu phố 10")."""
    return sorted(areas, key=lambda area: natural_key(area.name))


def tree_roots(user, include_past: bool):
    """Return the top areas of the user's tree: provinces for an administrator, else their assigned units."""
    queryset = Area.objects.select_related("kind")
    if is_system_admin(user):
        roots = queryset.filter(level=AreaLevel.PROVINCE)
    else:
        prefixes = scope_prefixes(user, "view")
        paths = {area_part(p) for p in prefixes}
        roots = queryset.filter(path__in=paths)
    if not include_past:
        roots = roots.current()
    return _with_child_flags(roots, user, include_past).order_by("level", "search_text")


class AreaTreeView(ScopedMixin, TemplateView):
    template_name = "orgunits/area_tree.html"
    queryset = Area.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        include_past = self.request.GET.get("history") == "1"
        context.update(
            title=_("Cây địa bàn"),
            nodes=tree_roots(self.request.user, include_past),
            include_past=include_past,
            nav_section="units",
            breadcrumbs=[{"label": _("Cây địa bàn"), "url": None}],
        )
        return context


class AreaChildrenView(ScopedMixin, TemplateView):
    """The children of one area, as a fragment for the tree (htmx) or a page."""

    template_name = "orgunits/area_tree.html#children"
    queryset = Area.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        area = self.get_scoped_object("view")
        include_past = self.request.GET.get("history") == "1"
        children = Area.objects.restrict(self.request.user, "view").filter(parent=area).select_related("kind")
        if not include_past:
            children = children.current()
        organizations = Organization.objects.restrict(self.request.user, "view")
        if not include_past:
            organizations = organizations.current()
        organizations = (
            organizations.filter(area=area).select_related("kind").order_by("kind__sort_order", "search_text")
        )
        context.update(
            area=area,
            nodes=by_name(_with_child_flags(children, self.request.user, include_past)),
            organizations=organizations,
            include_past=include_past,
        )
        return context


@login_required
def area_autocomplete(request):
    """Return <option>s of visible areas matching the typed text (for AutocompleteSelect).

    `history=1` also offers areas no longer in force (re-arrangements name them); `multiple=1`
    (AutocompleteSelectMultiple) returns the areas already chosen, `<field>=<id>...`, selected first.
    """
    text = next((value for key, value in request.GET.items() if key.endswith("__search")), "")
    field = request.GET.get("field", "")
    visible = Area.objects.restrict(request.user, "view").select_related(*AREA_LABEL_RELATED)
    areas = visible if request.GET.get("history") == "1" else visible.current()
    if field in {"parent", "owner_area"}:
        areas = areas.filter(level__lt=AreaLevel.HAMLET)
    multiple = request.GET.get("multiple") == "1"
    chosen_ids = [pk for pk in (parse_id(value) for value in request.GET.getlist(field)) if pk] if multiple else []
    # The id breaks ties between namesakes (many "Ấp 1"), so that the same search lists them alike.
    order = ("level", "search_text", "pk")
    chosen = list(visible.filter(pk__in=chosen_ids).order_by(*order)) if chosen_ids else []
    matches = areas.exclude(pk__in=chosen_ids).search_with_parent(text).order_by(*order)[:30]
    return render(
        request,
        "orgunits/autocomplete_options.html",
        {"objects": matches, "chosen": chosen, "multiple": multiple},
    )


class AreaDetailView(ObjectDetailView):
    queryset = AREA_QUERYSET
    template_name = "orgunits/area_detail.html"

    def get_template_names(self):
        tab = self.request.GET.get("tab")
        if is_htmx_partial(self.request) and tab in {"children", "organizations"}:
            return [f"{self.template_name}#{tab}"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        area, user = self.object, self.request.user
        children = Area.objects.restrict(user, "view").filter(parent=area).select_related("kind")
        with_history = self.request.GET.get("history") == "1"
        if not with_history:
            children = children.current()
        # The children of one area are a few hundred at most: ordered by name as people read it.
        children_page = Paginator(by_name(children), 50).get_page(self.request.GET.get("page"))
        organizations = (
            Organization.objects.restrict(user, "view").filter(area=area).select_related("kind", "parent", "area")
        )
        subtree_areas = (
            Area.objects.restrict(user, "view").current().filter(path__startswith=area.path).exclude(pk=area.pk)
        )
        subtree_orgs = Organization.objects.restrict(user, "view").current().filter(path__startswith=area.path)
        level_labels = dict(AreaLevel.choices)
        category_labels = dict(OrganizationCategory.choices)
        visible = Area.objects.restrict(user, "view")
        lineage = area.lineage()
        visible_ids = set(visible.filter(pk__in=[a.pk for a in lineage]).values_list("pk", flat=True))
        context.update(
            breadcrumbs=area_breadcrumbs(user, area),
            children_page=children_page,
            history_param="&history=1" if with_history else "",
            # A hamlet has no units below it: open on its organizations.
            open_tab="children" if children_page.paginator.count else "organizations",
            organizations_table=OrganizationTable(
                organizations.order_by("path"), exclude=("area", "area_parent"), orderable=False
            ),
            organization_count=organizations.count(),
            area_counts=[
                {"label": level_labels.get(row["level"], row["level"]), "count": row["n"], "level": row["level"]}
                for row in subtree_areas.values("level").annotate(n=Count("pk")).order_by("level")
            ],
            organization_counts=[
                {
                    "label": category_labels.get(row["kind__category"], row["kind__category"]),
                    "count": row["n"],
                    "category": row["kind__category"],
                }
                for row in subtree_orgs.values("kind__category").annotate(n=Count("pk")).order_by("kind__category")
            ],
            predecessors=visible.filter(pk__in=area.predecessors().values("pk")).select_related("kind", "parent"),
            successors=visible.filter(pk__in=area.successors().values("pk")).select_related("kind", "parent"),
            rearrangements=(area.predecessor_rearrangements.all() | area.successor_rearrangements.all()).distinct(),
            lineage=[a for a in lineage if a.pk != area.pk and a.pk in visible_ids],
            changes=object_history(area),
            nav_section="units",
            **permission_flags(user, area),
        )
        return context


class AreaEditView(ObjectEditView):
    queryset = AREA_QUERYSET
    list_url_name = "orgunits:area_list"
    form_class = AreaForm
    template_name = "orgunits/area_form.html"

    def get_initial(self):
        initial = super().get_initial()
        parent_id = parse_id(self.request.GET.get("parent"))
        if parent_id:
            initial["parent"] = parent_id
            parent = Area.objects.restrict(self.request.user, "view").filter(pk=parent_id).first()
            if parent is not None:
                # The kind most used by the siblings ("Ấp" in the south, "Thôn" in the north); else
                # the first kind of the level below (districts are history: a commune under a province).
                usual = (
                    Area.objects.current()
                    .filter(parent=parent)
                    .values("kind")
                    .annotate(n=Count("pk"))
                    .order_by("-n")
                    .values_list("kind", flat=True)
                    .first()
                )
                level = AreaLevel.COMMUNE if parent.level < AreaLevel.COMMUNE else AreaLevel.HAMLET
                initial["kind"] = usual or AreaKind.objects.filter(level=level, is_active=True).first()
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["nav_section"] = "units"
        return context


class AreaDeleteView(ObjectDeleteView):
    queryset = AREA_QUERYSET
    success_url_name = "orgunits:area_list"

    def get_success_url(self):
        # Back to the unit above, where the user was working.
        if self.object.parent_id:
            return reverse("orgunits:area_detail", kwargs={"pk": self.object.parent_id})
        return super().get_success_url()
