from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.views import ReadOnlyRestrictedViewSet
from orgunits.api.serializers import (
    AreaKindSerializer,
    AreaSerializer,
    ClusterSerializer,
    OrganizationKindSerializer,
    OrganizationSerializer,
    RearrangementSerializer,
)
from orgunits.filtersets import AreaFilterSet, ClusterFilterSet, OrganizationFilterSet, RearrangementFilterSet
from orgunits.models import Area, AreaKind, Cluster, Organization, OrganizationKind, Rearrangement


@extend_schema_view(
    list=extend_schema(summary="Danh sách địa bàn (lọc, tìm không dấu với ?q= hoặc ?search=)"),
    retrieve=extend_schema(summary="Chi tiết địa bàn"),
)
class AreaViewSet(ReadOnlyRestrictedViewSet):
    queryset = Area.objects.select_related("kind", "parent")
    serializer_class = AreaSerializer
    filterset_class = AreaFilterSet
    ordering_fields = ["name", "code", "path", "level"]
    ordering_aliases = {"name": "search_text"}  # as the list page sorts names (core.api.filters)
    ordering = ["path"]

    @extend_schema(summary="Các địa bàn cấp trên", responses=AreaSerializer(many=True))
    @action(detail=True)
    def ancestors(self, request, pk=None):
        area = self.get_object()
        # Only the ancestors this user may open (a commune user does not read the province).
        ancestors = Area.objects.restrict(request.user, "view").ancestors_of(area).select_related("kind", "parent")
        return Response(AreaSerializer(ancestors, many=True, context={"request": request}).data)

    @extend_schema(summary="Đơn vị tiền thân (qua các lần sắp xếp)", responses=AreaSerializer(many=True))
    @action(detail=True)
    def lineage(self, request, pk=None):
        area = self.get_object()
        lineage = area.lineage()
        visible = set(
            Area.objects.restrict(request.user, "view")
            .filter(pk__in=[a.pk for a in lineage])
            .values_list("pk", flat=True)
        )
        others = [a for a in lineage if a.pk != area.pk and a.pk in visible]
        return Response(AreaSerializer(others, many=True, context={"request": request}).data)


@extend_schema_view(
    list=extend_schema(summary="Danh sách tổ chức"),
    retrieve=extend_schema(summary="Chi tiết tổ chức"),
)
class OrganizationViewSet(ReadOnlyRestrictedViewSet):
    queryset = Organization.objects.select_related("kind", "area")
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    ordering_fields = ["name", "path"]
    ordering_aliases = {"name": "search_text"}
    ordering = ["path"]


@extend_schema_view(
    list=extend_schema(summary="Danh sách cụm, khối"),
    retrieve=extend_schema(summary="Chi tiết cụm, khối"),
)
class ClusterViewSet(ReadOnlyRestrictedViewSet):
    queryset = Cluster.objects.select_related("owner_area").prefetch_related("areas", "organizations")
    serializer_class = ClusterSerializer
    filterset_class = ClusterFilterSet
    ordering_fields = ["name"]
    ordering_aliases = {"name": "search_text"}
    ordering = ["name"]


@extend_schema_view(
    list=extend_schema(summary="Danh sách sắp xếp đơn vị hành chính"),
    retrieve=extend_schema(summary="Chi tiết một lần sắp xếp"),
)
class RearrangementViewSet(ReadOnlyRestrictedViewSet):
    queryset = Rearrangement.objects.prefetch_related("predecessors", "successors")
    serializer_class = RearrangementSerializer
    filterset_class = RearrangementFilterSet
    ordering = ["-effective_date", "id"]


@extend_schema_view(list=extend_schema(summary="Loại địa bàn"), retrieve=extend_schema(summary="Chi tiết loại địa bàn"))
class AreaKindViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = AreaKind.objects.all()
    serializer_class = AreaKindSerializer
    pagination_class = None


@extend_schema_view(list=extend_schema(summary="Loại tổ chức"), retrieve=extend_schema(summary="Chi tiết loại tổ chức"))
class OrganizationKindViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = OrganizationKind.objects.all()
    serializer_class = OrganizationKindSerializer
    pagination_class = None
