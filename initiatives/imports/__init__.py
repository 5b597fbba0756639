"""Excel import of a "Dân vận khéo" registration list into the organizations of one area.

The workbook has one data sheet ("Danh_sach", the columns provinces use: STT, name, kind,
collective/individual, organization, area, field, year... then one column per result metric);
see `template.build_template`. An import is all or nothing (`core.imports.ImportRun`):

1. read (`sheets`): the data sheet is read into memory (openpyxl read-only); a missing sheet, a
   header that differs from the template, an unknown result column, no data rows or more than
   `MAX_ROWS` rows stops here;
2. validate (`validation`): every row is checked (required cells, lengths, choices, dates,
   Vietnamese numbers, the organization and the area found by name inside the chosen area and
   the user's scope, the model's own rules through `full_clean()`, duplicate names in the file
   and against the organization's records of the same year), and every problem is collected with
   its row, column and a Vietnamese message;
3. write (`jobs`): only when there is no problem, in one transaction, after locking the
   organizations and checking again against fresh data: all records, their results, their
   "register" transitions and their audit entries, in bulk.

Why bulk rather than `services.register()` per row: register() costs about a dozen queries per
record (full_clean's foreign-key checks, the insert, one update_or_create per result, the
transition, an audit entry per row). `bench/initiatives_import.py` measures both paths on a
10,000-row file against just reading the file with openpyxl; the bulk path writes exactly the
rows register() writes (checked by initiatives/tests/test_imports.py).
"""

from initiatives.imports.jobs import create_import_job, importable_areas, run_import, write
from initiatives.imports.sheets import (
    DATA_SHEET,
    FIXED_COLUMNS,
    IMPORT_JOB_KIND,
    LISTS_SHEET,
    MAX_ROWS,
    active_metrics,
    read_workbook,
    template_columns,
)
from initiatives.imports.template import build_template
from initiatives.imports.validation import load_existing, validate

__all__ = [
    "DATA_SHEET",
    "FIXED_COLUMNS",
    "IMPORT_JOB_KIND",
    "LISTS_SHEET",
    "MAX_ROWS",
    "active_metrics",
    "build_template",
    "create_import_job",
    "importable_areas",
    "load_existing",
    "read_workbook",
    "run_import",
    "template_columns",
    "validate",
    "write",
]
