"""Forms of the registry's reference data, edited by system administrators."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import VietnameseDecimalField
from initiatives.models import CriteriaSet, Criterion, InitiativeField, ResultMetric, Stage
from orgunits.forms import KindForm

DESCRIPTION = forms.Textarea(attrs={"rows": 2})


class InitiativeFieldForm(KindForm):
    class Meta:
        model = InitiativeField
        fields = ["code", "name", "sort_order", "is_active", "description"]
        widgets = {"description": DESCRIPTION}


class StageForm(KindForm):
    class Meta:
        model = Stage
        fields = ["code", "name", "start_year", "end_year", "sort_order", "is_active", "description"]
        widgets = {"description": DESCRIPTION}


class ResultMetricForm(KindForm):
    class Meta:
        model = ResultMetric
        fields = ["code", "name", "unit", "is_count", "sort_order", "is_active", "description"]
        widgets = {"description": DESCRIPTION}


class CriteriaSetForm(KindForm):
    class Meta:
        model = CriteriaSet
        fields = [
            "code",
            "name",
            "subject",
            "pass_score",
            "outstanding_score",
            "sort_order",
            "is_active",
            "description",
        ]
        widgets = {"description": DESCRIPTION}
        # The thresholds a round starts from: read as the round form reads them ("72.5" is refused).
        field_classes = {"pass_score": VietnameseDecimalField, "outstanding_score": VietnameseDecimalField}


class CriterionForm(KindForm):
    class Meta:
        model = Criterion
        fields = ["name", "description", "weight", "max_score", "sort_order"]
        widgets = {"description": DESCRIPTION}
        error_messages = {
            "weight": {"min_value": _("Trọng số phải từ 1 trở lên.")},
            "max_score": {"min_value": _("Điểm tối đa phải từ 1 trở lên.")},
        }
