"""Signals other apps send to core: a unit moved in the tree.

orgunits sends `unit_moved` after it rewrote the paths of the areas and organizations beneath a
moved unit; core rewrites the copied `path` of every OrgScopedModel record beneath it, so the
records keep following their organization without orgunits knowing the domain apps.
"""

from django.apps import apps
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.dispatch import Signal, receiver

unit_moved = Signal()  # kwargs: old_prefix, new_prefix


def rewrite_paths(model, old_prefix: str, new_prefix: str, field: str = "path") -> int:
    """Replace `old_prefix` by `new_prefix` in `field` of every row of `model` beneath it."""
    return model._base_manager.filter(**{f"{field}__startswith": old_prefix}).update(
        **{field: Concat(Value(new_prefix), Substr(field, len(old_prefix) + 1), output_field=models.CharField())}
    )


@receiver(unit_moved)
def move_scoped_records(sender, old_prefix: str, new_prefix: str, **kwargs) -> None:
    from core.models import OrgScopedModel  # noqa: PLC0415 -- models import this module's users

    for model in apps.get_models():
        if issubclass(model, OrgScopedModel):
            rewrite_paths(model, old_prefix, new_prefix)
