"""Serializers of the registry's reference data: fields, stages, result metrics, criteria sets."""

from rest_framework import serializers

from initiatives.models import CriteriaSet, Criterion, InitiativeField, ResultMetric, Stage

#
# Reference data
#


class InitiativeFieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = InitiativeField
        fields = ["id", "code", "name", "description", "sort_order", "is_active"]


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stage
        fields = ["id", "code", "name", "start_year", "end_year", "sort_order", "is_active"]


class ResultMetricSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResultMetric
        fields = ["id", "code", "name", "unit", "is_count", "description", "sort_order", "is_active"]


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "name", "description", "weight", "max_score", "sort_order"]


class CriteriaSetSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = CriteriaSet
        fields = [
            "id",
            "code",
            "name",
            "description",
            "subject",
            "pass_score",
            "outstanding_score",
            "sort_order",
            "is_active",
            "criteria",
        ]
