"""Pure extraction: feed bytes -> entries, HTML -> article, text -> findings.

No Prefect, no DuckDB, no network in this package (tests/extract/test_purity.py checks it).
"""
