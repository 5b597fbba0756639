"""Models of the periodic-reporting engine (split by topic; imported here for Django and callers)."""

from reports.models.catalog import FormItem, FormSection, Indicator, ReportForm, ValidationRule
from reports.models.document_settings import DocumentSettings
from reports.models.period import Period
from reports.models.reminder import ReportReminder
from reports.models.report import DataValue, Report, ReportEvent, ReportText

__all__ = [
    "DataValue",
    "DocumentSettings",
    "FormItem",
    "FormSection",
    "Indicator",
    "Period",
    "Report",
    "ReportEvent",
    "ReportForm",
    "ReportReminder",
    "ReportText",
    "ValidationRule",
]
