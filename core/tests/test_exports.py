import io

import pytest
from openpyxl import load_workbook

from core.exports import sheet_title
from core.models import Job

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def _names(content: bytes) -> list[str]:
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    return sorted(row[0] for row in rows[1:])


def test_small_export_is_built_in_the_request(world, client):
    client.force_login(world.editor_a)

    response = client.get("/areas/", {"export": "xlsx"})

    assert response["Content-Disposition"].endswith("dia-ban.xlsx")
    assert _names(response.content) == ["Xã Long Điền", "Ấp Bắc"]


def test_large_export_runs_as_a_background_job_with_the_users_scope_and_filters(
    world, client, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_SYNC_ROWS = 1
    client.force_login(world.province_editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/areas/", {"export": "xlsx", "level": 3})

    job = Job.objects.get()
    assert (response.status_code, response.url) == (302, job.get_absolute_url())
    assert (job.status, job.progress_total, job.created_by) == (Job.Status.SUCCEEDED, 2, world.province_editor)
    download = client.get(f"/jobs/{job.pk}/download/")
    assert _names(b"".join(download.streaming_content)) == ["Xã Long Điền", "Xã Thạnh An"]
    assert "Tải tệp" in client.get(job.get_absolute_url()).content.decode()


def test_export_download_is_404_for_other_users(world, client, settings, django_capture_on_commit_callbacks):
    settings.EXPORT_SYNC_ROWS = 1
    client.force_login(world.province_editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/areas/", {"export": "xlsx"})
    job = Job.objects.get()

    client.force_login(world.editor_b)

    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_unfiltered_background_export_contains_every_visible_row(
    world, client, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_SYNC_ROWS = 0
    client.force_login(world.editor_a)

    with django_capture_on_commit_callbacks(execute=True):
        client.get("/areas/", {"export": "xlsx"})

    job = Job.objects.get()
    download = client.get(f"/jobs/{job.pk}/download/")
    assert (job.status, job.message) == (Job.Status.SUCCEEDED, "Đã xuất 2 dòng.")
    assert _names(b"".join(download.streaming_content)) == ["Xã Long Điền", "Ấp Bắc"]


def test_export_clicked_twice_reuses_the_pending_job(world, client, no_worker):
    client.force_login(world.province_editor)

    first = client.get("/areas/", {"export": "xlsx", "level": 3, "sort": "name"})
    again = client.get("/areas/", {"sort": "name", "page": 2, "level": 3, "export": "xlsx"}, follow=True)

    job = Job.objects.get()
    assert (len(no_worker.results), first.url, again.redirect_chain) == (
        1,
        job.get_absolute_url(),
        [(job.get_absolute_url(), 302)],
    )
    assert "đang được tạo từ lúc" in [str(m) for m in again.context["messages"]][-1]


def test_export_job_is_not_reused_across_filters_users_or_once_finished(world, client, no_worker):
    client.force_login(world.province_editor)
    client.get("/areas/", {"export": "xlsx", "level": 3})
    client.get("/areas/", {"export": "xlsx", "level": 2})
    client.force_login(world.editor_a)
    client.get("/areas/", {"export": "xlsx", "level": 3})
    Job.objects.update(status=Job.Status.SUCCEEDED)
    client.force_login(world.province_editor)
    client.get("/areas/", {"export": "xlsx", "level": 3})

    assert sorted(
        (job.created_by.username, job.result["query"], job.status) for job in Job.objects.select_related("created_by")
    ) == [
        ("tinh", "level=2", Job.Status.SUCCEEDED),
        ("tinh", "level=3", Job.Status.PENDING),
        ("tinh", "level=3", Job.Status.SUCCEEDED),
        ("xa_a", "level=3", Job.Status.SUCCEEDED),
    ]


@pytest.mark.parametrize(
    "url",
    ["/areas/", "/organizations/", "/clusters/", "/rearrangements/", "/area-kinds/", "/organization-kinds/",
     "/audit/", "/jobs/", "/accounts/users/"],
)  # fmt: skip
def test_every_list_exports_in_the_background(world, client, settings, django_capture_on_commit_callbacks, url):
    settings.EXPORT_SYNC_ROWS = -1  # even an empty list goes to the background
    client.force_login(world.admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url, {"export": "xlsx"})

    job = Job.objects.filter(kind="core.export_list").latest("pk")
    assert (response.status_code, job.status, bool(job.output_file)) == (302, Job.Status.SUCCEEDED, True)


def test_export_keeps_the_users_sort_order(world, client):
    client.force_login(world.province_editor)

    response = client.get("/areas/", {"export": "xlsx", "level": 3, "sort": "-name"})

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["Xã Thạnh An", "Xã Long Điền"]


def _rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_export_writes_times_in_local_time_and_yes_no_in_vietnamese(world, client):
    import datetime

    from django.utils import timezone

    from core.models import ObjectChange

    change = ObjectChange.objects.order_by("-pk").first()
    ObjectChange.objects.filter(pk=change.pk).update(time=datetime.datetime(2026, 11, 23, 21, 30, tzinfo=datetime.UTC))
    client.force_login(world.admin)

    audit = _rows(client.get("/audit/", {"export": "xlsx", "object_id": change.object_id}).content)
    users = _rows(client.get("/accounts/users/", {"export": "xlsx"}).content)

    column = audit[0].index("Thời điểm")
    assert datetime.datetime(2026, 11, 24, 4, 30) in [row[column] for row in audit[1:]]  # 04:30 the next day in Hà Nội
    assert timezone.get_current_timezone_name() == "Asia/Ho_Chi_Minh"
    active, superuser = users[0].index("Đang hoạt động"), users[0].index("Quản trị hệ thống")
    by_name = {row[0]: (row[active], row[superuser]) for row in users[1:]}
    assert by_name[world.admin.username] == ("Có", "Có")
    assert by_name[world.editor_a.username] == ("Có", "Không")


def test_export_keeps_text_that_looks_like_a_formula_as_text(world, client):
    from orgunits.models import Area

    Area.objects.filter(pk=world.hamlet_a.pk).update(name='=HYPERLINK("http://example.invalid/","Bấm")')
    client.force_login(world.editor_a)

    content = client.get("/areas/", {"export": "xlsx"}).content
    workbook = load_workbook(io.BytesIO(content))

    cells = [row[0] for row in workbook.active.iter_rows(min_row=2)]
    formula_like = [cell for cell in cells if str(cell.value).startswith("=")]
    assert [(cell.value, cell.data_type) for cell in formula_like] == [
        ('=HYPERLINK("http://example.invalid/","Bấm")', "s")
    ]


def test_workbooks_built_in_memory_keep_formula_like_text_as_text(world, client):
    # The import template lists the commune's organizations: one named like a formula stays text.
    from django.urls import reverse

    from orgunits.models import Organization

    Organization.objects.filter(pk=world.front_a.pk).update(name="=1+1")
    client.force_login(world.editor_a)

    content = client.get(reverse("orgunits:area_import_template", args=[world.commune_a.pk])).content
    workbook = load_workbook(io.BytesIO(content))

    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value == "=1+1"]
    assert cells and {cell.data_type for cell in cells} == {"s"}


def _project_tables() -> list[type]:
    """Every table class of the project's apps (their `tables` modules or packages)."""
    import importlib
    import importlib.util
    import pkgutil

    import django_tables2 as tables
    from django.apps import apps
    from django.conf import settings

    for config in apps.get_app_configs():
        name = f"{config.name}.tables"
        if not config.path.startswith(str(settings.BASE_DIR)) or importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        for found in pkgutil.iter_modules(getattr(module, "__path__", [])):
            importlib.import_module(f"{name}.{found.name}")
    found, pending = [], [tables.Table]
    while pending:
        for table in pending.pop().__subclasses__():
            pending.append(table)
            if table.__module__.split(".")[0] in {config.name for config in apps.get_app_configs()}:
                found.append(table)
    return found


def test_every_yes_no_column_exports_its_own_words():
    import django_tables2 as tables

    from core.tables import YesNoColumn

    plain = [
        f"{table.__name__}.{name}"
        for table in _project_tables()
        for name, column in table.base_columns.items()
        if isinstance(column, tables.BooleanColumn) and not isinstance(column, YesNoColumn)
    ]

    assert len(_project_tables()) > 10
    assert plain == []


def test_export_writes_yes_no_from_the_column_wherever_it_stands(world, client):
    import django_tables2 as tables

    from core.exports import table_to_xlsx
    from core.tables import YesNoColumn
    from orgunits.models import AreaKind

    class KindTable(tables.Table):
        is_active = YesNoColumn(verbose_name="Đang dùng")
        name = tables.Column(verbose_name="Tên")

        class Meta:
            model = AreaKind
            fields = ("is_active", "name")
            sequence = ("name", "is_active")

    AreaKind.objects.filter(code="xa").update(is_active=False)
    table = KindTable(AreaKind.objects.filter(code__in=["tinh", "xa"]).order_by("level"))

    rows = _rows(table_to_xlsx(table, "Loại"))

    assert rows == [("Tên", "Đang dùng"), ("Tỉnh", "Có"), ("Xã", "Không")]


@pytest.mark.parametrize(
    ("title", "sheet"),
    [
        ("Mô hình, điển hình “Dân vận khéo”", "Mô hình, điển hình Dân vận khéo"),
        ("Tổ chức", "Tổ chức"),
        ("Báo cáo định kỳ: quý III/2026 [bản nháp]", "Báo cáo định kỳ quý III-2026"),
        ("Sắp xếp đơn vị hành chính của các tỉnh, thành phố", "Sắp xếp đơn vị hành chính của"),
        ("“”", "Sheet1"),
    ],
)
def test_sheet_title_keeps_whole_words_and_what_excel_accepts(title, sheet):
    assert sheet_title(title) == sheet
    assert len(sheet) <= 31
