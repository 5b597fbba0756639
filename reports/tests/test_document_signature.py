"""The signature block of the report document: the authority line ("T/M ..."), the signer's position
and name as the unit typed them on its report, never the name of whoever sent the report; lines to
fill by hand where nothing was typed."""

import io

import docx
import pytest
from django.urls import reverse
from docx.shared import Pt

from reports import services
from tests.factories.accounts import user_with_role

pytestmark = pytest.mark.django_db
AUTHORITY = "T/M ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM"
DOTS = "." * 30


def _report(setup, world, *, signer_title="", signer_name="", sender=None):
    """Front A's report, signed as given, sent by `sender` (its editor by default) and approved."""
    report = services.open_report(setup.form, setup.period, world.front_a, user=world.editor_a)
    services.save_report(
        report,
        user=world.editor_a,
        version=report.version,
        values={setup.received.pk: "5"},
        signer_title=signer_title,
        signer_name=signer_name,
    )
    services.submit(report, user=sender or world.editor_a)
    services.approve(report, user=user_with_role("duyet_tinh", "approver", world.province))
    report.refresh_from_db()
    return report


def _document(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return docx.Document(io.BytesIO(response.content))


def _signature(document):
    """Return the paragraphs with text of the signature block (the right cell of the last table)."""
    return [p for p in document.tables[-1].rows[0].cells[1].paragraphs if p.text]


def _all_text(document):
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_signature_prints_a_deputys_two_lines_and_the_signer_not_the_sender(client, setup, world):
    # A cadre of the province sends the commune's report; the commune's deputy signs it.
    report = _report(
        setup,
        world,
        signer_title=" kt. Chủ tịch \r\n\r\n phó chủ tịch ",
        signer_name=" Trần Thị Ký ",
        sender=world.province_editor,
    )

    document = _document(client, world.editor_a, reverse("reports:report_document", args=[report.pk]))

    signature = _signature(document)
    assert [p.text for p in signature] == [
        AUTHORITY,
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "(Ký tên, đóng dấu)",
        "Trần Thị Ký",
    ]
    assert [(p.runs[0].font.bold, p.runs[0].font.size) for p in signature] == [
        (True, Pt(14)),
        (True, Pt(14)),
        (True, Pt(14)),
        (None, Pt(14)),
        (True, Pt(14)),
    ]
    assert (report.submitted_by, world.province_editor.display_name in _all_text(document)) == (
        world.province_editor,
        False,
    )


def test_signature_without_a_signer_leaves_a_dotted_line_not_the_senders_name(client, setup, world):
    report = _report(setup, world)

    document = _document(client, world.editor_a, reverse("reports:report_document", args=[report.pk]))

    assert [p.text for p in _signature(document)] == [AUTHORITY, "(Ký tên, đóng dấu)", DOTS]
    assert (report.submitted_by, world.editor_a.display_name in _all_text(document)) == (world.editor_a, False)


def test_area_document_is_signed_as_the_report_of_the_areas_organization_says(client, setup, world):
    _report(setup, world, signer_title="Chủ tịch", signer_name="Lê Văn Ký")
    query = f"?form={setup.form.pk}&period=2025Q2&area="

    commune = _document(client, world.editor_a, reverse("reports:area_document") + query + str(world.commune_a.pk))
    # No organization of the province itself reports the form: nobody to sign for, all by hand.
    province = _document(
        client, world.province_editor, reverse("reports:area_document") + query + str(world.province.pk)
    )

    assert [p.text for p in _signature(commune)] == [AUTHORITY, "CHỦ TỊCH", "(Ký tên, đóng dấu)", "Lê Văn Ký"]
    assert [p.text for p in _signature(province)] == [DOTS, "(Ký tên, đóng dấu)", DOTS]
