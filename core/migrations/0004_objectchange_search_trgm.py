"""Trigram index on the audit log's folded search column (PostgreSQL only; pg_trgm exists by then)."""

from django.db import migrations


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS core_change_search_trgm ON core_objectchange USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS core_change_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("core", "0003_objectchange_search_text")]

    operations = [migrations.RunPython(add_index, drop_index)]
