"""Validate a whole rules folder: every file the pipeline reads, each by its own checker."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from extractors.rules import RuleError
from extractors.rules.events import CUES_FILE, TRIGGERS_FILE, check_cue_data, check_trigger_data
from extractors.rules.places import PLACE_RULES_FILE, PLACES_FILE, check_place_rules, check_places_across, place_rows
from extractors.rules.tables import (
    ALIASES_FILE,
    CODES_FILE,
    FURNITURE_FILE,
    SCALE_FILE,
    SECTORS_FILE,
    alias_names,
    check_alias_text,
    check_furniture_text,
    code_rows,
    scale_rows,
    sector_rows,
)
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
    CODES_FILE: lambda text: code_rows(text)[1],
    SECTORS_FILE: lambda text: sector_rows(text)[1],
    SCALE_FILE: lambda text: scale_rows(text)[1],
    PLACE_RULES_FILE: _json(check_place_rules, PLACE_RULES_FILE),
    PLACES_FILE: lambda text: place_rows(text)[1],
}


def check_rules(folder: Path) -> list[RuleError]:
    """Every error in the folder's rule files; a missing file is an error (the pipeline reads them all)."""
    errors: list[RuleError] = []
    texts: dict[str, str] = {}
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
        file_errors = check(text)
        errors += file_errors
        if not file_errors:
            texts[name] = text
    return errors + _across_files(texts)


def _across_files(texts: dict[str, str]) -> list[RuleError]:
    """What one file says about another: every CAMEO code of a trigger type has a scale row, every coded actor is a
    display name of the alias table (else no alias would ever reach its code), every kind of place has a rank and
    every physical event type is a trigger type."""
    errors: list[RuleError] = []
    if TRIGGERS_FILE in texts and SCALE_FILE in texts:
        scaled = {row.cameo for row in scale_rows(texts[SCALE_FILE])[0]}
        for type_name, spec in json.loads(texts[TRIGGERS_FILE])["types"].items():
            for key in ("cameo", "cameo_joint"):
                if spec.get(key) and spec[key] not in scaled:
                    errors.append(
                        RuleError(SCALE_FILE, "", spec[key], f"no row for the {key} of event type {type_name!r}")
                    )
    if CODES_FILE in texts and ALIASES_FILE in texts:
        names = alias_names(texts[ALIASES_FILE])
        for row in code_rows(texts[CODES_FILE])[0]:
            if row.name.lower() not in names:
                errors.append(RuleError(CODES_FILE, "", row.name, f"not a display name in {ALIASES_FILE}"))
    if PLACE_RULES_FILE in texts and PLACES_FILE in texts:  # kinds ranked, physical types known
        errors += check_places_across(texts[PLACE_RULES_FILE], texts[PLACES_FILE], texts.get(TRIGGERS_FILE))
    return errors
