"""Reporting periods and their stable identifiers (DHIS2 style), without the database.

Identifiers: month "202403", quarter "2024Q2", six months "2018S1"/"2018S2", nine months (the
first nine months of the year) "2024N9", year "2016", custom range "20250101_20250315".
A period's `end` is inclusive.
"""

import datetime
import re
from calendar import monthrange
from dataclasses import dataclass

from django.utils.translation import gettext as _

from reports.choices import PeriodType

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_PATTERNS = [
    (PeriodType.MONTH, re.compile(r"^(\d{4})(0[1-9]|1[0-2])$")),
    (PeriodType.QUARTER, re.compile(r"^(\d{4})Q([1-4])$")),
    (PeriodType.SIX_MONTHS, re.compile(r"^(\d{4})S([12])$")),
    (PeriodType.NINE_MONTHS, re.compile(r"^(\d{4})N9$")),
    (PeriodType.YEAR, re.compile(r"^(\d{4})$")),
    (PeriodType.CUSTOM, re.compile(r"^(\d{8})_(\d{8})$")),
]
MIN_YEAR, MAX_YEAR = 2000, 2100


class InvalidPeriod(ValueError):
    """The text is not a period identifier; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class PeriodSpec:
    type: str
    start: datetime.date
    end: datetime.date
    code: str

    @property
    def name(self) -> str:
        return period_name(self)

    def contains(self, other: "PeriodSpec") -> bool:
        return self.start <= other.start and other.end <= self.end


def _last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, monthrange(year, month)[1])


def _check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidPeriod(
            _("Năm %(year)s nằm ngoài khoảng %(min)s–%(max)s.") % {"year": year, "min": MIN_YEAR, "max": MAX_YEAR}
        )
    return year


def month(year: int, number: int) -> PeriodSpec:
    _check_year(year)
    return PeriodSpec(PeriodType.MONTH, datetime.date(year, number, 1), _last_day(year, number), f"{year}{number:02d}")


def quarter(year: int, number: int) -> PeriodSpec:
    _check_year(year)
    first = 3 * (number - 1) + 1
    return PeriodSpec(PeriodType.QUARTER, datetime.date(year, first, 1), _last_day(year, first + 2), f"{year}Q{number}")


def six_months(year: int, half: int) -> PeriodSpec:
    _check_year(year)
    first = 1 if half == 1 else 7
    return PeriodSpec(
        PeriodType.SIX_MONTHS, datetime.date(year, first, 1), _last_day(year, first + 5), f"{year}S{half}"
    )


def nine_months(year: int) -> PeriodSpec:
    _check_year(year)
    return PeriodSpec(PeriodType.NINE_MONTHS, datetime.date(year, 1, 1), datetime.date(year, 9, 30), f"{year}N9")


def year(number: int) -> PeriodSpec:
    _check_year(number)
    return PeriodSpec(PeriodType.YEAR, datetime.date(number, 1, 1), datetime.date(number, 12, 31), str(number))


def custom(start: datetime.date, end: datetime.date) -> PeriodSpec:
    _check_year(start.year)
    _check_year(end.year)
    if end < start:
        raise InvalidPeriod(_("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
    return PeriodSpec(PeriodType.CUSTOM, start, end, f"{start:%Y%m%d}_{end:%Y%m%d}")


def check_reportable(period: PeriodSpec, today: datetime.date) -> None:
    """Raise InvalidPeriod unless a report can be made for `period` on `today`.

    A periodic report tells what happened in its period: the period must have begun (the one in
    progress may be drafted). Periods before MIN_YEAR predate the system's catalog.
    """
    if period.start.year < MIN_YEAR:
        raise InvalidPeriod(
            _("Kỳ báo cáo %(name)s trước năm %(min)s: không lập báo cáo được.") % {"name": period.name, "min": MIN_YEAR}
        )
    if period.start > today:
        raise InvalidPeriod(
            _("Kỳ báo cáo %(name)s chưa bắt đầu (từ ngày %(start)s).")
            % {"name": period.name, "start": f"{period.start:%d/%m/%Y}"}
        )


def parse(code: str) -> PeriodSpec:
    """Return the period a stable identifier names; raise InvalidPeriod otherwise."""
    text = (code or "").strip().upper()
    for period_type, pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        if period_type == PeriodType.CUSTOM:
            try:
                start, end = (datetime.datetime.strptime(part, "%Y%m%d").date() for part in match.groups())
            except ValueError as error:
                raise InvalidPeriod(_("Ngày trong mã kỳ “%(code)s” không hợp lệ.") % {"code": code}) from error
            return custom(start, end)
        number = int(match.group(1))
        if period_type == PeriodType.MONTH:
            return month(number, int(match.group(2)))
        if period_type == PeriodType.QUARTER:
            return quarter(number, int(match.group(2)))
        if period_type == PeriodType.SIX_MONTHS:
            return six_months(number, int(match.group(2)))
        if period_type == PeriodType.NINE_MONTHS:
            return nine_months(number)
        return year(number)
    raise InvalidPeriod(
        _("“%(code)s” không phải là mã kỳ báo cáo hợp lệ (ví dụ: 202403, 2024Q2, 2024S1, 2024N9, 2024).")
        % {"code": code}
    )


def containing(period_type: str, day: datetime.date) -> PeriodSpec:
    """Return the period of `period_type` that contains `day` (nine months: of its year)."""
    if period_type == PeriodType.MONTH:
        return month(day.year, day.month)
    if period_type == PeriodType.QUARTER:
        return quarter(day.year, (day.month - 1) // 3 + 1)
    if period_type == PeriodType.SIX_MONTHS:
        return six_months(day.year, 1 if day.month <= 6 else 2)
    if period_type == PeriodType.NINE_MONTHS:
        return nine_months(day.year)
    if period_type == PeriodType.YEAR:
        return year(day.year)
    raise InvalidPeriod(_("Kỳ tùy chọn không có kỳ chứa một ngày."))


def periods_of_year(period_type: str, number: int) -> list[PeriodSpec]:
    """Return every period of `period_type` in the year `number`, in order."""
    if period_type == PeriodType.MONTH:
        return [month(number, m) for m in range(1, 13)]
    if period_type == PeriodType.QUARTER:
        return [quarter(number, q) for q in range(1, 5)]
    if period_type == PeriodType.SIX_MONTHS:
        return [six_months(number, 1), six_months(number, 2)]
    if period_type == PeriodType.NINE_MONTHS:
        return [nine_months(number)]
    if period_type == PeriodType.YEAR:
        return [year(number)]
    return []


def months_in(period: PeriodSpec) -> list[PeriodSpec]:
    """Return the calendar months a (non-custom) period is made of, in order."""
    result, day = [], period.start
    while day <= period.end:
        result.append(month(day.year, day.month))
        day = result[-1].end + datetime.timedelta(days=1)
    return result


def period_name(period: PeriodSpec) -> str:
    """Return how reports name the period: "Tháng 3/2024", "Quý II/2024", "6 tháng đầu năm 2018"..."""
    start, end = period.start, period.end
    if period.type == PeriodType.MONTH:
        return _("Tháng %(month)s/%(year)s") % {"month": start.month, "year": start.year}
    if period.type == PeriodType.QUARTER:
        return _("Quý %(quarter)s/%(year)s") % {"quarter": ROMAN[(start.month - 1) // 3 + 1], "year": start.year}
    if period.type == PeriodType.SIX_MONTHS:
        if start.month == 1:
            return _("6 tháng đầu năm %(year)s") % {"year": start.year}
        return _("6 tháng cuối năm %(year)s") % {"year": start.year}
    if period.type == PeriodType.NINE_MONTHS:
        return _("9 tháng đầu năm %(year)s") % {"year": start.year}
    if period.type == PeriodType.YEAR:
        return _("Năm %(year)s") % {"year": start.year}
    return _("Từ %(start)s đến %(end)s") % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"}
