"""Excel import of hamlets and organizations into one commune.

The workbook has two data sheets (see `template.build_template`): hamlets ("Thon_To_dan_pho")
and organizations ("To_chuc"). An import is all or nothing:

1. read (`sheets`): both sheets are read into memory (openpyxl read-only); a missing sheet, a
   header that differs from the template or a file without data rows stops here;
2. validate (`validation`): every row of both sheets is checked against the file itself and the
   commune's current hamlets and organizations, and every problem is collected with its sheet,
   row, column and a Vietnamese message;
3. write (`jobs`): only when there is no problem, everything is written in one transaction:
   hamlets first, then organizations, parents resolved from the file or the database.

Progress and the all-or-nothing run of the job are those of `core.imports.ImportRun`. The write
is the longest phase (measured on SQLite for 1,000 hamlets and 4,000 organizations: reading
0.5 s, checking 0.1 s, writing 2.5 s with bulk inserts), which is why it uses bulk inserts
rather than one `save()` per row (18 s).

Inside the write transaction the commune row is locked (serialising concurrent imports into
the same commune on PostgreSQL) and the file is validated again against fresh data, so a hamlet
added by someone else since step 2 is reported instead of duplicated.
"""

from core.imports import Problem, check_readable
from orgunits.imports.jobs import create_import_job, run_import, write
from orgunits.imports.sheets import (
    HAMLET_COLUMNS,
    HAMLET_SHEET,
    IMPORT_JOB_KIND,
    ORGANIZATION_COLUMNS,
    ORGANIZATION_SHEET,
    read_workbook,
)
from orgunits.imports.template import build_template
from orgunits.imports.validation import load_existing, validate

__all__ = [
    "HAMLET_COLUMNS",
    "HAMLET_SHEET",
    "IMPORT_JOB_KIND",
    "ORGANIZATION_COLUMNS",
    "ORGANIZATION_SHEET",
    "Problem",
    "build_template",
    "check_readable",
    "create_import_job",
    "load_existing",
    "read_workbook",
    "run_import",
    "validate",
    "write",
]
