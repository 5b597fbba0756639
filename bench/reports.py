"""Benchmark periodic reporting at national scale: roll-ups and the province report document.

Generation (skipped when a complete dataset with the same parameters is present, like
bench/generate.py): a monthly form with 40 indicators (38 typed: most add up over the tree, some
average; 2 rates computed from them) in 5 figure sections of 8, and 3 prose sections; every one
of the 26,568 generated organizations reports every month of 2025 (318,816 reports, 90 %
approved, 5 % submitted, 5 % draft); 38 figures per report (12.1 million rows), and prose for
the three prose sections in June (the month the document is generated for). Reports, figures
and prose are loaded with COPY, with the columns the services write (`DataValue.path`, `period`,
`form`, `status`, `in_rollup` copied from the report, `source` typed; reports not consolidated:
all organizations are at commune level). While the figures load, their plain indexes are dropped
and rebuilt afterwards, and foreign-key triggers are off (session_replication_role = replica):
the ids were just read from the referenced tables. One transaction, with a marker row; then
VACUUM ANALYZE.

Benchmarks:
- reports_rollup_national / reports_rollup_province: one form and month, all 40 indicators,
  through `reports.rollups.values()` (what the roll-up table, the consolidated reports and the
  document call) against the same aggregation written by hand: one grouped SQL query (sum, avg,
  count per indicator of the approved, rolled-up figures), then per indicator its tree rule and
  the two rates, in Python, with the same rounding. Both return the same {indicator: value}
  (checked before timing). Goal: ratio ≤ 1.2 (medians).
- reports_docx_province: a province's consolidated document (`documents.area_content()` and
  `render_docx()`, as /reports/document/ runs them) for a province viewer, June: the figure
  tables, the communes × indicators tables and the prose of its ~800 organizations. Goal ≤ 3 s.

Usage (see scripts/bench.sh): DJANGO_SETTINGS_MODULE=danvan.settings DATABASE_URL=postgres://...
python -m bench.reports [--runs 200] [--force]
"""

import argparse
import datetime
import json
import random
import statistics
import time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import django
from django.apps import apps
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from bench.common import compare, measure, summarize, write_results
from bench.generate import clear_marker, copy_rows, read_marker, reset_sequence, vacuum_analyze, write_marker

MARKER_NAME = "reports"
GOAL_RATIO = 1.2
GOAL_DOCX_MS = 3000.0
FORM_CODE = "bench_monthly"
YEAR = 2025
PROSE_MONTH = 6
STATUSES = [("approved", 90), ("submitted", 5), ("draft", 5)]
# Bump "version" whenever the generated rows change: a stale dataset is then regenerated.
PARAMS = {
    "version": 1,
    "seed": 20251124,
    "form": FORM_CODE,
    "indicators": 40,
    "formulas": 2,
    "year": YEAR,
    "months": 12,
    "statuses": dict(STATUSES),
    "prose_month": PROSE_MONTH,
    "prose_sections": 3,
}
FIGURE_SECTIONS = [
    "Mô hình, điển hình “Dân vận khéo”",
    "Đối thoại, tiếp xúc nhân dân",
    "Tiếp nhận, giải quyết kiến nghị",
    "Hội nghị, văn bản chỉ đạo",
    "Đoàn viên, hội viên",
]
PROSE_SECTIONS = ["Kết quả đạt được", "Hạn chế, nguyên nhân", "Phương hướng, nhiệm vụ"]
SENTENCES = [
    "Tổ chức đối thoại trực tiếp giữa người đứng đầu cấp ủy, chính quyền với Nhân dân về xây dựng nông thôn mới.",
    "Vận động các hộ hiến đất mở rộng đường giao thông nông thôn, không đòi bồi thường.",
    "Phối hợp với Ủy ban Mặt trận Tổ quốc và các đoàn thể nắm tình hình tư tưởng, dư luận xã hội.",
    "Tiếp nhận và chuyển cơ quan chức năng giải quyết các kiến nghị của cử tri đúng thời hạn.",
    "Một số mô hình “Dân vận khéo” chưa được nhân rộng; việc sơ kết, đánh giá còn hình thức.",
    "Công tác nắm bắt tâm tư, nguyện vọng của Nhân dân ở một số ấp, khu phố chưa thường xuyên.",
    "Tiếp tục thực hiện tốt Luật Thực hiện dân chủ ở cơ sở và phong trào thi đua “Dân vận khéo”.",
    "Đẩy mạnh tuyên truyền, vận động đoàn viên, hội viên tham gia bảo vệ an ninh trật tự ở khu dân cư.",
]


#
# Dataset
#


def _catalog() -> dict[str, Any]:
    """Create (or reuse) the monthly benchmark form with its indicators, sections and periods."""
    indicator_model = apps.get_model("reports", "Indicator")
    form_model = apps.get_model("reports", "ReportForm")
    section_model = apps.get_model("reports", "FormSection")
    item_model = apps.get_model("reports", "FormItem")
    period_model = apps.get_model("reports", "Period")
    kinds = apps.get_model("orgunits", "OrganizationKind").objects.filter(
        pk__in=apps.get_model("orgunits", "Organization").objects.values("kind_id")
    )
    form, _created = form_model.objects.update_or_create(
        code=FORM_CODE,
        defaults={
            "name": "Báo cáo tháng (benchmark)",
            "title": "Báo cáo kết quả công tác dân vận",
            "period_type": "month",
        },
    )
    form.organization_kinds.set(kinds)
    typed = []
    for number in range(1, PARAMS["indicators"] - PARAMS["formulas"] + 1):
        indicator, _created = indicator_model.objects.update_or_create(
            code=f"bench_{number:02d}",
            defaults={
                "name": f"Chỉ số thử {number:02d}",
                "unit": "lượt",
                "value_type": "integer",
                # Every tenth averages over the tree, every seventh keeps its last value over time.
                "tree_aggregation": "average" if number % 10 == 0 else "sum",
                "time_aggregation": "last" if number % 7 == 0 else "sum",
            },
        )
        typed.append(indicator)
    rates = []
    for number, (numerator, denominator) in enumerate(
        [(typed[1], typed[0]), (typed[3], typed[2])], start=len(typed) + 1
    ):
        rate, _created = indicator_model.objects.update_or_create(
            code=f"bench_{number:02d}",
            defaults={
                "name": f"Tỷ lệ thử {number:02d}",
                "unit": "%",
                "value_type": "percent",
                "numerator": numerator,
                "denominator": denominator,
            },
        )
        rates.append(rate)
    item_model.objects.filter(section__form=form).delete()
    section_model.objects.filter(form=form).delete()
    indicators = typed + rates
    per_section = len(indicators) // len(FIGURE_SECTIONS)
    for order, title in enumerate(FIGURE_SECTIONS, start=1):
        section = section_model.objects.create(form=form, title=title, kind="figures", sort_order=order)
        chunk = indicators[(order - 1) * per_section : order * per_section]
        for position, indicator in enumerate(chunk, start=1):
            item_model.objects.create(section=section, indicator=indicator, sort_order=position)
    prose = [
        section_model.objects.create(form=form, title=title, kind="prose", sort_order=len(FIGURE_SECTIONS) + order)
        for order, title in enumerate(PROSE_SECTIONS, start=1)
    ]
    periods = [period_model.objects.for_code(f"{YEAR}{month:02d}") for month in range(1, 13)]
    return {"form": form, "typed": typed, "rates": rates, "prose": prose, "periods": periods}


def actual_counts(cursor, form_id: int) -> dict[str, int]:
    cursor.execute("SELECT count(*) FROM reports_report WHERE form_id = %s", [form_id])
    reports = cursor.fetchone()[0]
    cursor.execute("SELECT count(*) FROM reports_datavalue WHERE form_id = %s", [form_id])
    values = cursor.fetchone()[0]
    cursor.execute(
        "SELECT count(*) FROM reports_reporttext t JOIN reports_report r ON r.id = t.report_id WHERE r.form_id = %s",
        [form_id],
    )
    return {"reports": reports, "values": values, "texts": cursor.fetchone()[0]}


def existing_dataset(cursor) -> dict[str, Any] | None:
    marker = read_marker(cursor, MARKER_NAME)
    form_id = (
        apps.get_model("reports", "ReportForm").objects.filter(code=FORM_CODE).values_list("pk", flat=True).first()
    )
    if marker is None or form_id is None or marker[0] != PARAMS:
        return None
    if marker[1] != actual_counts(cursor, form_id):
        return None
    return {"params": marker[0], "counts": marker[1], "seconds": marker[2]}


def _report_rows(rng: random.Random, catalog, organizations, plan: list) -> Any:
    """Yield the report rows (ids assigned here); record (id, path, period, status) in `plan`."""
    now = timezone.now()
    statuses = [status for status, weight in STATUSES for _ in range(weight)]
    form = catalog["form"]
    pk = 0
    for period in catalog["periods"]:
        for org_id, path in organizations:
            pk += 1
            status = rng.choice(statuses)
            sent = status != "draft"
            submitted = datetime.datetime.combine(
                period.end + datetime.timedelta(days=rng.randint(1, 10)), datetime.time(9), tzinfo=datetime.UTC
            )
            plan.append((pk, path, period.pk, status))
            yield {
                "id": pk,
                "created": now,
                "updated": now,
                "organization_id": org_id,
                "path": path,
                "form_id": form.pk,
                "period_id": period.pk,
                "status": status,
                "version": 1,
                "deadline": period.end + datetime.timedelta(days=form.deadline_days),
                "number": "",
                "submitted_at": submitted if sent else None,
                "approved_at": submitted + datetime.timedelta(days=2) if status == "approved" else None,
                "approved_without_children": False,
                "is_consolidated": False,
            }


def _copy_values(cursor, rng: random.Random, catalog, plan) -> None:
    """COPY the figures, 38 per report, as text lines built in Python (12 million rows)."""
    form_id = catalog["form"].pk
    indicator_ids = [indicator.pk for indicator in catalog["typed"]]
    columns = "report_id, indicator_id, number, text, source, in_rollup, path, period_id, form_id, status"
    randint = rng.randint
    with cursor.cursor.copy(f"COPY reports_datavalue ({columns}) FROM STDIN") as copy:
        lines = []
        for pk, path, period_id, status in plan:
            tail = f"\t\ttyped\tt\t{path}\t{period_id}\t{form_id}\t{status}\n"
            lines.extend(f"{pk}\t{indicator_id}\t{randint(0, 250)}{tail}" for indicator_id in indicator_ids)
            if len(lines) >= 100_000:
                copy.write("".join(lines))
                lines = []
        copy.write("".join(lines))


def _text_rows(rng: random.Random, catalog, plan) -> Any:
    june = catalog["periods"][PROSE_MONTH - 1].pk
    text_id = 0
    for pk, _path, period_id, _status in plan:
        if period_id != june:
            continue
        for section in catalog["prose"]:
            text_id += 1
            first = " ".join(rng.sample(SENTENCES, 2))
            second = " ".join(rng.sample(SENTENCES, 2))
            yield {"id": text_id, "report_id": pk, "section_id": section.pk, "text": f"{first}\n{second}"}


def generate() -> dict[str, Any]:
    """Replace every report by the generated ones; return the counts and timings."""
    started = time.perf_counter()
    rng = random.Random(PARAMS["seed"])
    report_model = apps.get_model("reports", "Report")
    text_model = apps.get_model("reports", "ReportText")
    organizations = list(apps.get_model("orgunits", "Organization").objects.order_by("pk").values_list("pk", "path"))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE reports_report RESTART IDENTITY CASCADE")
        catalog = _catalog()
        clear_marker(cursor, MARKER_NAME)
        plan: list[tuple[int, str, int, str]] = []
        copy_rows(cursor, report_model, _report_rows(rng, catalog, organizations, plan))
        reset_sequence(cursor, report_model._meta.db_table)
        reports_loaded = time.perf_counter()
        # Plain indexes are rebuilt once after the load instead of row by row (the primary key and
        # the unique constraint stay); the foreign keys point at ids read from their tables above.
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'reports_datavalue' AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = 'reports_datavalue'::regclass)"
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET LOCAL session_replication_role = replica")
        _copy_values(cursor, rng, catalog, plan)
        copy_rows(cursor, text_model, _text_rows(rng, catalog, plan))
        reset_sequence(cursor, text_model._meta.db_table)
        cursor.execute("SET LOCAL session_replication_role = origin")
        values_loaded = time.perf_counter()
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        counts = actual_counts(cursor, catalog["form"].pk)
        loaded = time.perf_counter()
        write_marker(cursor, MARKER_NAME, PARAMS, counts, loaded - started)
    vacuum_analyze("reports_report", "reports_datavalue", "reports_reporttext")
    finished = time.perf_counter()
    return {
        "generated": True,
        "counts": counts,
        "reports_s": round(reports_loaded - started, 2),
        "values_and_texts_s": round(values_loaded - reports_loaded, 2),
        "indexes_s": round(loaded - values_loaded, 2),
        "vacuum_analyze_s": round(finished - loaded, 2),
        "total_s": round(finished - started, 2),
    }


#
# Benchmarks
#

HAND_SQL = (
    "SELECT indicator_id, sum(number), avg(number), count(number) FROM reports_datavalue "
    "WHERE form_id = %s AND period_id = %s AND status = 'approved' AND in_rollup AND indicator_id = ANY(%s){where} "
    "GROUP BY indicator_id"
)
PLACES = Decimal("0.01")


def _hand_values(form, period, typed, rates, prefix: str | None) -> dict[int, Decimal | None]:
    """The same roll-up by hand: one grouped query, the tree rule per indicator, the two rates."""
    sql = HAND_SQL.format(where=" AND path LIKE %s" if prefix else "")
    params = [form.pk, period.pk, [i.pk for i in typed]] + ([prefix + "%"] if prefix else [])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = {row[0]: row[1:] for row in cursor.fetchall()}
    result: dict[int, Decimal | None] = {}
    for indicator in typed:
        total, mean, count = rows.get(indicator.pk, (None, None, 0))
        result[indicator.pk] = None if not count else (mean if indicator.tree_aggregation == "average" else total)
    for rate in rates:
        numerator, denominator = result[rate.numerator_id], result[rate.denominator_id]
        result[rate.pk] = (
            None
            if numerator is None or not denominator
            else (numerator / denominator * rate.multiplier).quantize(PLACES, rounding=ROUND_HALF_UP)
        )
    return result


def _entry(name: str, timings: dict, **extra: Any) -> dict[str, Any]:
    app, sql = timings["app"], timings["sql"]
    ratio = round(app["median"] / sql["median"], 3)
    return {
        "name": name,
        "app_ms": app["median"],
        "sql_ms": sql["median"],
        "ratio": ratio,
        "goal_ratio": GOAL_RATIO,
        "goal_met": ratio <= GOAL_RATIO,
        "p95_app_ms": app["p95"],
        "p95_sql_ms": sql["p95"],
        "min_app_ms": app["min"],
        "min_sql_ms": sql["min"],
        "runs": app["runs"],
        **extra,
    }


def _plan(form, period, typed, prefix: str | None) -> list[str]:
    sql = HAND_SQL.format(where=" AND path LIKE %s" if prefix else "")
    params = [form.pk, period.pk, [i.pk for i in typed]] + ([prefix + "%"] if prefix else [])
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql, params)
        return [row[0] for row in cursor.fetchall()]


def bench_rollups(runs: int, rng: random.Random) -> list[dict[str, Any]]:
    from core.scope import prefix_q  # noqa: PLC0415 -- after django.setup()
    from reports import rollups  # noqa: PLC0415

    indicator_model = apps.get_model("reports", "Indicator")
    form = apps.get_model("reports", "ReportForm").objects.get(code=FORM_CODE)
    codes = [f"bench_{n:02d}" for n in range(1, PARAMS["indicators"] + 1)]
    indicators = list(
        indicator_model.objects.filter(code__in=codes).select_related("numerator", "denominator").order_by("code")
    )
    typed = [i for i in indicators if not i.is_formula]
    rates = [i for i in indicators if i.is_formula]
    periods = list(apps.get_model("reports", "Period").objects.filter(code__startswith=str(YEAR), type="month"))
    provinces = list(apps.get_model("orgunits", "Area").objects.filter(level=1).order_by("pk"))

    def app_national(period):
        return rollups.values(form, period, indicators, ["/"])

    def sql_national(period):
        return _hand_values(form, period, typed, rates, None)

    def app_province(arg):
        province, period = arg
        return rollups.values(form, period, indicators, [province.path])

    def sql_province(arg):
        province, period = arg
        return _hand_values(form, period, typed, rates, province.path)

    def app_build(arg):
        # What rollups.values() does before the cursor: the indicators' parts, the periods, the
        # grouped queryset, compiled to SQL (its private steps, in its order; no database).
        province, period = arg
        needed = rollups._components(indicators)
        periods_ = rollups.sub_periods(form, period)
        queryset = (
            rollups._base_queryset(form, periods_, needed, rollups.APPROVED)
            .filter(prefix_q("path", [province.path]))
            .values(*rollups.grouping(periods_))
            .annotate(**rollups.AGGREGATES)
        )
        return queryset.query.sql_with_params()

    national_args = [rng.choice(periods) for _ in range(max(20, runs // 10))]
    province_args = [(rng.choice(provinces), rng.choice(periods)) for _ in range(runs)]
    for period in national_args[:3]:
        assert app_national(period) == sql_national(period), f"national roll-up disagrees for {period.code}"
    for arg in province_args[:20]:
        assert app_province(arg) == sql_province(arg), f"province roll-up disagrees for {arg}"
    national = compare({"app": app_national, "sql": sql_national}, national_args, warmup=3)
    province = compare({"app": app_province, "sql": sql_province, "build": app_build}, province_args, warmup=20)
    note = (
        "app: reports.rollups.values(form, period, 40 indicators, [prefix]) with the indicators loaded once "
        "(select_related numerator/denominator); sql: one hand-written grouped query (sum, avg, count per "
        "indicator) and the tree rule and the two rates in Python, same rounding; results checked equal; "
        "app_build_ms: building and compiling the app's query, without the database"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM reports_datavalue WHERE form_id = %s AND period_id = %s", [form.pk, periods[0].pk]
        )
        rows_national = cursor.fetchone()[0]
    return [
        _entry(
            "reports_rollup_national",
            national,
            note=note,
            values_per_period=rows_national,
            plan=_plan(form, periods[0], typed, None),
        ),
        _entry(
            "reports_rollup_province",
            province,
            note=note,
            values_per_period_mean=round(rows_national / len(provinces)),
            app_build_ms=province["build"]["median"],
            plan=_plan(form, periods[0], typed, provinces[0].path),
        ),
    ]


def _viewer(province):
    user_model = apps.get_model("accounts", "User")
    user, _created = user_model.objects.get_or_create(username=f"bench_viewer_{province.pk}")
    apps.get_model("accounts", "RoleAssignment").objects.get_or_create(user=user, role="viewer", area=province)
    return user


def bench_docx(runs: int) -> dict[str, Any]:
    """Time a province's consolidated document (content and DOCX) for June, per province."""
    from core.scope import clear_scope_cache  # noqa: PLC0415 -- after django.setup()
    from reports import documents  # noqa: PLC0415

    form = apps.get_model("reports", "ReportForm").objects.get(code=FORM_CODE)
    june = apps.get_model("reports", "Period").objects.get(code=f"{YEAR}{PROSE_MONTH:02d}")
    area_model = apps.get_model("orgunits", "Area")
    provinces = list(area_model.objects.filter(level=1).order_by("pk"))
    sizes = dict(area_model.objects.filter(level=3).values_list("parent_id").annotate(n=Count("pk")))
    largest = max(provinces, key=lambda p: sizes.get(p.pk, 0))
    viewers = {p.pk: _viewer(p) for p in provinces}
    sizes_bytes: dict[int, int] = {}
    parts_ms: dict[str, list[float]] = {"content": [], "render": []}

    def build(province):
        user = viewers[province.pk]
        clear_scope_cache(user)  # a new request
        start = time.perf_counter_ns()
        content = documents.area_content(form, june, province, user=user)
        middle = time.perf_counter_ns()
        data = documents.render_docx(content)
        parts_ms["content"].append((middle - start) / 1e6)
        parts_ms["render"].append((time.perf_counter_ns() - middle) / 1e6)
        sizes_bytes[province.pk] = len(data)
        return content

    # Every province `runs` times over, in a fixed order, then the largest one on its own.
    overall = measure(build, provinces * max(1, runs), warmup=3)
    largest_samples = []
    for _ in range(max(5, runs)):
        start = time.perf_counter_ns()
        content = build(largest)
        largest_samples.append((time.perf_counter_ns() - start) / 1e6)
    largest_timing = summarize(largest_samples)
    child_texts = sum(len(s.child_texts) for s in content.sections)
    child_rows = sum(len(t.rows) for s in content.sections for t in s.child_tables)
    return {
        "name": "reports_docx_province",
        "app_ms": overall["median"],
        "p95_app_ms": overall["p95"],
        "max_province_median_ms": largest_timing["median"],
        "max_province_p95_ms": largest_timing["p95"],
        "goal_ms": GOAL_DOCX_MS,
        "goal_met": largest_timing["p95"] <= GOAL_DOCX_MS and overall["p95"] <= GOAL_DOCX_MS,
        "content_ms": round(statistics.median(parts_ms["content"]), 3),
        "render_ms": round(statistics.median(parts_ms["render"]), 3),
        "runs": overall["runs"],
        "largest_province": largest.name,
        "largest_province_communes": sizes.get(largest.pk, 0),
        "largest_province_child_texts": child_texts,
        "largest_province_child_table_rows": child_rows,
        "largest_province_docx_bytes": sizes_bytes[largest.pk],
        "median_docx_bytes": round(statistics.median(sizes_bytes.values())),
        "note": (
            "app_ms/p95_app_ms: documents.area_content() + render_docx() for each of the 34 provinces "
            "(a province viewer, June), as /reports/document/ runs them; max_province_*: the province "
            "with the most communes; content_ms/render_ms: medians of the two steps over all the calls"
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--force", action="store_true", help="regenerate the reports")
    options = parser.parse_args()
    django.setup()
    if connection.vendor != "postgresql":
        raise SystemExit("bench.reports needs PostgreSQL: set DATABASE_URL=postgres://...")
    with connection.cursor() as cursor:
        existing = None if options.force else existing_dataset(cursor)
    generated = existing or generate()
    entries = bench_rollups(options.runs, random.Random(PARAMS["seed"]))
    entries.append(bench_docx(max(1, options.runs // 100)))
    for item in entries:
        item["dataset"] = generated.get("counts")
    write_results(entries)
    print(json.dumps({"dataset": generated, "results": entries}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
