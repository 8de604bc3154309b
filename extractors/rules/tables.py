"""Checks of the two line-based rule tables: actor_aliases.csv and furniture.txt."""

from __future__ import annotations

import csv
import re
from typing import Annotated, Literal

from pydantic import StringConstraints, ValidationError

from extractors.actors.countries import is_iso3
from extractors.rules import RuleError, Strict, from_validation_error

ALIASES_FILE = "actor_aliases.csv"
FURNITURE_FILE = "furniture.txt"
ALIAS_COLUMNS = ("alias", "name", "country", "kind")
ActorKind = Literal["country", "demonym", "place", "institution", "person", "media", "org"]


class AliasRow(Strict):
    alias: Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
    name: str = ""
    country: Annotated[str, StringConstraints(pattern=r"^([A-Z]{3})?$")] = ""
    kind: ActorKind | Literal[""] = ""


def check_alias_text(text: str) -> list[RuleError]:
    """Every row valid, every country an ISO 3166 alpha-3 code, no alias twice (aliases are case-insensitive)."""
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    if not numbered:
        return [RuleError(ALIASES_FILE, "", "", "no header line")]
    header = next(csv.reader([numbered[0][1]]))
    if tuple(h.strip() for h in header) != ALIAS_COLUMNS:
        return [RuleError(ALIASES_FILE, f"line {numbered[0][0]}", "header", f"must be {','.join(ALIAS_COLUMNS)}")]
    errors: list[RuleError] = []
    first_line: dict[str, int] = {}
    for n, line in numbered[1:]:
        values = next(csv.reader([line]))
        where = f"line {n}"
        if len(values) != len(ALIAS_COLUMNS):
            errors.append(RuleError(ALIASES_FILE, where, "", f"{len(values)} columns, expected {len(ALIAS_COLUMNS)}"))
            continue
        try:
            row = AliasRow(**dict(zip(ALIAS_COLUMNS, (v.strip() for v in values), strict=True)))
        except ValidationError as err:
            errors += [RuleError(ALIASES_FILE, where, e.key, e.message) for e in from_validation_error("", err)]
            continue
        if row.country and not is_iso3(row.country):
            errors.append(
                RuleError(ALIASES_FILE, where, "country", f"{row.country!r} is not an ISO 3166-1 alpha-3 code")
            )
        key = row.alias.lower()
        if key in first_line:
            errors.append(
                RuleError(ALIASES_FILE, where, "alias", f"{row.alias!r} is already on line {first_line[key]}")
            )
        first_line.setdefault(key, n)
    return errors


FURNITURE_KINDS = ("line", "tail")


def check_furniture_text(text: str) -> list[RuleError]:
    """Each rule is 'line: REGEX' or 'tail: REGEX' and its regex compiles."""
    errors: list[RuleError] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        kind, sep, pattern = line.partition(":")
        where = f"line {n}"
        if not sep or kind.strip() not in FURNITURE_KINDS:
            errors.append(
                RuleError(FURNITURE_FILE, where, kind.strip(), f"kind must be one of {', '.join(FURNITURE_KINDS)}")
            )
            continue
        try:
            re.compile(pattern.strip())
        except re.error as err:
            errors.append(RuleError(FURNITURE_FILE, where, "regex", f"does not compile: {err}"))
    return errors
