"""Recompute organizations' search text: it now includes the organization kind's name."""

from django.db import migrations

from core.migrations._frozen import fold_v1


def recompute(apps, schema_editor):
    organization = apps.get_model("orgunits", "Organization")
    batch = []
    for org in organization.objects.select_related("kind").iterator(chunk_size=2000):
        parts = (fold_v1(org.name), fold_v1(org.short_name), fold_v1(org.code), fold_v1(org.kind.name))
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
