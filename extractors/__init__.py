"""Pure extraction code: reading, parsing, time expressions, events. No Prefect, no DuckDB."""

# The code's part of the pipeline version written into every article and event row (extractors.version adds
# a digest of the rule files), so rows from an older extractor or older rules can be found and re-run.
EXTRACTOR_VERSION = "0.1.0"
