"""Pure extraction code: reading, parsing, time expressions, events. No Prefect, no DuckDB."""
