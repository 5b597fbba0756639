"""API base classes: every viewset restricts its queryset to the user's scope (NetBox BaseViewSet)."""

from rest_framework import viewsets

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
