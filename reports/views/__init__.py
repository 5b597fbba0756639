"""Pages of the reports app: the catalog (catalog.py), the report list, opening a report and the
report page (reports.py), data entry (entry.py) and the workflow steps (workflow.py)."""
