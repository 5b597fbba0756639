"""core.tables: secondary columns and status labels give way on a phone, never on a wider screen or in the export."""

import io

import django_tables2 as tables
import pytest
from django.core.exceptions import ImproperlyConfigured
from openpyxl import load_workbook

from core.tables import BaseTable
from core.tests.test_exports import _project_tables
from orgunits.tables import OrganizationTable
from reports.choices import ReportStatus
from reports.tables import ReportTable
from tests.factories.reports import ReportFactory

pytestmark = pytest.mark.django_db


def _cell_classes(table, name: str) -> dict[str, set[str]]:
    """Return the classes of the column's cells, less the sorting ones django-tables2 adds to headers."""
    attrs = table.columns[name].attrs
    return {key: set((attrs[key].get("class") or "").split()) - {"orderable"} for key in ("th", "td", "tf")}


def test_secondary_columns_are_hidden_below_the_md_breakpoint(world):
    table = OrganizationTable([world.front_a])

    assert _cell_classes(table, "phone") == {key: {"d-none", "d-md-table-cell"} for key in ("th", "td", "tf")}
    assert _cell_classes(table, "area") == {key: set() for key in ("th", "td", "tf")}
    assert _cell_classes(table, "name")["td"] == {"col-main"}


def test_secondary_column_keeps_its_own_classes():
    class AmountTable(BaseTable):
        name = tables.Column()
        amount = tables.Column(attrs={"td": {"class": "text-end"}})

        class Meta:
            secondary_columns = ("amount",)

    table = AmountTable([{"name": "a", "amount": 1}])

    assert _cell_classes(table, "amount")["td"] == {"text-end", "d-none", "d-md-table-cell"}


def test_a_secondary_column_that_does_not_exist_fails_when_the_table_is_defined():
    with pytest.raises(ImproperlyConfigured, match="Meta names no such column: nmae"):

        class TypoTable(BaseTable):
            name = tables.Column()

            class Meta:
                secondary_columns = ("nmae",)


def test_a_secondary_column_the_page_excludes_is_skipped(world):
    table = OrganizationTable([world.front_a], exclude=("area", "area_parent"))

    assert _cell_classes(table, "parent")["td"] == {"d-none", "d-md-table-cell"}


def test_the_class_columns_stay_untouched_by_a_table_instance(world):
    OrganizationTable([world.front_a])

    assert OrganizationTable.base_columns["phone"].attrs == {}


def test_every_table_is_a_base_table_and_wide_ones_name_secondary_columns():
    project_tables = [table for table in _project_tables() if ".tests." not in table.__module__]
    wide_without_secondary = [
        table.__name__
        for table in project_tables
        if len(table.base_columns) > 4 and not getattr(table.Meta, "secondary_columns", ())
    ]

    assert len(project_tables) > 10
    assert [table.__name__ for table in project_tables if not issubclass(table, BaseTable)] == []
    assert wide_without_secondary == []


def test_export_keeps_the_columns_a_phone_hides(world, client):
    client.force_login(world.editor_a)

    response = client.get("/organizations/", {"export": "xlsx"})

    header = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert list(header) == [
        "Tên tổ chức",
        "Tên viết tắt",
        "Loại",
        "Địa bàn",
        "Trên địa bàn",
        "Thuộc",
        "Điện thoại",
        "Tình trạng",
    ]


#
# Status badges: an icon on a phone, the label elsewhere and in the export
#


def test_status_column_badge_has_the_colour_and_icon_of_the_stored_value(world):
    report = ReportFactory(organization=world.front_a, status=ReportStatus.APPROVED)
    table = ReportTable([report])
    row = table.rows[0]

    # django-tables2 passes a choice field's display as the value: the colour comes from "approved".
    assert str(row.get_cell("status")) == (
        '<span class="badge text-bg-success compact-label" title="Đã duyệt"><i class="bi bi-check-circle-fill phone-only"'
        ' aria-hidden="true"></i><span class="visually-hidden-phone">Đã duyệt</span></span>'
    )
    assert row.get_cell_value("status") == "Đã duyệt"


def test_validity_column_exports_its_words(world):
    table = OrganizationTable([world.front_a])

    assert "bi-check-circle-fill" in str(table.rows[0].get_cell("status"))
    assert table.rows[0].get_cell_value("status") == "Đang hoạt động"
    assert table.columns["status"].header == "Tình trạng"


def test_each_table_gets_its_own_columns_copied_from_the_class(world):
    first = OrganizationTable([world.front_a])
    second = OrganizationTable([world.front_a])

    first.columns["name"].column.verbose_name = "Tên khác"
    first.columns["name"].column.attrs["td"]["data-x"] = "1"

    assert second.columns["name"].column is not first.columns["name"].column
    assert str(second.columns["name"].header) == "Tên tổ chức"
    assert "data-x" not in second.columns["name"].column.attrs["td"]
    assert "data-x" not in OrganizationTable.base_columns["name"].attrs.get("td", {})
    assert [column.name for column in second.columns] == list(OrganizationTable.base_columns)
    # The phone classes are added to the copies only, once per table.
    assert _cell_classes(OrganizationTable([world.front_a]), "phone")["td"] == {"d-none", "d-md-table-cell"}
