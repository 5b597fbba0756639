from rest_framework import serializers

from orgunits.models import Area, AreaKind, Cluster, Organization, OrganizationKind, Rearrangement


class AreaKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = AreaKind
        fields = ["id", "code", "name", "level", "sort_order", "is_active"]


class OrganizationKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrganizationKind
        fields = ["id", "code", "name", "category", "sort_order", "is_active"]


class AreaBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "name", "code", "level"]


class AreaSerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    parent = AreaBriefSerializer(read_only=True)
    is_current = serializers.SerializerMethodField()
    url = serializers.HyperlinkedIdentityField(view_name="area-detail")

    class Meta:
        model = Area
        fields = [
            "id",
            "url",
            "code",
            "name",
            "short_name",
            "kind",
            "kind_name",
            "level",
            "parent",
            "path",
            "depth",
            "valid_from",
            "valid_to",
            "is_current",
            "latitude",
            "longitude",
            "area_km2",
            "aliases",
            "source",
        ]

    def get_is_current(self, obj) -> bool:
        return obj.is_current()


class OrganizationSerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    category = serializers.CharField(source="kind.category", read_only=True)
    area = AreaBriefSerializer(read_only=True)
    parent = serializers.PrimaryKeyRelatedField(read_only=True)
    reports_to = serializers.PrimaryKeyRelatedField(read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="organization-detail")

    class Meta:
        model = Organization
        fields = [
            "id",
            "url",
            "name",
            "short_name",
            "code",
            "kind",
            "kind_name",
            "category",
            "area",
            "parent",
            "reports_to",
            "path",
            "address",
            "phone",
            "email",
            "valid_from",
            "valid_to",
        ]


class ClusterSerializer(serializers.ModelSerializer):
    owner_area = AreaBriefSerializer(read_only=True)
    areas = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    organizations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Cluster
        fields = [
            "id",
            "name",
            "code",
            "kind",
            "owner_area",
            "description",
            "areas",
            "organizations",
            "valid_from",
            "valid_to",
        ]


class RearrangementSerializer(serializers.ModelSerializer):
    predecessors = AreaBriefSerializer(many=True, read_only=True)
    successors = AreaBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Rearrangement
        fields = ["id", "kind", "effective_date", "decision", "description", "predecessors", "successors"]
