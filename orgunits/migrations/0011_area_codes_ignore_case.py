"""Area codes are unique per level whatever their case ("AP1" is "ap1"), as the kinds' codes are.

Stops with the codes to resolve when areas of one level already have codes differing only by case
(current areas, or past areas ended on the same day): the constraints would fail without saying
which. Written out here rather than shared, so that this migration keeps doing what it does.
"""

import django.db.models.functions.text
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower


def refuse_case_duplicates(apps, schema_editor):
    area = apps.get_model("orgunits", "Area")
    coded = area.objects.exclude(code="").annotate(folded=Lower("code"))
    clashes = (
        coded.values("level", "folded", "valid_to").annotate(n=Count("id")).filter(n__gt=1).order_by("level", "folded")
    )
    problems = []
    for clash in clashes:
        rows = coded.filter(level=clash["level"], folded=clash["folded"], valid_to=clash["valid_to"]).order_by("pk")
        problems.append(f"level {clash['level']}: " + ", ".join(f"{row.code} (id {row.pk})" for row in rows))
    if problems:
        raise RuntimeError(
            "Area codes that differ only by case must be changed before this migration:\n" + "\n".join(problems)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("orgunits", "0010_area_code_violation_code"),
    ]

    operations = [
        migrations.RunPython(refuse_case_duplicates, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="area",
            name="orgunits_area_unique_current_code",
        ),
        migrations.RemoveConstraint(
            model_name="area",
            name="orgunits_area_unique_past_code",
        ),
        migrations.AddConstraint(
            model_name="area",
            constraint=models.UniqueConstraint(
                models.F("level"),
                django.db.models.functions.text.Lower("code"),
                condition=models.Q(("valid_to__isnull", True), models.Q(("code", ""), _negated=True)),
                name="orgunits_area_unique_current_code",
                violation_error_code="code_taken",
                violation_error_message=(
                    "Đã có đơn vị đang hoạt động cùng cấp với mã này (không phân biệt chữ hoa, chữ thường)."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="area",
            constraint=models.UniqueConstraint(
                models.F("level"),
                django.db.models.functions.text.Lower("code"),
                models.F("valid_to"),
                condition=models.Q(("valid_to__isnull", False), models.Q(("code", ""), _negated=True)),
                name="orgunits_area_unique_past_code",
                violation_error_code="code_taken",
                violation_error_message=(
                    "Đã có đơn vị cùng cấp, cùng mã (không phân biệt chữ hoa, chữ thường) và cùng ngày hết hiệu lực."
                ),
            ),
        ),
    ]
