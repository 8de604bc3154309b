"""Validation of the rule folder (extractors/data or $DATELINE_RULES): one pydantic model per file.

Each checker takes the file's path and returns one ``RuleError`` per problem, naming the file, the entry
and the key, so ``dateline rules check`` can print one line per error. Loaders call ``require_valid``
so a typo stops the pipeline with the same message instead of silently changing what a rule matches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError


@dataclass(frozen=True)
class RuleError:
    file: str  # file name inside the rules folder
    where: str  # the entry: "types.sanction.triggers[2].requires[0]"
    key: str  # the offending key (or value)
    message: str

    def __str__(self) -> str:
        place = f"{self.where}: " if self.where else ""
        return f"{self.file}: {place}{self.key}: {self.message}" if self.key else f"{self.file}: {place}{self.message}"


class RulesInvalid(ValueError):
    """Raised by a loader when its rule file does not validate."""

    def __init__(self, errors: list[RuleError]) -> None:
        self.errors = errors
        super().__init__("invalid rule data:\n" + "\n".join(f"  {e}" for e in errors))


class Strict(BaseModel):
    """Base of every rule model: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def location(loc: Iterable[Any]) -> str:
    """A pydantic error location as a path: ("types", "sanction", "triggers", 2) -> "types.sanction.triggers[2]"."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def from_validation_error(file: str, err: ValidationError) -> list[RuleError]:
    """One RuleError per pydantic error; the last name in the location (with its indexes) is the key."""
    out: list[RuleError] = []
    for e in err.errors():
        loc = [p for p in e["loc"] if not (isinstance(p, str) and ("[" in p or p.startswith("function-")))]
        last = max((i for i, p in enumerate(loc) if isinstance(p, str)), default=None)
        # the key is the last name with any list indexes after it ("year_context[3]"); where is the path before it
        key = location(loc[last:]) if last is not None else ""
        where = location(loc[:last] if last is not None else loc)
        message = e["msg"]
        if e["type"] == "extra_forbidden":
            message = "unknown key"
        elif e["type"] == "missing":
            message = "required key is missing"
        out.append(RuleError(file, where, key, message))
    return out


def require_valid(errors: list[RuleError]) -> None:
    if errors:
        raise RulesInvalid(errors)


Checker = Callable[[Path], list[RuleError]]
