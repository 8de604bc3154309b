"""The rule tables an analyst extends (see README.md in this folder).

Every loader reads its file through ``rule_path`` so that ``DATELINE_RULES`` can point the whole pipeline at
an analyst's own copy of this folder.
"""

from __future__ import annotations

import os
from pathlib import Path

RULES_ENV = "DATELINE_RULES"
PACKAGE_RULES = Path(__file__).resolve().parent


def rules_dir() -> Path:
    """The folder the rule files are read from: ``$DATELINE_RULES``, else the one shipped in this package."""
    configured = os.environ.get(RULES_ENV, "").strip()
    return Path(configured).expanduser() if configured else PACKAGE_RULES


def rule_path(name: str) -> Path:
    return rules_dir() / name


def read_rule_text(name: str) -> str:
    return rule_path(name).read_text(encoding="utf-8")
