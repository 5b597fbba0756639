"""Demo data of the "Dân vận khéo" registry, on top of orgunits.demo (run by `manage.py demo`).

About forty plausible models and exemplars in the two demo communes (Xã Long Điền: xa_a, Xã Thạnh
An: xa_b) and three more communes of the city, last year and this year, each taken through its
life-cycle by the services the pages call: registered, being implemented, stopped, put before a
decided review round of commune A (scored by two reviewers), recognized directly in commune B,
recognized by the city, rewarded, re-reviewed for last year, replicated. Commune A's public
gallery is turned on.

Idempotent: a record is identified by (organization, name) and a round by (organization, name);
a second run finds them all and changes nothing.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import acting_as
from initiatives import services
from initiatives.choices import Outcome, RecognitionLevel, Status
from initiatives.models import (
    CriteriaSet,
    Initiative,
    InitiativeField,
    PublicGallery,
    ResultMetric,
    ReviewRound,
    Stage,
)
from orgunits.demo import demo_communes
from orgunits.models import Area, Organization

OTHER_COMMUNES = 3
ROUND_NAME = "Bình xét mô hình, điển hình “Dân vận khéo” năm {year}"
COMMUNE_BODY = "Ban Chỉ đạo phong trào thi đua “Dân vận khéo” xã"
CITY_BODY = "Ban Chỉ đạo phong trào thi đua “Dân vận khéo” Thành phố"


@dataclass(frozen=True)
class Spec:
    """One demo record and what happens to it.

    `fate`: "registered" (left as registered), "implementing", "stopped", "outstanding" /
    "recognized" / "not_recognized" (commune A: the round's verdict from the scores; commune B and
    the others: a direct recognition), "city" (recognized by the commune, then by the city, rewarded).
    `year_offset`: 0 this year, -1 last year.
    """

    name: str
    field: str
    org: str  # the organization kind code in the commune, or "to_dan_van" of a hamlet
    fate: str
    month: int
    year_offset: int = -1
    results: tuple[tuple[str, str], ...] = ()
    goals: str = ""
    method: str = ""
    forces: str = ""
    kind: str = "model"
    subject: str = "collective"
    person: str = ""
    contact: tuple[str, str] = ("", "")
    tags: tuple[str, ...] = ()


COMMUNE_A = (
    Spec(
        "Đường hoa nông thôn mới",
        "nong_thon_moi",
        "hoi_lhpn",
        "city",
        2,
        results=(("duong_giao_thong", "3200"), ("ngay_cong", "640"), ("kinh_phi_van_dong", "85000000")),
        goals="Trồng và chăm sóc hoa hai bên các tuyến đường liên ấp, tạo cảnh quan sáng, xanh, sạch, đẹp.",
        method="Chi hội phụ nữ nhận đoạn đường, mỗi hộ trồng và chăm sóc hoa trước nhà; tổ chức chấm điểm hằng quý.",
        forces="Hội viên phụ nữ, đoàn viên thanh niên, hộ dân ven đường",
        contact=("Trần Thị Hoa", "0908 111 222"),
    ),
    Spec(
        "Tổ tự quản an ninh trật tự",
        "quoc_phong_an_ninh",
        "hoi_ccb",
        "outstanding",
        1,
        results=(("nguoi_tham_gia", "48"), ("ho_duoc_ho_tro", "35")),
        goals="Giữ vững an ninh trật tự ở từng ấp, giảm trộm cắp vặt.",
        method="Cựu chiến binh làm nòng cốt, tuần tra ban đêm theo ca, phối hợp công an xã.",
        forces="Cựu chiến binh, dân quân, thanh niên",
        contact=("Lê Văn Bình", "0913 222 333"),
    ),
    Spec(
        "Thắp sáng đường quê",
        "nong_thon_moi",
        "doan_tn",
        "recognized",
        3,
        results=(("den_chieu_sang", "270"), ("duong_giao_thong", "10700"), ("kinh_phi_van_dong", "70000000")),
        goals="Lắp đèn chiếu sáng các tuyến đường ấp còn tối.",
        method="Đoàn viên vận động mỗi hộ góp tiền điện, nhà hảo tâm tài trợ bóng và cột.",
        forces="Đoàn viên thanh niên, hộ dân, doanh nghiệp địa phương",
        contact=("Phạm Minh Quang", "0977 333 444"),
        tags=("assess_replicate",),
    ),
    Spec(
        "Quỹ khuyến học dòng họ",
        "van_hoa_xa_hoi",
        "mttq",
        "recognized",
        2,
        results=(("kinh_phi_van_dong", "120000000"), ("ho_duoc_ho_tro", "62")),
        goals="Mỗi dòng họ có quỹ khuyến học, không để học sinh nghèo bỏ học.",
        method="Ban công tác Mặt trận vận động các dòng họ lập quỹ, trao học bổng đầu năm học.",
        forces="Các dòng họ, hội khuyến học, nhà hảo tâm",
    ),
    Spec(
        "Nhà đại đoàn kết cho hộ nghèo",
        "van_hoa_xa_hoi",
        "mttq",
        "not_recognized",
        4,
        results=(("nha_dai_doan_ket", "6"), ("kinh_phi_van_dong", "360000000"), ("ngay_cong", "420")),
        goals="Xóa nhà tạm cho hộ nghèo, hộ cận nghèo.",
        method="Vận động doanh nghiệp, người dân góp tiền, góp ngày công xây nhà.",
        tags=("assess_consolidate",),
    ),
    Spec(
        "Hiến đất mở đường liên ấp",
        "nong_thon_moi",
        "to_dan_van",
        "recognized",
        3,
        results=(("dat_hien", "2450"), ("duong_giao_thong", "1800")),
        goals="Mở rộng đường liên ấp đạt chuẩn nông thôn mới.",
        method="Tổ dân vận gặp từng hộ, công khai phương án, hộ hiến đất được hỗ trợ dời cổng, tường rào.",
    ),
    Spec(
        "Cánh đồng lớn liên kết tiêu thụ lúa",
        "kinh_te",
        "hoi_nong_dan",
        "implementing",
        2,
        results=(("ho_duoc_ho_tro", "85"),),
        goals="Liên kết nông dân với doanh nghiệp bao tiêu lúa.",
        method="Hội Nông dân tổ chức tổ hợp tác, ký hợp đồng bao tiêu, tập huấn kỹ thuật.",
        tags=("assess_keep",),
    ),
    Spec(
        "Chi bộ bốn tốt gắn với dân vận khéo",
        "xay_dung_dang",
        "ban_xdd",
        "implementing",
        5,
        goals="Nâng chất lượng sinh hoạt chi bộ, đảng viên gương mẫu nơi cư trú.",
    ),
    Spec(
        "Bà Nguyễn Thị Mai – người hiến đất làm đường",
        "nong_thon_moi",
        "mttq",
        "registered",
        3,
        year_offset=0,
        kind="exemplar",
        subject="individual",
        person="Nguyễn Thị Mai",
        results=(("dat_hien", "320"),),
    ),
    Spec(
        "Tuyến đường tự quản vệ sinh môi trường",
        "van_hoa_xa_hoi",
        "hoi_lhpn",
        "implementing",
        2,
        year_offset=0,
        results=(("duong_giao_thong", "1500"), ("ngay_cong", "210")),
    ),
    Spec(
        "Tổ hợp tác nuôi hàu",
        "kinh_te",
        "hoi_nong_dan",
        "registered",
        4,
        year_offset=0,
        results=(("ho_duoc_ho_tro", "20"),),
    ),
    Spec(
        "Camera an ninh cộng đồng",
        "quoc_phong_an_ninh",
        "doan_tn",
        "implementing",
        1,
        year_offset=0,
        results=(("kinh_phi_van_dong", "45000000"),),
    ),
    Spec(
        "Sân chơi cho thiếu nhi trong ấp",
        "van_hoa_xa_hoi",
        "doan_tn",
        "stopped",
        6,
        goals="Dựng sân chơi từ vật liệu tái chế.",
    ),
    Spec(
        "Ông Trần Văn Tám – cựu chiến binh làm kinh tế giỏi",
        "kinh_te",
        "hoi_ccb",
        "registered",
        2,
        year_offset=0,
        kind="exemplar",
        subject="individual",
        person="Trần Văn Tám",
    ),
)

COMMUNE_B = (
    Spec(
        "Tổ dân vận giúp dân làm muối sạch",
        "kinh_te",
        "to_dan_van",
        "recognized",
        2,
        results=(("ho_duoc_ho_tro", "40"), ("ngay_cong", "300")),
        goals="Giúp diêm dân làm muối sạch, bán được giá.",
        method="Tổ dân vận phối hợp hội nông dân tập huấn, vận động trải bạt trên ruộng muối.",
    ),
    Spec(
        "Đội tàu an toàn, bảo vệ biển đảo",
        "quoc_phong_an_ninh",
        "hoi_nong_dan",
        "outstanding",
        1,
        results=(("nguoi_tham_gia", "120"),),
        goals="Ngư dân cùng nhau giữ an toàn khi đánh bắt, báo tin vi phạm trên biển.",
    ),
    Spec(
        "Phụ nữ giữ rừng ngập mặn",
        "van_hoa_xa_hoi",
        "hoi_lhpn",
        "recognized",
        3,
        results=(("nguoi_tham_gia", "75"), ("ngay_cong", "500")),
    ),
    Spec(
        "Thanh niên tình nguyện dọn rác bãi biển",
        "van_hoa_xa_hoi",
        "doan_tn",
        "implementing",
        4,
        results=(("ngay_cong", "360"),),
    ),
    Spec(
        "Mô hình “Dân vận khéo” trong cải cách hành chính",
        "xay_dung_dang",
        "ban_xdd",
        "implementing",
        2,
        year_offset=0,
    ),
    Spec(
        "Bếp ăn tình thương cho người già neo đơn",
        "van_hoa_xa_hoi",
        "mttq",
        "registered",
        3,
        year_offset=0,
        results=(("ho_duoc_ho_tro", "28"), ("kinh_phi_van_dong", "30000000")),
    ),
    Spec(
        "Ông Lê Văn Sáu – ngư dân gương mẫu",
        "quoc_phong_an_ninh",
        "hoi_ccb",
        "recognized",
        5,
        kind="exemplar",
        subject="individual",
        person="Lê Văn Sáu",
    ),
    Spec("Nuôi nghêu theo chuỗi giá trị", "kinh_te", "hoi_nong_dan", "stopped", 6),
    Spec(
        "Thắp sáng đường quê ven biển",
        "nong_thon_moi",
        "doan_tn",
        "registered",
        4,
        year_offset=0,
        results=(("den_chieu_sang", "90"),),
    ),
)

# Records of three more communes, so the city's statistics have several child units to compare.
OTHER = (
    Spec("Dân vận khéo trong giải phóng mặt bằng", "nong_thon_moi", "mttq", "recognized", 3),
    Spec("Tổ hòa giải ở cơ sở", "quoc_phong_an_ninh", "hoi_ccb", "implementing", 5),
    Spec("Quỹ tiết kiệm phụ nữ giúp nhau", "kinh_te", "hoi_lhpn", "registered", 2, year_offset=0),
)

# (source name, replica organization kind, commune key, replica name)
REPLICAS = (
    ("Đường hoa nông thôn mới", "hoi_lhpn", "b", "Đường hoa nông thôn mới (nhân rộng tại xã Thạnh An)"),
    ("Tổ dân vận giúp dân làm muối sạch", "to_dan_van", "a", "Tổ dân vận giúp dân sản xuất sạch"),
)


@dataclass
class _Context:
    today: datetime.date
    users: dict[str, User]
    fields: dict[str, InitiativeField]
    metrics: dict[str, ResultMetric]
    created: int = 0
    existing: int = 0


def create_demo_initiatives() -> dict[str, Any]:
    """Create the demo records and their life-cycle; return counts. Needs orgunits.demo first.

    Every change is made as the demo user who would make it (the audit log names them): the
    commune editors (xa_a, xa_b) register, start and replicate their communes' records and run
    commune A's round, its reviewers score, the city's admin (thanhpho) decides, recognizes,
    assesses and stops.

    Returns {"created", "existing", "gallery_area"}; {"skipped": True} when the demo units or
    users are missing (orgunits.demo has not run).
    """
    users = {user.username: user for user in User.objects.filter(username__in=["admin", "thanhpho", "xa_a", "xa_b"])}
    chosen = demo_communes(OTHER_COMMUNES)
    if chosen is None or len(users) < 4:
        return {"skipped": True, "created": 0, "existing": 0, "gallery_area": None}
    commune_a, commune_b, others = chosen
    context = _Context(
        today=timezone.localdate(),
        users=users,
        fields=InitiativeField.objects.in_bulk(field_name="code"),
        metrics=ResultMetric.objects.in_bulk(field_name="code"),
    )
    with transaction.atomic():
        records_a = _register_all(context, commune_a, COMMUNE_A, users["xa_a"])
        records_b = _register_all(context, commune_b, COMMUNE_B, users["xa_b"])
        records_other = {}
        for commune in others:
            records_other.update(_register_all(context, commune, OTHER, users["thanhpho"]))
        _review_round_a(context, commune_a, records_a)
        # The round's decision changed records through other instances: read them again.
        records_a = _fresh(records_a)
        with acting_as(users["thanhpho"]):
            _recognize_directly(context, {**records_b, **records_other})
            _city_recognition(context, records_a)
            _assess(context, {**records_a, **records_b})
        _replicate(context, {"a": commune_a, "b": commune_b}, {**records_a, **records_b})
        with acting_as(users["thanhpho"]):
            _stop(context, {**records_a, **records_b, **records_other})
        with acting_as(users["xa_a"]):
            gallery, _created = PublicGallery.objects.get_or_create(
                area=commune_a,
                defaults={
                    "is_enabled": True,
                    "title": "Mô hình, điển hình “Dân vận khéo” xã Long Điền",
                    "introduction": "Những cách làm hay của cán bộ, hội viên và nhân dân xã Long Điền.",
                },
            )
    return {"created": context.created, "existing": context.existing, "gallery_area": gallery.area}


#
# Registration
#


def _date(context: _Context, spec: Spec, day: int = 10) -> datetime.date:
    """Return the registration date of a spec: its month of last year or this year, never in the future."""
    return min(datetime.date(context.today.year + spec.year_offset, spec.month, day), context.today)


def _organization(commune: Area, kind_code: str) -> Organization:
    organizations = Organization.objects.filter(kind__code=kind_code, valid_to__isnull=True).order_by("path")
    if kind_code == "to_dan_van":
        return organizations.filter(area__parent=commune).first()
    return organizations.filter(area=commune).first()


def _register_all(context: _Context, commune: Area, specs, user) -> dict[str, tuple[Initiative, Spec]]:
    """Register the specs for `commune` (those not there yet) and start the ones past "registered"."""
    records = {}
    for spec in specs:
        organization = _organization(commune, spec.org)
        if organization is None:
            continue
        # The same models in several communes: the commune's name keeps the names apart.
        name = f"{spec.name} – {commune.name}" if specs is OTHER else spec.name
        record = Initiative.objects.filter(organization=organization, name=name).first()
        if record is not None:
            context.existing += 1
            records[name] = (record, spec)
            continue
        year = context.today.year + spec.year_offset
        stage = Stage.objects.filter(start_year__lte=year, end_year__gte=year).first()
        record = Initiative(
            organization=organization,
            area=organization.area,
            name=name,
            kind=spec.kind,
            subject=spec.subject,
            person_name=spec.person,
            contact_name=spec.contact[0],
            contact_phone=spec.contact[1],
            field=context.fields[spec.field],
            year=year,
            stage=stage,
            registered_on=_date(context, spec),
            start_date=_date(context, spec, day=20),
            goals=spec.goals,
            method=spec.method,
            forces=spec.forces,
        )
        results = [(context.metrics[code], Decimal(value), "") for code, value in spec.results]
        with acting_as(user):
            services.register(record, user=user, results=results)
            if spec.fate != "registered":
                services.start(record, user=user)
        context.created += 1
        records[name] = (record, spec)
    return records


def _fresh(records: dict) -> dict:
    """Return the same {name: (record, spec)} with every record read again from the database."""
    found = Initiative.objects.in_bulk([record.pk for record, _spec in records.values()])
    return {name: (found[record.pk], spec) for name, (record, spec) in records.items()}


#
# Recognition
#


def _review_round_a(context: _Context, commune: Area, records: dict) -> None:
    """Commune A's review round of last year: two reviewers score, the city's admin decides."""
    last_year = context.today.year - 1
    body = _organization(commune, "khoi_dan_van")
    name = ROUND_NAME.format(year=last_year)
    if body is None or ReviewRound.objects.filter(organization=body, name=name).exists():
        return
    verdicts = {"outstanding": Decimal("9.5"), "recognized": Decimal("8"), "city": Decimal("8.5")}
    verdicts["not_recognized"] = Decimal("6")
    entries = [
        (record, verdicts[spec.fate])
        for record, spec in records.values()
        if spec.fate in verdicts and spec.subject == "collective" and record.status == Status.IMPLEMENTING
    ]
    if not entries:
        return
    reviewers = [context.users["xa_a"], context.users["thanhpho"]]
    manager = context.users["xa_a"]
    with acting_as(manager):
        review_round = services.open_round(
            ReviewRound(
                organization=body,
                name=name,
                year=last_year,
                level=RecognitionLevel.COMMUNE,
                criteria_set=CriteriaSet.objects.get(code="mo_hinh_tap_the"),
                recognizing_body=COMMUNE_BODY,
            ),
            user=manager,
            reviewers=reviewers,
        )
        added = services.add_entries(review_round, [record for record, _score in entries], user=manager)
    criteria = list(review_round.criteria_set.criteria.all())
    for entry, (_record, score) in zip(added, entries, strict=True):
        for offset, reviewer in enumerate(reviewers):
            # The two reviewers differ by half a point; their mean is the intended score.
            value = score + (Decimal("0.5") if offset else Decimal("-0.5"))
            with acting_as(reviewer):
                services.record_scores(
                    entry, reviewer=reviewer, values={c.pk: min(value, c.max_score) for c in criteria}
                )
    with acting_as(context.users["thanhpho"]):
        services.decide_round(
            review_round,
            user=context.users["thanhpho"],
            decision_date=min(datetime.date(last_year, 12, 15), context.today),
            decision_number=f"12-QĐ/BCĐ-{last_year}",
        )


def _recognize_directly(context: _Context, records: dict) -> None:
    """Recognitions decided outside a round (commune B and the other communes), last December."""
    decided_on = min(datetime.date(context.today.year - 1, 12, 20), context.today)
    for record, spec in records.values():
        if spec.fate not in ("recognized", "outstanding") or record.status != Status.IMPLEMENTING:
            continue
        services.recognize(
            record,
            user=context.users["thanhpho"],
            level=RecognitionLevel.COMMUNE,
            body=COMMUNE_BODY,
            decision_date=decided_on,
            decision_number=f"08-QĐ/BCĐ-{decided_on.year}",
            is_outstanding=spec.fate == "outstanding",
        )


def _city_recognition(context: _Context, records: dict) -> None:
    """The city recognizes commune A's best model as outstanding and rewards it."""
    for record, spec in records.values():
        if spec.fate != "city" or record.status != Status.RECOGNIZED:
            continue
        if record.recognitions.filter(level=RecognitionLevel.PROVINCE).exists():
            continue
        decided_on = min(datetime.date(context.today.year, 1, 15), context.today)
        recognition = services.recognize(
            record,
            user=context.users["thanhpho"],
            level=RecognitionLevel.PROVINCE,
            body=CITY_BODY,
            decision_date=decided_on,
            decision_number=f"03-QĐ/BCĐ-{decided_on.year}",
            is_outstanding=True,
        )
        services.reward(
            recognition,
            user=context.users["thanhpho"],
            reward_form="Bằng khen",
            reward_body="Ủy ban nhân dân Thành phố",
            reward_decision_number=f"215/QĐ-UBND-{decided_on.year}",
            reward_date=decided_on,
        )


def _assess(context: _Context, records: dict) -> None:
    """Last year's re-review: replicate the good, keep the steady, consolidate the weak."""
    outcomes = {"assess_replicate": Outcome.REPLICATE, "assess_keep": Outcome.KEEP}
    outcomes["assess_consolidate"] = Outcome.CONSOLIDATE
    last_year = context.today.year - 1
    for record, spec in records.values():
        for tag, outcome in outcomes.items():
            if tag in spec.tags and not record.assessments.filter(year=last_year).exists():
                services.assess(
                    record,
                    user=context.users["thanhpho"],
                    year=last_year,
                    outcome=outcome,
                    note="Rà soát cuối năm của Ban Chỉ đạo xã.",
                )


def _replicate(context: _Context, communes: dict[str, Area], records: dict) -> None:
    for source_name, kind_code, commune_key, replica_name in REPLICAS:
        source = records.get(source_name)
        organization = _organization(communes[commune_key], kind_code)
        if source is None or organization is None:
            continue
        if Initiative.objects.filter(organization=organization, name=replica_name).exists():
            context.existing += 1
            continue
        source_record = source[0]
        replica = Initiative(
            organization=organization,
            area=organization.area,
            name=replica_name,
            field=source_record.field,
            year=context.today.year,
            registered_on=min(datetime.date(context.today.year, 2, 1), context.today),
            goals=source_record.goals,
            method=source_record.method,
        )
        user = context.users["xa_a" if commune_key == "a" else "xa_b"]
        with acting_as(user):
            services.replicate(source_record, replica, user=user)
            services.start(replica, user=user)
        context.created += 1


def _stop(context: _Context, records: dict) -> None:
    for record, spec in records.values():
        if spec.fate == "stopped" and record.status != Status.STOPPED:
            services.stop(
                record, user=context.users["thanhpho"], reason="Không còn kinh phí duy trì, người dân ít tham gia."
            )
