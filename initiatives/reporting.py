"""The registry's figures offered to periodic reports (reports.providers), counted for a unit's
area and a period without a user's scope: a report states its unit's figures, and who may read
the report is decided by the report's own scope.

Definitions are those of initiatives/queries.py (the statistics page), so a report and the
statistics page agree.
"""

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from initiatives.choices import Status
from initiatives.models import Initiative, Recognition
from reports import providers


def _records(area_path: str, end: datetime.date):
    return Initiative.objects.filter(path__startswith=area_path, registered_on__lte=end).order_by()


def registered(area_path: str, start: datetime.date, end: datetime.date) -> int:
    return _records(area_path, end).filter(registered_on__gte=start).count()


def effective(area_path: str, start: datetime.date, end: datetime.date) -> int:
    return _records(area_path, end).filter(is_effective=True).count()


def replicated(area_path: str, start: datetime.date, end: datetime.date) -> int:
    return _records(area_path, end).filter(registered_on__gte=start, replicated_from__isnull=False).count()


def stopped(area_path: str, start: datetime.date, end: datetime.date) -> int:
    return _records(area_path, end).filter(status=Status.STOPPED).count()


def _recognitions(area_path: str, start: datetime.date, end: datetime.date):
    return Recognition.objects.filter(
        initiative__path__startswith=area_path, decision_date__gte=start, decision_date__lte=end
    ).order_by()


def recognized(area_path: str, start: datetime.date, end: datetime.date) -> int:
    return _recognitions(area_path, start, end).aggregate(n=Count("initiative", distinct=True))["n"]


def outstanding(area_path: str, start: datetime.date, end: datetime.date) -> int:
    return _recognitions(area_path, start, end).aggregate(
        n=Count("initiative", filter=Q(is_outstanding=True), distinct=True)
    )["n"]


def register_providers() -> None:
    providers.register("initiatives.registered", _("Mô hình, điển hình đăng ký trong kỳ"), registered)
    providers.register("initiatives.effective", _("Mô hình, điển hình hiệu quả (đến cuối kỳ)"), effective)
    providers.register("initiatives.recognized", _("Mô hình, điển hình được công nhận trong kỳ"), recognized)
    providers.register("initiatives.outstanding", _("Mô hình, điển hình tiêu biểu trong kỳ"), outstanding)
    providers.register("initiatives.replicated", _("Mô hình được nhân rộng trong kỳ"), replicated)
    providers.register("initiatives.stopped", _("Mô hình dừng thực hiện (đến cuối kỳ)"), stopped)
