"""Checks of the two line-based rule tables: actor_aliases.csv and furniture.txt."""

from __future__ import annotations

import csv
import re
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, ValidationError, model_validator

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


def csv_rows(
    text: str, file: str, columns: tuple[str, ...]
) -> tuple[list[tuple[str, dict[str, str]]], list[RuleError]]:
    """The rows of a commented CSV rule table as (where, {column: stripped value}), and its shape errors: the
    header must be ``columns``, every row as many values."""
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    if not numbered:
        return [], [RuleError(file, "", "", "no header line")]
    header = next(csv.reader([numbered[0][1]]))
    if tuple(h.strip() for h in header) != columns:
        return [], [RuleError(file, f"line {numbered[0][0]}", "header", f"must be {','.join(columns)}")]
    rows, errors = [], []
    for n, line in numbered[1:]:
        values = next(csv.reader([line]))
        if len(values) != len(columns):
            errors.append(RuleError(file, f"line {n}", "", f"{len(values)} columns, expected {len(columns)}"))
            continue
        rows.append((f"line {n}", dict(zip(columns, (v.strip() for v in values), strict=True))))
    return rows, errors


def validated_rows(file: str, model: type[Strict], text: str, columns: tuple[str, ...], unique: str):
    """Each row through its model; a repeated ``unique`` value (case-insensitive) is an error too."""
    rows, errors = csv_rows(text, file, columns)
    out = []
    first: dict[str, str] = {}
    for where, values in rows:
        try:
            row = model(**values)
        except ValidationError as err:
            errors += [RuleError(file, where, e.key, e.message) for e in from_validation_error("", err)]
            continue
        key = str(getattr(row, unique)).lower()
        if key in first:
            errors.append(RuleError(file, where, unique, f"{getattr(row, unique)!r} is already on {first[key]}"))
        first.setdefault(key, where)
        out.append((where, row))
    return out, errors


def check_alias_text(text: str) -> list[RuleError]:
    """Every row valid, every country an ISO 3166 alpha-3 code, no alias twice (aliases are case-insensitive)."""
    rows, errors = validated_rows(ALIASES_FILE, AliasRow, text, ALIAS_COLUMNS, "alias")
    for where, row in rows:
        if row.country and not is_iso3(row.country):
            errors.append(
                RuleError(ALIASES_FILE, where, "country", f"{row.country!r} is not an ISO 3166-1 alpha-3 code")
            )
    return errors


def alias_names(text: str) -> set[str]:
    """The display names of the alias table (an alias without a name is its own)."""
    rows, _ = csv_rows(text, ALIASES_FILE, ALIAS_COLUMNS)
    return {(values["name"] or values["alias"]).lower() for _, values in rows}


# CAMEO's role codes that Dateline gives (README of extractors/data)
Sector = Literal["GOV", "MIL", "COP", "SPY", "JUD", "LEG", "OPP", "REB", "MED", "BUS", "NGO", "CVL", "IGO"]


class CodeRow(Strict):
    name: Annotated[str, StringConstraints(min_length=1)]
    actor_code: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{3,15}$")]
    sector: Sector
    source: Literal["CAMEO", "Dateline"]


class SectorRow(Strict):
    words: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z' -]*[a-z]$")]
    sector: Sector


def _quad_of_root(code: str) -> int:
    """GDELT's QuadClass of a CAMEO code by its root: 01-05, 06-08, 09-13, 14-20."""
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


class ScaleRow(Strict):
    cameo: Annotated[str, StringConstraints(pattern=r"^(0[1-9]|1\d|20)\d{0,2}$")]
    goldstein: Annotated[float, Field(ge=-10, le=10)]
    quad_class: Annotated[int, Field(ge=1, le=4)]
    description: str = ""

    @model_validator(mode="after")
    def quad_of_root(self) -> ScaleRow:
        if self.quad_class != _quad_of_root(self.cameo):
            raise ValueError(f"quad_class {self.quad_class} disagrees with root {self.cameo[:2]}")
        return self


CODES_FILE = "actor_codes.csv"
SECTORS_FILE = "actor_sectors.csv"
SCALE_FILE = "cameo_scale.csv"
CODE_COLUMNS = ("name", "actor_code", "sector", "source")
SECTOR_COLUMNS = ("words", "sector")
SCALE_COLUMNS = ("cameo", "goldstein", "quad_class", "description")


def code_rows(text: str) -> tuple[list[CodeRow], list[RuleError]]:
    rows, errors = validated_rows(CODES_FILE, CodeRow, text, CODE_COLUMNS, "name")
    return [r for _, r in rows], errors


def sector_rows(text: str) -> tuple[list[SectorRow], list[RuleError]]:
    rows, errors = validated_rows(SECTORS_FILE, SectorRow, text, SECTOR_COLUMNS, "words")
    return [r for _, r in rows], errors


def scale_rows(text: str) -> tuple[list[ScaleRow], list[RuleError]]:
    rows, errors = validated_rows(SCALE_FILE, ScaleRow, text, SCALE_COLUMNS, "cameo")
    return [r for _, r in rows], errors


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
