"""The embedded database under two requests at once: transactions that read then write wait
for each other instead of failing with "database is locked"."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import threading, django
django.setup()
from django.db import connection, transaction
from django.db.utils import OperationalError

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (n integer)")
    cursor.execute("INSERT INTO counter VALUES (0)")
connection.close()
barrier = threading.Barrier(2, timeout=1)
outcomes = []

def request():
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT n FROM counter")  # read first, as a form's checks do
                try:
                    barrier.wait()  # both inside their transaction (unless one has to wait)
                except threading.BrokenBarrierError:
                    pass
                cursor.execute("UPDATE counter SET n = n + 1")
        outcomes.append("ok")
    except OperationalError as error:
        outcomes.append(str(error))
    finally:
        connection.close()

threads = [threading.Thread(target=request) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter")
    print(sorted(outcomes), cursor.fetchone()[0])
"""


def test_two_transactions_reading_then_writing_both_succeed(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "danvan.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DEBUG": "true",
    }

    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=60
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['ok', 'ok'] 2"
