"""Excel imports: the parts every import shares.

The package: `cells` (columns, problems, reading a cell's value), `reading` (the workbook, its
headers and rows), `template` (the downloadable templates' shared parts), `jobs` (the upload
form and the job's run). Its public names are re-exported here.

An import reads an uploaded .xlsx (core.xlsx), checks every row and reports every
problem with its sheet, row and column, and writes nothing unless the whole file is valid. The
apps describe their sheets with `Column`s and plug their checks and writes into `ImportRun`;
this module holds the rest: reading cells, parsing Vietnamese dates and numbers, the problem
model, template helpers, the upload form, and the job's run from file to succeeded or failed.

Progress and the write transaction (`ImportRun.run`): while the file is read and checked,
`progress_done` is saved outside any transaction (at most every 0.5 s), so the polling job page
sees it. Updates made inside the write transaction would stay invisible until the commit on
PostgreSQL (and SQLite holds its write lock meanwhile), so the write phase reports none: the
job's message says the data is being written, and the job is marked succeeded, at 100 %, in the
same transaction as the data. The job never says "succeeded" for data that is not there, nor
"running" for data that is.
"""

from core.imports.cells import (
    Column,
    Problem,
    SheetRow,
    cell_problem,
    check_cells,
    date_problem,
    find_by_name,
    header_key,
    lookup_by_name,
    match_key,
    parse_date,
    parse_number,
    sort_problems,
)
from core.imports.jobs import (
    MAX_ERRORS,
    ExcelUploadForm,
    ImportRun,
    create_job,
    fail,
    fail_with_problems,
    megabytes,
    run_claimed,
)
from core.imports.reading import (
    PROGRESS_EVERY,
    ParsedFile,
    check_header,
    check_readable,
    header_problem,
    open_workbook,
    opened_workbook,
    read_rows,
    read_sheet,
    uncalculated_formulas,
    unreadable_message,
    unreadable_problem,
)
from core.imports.template import HEADER_FILL, HEADER_FONT, WRAP, data_sheet, list_validation

__all__ = [
    "HEADER_FILL",
    "HEADER_FONT",
    "MAX_ERRORS",
    "PROGRESS_EVERY",
    "WRAP",
    "Column",
    "ExcelUploadForm",
    "ImportRun",
    "ParsedFile",
    "Problem",
    "SheetRow",
    "cell_problem",
    "check_cells",
    "check_header",
    "check_readable",
    "create_job",
    "data_sheet",
    "date_problem",
    "fail",
    "fail_with_problems",
    "find_by_name",
    "header_key",
    "header_problem",
    "list_validation",
    "lookup_by_name",
    "match_key",
    "megabytes",
    "open_workbook",
    "opened_workbook",
    "parse_date",
    "parse_number",
    "read_rows",
    "read_sheet",
    "run_claimed",
    "sort_problems",
    "uncalculated_formulas",
    "unreadable_message",
    "unreadable_problem",
]
