"""Recompute organizations' search text: it now includes the organization kind's name."""

import re
import unicodedata

from django.db import migrations

_SPACES = re.compile(r"\s+")


def _fold(text):
    # A frozen copy of core.text.fold (migrations must not change when the app's code does).
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


def recompute(apps, schema_editor):
    organization = apps.get_model("orgunits", "Organization")
    batch = []
    for org in organization.objects.select_related("kind").iterator(chunk_size=2000):
        parts = (_fold(org.name), _fold(org.short_name), _fold(org.code), _fold(org.kind.name))
        org.search_text = " ".join(part for part in parts if part)[:600]
        batch.append(org)
        if len(batch) >= 2000:
            organization.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        organization.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("orgunits", "0003_rearrangement_kind_continue")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
