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
    MERGE = "merge", _("Sắp xếp, hợp nhất")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên")
    TRANSFER = "transfer", _("Điều chỉnh địa giới")
    ESTABLISH = "establish", _("Thành lập mới")
    ABOLISH = "abolish", _("Giải thể, kết thúc hoạt động")
    CONTINUE = "continue", _("Kế thừa nguyên trạng")
