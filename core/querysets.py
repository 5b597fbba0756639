"""The one place where lists are scoped to what a user may see or change."""

from django.db import models
from django.db.models.lookups import In

from core.scope import is_system_admin, prefix_q, scope_prefixes


class RestrictedQuerySet(models.QuerySet):
    """A queryset that knows how to limit itself to a user's subtrees.

    The model names the path it is scoped by in `scope_path_lookup` ("path" for units,
    "organization__path" for records owned by an organization...) and may override
    `scope_filter(prefixes, action)` for special cases.
    """

    # (lookup, prefixes) when restrict() limited the rows with the plain prefix condition
    # (ScopedModelMixin.scope_filter): `within()` then knows that condition is in the query.
    _scope_prefixes = None

    def _clone(self):
        clone = super()._clone()
        clone._scope_prefixes = self._scope_prefixes
        return clone

    def __or__(self, other):
        combined = super().__or__(other)
        if combined is not self and combined is not other:
            # The OR widens the rows restrict() allowed: within() must write its condition again.
            combined._scope_prefixes = None
        return combined

    def restrict(self, user, action: str = "view"):
        """Return the rows `user` may perform `action` on; nothing for anonymous users."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if is_system_admin(user):
            return self
        prefixes = scope_prefixes(user, action)
        if not prefixes:
            return self.none()
        restricted = self.filter(self.model.scope_filter(prefixes, action))
        if self.model.scope_filter.__func__ is ScopedModelMixin.scope_filter.__func__:
            restricted._scope_prefixes = (self.model.scope_path_lookup, tuple(prefixes))
        return restricted

    def within(self, path: str, lookup: str = "path"):
        """Return the rows beneath the unit at `path`: those whose `lookup` path starts with it.

        The "Thuộc địa bàn" filters of the lists and the API use it. When restrict() already
        limited the rows to exactly that subtree (a provincial user listing their province), the
        condition is not written a second time: PostgreSQL would test it twice on every row
        (2-4 ms on a province's 30,000 records in the registry) and, taking the two conditions
        for independent ones, underestimate the rows that match."""
        if self._scope_prefixes == (lookup, (path,)):
            return self.all()
        return self.filter(**{f"{lookup}__startswith": path})


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


class InSubquery(In):
    """`lhs IN (subquery)`, sent to PostgreSQL as `lhs = ANY(ARRAY(subquery))`.

    Under an OR (`name LIKE … OR parent_id IN (…)`) PostgreSQL can only run `IN (subquery)` as a
    filter on every row; `= ANY(ARRAY(…))` runs the subquery once and scans an index on `lhs`, so
    the OR becomes a BitmapOr of two index scans (Area.objects.search_with_parent()). Use it as an
    expression: `InSubquery(F("parent_id"), queryset.values("pk"))`.
    """

    def get_rhs_op(self, connection, rhs):
        if connection.vendor == "postgresql":
            return f"= ANY(ARRAY{rhs})"
        return super().get_rhs_op(connection, rhs)
