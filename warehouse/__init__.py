"""The DuckDB warehouse: DDL, migrations, bulk loading and read-only queries. No spaCy here."""
