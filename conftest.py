"""Shared fixtures: the personas every permission test uses (STYLE.md §8).

A small tree: province P with communes A and B (each with a hamlet and a Front committee), and a
second province Q. Personas: system admin, province editor (P), commune A editor, commune B
editor, commune A viewer, and anonymous.
"""

from dataclasses import dataclass

import pytest
from django.db import connections
from django_tasks import default_task_backend

from tests.factories.accounts import PASSWORD, UserFactory, user_with_role
from tests.factories.orgunits import commune, hamlet, organization, province


@dataclass
class World:
    province: object
    commune_a: object
    commune_b: object
    hamlet_a: object
    hamlet_b: object
    front_a: object
    front_b: object
    other_province: object
    admin: object
    province_editor: object
    editor_a: object
    editor_b: object
    viewer_a: object
    password: str = PASSWORD


@pytest.fixture
def world(db):
    p = province("Tỉnh Thử Nghiệm", code="91")
    a = commune(p, "Xã Long Điền", code="91001")
    b = commune(p, "Xã Thạnh An", code="91002")
    q = province("Tỉnh Khác", code="92")
    return World(
        province=p,
        commune_a=a,
        commune_b=b,
        hamlet_a=hamlet(a, "Ấp Bắc"),
        hamlet_b=hamlet(b, "Ấp Nam"),
        front_a=organization(a, "mttq"),
        front_b=organization(b, "mttq"),
        other_province=q,
        admin=UserFactory(username="admin", is_superuser=True, is_staff=True),
        province_editor=user_with_role("tinh", "editor", p),
        editor_a=user_with_role("xa_a", "editor", a),
        editor_b=user_with_role("xa_b", "editor", b),
        viewer_a=user_with_role("xem_a", "viewer", a),
    )


@pytest.fixture
def login(client):
    """Log the test client in as the given user and return the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def media(settings, tmp_path):
    """Keep the files a test writes (exports, uploads) in its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def no_worker(settings):
    """Tasks are queued and left there (no worker has picked them up yet); even an empty list is
    exported in the background. Yields the backend, whose `results` are the queued tasks."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.EXPORT_SYNC_ROWS = -1
    yield default_task_backend
    default_task_backend.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """On PostgreSQL, number every table's rows from 100,000 in the test database.

    Sequences are not rolled back with a test's transaction, so ids grow over the whole run, while
    SQLite gives each test small ids again. Units are ordered by path, a string: when province 9 and
    province 12 exist, "/12/" sorts first. Starting every sequence at six digits keeps string order
    and number order the same throughout a run, so no test passes or fails by where it falls in it."""
    with django_db_blocker.unblock():
        for connection in connections.all():
            if connection.vendor != "postgresql":
                continue
            with connection.cursor() as cursor:
                cursor.execute("SELECT schemaname, sequencename FROM pg_sequences WHERE schemaname = current_schema()")
                for schema, name in cursor.fetchall():
                    cursor.execute("SELECT setval(%s, 100000, false)", [f'"{schema}"."{name}"'])
