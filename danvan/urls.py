from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from accounts.views import LoginView
from core.api.views import APIDocsView
from core.views_health import favicon, healthz
from orgunits.views import home, search

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("", home, name="home"),
    path("search/", search, name="search"),
    path("", include("orgunits.urls")),
    path("", include("initiatives.urls")),
    path("", include("reports.urls")),
    path("", include("core.urls")),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    path("api/", include("danvan.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", APIDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("django-admin/", admin.site.urls),
]

# No URL serves MEDIA_ROOT, not even with DEBUG on: uploaded files (attachments, imports, exports)
# are streamed by views that check the user's scope first.
