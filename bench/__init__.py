"""Benchmarks of the app's queries on a national-scale dataset in PostgreSQL (run with `make bench`)."""
