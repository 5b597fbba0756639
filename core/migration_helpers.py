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


def case_duplicate_guard(app_label: str, model_names: list[str]):
    """Return a RunPython function that stops the migration, listing them, when rows of these
    models have codes differing only by case (the constraint would fail without saying which)."""

    def refuse_case_duplicates(apps, schema_editor):
        problems = []
        for name in model_names:
            model = apps.get_model(app_label, name)
            clashes = (
                model.objects.annotate(folded=Lower("code")).values("folded").annotate(n=Count("id")).filter(n__gt=1)
            )
            for clash in clashes.order_by("folded"):
                codes = model.objects.filter(code__iexact=clash["folded"]).order_by("pk").values_list("pk", "code")
                problems.append(f"{name}: " + ", ".join(f"{code} (id {pk})" for pk, code in codes))
        if problems:
            raise RuntimeError(
                "Codes that differ only by case must be changed before this migration:\n" + "\n".join(problems)
            )

    return refuse_case_duplicates


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
    """Return a RunPython function that stops the migration, listing them, when rows of these
    models have names differing only by case (the constraint would fail without saying which)."""

    def refuse_name_case_duplicates(apps, schema_editor):
        problems = []
        for name in model_names:
            model = apps.get_model(app_label, name)
            clashes = (
                model.objects.annotate(folded=Lower("name")).values("folded").annotate(n=Count("id")).filter(n__gt=1)
            )
            for clash in clashes.order_by("folded"):
                rows = (
                    model.objects.annotate(folded=Lower("name"))
                    .filter(folded=clash["folded"])
                    .order_by("pk")
                    .values_list("pk", "code", "name")
                )
                problems.append(f"{name}: " + ", ".join(f"{text!r} ({code}, id {pk})" for pk, code, text in rows))
        if problems:
            raise RuntimeError(
                "Names that differ only by case must be changed before this migration:\n" + "\n".join(problems)
            )

    return refuse_name_case_duplicates


def name_ci_unique(app_label: str, model_name: str) -> models.UniqueConstraint:
    """The name constraint LookupModel declares, as a migration adds it."""
    return models.UniqueConstraint(
        Lower("name"), name=f"{app_label}_{model_name}_name_ci_unique", violation_error_message=NAME_TAKEN
    )
