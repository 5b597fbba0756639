"""Pieces shared by migrations that tighten the rules of lookup codes and names (unique whatever
their case, codes with a letter).

Migrations import these by name, so keep their behaviour stable: a change here changes what
old migrations do on a database that has not run them yet.
"""

from django.db import models
from django.db.models import Count
from django.db.models.functions import Lower

CODE_TAKEN = "Mã này đã có (không phân biệt chữ hoa, chữ thường)."
NAME_TAKEN = "Tên này đã có (không phân biệt chữ hoa, chữ thường)."


def _case_clash_guard(app_label: str, model_names: list[str], field: str, label: str, describe):
    """Return a RunPython function that stops the migration, listing them, when rows of these
    models have values of `field` differing only by case (a case-insensitive constraint would
    fail without saying which). `describe(pk, code, name)` writes one row of the list."""

    def refuse_case_clashes(apps, schema_editor):
        problems = []
        for name in model_names:
            model = apps.get_model(app_label, name)
            folded = model.objects.annotate(folded=Lower(field))
            clashes = folded.values("folded").annotate(n=Count("id")).filter(n__gt=1).order_by("folded")
            for clash in clashes:
                rows = folded.filter(folded=clash["folded"]).order_by("pk").values_list("pk", "code", "name")
                problems.append(f"{name}: " + ", ".join(describe(*row) for row in rows))
        if problems:
            raise RuntimeError(
                f"{label} that differ only by case must be changed before this migration:\n" + "\n".join(problems)
            )

    return refuse_case_clashes


def case_duplicate_guard(app_label: str, model_names: list[str]):
    """Stop the migration, listing them, when rows of these models have codes differing only by case."""
    return _case_clash_guard(app_label, model_names, "code", "Codes", lambda pk, code, name: f"{code} (id {pk})")


def code_ci_unique(app_label: str, model_name: str) -> models.UniqueConstraint:
    """The constraint LookupModel declares, as a migration adds it."""
    return models.UniqueConstraint(
        Lower("code"), name=f"{app_label}_{model_name}_code_ci_unique", violation_error_message=CODE_TAKEN
    )


def letterless_code_guard(app_label: str, model_names: list[str]):
    """Return a RunPython function that stops the migration, listing them, when rows of these
    models have codes without a letter ("2025"), which the code field's validator now refuses:
    the API reads such a code as an id."""

    def refuse_letterless_codes(apps, schema_editor):
        problems = []
        for name in model_names:
            model = apps.get_model(app_label, name)
            rows = model.objects.order_by("pk").values_list("pk", "code")
            letterless = [(pk, code) for pk, code in rows if not any(char.isalpha() for char in code)]
            if letterless:
                problems.append(f"{name}: " + ", ".join(f"{code} (id {pk})" for pk, code in letterless))
        if problems:
            raise RuntimeError(
                "Codes without a letter (read as ids by the API) must be changed before this migration:\n"
                + "\n".join(problems)
            )

    return refuse_letterless_codes


def name_case_duplicate_guard(app_label: str, model_names: list[str]):
    """Stop the migration, listing them, when rows of these models have names differing only by case."""
    return _case_clash_guard(
        app_label, model_names, "name", "Names", lambda pk, code, name: f"{name!r} ({code}, id {pk})"
    )


def name_ci_unique(app_label: str, model_name: str) -> models.UniqueConstraint:
    """The name constraint LookupModel declares, as a migration adds it."""
    return models.UniqueConstraint(
        Lower("name"), name=f"{app_label}_{model_name}_name_ci_unique", violation_error_message=NAME_TAKEN
    )
