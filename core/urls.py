from django.urls import path

from core import views_audit

app_name = "core"

urlpatterns = [
    path("audit/", views_audit.ObjectChangeListView.as_view(), name="objectchange_list"),
    path("audit/<int:pk>/", views_audit.ObjectChangeDetailView.as_view(), name="objectchange_detail"),
    path("jobs/", views_audit.JobListView.as_view(), name="job_list"),
    path("jobs/<int:pk>/", views_audit.JobDetailView.as_view(), name="job_detail"),
    path("jobs/<int:pk>/download/", views_audit.job_download, name="job_download"),
]
