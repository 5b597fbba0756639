"""The audit entries written before AuditMixin.audit_parent name the record their result,
attachment, recognition, assessment or step belongs to, so the record's history shows them."""

from django.db import migrations

CHILDREN = ("resultvalue", "attachment", "recognition", "assessment", "transition")
BATCH = 2000


def name_the_record(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    change = apps.get_model("core", "ObjectChange")
    record = content_type.objects.filter(app_label="initiatives", model="initiative").first()
    children = content_type.objects.filter(app_label="initiatives", model__in=CHILDREN)
    if record is None or not children.exists():
        return  # a new database: no entries yet
    entries = change.objects.filter(content_type__in=children, parent_id="").only(
        "pk", "prechange_data", "postchange_data"
    )
    batch = []
    for entry in entries.iterator(chunk_size=BATCH):
        data = entry.postchange_data or entry.prechange_data or {}
        value = data.get("initiative_id")
        if value is None:
            continue
        entry.parent_type_id, entry.parent_id = record.pk, str(value)
        batch.append(entry)
        if len(batch) >= BATCH:
            change.objects.bulk_update(batch, ["parent_type", "parent_id"])
            batch = []
    if batch:
        change.objects.bulk_update(batch, ["parent_type", "parent_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0005_objectchange_parent"),
        ("initiatives", "0014_lookup_names_ignore_case"),
    ]

    operations = [migrations.RunPython(name_the_record, migrations.RunPython.noop)]
