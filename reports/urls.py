from django.urls import path  # noqa: F401 -- the routes below are added by each part of the app

app_name = "reports"

urlpatterns = []
