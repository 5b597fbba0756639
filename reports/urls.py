from django.urls import path

from reports.views import catalog as catalog_views
from reports.views import completeness as completeness_views
from reports.views import documents as document_views
from reports.views import entry as entry_views
from reports.views import reports as report_views
from reports.views import rollup as rollup_views
from reports.views import workflow as workflow_views

app_name = "reports"

urlpatterns = []

# Reports, data entry and workflow: reports/views/reports.py, entry.py, workflow.py
urlpatterns += [
    path("reports/", report_views.ReportListView.as_view(), name="report_list"),
    path("reports/new/", report_views.ReportAddView.as_view(), name="report_add"),
    path("reports/organizations/", report_views.organization_autocomplete, name="organization_autocomplete"),
    path("reports/due-card/", report_views.home_card, name="home_card"),
    path("reports/<int:pk>/", report_views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/edit/", entry_views.ReportEntryView.as_view(), name="report_edit"),
    path("reports/<int:pk>/autosave/", entry_views.AutosaveView.as_view(), name="report_autosave"),
    path("reports/<int:pk>/submit/", workflow_views.SubmitView.as_view(), name="report_submit"),
    path("reports/<int:pk>/approve/", workflow_views.ApproveView.as_view(), name="report_approve"),
    path("reports/<int:pk>/return/", workflow_views.ReturnView.as_view(), name="report_return"),
    path("reports/<int:pk>/reopen/", workflow_views.ReopenView.as_view(), name="report_reopen"),
]

# Catalog for system administrators: reports/views/catalog.py
urlpatterns += [
    path("reports/indicators/", catalog_views.IndicatorListView.as_view(), name="indicator_list"),
    path("reports/indicators/add/", catalog_views.IndicatorEditView.as_view(), name="indicator_add"),
    path("reports/indicators/<int:pk>/", catalog_views.IndicatorDetailView.as_view(), name="indicator_detail"),
    path("reports/indicators/<int:pk>/edit/", catalog_views.IndicatorEditView.as_view(), name="indicator_edit"),
    path("reports/indicators/<int:pk>/delete/", catalog_views.IndicatorDeleteView.as_view(), name="indicator_delete"),
    path("reports/forms/", catalog_views.ReportFormListView.as_view(), name="form_list"),
    path("reports/forms/add/", catalog_views.ReportFormEditView.as_view(), name="form_add"),
    path("reports/forms/<int:pk>/", catalog_views.ReportFormDetailView.as_view(), name="form_detail"),
    path("reports/forms/<int:pk>/edit/", catalog_views.ReportFormEditView.as_view(), name="form_edit"),
    path("reports/forms/<int:pk>/delete/", catalog_views.ReportFormDeleteView.as_view(), name="form_delete"),
    path("reports/forms/<int:form_pk>/sections/add/", catalog_views.SectionEditView.as_view(), name="section_add"),
    path("reports/sections/<int:pk>/edit/", catalog_views.SectionEditView.as_view(), name="section_edit"),
    path("reports/sections/<int:pk>/delete/", catalog_views.SectionDeleteView.as_view(), name="section_delete"),
    path("reports/sections/<int:pk>/move/", catalog_views.SectionMoveView.as_view(), name="section_move"),
    path("reports/sections/<int:section_pk>/items/add/", catalog_views.ItemEditView.as_view(), name="item_add"),
    path("reports/items/<int:pk>/edit/", catalog_views.ItemEditView.as_view(), name="item_edit"),
    path("reports/items/<int:pk>/delete/", catalog_views.ItemDeleteView.as_view(), name="item_delete"),
    path("reports/items/<int:pk>/move/", catalog_views.ItemMoveView.as_view(), name="item_move"),
    path("reports/forms/<int:form_pk>/rules/add/", catalog_views.RuleEditView.as_view(), name="rule_add"),
    path("reports/rules/<int:pk>/edit/", catalog_views.RuleEditView.as_view(), name="rule_edit"),
    path("reports/rules/<int:pk>/delete/", catalog_views.RuleDeleteView.as_view(), name="rule_delete"),
]

# Roll-up table and completeness: reports/views/rollup.py, completeness.py
urlpatterns += [
    path("reports/rollup/", rollup_views.RollupView.as_view(), name="rollup"),
    path("reports/completeness/", completeness_views.CompletenessView.as_view(), name="completeness"),
    path("reports/completeness/remind/", completeness_views.remind, name="completeness_remind"),
]

# The report document (DOCX, Party format) and its layout settings: reports/views/documents.py
urlpatterns += [
    path("reports/<int:pk>/document.docx", document_views.report_document, name="report_document"),
    path("reports/document/", document_views.area_document, name="area_document"),
    path("reports/document-settings/", document_views.DocumentSettingsListView.as_view(), name="documentsettings_list"),
    path(
        "reports/document-settings/add/", document_views.DocumentSettingsEditView.as_view(), name="documentsettings_add"
    ),
    path(
        "reports/document-settings/<int:pk>/edit/",
        document_views.DocumentSettingsEditView.as_view(),
        name="documentsettings_edit",
    ),
    path(
        "reports/document-settings/<int:pk>/delete/",
        document_views.DocumentSettingsDeleteView.as_view(),
        name="documentsettings_delete",
    ),
]
