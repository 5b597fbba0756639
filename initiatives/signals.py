"""Keep the records' search column in step with the names it is made of.

`Initiative.search_text` folds the record's name with its organization's and area's names, so
"long dien" finds the records of Xã Long Điền. When an organization or an area is renamed, the
search column of its records is recomputed (a few dozen rows per unit; saves that keep the name
touch nothing).
"""

from django.db.models.signals import post_save, pre_save

from initiatives.models import Initiative
from orgunits.models import Area, Organization

_RENAMED = "_initiatives_renamed"


def _note_rename(sender, instance, **kwargs) -> None:
    if instance._state.adding:
        return
    loaded = instance._loaded_values
    # Not loaded from the database (built with a primary key): the old name is unknown.
    renamed = loaded is None or loaded.get("name") != instance.name
    setattr(instance, _RENAMED, renamed)


def _refresh_search_text(sender, instance, created, **kwargs) -> None:
    if created or not instance.__dict__.pop(_RENAMED, False):
        return
    lookup = "organization" if sender is Organization else "area"
    records = list(Initiative.objects.filter(**{lookup: instance}).select_related("organization", "area"))
    changed = []
    for record in records:
        text = record.compute_search_text()
        if text != record.search_text:
            record.search_text = text
            changed.append(record)
    Initiative.objects.bulk_update(changed, ["search_text"], batch_size=500)


def connect() -> None:
    for model in (Organization, Area):
        pre_save.connect(_note_rename, sender=model, dispatch_uid=f"initiatives_rename_{model.__name__}")
        post_save.connect(_refresh_search_text, sender=model, dispatch_uid=f"initiatives_search_{model.__name__}")
