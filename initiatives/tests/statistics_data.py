"""The statistics tests' dataset (fixture `data` in conftest.py), in the test `world`.

One crafted dataset in province P (communes A and B) and province Q, for the year 2025:

    rec  owner        registered  field     effective  recognitions (decision date)      notes
    r1   front A      2025-03-01  kinh tế   yes        2025-06-10 outstanding, 2025-12-01
    r2   front A      2024-05-01  kinh tế   yes        2024-12-31, 2025-02-01
    r3   front A      2025-12-31  VH-XH     —                                           exemplar, individual
    r4   front A      2026-01-01  kinh tế   yes        2026-02-01                        after the period
    r5   front A      2025-01-01  VH-XH     no                                          stopped
    r6   farmers A    2025-04-01  kinh tế   yes                                         replica of r1
    r7   farmers A    2025-05-01  NTM       —                                           replica of r1
    r8   front B      2025-07-01  QP-AN     yes        2025-12-31 outstanding
    r9   front B      2025-08-01  kinh tế   —                                           replica of r2
    r10  front P      2025-09-01  kinh tế   yes                                         the province's own
    r11  front Q      2025-03-01  kinh tế   yes        2025-04-01                        another province
"""

import datetime
from decimal import Decimal

from initiatives.choices import Status
from initiatives.models import Recognition, ResultValue
from tests.factories.initiatives import InitiativeFactory, field, metric
from tests.factories.orgunits import organization

D = datetime.date


def _recognize(record, on, outstanding=False, level=2):
    Recognition.objects.create(
        initiative=record, level=level, body="Ban Chỉ đạo", decision_date=on, is_outstanding=outstanding
    )


def build(world) -> dict:
    """Create the dataset above in `world`; return its records by number (r[1]...r[11])."""
    front_p = organization(world.province, "mttq", name="Ủy ban MTTQ tỉnh")
    farmers_a = organization(world.commune_a, "hoi_nong_dan")
    front_q = organization(world.other_province, "mttq")

    def make(org, registered_on, field_code="kinh_te", effective=None, **kwargs):
        return InitiativeFactory(
            organization=org, registered_on=registered_on, field=field(field_code), is_effective=effective, **kwargs
        )

    r = {}
    r[1] = make(world.front_a, D(2025, 3, 1), effective=True, recognition_level=2, is_outstanding=True)
    r[2] = make(world.front_a, D(2024, 5, 1), effective=True, recognition_level=2)
    r[3] = make(
        world.front_a, D(2025, 12, 31), "van_hoa_xa_hoi", kind="exemplar", subject="individual", person_name="Bà Tư"
    )
    r[4] = make(world.front_a, D(2026, 1, 1), effective=True, recognition_level=2)
    r[5] = make(world.front_a, D(2025, 1, 1), "van_hoa_xa_hoi", effective=False, status=Status.STOPPED)
    r[6] = make(farmers_a, D(2025, 4, 1), effective=True, replicated_from=r[1], area=world.hamlet_a)
    r[7] = make(farmers_a, D(2025, 5, 1), "nong_thon_moi", replicated_from=r[1])
    r[8] = make(world.front_b, D(2025, 7, 1), "quoc_phong_an_ninh", effective=True, recognition_level=2)
    r[9] = make(world.front_b, D(2025, 8, 1), replicated_from=r[2])
    r[10] = make(front_p, D(2025, 9, 1), effective=True)
    r[11] = make(front_q, D(2025, 3, 1), effective=True, recognition_level=2)
    _recognize(r[1], D(2025, 6, 10), outstanding=True)
    _recognize(r[1], D(2025, 12, 1), level=4)
    _recognize(r[2], D(2024, 12, 31))
    _recognize(r[2], D(2025, 2, 1))
    _recognize(r[4], D(2026, 2, 1))
    _recognize(r[8], D(2025, 12, 31), outstanding=True)
    _recognize(r[11], D(2025, 4, 1))
    for record, code, value in [
        (r[1], "duong_giao_thong", "10700"),
        (r[1], "den_chieu_sang", "270"),
        (r[6], "den_chieu_sang", "30"),
        (r[8], "kinh_phi_van_dong", "70000000"),
        (r[2], "den_chieu_sang", "100"),
        (r[4], "den_chieu_sang", "5"),
        (r[11], "den_chieu_sang", "7"),
    ]:
        ResultValue.objects.create(initiative=record, metric=metric(code), value=Decimal(value))
    return r
