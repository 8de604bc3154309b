"""Pure extraction code: reading, parsing, time expressions, events. No Prefect, no DuckDB."""

# Written into every article and event row, so rows from an older extractor can be found and re-run.
PIPELINE_VERSION = "0.1.0"
