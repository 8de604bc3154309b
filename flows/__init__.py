"""Prefect flows and the `dateline` CLI: wiring extractors to the warehouse."""

import os

# Prefect's telemetry tries the network and logs "database is locked" on busy machines; Dateline
# runs offline. Set before prefect is imported anywhere; a user's own setting still wins.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
