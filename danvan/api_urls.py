"""The JSON API under /api/: one router for every app's viewsets."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from accounts.api.views import CurrentUserView
from initiatives.api.urls import register as register_initiatives
from orgunits.api.urls import register as register_orgunits
from reports.api.urls import register as register_reports

router = DefaultRouter()
register_orgunits(router)
register_initiatives(router)
register_reports(router)

urlpatterns = [
    path("me/", CurrentUserView.as_view(), name="api-me"),
    *router.urls,
]
