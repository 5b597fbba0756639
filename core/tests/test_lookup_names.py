"""Every reference list (LookupModel) refuses a name another row has but for case, Unicode form or
spacing: the imports and the templates' drop-down lists find a row by its name."""

import importlib
import unicodedata

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from core.models import LookupModel

pytestmark = pytest.mark.django_db

LOOKUPS = sorted(
    (model for model in apps.get_models() if issubclass(model, LookupModel)), key=lambda model: model._meta.label
)
# The columns a row needs besides code and name.
REQUIRED = {"AreaKind": {"level": 4}, "Stage": {"start_year": 2041, "end_year": 2045}}


def _row(model, **values):
    return model(**REQUIRED.get(model.__name__, {}), **values)


def test_every_reference_list_is_checked():
    assert [model.__name__ for model in LOOKUPS] == [
        "CriteriaSet",
        "InitiativeField",
        "ResultMetric",
        "Stage",
        "AreaKind",
        "OrganizationKind",
        "Indicator",
        "ReportForm",
    ]


@pytest.mark.parametrize("model", LOOKUPS, ids=lambda model: model.__name__)
def test_a_name_differing_only_by_case_form_or_spacing_is_refused_on_the_name(model):
    existing = _row(model, code="muc_mau", name="Mục mẫu Đặc biệt")
    existing.save()
    twin = _row(model, code="muc_mau_2", name=unicodedata.normalize("NFD", "  MỤC MẪU   đặc BIỆT "))

    with pytest.raises(ValidationError) as error:
        twin.full_clean()

    assert error.value.message_dict["name"] == ["Tên này đã có (mã muc_mau)."]
    assert twin.name == "MỤC MẪU đặc BIỆT"  # stored NFC, single spaces


@pytest.mark.parametrize("model", LOOKUPS, ids=lambda model: model.__name__)
def test_the_database_refuses_a_name_differing_only_by_case(model):
    _row(model, code="muc_mau", name="Muc mau").save()

    with pytest.raises(IntegrityError), transaction.atomic():
        _row(model, code="muc_mau_2", name="MUC MAU").save()


def test_a_name_recased_on_edit_is_no_duplicate_of_itself():
    existing = _row(LOOKUPS[1], code="muc_mau", name="Mục mẫu")
    existing.save()
    existing.name = "MỤC MẪU"

    existing.full_clean()


@pytest.mark.parametrize(
    ("module", "app_label", "model_name"),
    [
        ("orgunits.migrations.0012_lookup_names_ignore_case", "orgunits", "OrganizationKind"),
        ("initiatives.migrations.0014_lookup_names_ignore_case", "initiatives", "InitiativeField"),
        ("reports.migrations.0010_catalog_names_ignore_case", "reports", "ReportForm"),
    ],
)
def test_migration_stops_on_names_differing_only_by_case(module, app_label, model_name):
    migration = importlib.import_module(module)
    model = apps.get_model(app_label, model_name)
    # Rows the migration meets on a database from before it: drop the index it adds (rolled back
    # with the test's transaction).
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(f'{app_label}_{model_name.lower()}_name_ci_unique')}")
    first = _row(model, code="muc_mau", name="Muc mau")
    first.save()
    second = _row(model, code="muc_mau_2", name="MUC MAU")
    second.save()

    with pytest.raises(RuntimeError) as error:
        migration.refuse_name_case_duplicates(apps, None)

    assert str(error.value) == (
        "Names that differ only by case must be changed before this migration:\n"
        f"{model_name}: 'Muc mau' (muc_mau, id {first.pk}), 'MUC MAU' (muc_mau_2, id {second.pk})"
    )
