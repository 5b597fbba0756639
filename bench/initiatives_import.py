"""Benchmark the Excel import of a 10,000-row registration list against just reading the file.

The file is generated in the layout of the import template for one province of the database (the
generated national tree on PostgreSQL, or any database with a province that has organizations):
10,000 records spread over the province's organizations, half of them in a named hamlet, with
three result columns in Vietnamese number formats. Two things are timed, alternating:

- read_only: `openpyxl.load_workbook(read_only=True, data_only=True)` and iterating over every
  row's values: the least any import of the file must do;
- app: the import job exactly as the worker runs it (`RegistrationImport(job).run()`): read the
  file through the app's reader, check every row, lock the organizations, re-check what the
  database may have changed, and write the records, results, transitions and audit entries in
  bulk, with the job's progress saves.

Each app run happens inside a transaction that is rolled back, so the database (and the other
benchmarks' datasets) stay as they were; the commit itself is therefore not timed. The app's runs
also time their phases (read, validate, lock and re-check, write; medians in `phases_ms`), and
`--register-rows N` (default 1,000) times `services.register()` row by row on N rows, the path
the bulk write replaces. Each side is also timed in CPU time (this process plus, on PostgreSQL,
its server backend read from /proc): `cpu_ratio` is what the ratio is on a machine without
other load, which wall times on a shared machine are not.

Usage: DEBUG=false DATABASE_URL=postgres://... python -m bench.initiatives_import [--runs 3] [--rows 10000]
(DEBUG=false as in scripts/bench.sh, so no debug cursor records the queries.)
Writes its entry to bench/results.json (bench.common.write_results) and prints it as JSON.
"""

import argparse
import io
import json
import os
import secrets
import statistics
import tempfile
import time
from typing import Any

import django
from django.db import connection, transaction
from django.test.utils import override_settings

from bench.common import summarize, write_results

NAME = "initiatives_import_10000"
GOAL_RATIO = 3.0
RESULT_COLUMNS = 3


#
# The file
#


def choose_province(area_id: int | None):
    """Return the province to import into: `area_id`, or the province with the most organizations."""
    from orgunits.choices import AreaLevel  # noqa: PLC0415 -- after django.setup()
    from orgunits.models import Area, Organization  # noqa: PLC0415 -- after django.setup()

    if area_id:
        return Area.objects.get(pk=area_id)
    per_province: dict[int, int] = {}
    for path in Organization.objects.current().values_list("path", flat=True).iterator():
        province_id = int(path.split("/")[1])
        per_province[province_id] = per_province.get(province_id, 0) + 1
    provinces = Area.objects.filter(pk__in=per_province, level=AreaLevel.PROVINCE).current()
    by_count = sorted(provinces, key=lambda area: (-per_province[area.pk], area.pk))
    if not by_count:
        raise SystemExit("No province with organizations: run `python -m bench.generate` or `manage.py demo` first.")
    # The median province by organizations, as a typical import (the largest would flatter nothing).
    return by_count[len(by_count) // 2]


def build_file(province, rows: int, token: str) -> tuple[bytes, dict[str, Any]]:
    """Return the .xlsx of `rows` records for the organizations of `province`, and what it holds."""
    from openpyxl import Workbook  # noqa: PLC0415 -- after django.setup()

    from initiatives import imports  # noqa: PLC0415 -- after django.setup()
    from initiatives.models import InitiativeField, Stage  # noqa: PLC0415 -- after django.setup()

    existing = imports.load_existing(province)
    organizations = [(org, label) for org, label in existing.organization_labels]
    hamlets: dict[int, list] = {}
    for areas in existing.areas.values():
        for area in areas:
            if area.parent_id:
                hamlets.setdefault(area.parent_id, []).append(area)
    # A hamlet name that is unique within the organization's area, so the row resolves.
    unique_hamlets = {
        parent: [a for a in children if sum(1 for b in children if b.name == a.name) == 1]
        for parent, children in hamlets.items()
    }
    fields = [item.name for item in InitiativeField.objects.filter(is_active=True)]
    stage = next((s.name for s in Stage.objects.filter(is_active=True) if s.covers(2025)), "")
    metrics = imports.active_metrics()[:RESULT_COLUMNS]
    columns = imports.template_columns(metrics)

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(imports.DATA_SHEET)
    sheet.append([column.template_header for column in columns])
    with_hamlet = 0
    for n in range(1, rows + 1):
        organization, label = organizations[n % len(organizations)]
        choices = unique_hamlets.get(organization.area_id) or []
        area = choices[n % len(choices)].name if choices and n % 2 else ""
        with_hamlet += bool(area)
        individual = n % 10 == 0
        sheet.append(
            [
                n,
                f"Mô hình nhập thử {token} số {n}",
                "Điển hình" if individual else "Mô hình",
                "Cá nhân" if individual else "Tập thể",
                f"Nguyễn Văn {n}" if individual else "",
                label,
                area,
                fields[n % len(fields)],
                2025,
                stage,
                f"{1 + n % 28:02d}/{1 + n % 12:02d}/2025",
                "",
                "Vận động nhân dân cùng làm, cùng hưởng lợi; công khai, minh bạch các khoản đóng góp.",
                "Họp dân bàn bạc, phân công các đoàn thể phụ trách từng tuyến, từng hộ.",
                "Mặt trận, Hội Nông dân, Hội Phụ nữ, Đoàn Thanh niên và nhân dân",
                f"Trần Thị {n}",
                f"09{n:08d}",
                f"{(n % 50 + 1) * 100:,}".replace(",", "."),
                n % 300,
                f"{n * 1000:,}".replace(",", ".") + ",5",
            ][: len(columns)]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    info = {
        "rows": rows,
        "organizations": len(organizations),
        "rows_with_named_hamlet": with_hamlet,
        "result_columns": len(metrics),
        "file_bytes": buffer.tell(),
    }
    return buffer.getvalue(), info


#
# The timed paths
#


def read_only(content: bytes) -> int:
    """Just read the file: every row's values, read-only."""
    from openpyxl import load_workbook  # noqa: PLC0415 -- after django.setup()

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    count = sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return count


def make_job(province, user, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415 -- after django.setup()

    from initiatives import imports  # noqa: PLC0415 -- after django.setup()

    upload = SimpleUploadedFile("bench.xlsx", content)
    job = imports.create_import_job(area=province, user=user, upload=upload)
    job.status = job.Status.RUNNING
    job.save(update_fields=["status"])
    return job


def timed_import_class():
    """Return RegistrationImport with each hook timed (the phases of the app's time)."""
    from initiatives.imports.jobs import RegistrationImport  # noqa: PLC0415 -- after django.setup()

    class TimedImport(RegistrationImport):
        phases: dict[str, float]

        def _timed(self, name, method, *args, **kwargs):
            start = time.perf_counter()
            value = method(*args, **kwargs)
            self.phases[name] = self.phases.get(name, 0.0) + (time.perf_counter() - start) * 1000
            return value

        def read(self, fileobj):
            return self._timed("read_ms", super().read, fileobj)

        def validate(self, parsed, progress=None):
            return self._timed("validate_ms", super().validate, parsed, progress=progress)

        def lock(self):
            return self._timed("lock_recheck_ms", super().lock)

        def recheck(self, parsed, plan):
            return self._timed("lock_recheck_ms", super().recheck, parsed, plan)

        def write(self, plan):
            return self._timed("write_ms", super().write, plan)

    return TimedImport


def cpu_ms() -> float:
    """Return the CPU time used so far by this process and by its database server process.

    On a machine shared with other work, wall times swing with the load; CPU time does not. On
    PostgreSQL the server's share is read from /proc for the connection's backend (same host).
    """
    total = time.process_time()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    return total * 1000


def timed(fn, samples: dict[str, list[float]], side: str):
    """Call fn(); append its wall and CPU time (ms) to samples[side] and samples[side + "_cpu"]."""
    cpu, start = cpu_ms(), time.perf_counter_ns()
    fn()
    samples[side].append((time.perf_counter_ns() - start) / 1e6)
    samples[f"{side}_cpu"].append(cpu_ms() - cpu)


def app_import(province, user, content: bytes, phases: list[dict], samples: dict | None = None) -> None:
    """Run the import job as the worker does, timed into `samples` (its phases go to `phases`).
    Rolled back afterwards."""
    from core.audit import acting_as  # noqa: PLC0415 -- after django.setup()

    with transaction.atomic():
        job = make_job(province, user, content)
        run = timed_import_class()(job)
        run.phases = {}
        with acting_as(user):
            if samples is None:
                run.run()
            else:
                timed(run.run, samples, "app")
        job.refresh_from_db()
        if job.status != job.Status.SUCCEEDED:
            raise SystemExit(f"The import failed: {job.message} {json.dumps(job.errors[:5], ensure_ascii=False)}")
        transaction.set_rollback(True)
    phases.append({name: round(value, 1) for name, value in run.phases.items()})


def register_per_row(province, user, content: bytes, rows: int) -> dict[str, float] | None:
    """Time services.register() row by row on the first `rows` rows (rolled back)."""
    from core.audit import acting_as  # noqa: PLC0415 -- after django.setup()
    from initiatives import imports, services  # noqa: PLC0415 -- after django.setup()

    if rows <= 0:
        return None
    parsed = imports.read_workbook(io.BytesIO(content))
    parsed.sheets[imports.DATA_SHEET] = parsed.rows[:rows]
    plan, problems = imports.validate(parsed, imports.load_existing(province), user)
    assert not problems, problems[:3]
    with transaction.atomic(), acting_as(user):
        start = time.perf_counter()
        for item in plan:
            services.register(item.initiative, user=user, results=[(m, v, "") for m, v in item.results])
        per_row = (time.perf_counter() - start) * 1000 / len(plan)
        transaction.set_rollback(True)
    return {"rows": len(plan), "ms_per_row": round(per_row, 3)}


def bulk_write_per_row(province, user, content: bytes, rows: int) -> float:
    from core.audit import acting_as  # noqa: PLC0415 -- after django.setup()
    from initiatives import imports  # noqa: PLC0415 -- after django.setup()

    parsed = imports.read_workbook(io.BytesIO(content))
    parsed.sheets[imports.DATA_SHEET] = parsed.rows[:rows]
    plan, _problems = imports.validate(parsed, imports.load_existing(province), user)
    with transaction.atomic(), acting_as(user):
        start = time.perf_counter()
        imports.write(plan, user=user)
        per_row = (time.perf_counter() - start) * 1000 / len(plan)
        transaction.set_rollback(True)
    return round(per_row, 3)


#
# Main
#


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each side (default 3)")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--area", type=int, help="id of the province or commune to import into")
    parser.add_argument("--register-rows", type=int, default=1_000, help="rows timed through register() (0: skip)")
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    django.setup()
    from accounts.models import User  # noqa: PLC0415 -- after django.setup()

    province = choose_province(options.area)
    token = secrets.token_hex(3)
    content, info = build_file(province, options.rows, token)
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media), transaction.atomic():
        user = User.objects.create(username=f"bench_import_{token}", is_superuser=True, is_staff=True)
        assert read_only(content) == options.rows + 1
        read_only(content)  # warm-up: imports, caches
        app_import(province, user, content, [])
        samples: dict[str, list[float]] = {"app": [], "read_only": [], "app_cpu": [], "read_only_cpu": []}
        phases: list[dict] = []
        for run in range(options.runs):
            order = ["app", "read_only"] if run % 2 == 0 else ["read_only", "app"]
            for side in order:
                if side == "app":
                    app_import(province, user, content, phases, samples)
                else:
                    timed(lambda: read_only(content), samples, "read_only")
        register = register_per_row(province, user, content, options.register_rows)
        bulk = bulk_write_per_row(province, user, content, options.register_rows or 1_000)
        transaction.set_rollback(True)
    app, read = summarize(samples["app"]), summarize(samples["read_only"])
    ratio = round(app["median"] / read["median"], 3)
    app_cpu, read_cpu = summarize(samples["app_cpu"]), summarize(samples["read_only_cpu"])
    result = {
        "name": NAME,
        "app_ms": app["median"],
        "read_only_ms": read["median"],
        "ratio": ratio,
        "goal_ratio": GOAL_RATIO,
        "goal_met": ratio <= GOAL_RATIO,
        "min_app_ms": app["min"],
        "min_read_only_ms": read["min"],
        "runs": app["runs"],
        "app_samples_ms": [round(s, 1) for s in samples["app"]],
        "read_only_samples_ms": [round(s, 1) for s in samples["read_only"]],
        "app_cpu_ms": app_cpu["median"],
        "read_only_cpu_ms": read_cpu["median"],
        "cpu_ratio": round(app_cpu["median"] / read_cpu["median"], 3),
        "phases_ms": {name: round(statistics.median(p[name] for p in phases), 1) for name in phases[0]},
        "register_per_row": register,
        "bulk_write_ms_per_row": bulk,
        "register_10000_estimate_ms": round(register["ms_per_row"] * options.rows) if register else None,
        "database": connection.vendor,
        "area": {"id": province.pk, "name": province.name},
        "file": info,
        "note": (
            "app: RegistrationImport(job).run() as the worker runs it (read with the app's reader, check "
            "every row, lock, re-check, bulk write of records, results, transitions and audit), in a "
            "rolled-back transaction; read_only: openpyxl load_workbook(read_only=True, data_only=True) and "
            "iter_rows(values_only=True) over the same file; ratio = app / read_only (medians of wall "
            "times); cpu_ratio: the same with CPU times (this process plus its PostgreSQL backend), which "
            "the load of a shared machine does not swing"
        ),
    }
    write_results([result])
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
