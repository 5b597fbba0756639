"""The one place where lists are scoped to what a user may see or change."""

from django.db import models

from core.scope import is_system_admin, prefix_q, scope_prefixes


class RestrictedQuerySet(models.QuerySet):
    """A queryset that knows how to limit itself to a user's subtrees.

    The model names the path it is scoped by in `scope_path_lookup` ("path" for units,
    "organization__path" for records owned by an organization...) and may override
    `scope_filter(prefixes, action)` for special cases.
    """

    def restrict(self, user, action: str = "view"):
        """Return the rows `user` may perform `action` on; nothing for anonymous users."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if is_system_admin(user):
            return self
        prefixes = scope_prefixes(user, action)
        if not prefixes:
            return self.none()
        return self.filter(self.model.scope_filter(prefixes, action))


class ScopedModelMixin:
    """Mixin for models whose rows live at a place in the unit tree."""

    scope_path_lookup = "path"

    @classmethod
    def scope_filter(cls, prefixes, action):
        return prefix_q(cls.scope_path_lookup, prefixes)

    def get_scope_path(self) -> str:
        """Return the tree path this row belongs to (used by audit and by write re-checks)."""
        value = self
        for part in self.scope_path_lookup.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return ""
        return value
