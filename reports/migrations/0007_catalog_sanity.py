from django.db import migrations, models
from django.db.models import F, Q


def check_existing_rows(apps, schema_editor):
    """Make the new constraints hold before adding them, or say which rows need an administrator.

    A multiplier is read only by formulas: on other indicators a value ≤ 0 is reset to the default
    (100), which changes no figure. Formulas and rules that break the new rules are not guessed
    at: the migration stops and names them.
    """
    indicator = apps.get_model("reports", "Indicator")
    rule = apps.get_model("reports", "ValidationRule")
    indicator.objects.filter(numerator__isnull=True, multiplier__lte=0).update(multiplier=100)
    bad = [
        *indicator.objects.filter(numerator__isnull=False, multiplier__lte=0).values_list("code", flat=True),
        *indicator.objects.filter(numerator__isnull=False, numerator=F("denominator")).values_list("code", flat=True),
    ]
    rules = list(rule.objects.filter(left=F("right")).values_list("pk", flat=True))
    if bad or rules:
        raise RuntimeError(
            "Sửa trước khi nâng cấp: chỉ số tính toán có hệ số ≤ 0 hoặc tử số trùng mẫu số: "
            f"{', '.join(sorted(set(bad))) or '-'}; quy tắc kiểm tra so sánh một chỉ số với chính nó (id): "
            f"{', '.join(map(str, rules)) or '-'}."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_score_and_deadline_bounds"),
    ]

    operations = [
        migrations.RunPython(check_existing_rows, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="indicator",
            constraint=models.CheckConstraint(
                condition=Q(numerator__isnull=True) | ~Q(numerator=F("denominator")),
                name="reports_indicator_formula_two_parts",
                violation_error_message="Mẫu số phải khác tử số.",
            ),
        ),
        migrations.AddConstraint(
            model_name="indicator",
            constraint=models.CheckConstraint(
                condition=Q(multiplier__gt=0),
                name="reports_indicator_multiplier_positive",
                violation_error_message="Hệ số phải lớn hơn 0.",
            ),
        ),
        migrations.AddConstraint(
            model_name="validationrule",
            constraint=models.CheckConstraint(
                condition=~Q(left=F("right")),
                name="reports_validationrule_two_indicators",
                violation_error_message="Quy tắc phải so sánh hai chỉ số khác nhau.",
            ),
        ),
    ]
