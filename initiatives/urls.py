from django.urls import path

from initiatives.views import attachments as attachment_views
from initiatives.views import gallery as gallery_views
from initiatives.views import imports as import_views
from initiatives.views import initiatives as initiative_views
from initiatives.views import lifecycle as lifecycle_views
from initiatives.views import lookups as lookup_views
from initiatives.views import review_entries as entry_views
from initiatives.views import reviews as review_views
from initiatives.views import statistics as statistics_views

app_name = "initiatives"

urlpatterns = []

# Review rounds (bình xét): initiatives/views/reviews.py, their records and decision: review_entries.py
urlpatterns += [
    path("initiatives/rounds/", review_views.ReviewRoundListView.as_view(), name="round_list"),
    path("initiatives/rounds/add/", review_views.ReviewRoundAddView.as_view(), name="round_add"),
    path(
        "initiatives/rounds/organizations/",
        review_views.round_organization_autocomplete,
        name="round_organization_autocomplete",
    ),
    path("initiatives/rounds/<int:pk>/", review_views.ReviewRoundDetailView.as_view(), name="round_detail"),
    path("initiatives/rounds/<int:pk>/edit/", review_views.ReviewRoundEditView.as_view(), name="round_edit"),
    path("initiatives/rounds/<int:pk>/delete/", review_views.ReviewRoundDeleteView.as_view(), name="round_delete"),
    path("initiatives/rounds/<int:pk>/decide/", entry_views.RoundDecideView.as_view(), name="round_decide"),
    path(
        "initiatives/rounds/<int:pk>/entries/add/",
        entry_views.RoundEntriesAddView.as_view(),
        name="round_entries_add",
    ),
    path(
        "initiatives/rounds/<int:pk>/entries/<int:entry_pk>/",
        entry_views.EntryDetailView.as_view(),
        name="round_entry_detail",
    ),
    path(
        "initiatives/rounds/<int:pk>/entries/<int:entry_pk>/score/",
        entry_views.EntryScoreView.as_view(),
        name="round_entry_score",
    ),
    path(
        "initiatives/rounds/<int:pk>/entries/<int:entry_pk>/withdraw/",
        entry_views.EntryWithdrawView.as_view(),
        name="round_entry_withdraw",
    ),
]

# Records, their life-cycle pages and attachments: initiatives/views/initiatives.py, lifecycle.py, attachments.py
urlpatterns += [
    path("initiatives/", initiative_views.InitiativeListView.as_view(), name="initiative_list"),
    path("initiatives/add/", initiative_views.InitiativeEditView.as_view(), name="initiative_add"),
    path(
        "initiatives/organizations/",
        initiative_views.organization_autocomplete,
        name="organization_autocomplete",
    ),
    path("initiatives/areas/", initiative_views.area_autocomplete, name="area_autocomplete"),
    path("initiatives/<int:pk>/", initiative_views.InitiativeDetailView.as_view(), name="initiative_detail"),
    path("initiatives/<int:pk>/edit/", initiative_views.InitiativeEditView.as_view(), name="initiative_edit"),
    path("initiatives/<int:pk>/delete/", initiative_views.InitiativeDeleteView.as_view(), name="initiative_delete"),
    path(
        "initiatives/<int:pk>/replicate/",
        initiative_views.InitiativeReplicateView.as_view(),
        name="initiative_replicate",
    ),
    path("initiatives/<int:pk>/start/", lifecycle_views.StartView.as_view(), name="initiative_start"),
    path("initiatives/<int:pk>/stop/", lifecycle_views.StopView.as_view(), name="initiative_stop"),
    path("initiatives/<int:pk>/resume/", lifecycle_views.ResumeView.as_view(), name="initiative_resume"),
    path("initiatives/<int:pk>/recognize/", lifecycle_views.RecognizeView.as_view(), name="initiative_recognize"),
    path("initiatives/<int:pk>/reward/", lifecycle_views.RewardView.as_view(), name="initiative_reward"),
    path("initiatives/<int:pk>/assess/", lifecycle_views.AssessView.as_view(), name="initiative_assess"),
    path(
        "initiatives/<int:pk>/attachments/add/",
        attachment_views.AttachmentAddView.as_view(),
        name="attachment_add",
    ),
    path("initiatives/attachments/<int:pk>/", attachment_views.attachment_download, name="attachment_download"),
    path(
        "initiatives/attachments/<int:pk>/delete/",
        attachment_views.AttachmentDeleteView.as_view(),
        name="attachment_delete",
    ),
]

# Reference data for system administrators: initiatives/views/lookups.py
urlpatterns += [
    path("initiatives/fields/", lookup_views.FieldListView.as_view(), name="field_list"),
    path("initiatives/fields/add/", lookup_views.FieldEditView.as_view(), name="field_add"),
    path("initiatives/fields/<int:pk>/edit/", lookup_views.FieldEditView.as_view(), name="field_edit"),
    path("initiatives/stages/", lookup_views.StageListView.as_view(), name="stage_list"),
    path("initiatives/stages/add/", lookup_views.StageEditView.as_view(), name="stage_add"),
    path("initiatives/stages/<int:pk>/edit/", lookup_views.StageEditView.as_view(), name="stage_edit"),
    path("initiatives/metrics/", lookup_views.MetricListView.as_view(), name="metric_list"),
    path("initiatives/metrics/add/", lookup_views.MetricEditView.as_view(), name="metric_add"),
    path("initiatives/metrics/<int:pk>/edit/", lookup_views.MetricEditView.as_view(), name="metric_edit"),
    path("initiatives/criteria-sets/", lookup_views.CriteriaSetListView.as_view(), name="criteriaset_list"),
    path("initiatives/criteria-sets/add/", lookup_views.CriteriaSetEditView.as_view(), name="criteriaset_add"),
    path(
        "initiatives/criteria-sets/<int:pk>/",
        lookup_views.CriteriaSetDetailView.as_view(),
        name="criteriaset_detail",
    ),
    path(
        "initiatives/criteria-sets/<int:pk>/edit/",
        lookup_views.CriteriaSetEditView.as_view(),
        name="criteriaset_edit",
    ),
    path(
        "initiatives/criteria-sets/<int:set_pk>/criteria/add/",
        lookup_views.CriterionEditView.as_view(),
        name="criterion_add",
    ),
    path("initiatives/criteria/<int:pk>/edit/", lookup_views.CriterionEditView.as_view(), name="criterion_edit"),
    path("initiatives/criteria/<int:pk>/delete/", lookup_views.CriterionDeleteView.as_view(), name="criterion_delete"),
]

# Statistics and the public gallery: initiatives/views/statistics.py, gallery.py
urlpatterns += [
    path("initiatives/statistics/", statistics_views.statistics, name="statistics"),
    path("initiatives/gallery-settings/<int:area_pk>/", gallery_views.gallery_settings, name="gallery_settings"),
    path("gallery/<int:area_pk>/", gallery_views.gallery, name="gallery"),
    path("gallery/<int:area_pk>/photos/<int:pk>/", gallery_views.gallery_photo, name="gallery_photo"),
]

# Excel import of a registration list: initiatives/views/imports.py
urlpatterns += [
    path("initiatives/import/", import_views.InitiativeImportView.as_view(), name="import"),
    path(
        "initiatives/import/template.xlsx", import_views.InitiativeImportTemplateView.as_view(), name="import_template"
    ),
    path("initiatives/import/areas/", import_views.import_area_autocomplete, name="import_area_autocomplete"),
]
