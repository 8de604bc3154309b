"""Validate a whole rules folder: every file the pipeline reads, each by its own checker."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from extractors.rules import RuleError
from extractors.rules.events import CUES_FILE, TRIGGERS_FILE, check_cue_data, check_trigger_data
from extractors.rules.tables import ALIASES_FILE, FURNITURE_FILE, check_alias_text, check_furniture_text
from extractors.rules.timex import LEXICON_FILE, PATTERNS_FILE, lexicon_errors, pattern_errors


def _json(check: Callable[[Any], list[RuleError]], name: str) -> Callable[[str], list[RuleError]]:
    def run(text: str) -> list[RuleError]:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            return [RuleError(name, f"line {err.lineno} column {err.colno}", "", f"not valid JSON: {err.msg}")]
        return check(data)

    return run


# file name in the rules folder -> its checker (text in, errors out)
RULE_FILES: dict[str, Callable[[str], list[RuleError]]] = {
    TRIGGERS_FILE: _json(check_trigger_data, TRIGGERS_FILE),
    CUES_FILE: _json(check_cue_data, CUES_FILE),
    ALIASES_FILE: check_alias_text,
    FURNITURE_FILE: check_furniture_text,
    LEXICON_FILE: _json(lexicon_errors, LEXICON_FILE),
    PATTERNS_FILE: pattern_errors,
}


def check_rules(folder: Path) -> list[RuleError]:
    """Every error in the folder's rule files; a missing file is an error (the pipeline reads them all)."""
    errors: list[RuleError] = []
    for name, check in RULE_FILES.items():
        path = folder / name
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            errors.append(RuleError(name, "", "", f"missing from {folder}"))
            continue
        except (OSError, UnicodeDecodeError) as err:
            errors.append(RuleError(name, "", "", f"cannot be read: {err}"))
            continue
        errors += check(text)
    return errors
