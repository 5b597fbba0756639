"""API base classes: every viewset restricts its queryset to the user's scope (NetBox BaseViewSet)."""

from django.contrib.auth.views import redirect_to_login
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import exceptions, viewsets
from rest_framework.authentication import get_authorization_header

from core import audit

HTTP_ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class RestrictedViewSetMixin:
    """Restrict `queryset` by the action the HTTP method implies; unreachable objects are 404."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Token authentication happens after the middleware: attribute audit entries here.
        audit.set_actor(request.user, getattr(request, "id", None))

    def get_queryset(self):
        action = HTTP_ACTIONS.get(self.request.method, "view")
        return super().get_queryset().restrict(self.request.user, action)


class ReadOnlyRestrictedViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class RestrictedModelViewSet(RestrictedViewSetMixin, viewsets.ModelViewSet):
    pass


class APIDocsView(SpectacularSwaggerSplitView):
    """Swagger UI, for authenticated users as the schema it reads (SPECTACULAR_SETTINGS
    SERVE_PERMISSIONS). A browser without a session is sent to the login page, as other pages
    send it; a program (an Authorization header) gets the API's 401."""

    def handle_exception(self, exc):
        unauthenticated = isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed)
        if unauthenticated and not get_authorization_header(self.request):
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)
