"""Choices of the "Dân vận khéo" registry: kinds, statuses, recognition levels, outcomes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InitiativeKind(models.TextChoices):
    MODEL = "model", _("Mô hình")
    EXEMPLAR = "exemplar", _("Điển hình")


class Subject(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class Status(models.TextChoices):
    REGISTERED = "registered", _("Đã đăng ký")
    IMPLEMENTING = "implementing", _("Đang triển khai")
    UNDER_REVIEW = "under_review", _("Đang bình xét")
    RECOGNIZED = "recognized", _("Đã công nhận")
    NOT_RECOGNIZED = "not_recognized", _("Chưa được công nhận")
    STOPPED = "stopped", _("Dừng thực hiện")


class RecognitionLevel(models.IntegerChoices):
    """The level of the body that recognizes a model; a higher number is a higher level."""

    HAMLET = 1, _("Cấp thôn, tổ dân phố")
    COMMUNE = 2, _("Cấp xã")
    DISTRICT = 3, _("Cấp huyện (trước 01/7/2025)")
    PROVINCE = 4, _("Cấp tỉnh")
    CENTRAL = 5, _("Trung ương")


class Outcome(models.TextChoices):
    """The yearly re-review's verdict on a model."""

    REPLICATE = "replicate", _("Nhân rộng")
    KEEP = "keep", _("Duy trì")
    CONSOLIDATE = "consolidate", _("Cần củng cố")
    STOP = "stop", _("Dừng thực hiện")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Đang chấm điểm")
    DECIDED = "decided", _("Đã có kết quả")


class EntryResult(models.TextChoices):
    PENDING = "pending", _("Chưa có kết quả")
    RECOGNIZED = "recognized", _("Công nhận")
    OUTSTANDING = "outstanding", _("Công nhận, tiêu biểu")
    NOT_RECOGNIZED = "not_recognized", _("Không công nhận")


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Hình ảnh")
    DOCUMENT = "document", _("Tài liệu")


class TransitionAction(models.TextChoices):
    """What happened to a model, as its timeline shows it."""

    REGISTER = "register", _("Đăng ký")
    START = "start", _("Bắt đầu triển khai")
    SUBMIT = "submit", _("Đưa vào bình xét")
    WITHDRAW = "withdraw", _("Rút khỏi đợt bình xét")
    RECOGNIZE = "recognize", _("Công nhận")
    NOT_RECOGNIZE = "not_recognize", _("Không công nhận")
    OUTSTANDING = "outstanding", _("Công nhận tiêu biểu")
    REWARD = "reward", _("Khen thưởng")
    ASSESS = "assess", _("Rà soát, đánh giá hằng năm")
    STOP = "stop", _("Dừng thực hiện")
    RESUME = "resume", _("Tiếp tục thực hiện")
    REPLICATED = "replicated", _("Được nhân rộng")


class PeriodPreset(models.TextChoices):
    """The periods the statistics are asked for: the reporting periods of the Dân vận work."""

    YEAR = "year", _("Cả năm")
    FIRST_HALF = "h1", _("6 tháng đầu năm")
    NINE_MONTHS = "m9", _("9 tháng")
    Q1 = "q1", _("Quý I")
    Q2 = "q2", _("Quý II")
    Q3 = "q3", _("Quý III")
    Q4 = "q4", _("Quý IV")
    STAGE = "stage", _("Giai đoạn thi đua")
    CUSTOM = "custom", _("Từ ngày – đến ngày")


def effective_label(value) -> str:
    """A record's effectiveness (`is_effective`: true, false, or not assessed yet) in words."""
    if value is None:
        return str(_("Chưa đánh giá"))
    return str(_("Hiệu quả")) if value else str(_("Chưa hiệu quả"))
