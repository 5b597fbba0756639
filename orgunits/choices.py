from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.IntegerChoices):
    PROVINCE = 1, _("Cấp tỉnh")
    DISTRICT = 2, _("Cấp huyện (trước 01/7/2025)")
    COMMUNE = 3, _("Cấp xã")
    HAMLET = 4, _("Thôn, ấp, bản, khu phố, tổ dân phố")


class OrganizationCategory(models.TextChoices):
    PARTY = "party", _("Cấp ủy, cơ quan Đảng")
    DAN_VAN = "dan_van", _("Khối, tổ dân vận")
    FRONT = "front", _("Mặt trận Tổ quốc")
    MEMBER = "member", _("Tổ chức chính trị - xã hội")
    ASSOCIATION = "association", _("Hội quần chúng")
    STATE = "state", _("Cơ quan nhà nước")
    OTHER = "other", _("Khác")


class UnitSource(models.TextChoices):
    PACKAGE_CURRENT = "package_current", _("Danh mục hành chính hiện hành")
    PACKAGE_LEGACY = "package_legacy", _("Danh mục hành chính trước 01/7/2025")
    IMPORT = "import", _("Nhập từ Excel")
    DEMO = "demo", _("Dữ liệu mẫu")
    MANUAL = "manual", _("Nhập tay")


class ClusterKind(models.TextChoices):
    EMULATION = "emulation", _("Cụm, khối thi đua")
    BRIEFING = "briefing", _("Cụm giao ban")
    OTHER = "other", _("Khác")


class RearrangementKind(models.TextChoices):
    """How areas were re-arranged; each kind implies how many areas stand on each side.

    The counts (`REARRANGEMENT_COUNTS`, checked by `Rearrangement.clean_links()`):

    - merge: two or more predecessors form exactly one successor. One unit absorbed into
      another that carries on is a boundary adjustment (transfer), not a merge.
    - split: exactly one predecessor is divided into two or more successors. The 2025 load
      records one re-arrangement per new commune, so a divided commune appears in several
      re-arrangements of the same date, each with one successor: a split with a single successor
      is accepted only when its predecessor is re-arranged by another record of the same date.
    - rename and continue: exactly one predecessor and one successor (two rows: the unit before
      and after the date, as the loader records the provinces that kept their name).
    - transfer: at least one predecessor gives territory to at least one successor.
    - establish: at least one successor, formed from any number of predecessors (none when the
      unit is new or its origins are not recorded).
    - abolish: at least one predecessor and no successor (its territory going to another unit is
      a merge or a transfer).
    """

    MERGE = "merge", _("Sắp xếp, hợp nhất")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên")
    TRANSFER = "transfer", _("Điều chỉnh địa giới")
    ESTABLISH = "establish", _("Thành lập mới")
    ABOLISH = "abolish", _("Giải thể, kết thúc hoạt động")
    CONTINUE = "continue", _("Kế thừa nguyên trạng")


# (fewest, most) predecessors and (fewest, most) successors of each kind; None: no upper bound.
REARRANGEMENT_COUNTS: dict[str, tuple[tuple[int, int | None], tuple[int, int | None]]] = {
    RearrangementKind.MERGE: ((2, None), (1, 1)),
    RearrangementKind.SPLIT: ((1, 1), (2, None)),
    RearrangementKind.RENAME: ((1, 1), (1, 1)),
    RearrangementKind.TRANSFER: ((1, None), (1, None)),
    RearrangementKind.ESTABLISH: ((0, None), (1, None)),
    RearrangementKind.ABOLISH: ((1, None), (0, 0)),
    RearrangementKind.CONTINUE: ((1, 1), (1, 1)),
}

# What to choose instead, after a count refused for the kind (appended to the message).
REARRANGEMENT_COUNT_HINTS = {
    (RearrangementKind.MERGE, "predecessors"): _(
        "Nếu chỉ nhập một đơn vị vào một đơn vị khác vẫn giữ nguyên, chọn “Điều chỉnh địa giới”."
    ),
    (RearrangementKind.SPLIT, "successors"): _(
        "Ghi mọi đơn vị nhận một phần của đơn vị bị chia tách trong cùng một lần sắp xếp."
    ),
    (RearrangementKind.ABOLISH, "successors"): _(
        "Nếu địa bàn được chuyển cho đơn vị khác, chọn “Sắp xếp, hợp nhất” hoặc “Điều chỉnh địa giới”."
    ),
}
