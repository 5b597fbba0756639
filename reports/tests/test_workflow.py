"""The reporting workflow: open, save as draft, submit, approve by the level above, return, reopen."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reports import rules, services
from reports.choices import ReportStatus, ValueSource
from reports.models import Period, Report, ReportForm
from tests.factories.accounts import user_with_role
from tests.factories.initiatives import InitiativeFactory
from tests.factories.orgunits import organization, organization_kind

pytestmark = pytest.mark.django_db


def _values(report):
    return {v.indicator.code: (v.number, v.source) for v in report.values.select_related("indicator")}


def _open(setup, world, org=None, user=None):
    return services.open_report(setup.form, setup.period, org or world.front_a, user=user or world.editor_a)


def test_open_report_fills_known_figures_and_sets_the_deadline(setup, world):
    InitiativeFactory(organization=world.front_a, registered_on=datetime.date(2025, 5, 1))

    report = _open(setup, world)

    assert (report.status, report.deadline, report.is_consolidated) == (
        ReportStatus.DRAFT,
        datetime.date(2025, 7, 5),
        False,
    )
    assert _values(report) == {"thu_mo_hinh": (Decimal(1), ValueSource.PROVIDER)}


def test_open_report_refuses_other_units_and_wrong_periods(setup, world):
    from reports.models import Period

    with pytest.raises(services.ActionRefused):
        _open(setup, world, world.front_b)
    with pytest.raises(ValidationError):
        services.open_report(setup.form, Period.objects.for_code("202505"), world.front_a, user=world.editor_a)
    assert Report.objects.count() == 0


def test_save_keeps_valid_figures_and_reports_invalid_ones(setup, world):
    report = _open(setup, world)

    result = services.save_report(
        report,
        user=world.editor_a,
        version=report.version,
        values={setup.received.pk: "1.200", setup.resolved.pk: "abc", setup.registered.pk: "99"},
        texts={setup.results.pk: "Tổ chức 3 cuộc đối thoại."},
    )

    assert list(result.errors) == [setup.resolved.pk]
    assert _values(report)["thu_tiep_nhan"] == (Decimal(1200), ValueSource.TYPED)
    assert _values(report)["thu_mo_hinh"][1] == ValueSource.PROVIDER  # typed text ignored
    assert report.texts.get().text == "Tổ chức 3 cuộc đối thoại."


def test_second_save_over_an_older_version_is_refused(setup, world):
    report = _open(setup, world)
    loaded = report.version
    services.save_report(report, user=world.editor_a, version=loaded, values={setup.received.pk: "10"})

    with pytest.raises(services.EditConflict):
        services.save_report(report, user=world.province_editor, version=loaded, values={setup.received.pk: "20"})

    assert _values(report)["thu_tiep_nhan"][0] == Decimal(10)


def test_submit_needs_required_figures_and_respected_rules(setup, world):
    report = _open(setup, world)
    with pytest.raises(ValidationError) as missing:
        services.submit(report, user=world.editor_a)
    result = services.save_report(
        report, user=world.editor_a, version=report.version, values={setup.received.pk: "5", setup.resolved.pk: "7"}
    )
    with pytest.raises(ValidationError) as broken:
        services.submit(report, user=world.editor_a)
    services.save_report(report, user=world.editor_a, version=result.version, values={setup.resolved.pk: "4"})

    services.submit(report, user=world.editor_a)

    report.refresh_from_db()
    assert [len(missing.value.messages), len(broken.value.messages), report.status] == [1, 1, ReportStatus.SUBMITTED]
    with pytest.raises(services.ActionRefused):
        services.save_report(report, user=world.editor_a, version=report.version, values={setup.received.pk: "6"})


def _submitted(setup, world, org, user, received="10", resolved="8"):
    report = services.open_report(setup.form, setup.period, org, user=user)
    services.save_report(
        report, user=user, version=report.version, values={setup.received.pk: received, setup.resolved.pk: resolved}
    )
    return services.submit(report, user=user)


def test_only_the_level_above_approves_or_returns(setup, world):
    report = _submitted(setup, world, world.front_a, world.editor_a)
    own_approver = user_with_role("duyet_xa", "approver", world.commune_a)
    province_approver = user_with_role("duyet_tinh", "approver", world.province)

    with pytest.raises(services.ActionRefused):
        services.approve(report, user=own_approver)
    with pytest.raises(ValidationError):
        services.return_report(report, user=province_approver, comment=" ")
    services.return_report(report, user=province_approver, comment="Thiếu số liệu quý trước")
    services.submit(report, user=world.editor_a)
    services.approve(report, user=province_approver)
    with pytest.raises(ValidationError):
        services.reopen(report, user=province_approver, comment="")
    services.reopen(report, user=province_approver, comment="Sửa số hội viên")

    report.refresh_from_db()
    history = list(report.events.values_list("action", "to_status"))
    assert history == [
        ("create", "draft"),
        ("submit", "submitted"),
        ("return", "returned"),
        ("submit", "submitted"),
        ("approve", "approved"),
        ("reopen", "returned"),
    ]


def test_consolidated_report_waits_for_its_children_or_records_why_not(setup, world):
    province_front = organization(world.province, "mttq")
    province_editor, admin = world.province_editor, world.admin
    _submitted(setup, world, world.front_a, world.editor_a)
    consolidated = services.open_report(setup.form, setup.period, province_front, user=province_editor)
    services.save_report(consolidated, user=province_editor, version=consolidated.version, values={})
    services.submit(consolidated, user=province_editor)

    with pytest.raises(ValidationError):
        services.approve(consolidated, user=admin)
    with pytest.raises(ValidationError):
        services.approve(consolidated, user=admin, without_children=True)
    services.approve(consolidated, user=admin, without_children=True, comment="Xã Thạnh An chưa nộp, quá hạn")

    consolidated.refresh_from_db()
    assert (consolidated.is_consolidated, consolidated.approved_without_children, consolidated.status) == (
        True,
        True,
        ReportStatus.APPROVED,
    )


def test_default_form_is_shipped_with_its_sections_rules_and_providers():
    from reports.models import ReportForm

    form = ReportForm.objects.get(code="bao_cao_dan_van_quy")
    sections = list(form.sections.values_list("kind", flat=True))
    providers_used = set(form.sections.filter(kind="figures").values_list("items__indicator__provider", flat=True)) - {
        ""
    }

    assert (sections.count("figures"), sections.count("prose"), form.rules.count()) == (5, 5, 3)
    assert sorted(form.organization_kinds.values_list("code", flat=True)) == ["ban_tgdv", "khoi_dan_van"]
    assert providers_used == {
        "initiatives.registered",
        "initiatives.effective",
        "initiatives.recognized",
        "initiatives.outstanding",
        "initiatives.replicated",
    }


def test_open_report_refuses_a_period_that_has_not_begun(setup, world):
    from reports.models import Period

    with pytest.raises(ValidationError) as future:
        services.open_report(setup.form, Period.objects.for_code("2100Q4"), world.front_a, user=world.editor_a)

    assert future.value.message_dict == {"period": ["Kỳ báo cáo Quý IV/2100 chưa bắt đầu (từ ngày 01/10/2100)."]}
    assert Report.objects.count() == 0


def test_open_report_refuses_a_period_before_2000(setup, world):
    from reports.models import Period

    old = Period.objects.create(
        code="1999Q4", type="quarter", start=datetime.date(1999, 10, 1), end=datetime.date(1999, 12, 31)
    )

    with pytest.raises(ValidationError) as refused:
        services.open_report(setup.form, old, world.front_a, user=world.editor_a)

    assert refused.value.message_dict == {"period": ["Kỳ báo cáo Quý IV/1999 trước năm 2000: không lập báo cáo được."]}


def test_save_report_keeps_the_document_number_when_the_new_one_is_too_long(setup, world):
    report = _open(setup, world)
    first = services.save_report(report, user=world.editor_a, version=1, values={}, document_number=" 07-BC/DV ")

    result = services.save_report(
        report, user=world.editor_a, version=first.version, values={setup.received.pk: "3"}, document_number="9" * 51
    )

    report.refresh_from_db()
    assert result.errors == {"number": "Số văn bản dài tối đa 50 ký tự (đang có 51 ký tự)."}
    assert (report.number, _values(report)["thu_tiep_nhan"]) == ("07-BC/DV", (Decimal(3), ValueSource.TYPED))


def _signed(report, user, title, name):
    services.save_report(report, user=user, version=report.version, values={}, signer_title=title, signer_name=name)
    report.refresh_from_db()
    return report


def test_open_report_carries_the_signer_of_the_units_latest_report_that_has_one(setup, world):
    monthly = ReportForm.objects.create(code="bao_cao_thang", name="Báo cáo tháng", period_type="month")
    monthly.organization_kinds.set([organization_kind("mttq")])
    first = services.open_report(setup.form, Period.objects.for_code("2025Q1"), world.front_a, user=world.editor_a)
    _signed(first, world.editor_a, "TRƯỞNG BAN", "Lê Văn Cũ")
    deputy = services.open_report(monthly, Period.objects.for_code("202504"), world.front_a, user=world.editor_a)
    carried = (deputy.signer_title, deputy.signer_name)
    _signed(deputy, world.editor_a, "KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN", "Trần Thị Mới")
    cleared = services.open_report(monthly, Period.objects.for_code("202505"), world.front_a, user=world.editor_a)
    _signed(cleared, world.editor_a, "", "")
    neighbour = services.open_report(setup.form, Period.objects.for_code("2025Q1"), world.front_b, user=world.editor_b)
    _signed(neighbour, world.editor_b, "TRƯỞNG BAN", "Người Xã Bên")

    report = _open(setup, world)

    report.refresh_from_db()
    assert carried == ("TRƯỞNG BAN", "Lê Văn Cũ")
    assert (report.signer_title, report.signer_name) == ("KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN", "Trần Thị Mới")
    assert (neighbour.signer_title, neighbour.signer_name) == ("TRƯỞNG BAN", "Người Xã Bên")


def test_save_report_stores_the_signer_stripped_line_by_line(setup, world):
    report = _open(setup, world)

    result = services.save_report(
        report,
        user=world.editor_a,
        version=1,
        values={},
        signer_title="  kt. trưởng khối \r\n\r\n  phó trưởng khối  ",
        signer_name="  Nguyễn Văn Ký ",
    )

    report.refresh_from_db()
    assert result.errors == {}
    assert (report.signer_title, report.signer_name) == ("kt. trưởng khối\nphó trưởng khối", "Nguyễn Văn Ký")


THREE_LINES = (
    "Chức vụ người ký có tối đa 2 dòng (đang có 3 dòng): một dòng như TRƯỞNG KHỐI, hoặc hai dòng khi ký thay, như "
    "KT. TRƯỞNG KHỐI và PHÓ TRƯỞNG KHỐI."
)


@pytest.mark.parametrize(
    ("title", "name", "errors", "stored"),
    [
        (
            "KT. TRƯỞNG KHỐI\nPHÓ TRƯỞNG KHỐI\nỦY VIÊN",
            "Nguyễn Văn Ký",
            {"signer_title": THREE_LINES},
            ("TRƯỞNG BAN", "Nguyễn Văn Ký"),
        ),
        (
            "KT. " + "T" * 80 + "\n" + "P" * 70,
            "Nguyễn Văn Ký",
            {"signer_title": "Chức vụ người ký dài tối đa 150 ký tự (đang có 155 ký tự)."},
            ("TRƯỞNG BAN", "Nguyễn Văn Ký"),
        ),
        (
            "TRƯỞNG KHỐI",
            "N" * 101,
            {"signer_name": "Họ và tên người ký dài tối đa 100 ký tự (đang có 101 ký tự)."},
            ("TRƯỞNG KHỐI", "Lê Văn Cũ"),
        ),
    ],
)
def test_save_report_keeps_an_invalid_signer_as_it_was_and_saves_the_rest(setup, world, title, name, errors, stored):
    report = _signed(_open(setup, world), world.editor_a, "TRƯỞNG BAN", "Lê Văn Cũ")

    result = services.save_report(
        report,
        user=world.editor_a,
        version=report.version,
        values={setup.received.pk: "3"},
        document_number="07-BC/DV",
        signer_title=title,
        signer_name=name,
    )

    report.refresh_from_db()
    assert result.errors == errors
    assert (report.signer_title, report.signer_name) == stored
    assert (report.number, report.version, _values(report)["thu_tiep_nhan"]) == (
        "07-BC/DV",
        3,
        (Decimal(3), ValueSource.TYPED),
    )


def test_save_report_without_the_signer_leaves_it_unchanged(setup, world):
    report = _signed(_open(setup, world), world.editor_a, "TRƯỞNG BAN", "Lê Văn Cũ")

    services.save_report(report, user=world.editor_a, version=report.version, values={}, document_number="07")

    report.refresh_from_db()
    assert (report.signer_title, report.signer_name, report.number) == ("TRƯỞNG BAN", "Lê Văn Cũ", "07")


def _in_state(setup, world, status):
    report = _open(setup, world)
    Report.objects.filter(pk=report.pk).update(status=status)
    return Report.objects.select_related("organization__area__parent").get(pk=report.pk)


NOT_SENT = "Báo cáo chưa được gửi (đang ở trạng thái “{}”): chỉ duyệt hoặc trả lại được báo cáo đã gửi."
NOT_APPROVED = "Báo cáo chưa được duyệt (đang ở trạng thái “{}”): đơn vị vẫn sửa được, không cần mở lại."
WAITING = (
    "Báo cáo đang ở trạng thái “Đã gửi”, chờ cấp trên duyệt: không sửa được; nếu cần sửa, cấp trên trả lại báo cáo."
)
APPROVED_LOCKED = "Báo cáo đã được duyệt: không sửa hay gửi lại được; nếu cần sửa, cấp trên mở lại báo cáo."


@pytest.mark.parametrize(
    ("status", "refusals"),
    [
        ("draft", {"approve": NOT_SENT.format("Đang soạn"), "reopen": NOT_APPROVED.format("Đang soạn")}),
        ("returned", {"return": NOT_SENT.format("Bị trả lại"), "reopen": NOT_APPROVED.format("Bị trả lại")}),
        (
            "submitted",
            {
                "edit": WAITING,
                "submit": "Báo cáo đã được gửi và đang chờ cấp trên duyệt.",
                "reopen": "Báo cáo đang chờ duyệt, chưa được duyệt: không cần mở lại; cấp trên dùng “Trả lại” nếu cần sửa.",
            },
        ),
        (
            "approved",
            {
                "edit": APPROVED_LOCKED,
                "submit": APPROVED_LOCKED,
                "approve": "Báo cáo đã được duyệt: không cần duyệt lại.",
                "return": "Báo cáo đã được duyệt: không trả lại được; nếu cần sửa, cấp trên dùng “Mở lại”.",
            },
        ),
    ],
)
def test_state_refusal_says_why_the_step_does_not_apply(setup, world, status, refusals):
    report = _in_state(setup, world, status)

    said = {}
    for action in refusals:
        with pytest.raises(services.WrongState) as refused:
            services.check_allowed(world.admin, action, report)
        said[action] = str(refused.value.args[0])

    assert said == refusals


@pytest.mark.parametrize("status", ["draft", "submitted", "approved", "returned"])
def test_buttons_and_refusals_agree_for_every_state_and_role(setup, world, status):
    report = _in_state(setup, world, status)
    province_approver = user_with_role("duyet_tinh", "approver", world.province)

    for user in (world.editor_a, province_approver, world.editor_b, world.admin):
        refused = set()
        for action in rules.STATES:
            try:
                services.check_allowed(user, action, report)
            except services.ActionRefused:
                refused.add(action)
        assert rules.allowed_actions(user, report) == set(rules.STATES) - refused


def test_one_table_says_which_state_allows_which_step(setup, world, monkeypatch):
    # Say that only drafts are editable: the button checks and the refusals both follow.
    monkeypatch.setitem(rules.STATES, "edit", frozenset({ReportStatus.DRAFT}))
    report = _in_state(setup, world, ReportStatus.RETURNED)

    with pytest.raises(services.WrongState):
        services.check_allowed(world.editor_a, "edit", report)
    assert (rules.can_edit(world.editor_a, report), "edit" in rules.allowed_actions(world.editor_a, report)) == (
        False,
        False,
    )
