"""Forms of the reports app: the catalog (administrators), opening a report, the workflow steps."""

from reports.forms.catalog import IndicatorForm, ItemForm, ReportFormForm, RuleForm, SectionForm
from reports.forms.workflow import ApproveForm, CommentForm, NewReportForm, SubmitForm, period_choices

__all__ = [
    "ApproveForm",
    "CommentForm",
    "IndicatorForm",
    "ItemForm",
    "NewReportForm",
    "ReportFormForm",
    "RuleForm",
    "SectionForm",
    "SubmitForm",
    "period_choices",
]
