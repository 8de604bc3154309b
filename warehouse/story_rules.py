"""The matching rules of stories (story_rules.toml, or the file $DATELINE_STORY_RULES names) and the distinctive
names they look for. Pure: no DuckDB here."""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

RULES_ENV = "DATELINE_STORY_RULES"
PACKAGE_RULES = Path(__file__).resolve().parent / "story_rules.toml"
MAX_NAME_TEXT = 5_000  # characters of one sentence searched for names: a runaway "sentence" costs no more


class StoryRulesError(ValueError):
    """The story rules file is missing, not TOML, or has a bad key or pattern."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TypeRules(_Strict):
    joins: bool = True  # false: every event of the type is a story of its own
    needs_target: bool = False  # link only events whose targets are both known and overlap


class NameRules(_Strict):
    patterns: list[str] = Field(default_factory=list)
    words: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for n, pattern in enumerate(patterns):
            try:
                compiled = re.compile(pattern)
            except re.error as err:
                raise ValueError(f"pattern {n + 1} is not a regular expression: {err}") from err
            if "name" not in compiled.groupindex:
                raise ValueError(f"pattern {n + 1} has no group named `name`")
        return patterns


class StoryRules(_Strict):
    slack_days: int = Field(ge=0, le=30)
    max_span_days: int = Field(ge=0, le=366)
    name_window_days: int = Field(ge=0, le=60)
    alone_modalities: list[str] = Field(default_factory=list)
    types: dict[str, TypeRules] = Field(default_factory=dict)
    names: NameRules = Field(default_factory=NameRules)

    def of_type(self, event_type: str) -> TypeRules:
        return self.types.get(event_type, TypeRules())

    @property
    def fingerprint(self) -> str:
        """A hash of the rules as read (comments and layout aside): stories are rebuilt when it changes."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:16]

    def names_in(self, texts: Iterable[str]) -> frozenset[str]:
        """The distinctive names in ``texts`` (an event's sentences), normalised."""
        patterns, ignore = _matchers(self.names.model_dump_json())
        found = set()
        for text in texts:
            text = text[:MAX_NAME_TEXT]
            for pattern in patterns:
                for match in pattern.finditer(text):
                    name = normalise_name(match.group("name"))
                    if name and name not in ignore:
                        found.add(name)
        return frozenset(found)


@lru_cache(maxsize=8)
def _matchers(names_json: str) -> tuple[list[re.Pattern[str]], frozenset[str]]:
    """The compiled patterns of a [names] table (given as its JSON, so that it can be cached), and the ignored."""
    names = NameRules.model_validate_json(names_json)
    compiled = [re.compile(p) for p in names.patterns]
    if names.words:
        words = sorted(names.words, key=len, reverse=True)  # the longest name first
        alternatives = "|".join(re.escape(w) for w in words)
        compiled.append(re.compile(rf"(?<![\w-])(?P<name>{alternatives})(?![\w])"))
    return compiled, frozenset(normalise_name(i) for i in names.ignore)


def normalise_name(name: str) -> str:
    """'Hwasong 18', 'HWASONG-18' and 'Hwasong-18' are one name: lowercased, spaces and hyphens one hyphen."""
    return re.sub(r"[\s\-\u2010-\u2015]+", "-", name.strip().lower()).strip("-")


def rules_path() -> Path:
    configured = os.environ.get(RULES_ENV, "").strip()
    return Path(configured).expanduser() if configured else PACKAGE_RULES


def load_story_rules(path: Path | None = None) -> StoryRules:
    """The rules in ``path`` (default: $DATELINE_STORY_RULES, else the bundled file); StoryRulesError if invalid."""
    path = path or rules_path()
    try:
        data = path.read_bytes()
    except OSError as err:
        raise StoryRulesError(f"cannot read the story rules {path}: {err.strerror or err}") from err
    return _parse(str(path), data)


@lru_cache(maxsize=8)
def _parse(where: str, data: bytes) -> StoryRules:
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise StoryRulesError(f"{where}: not TOML: {err}") from err
    try:
        return StoryRules(**raw)
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}" for e in err.errors())
        raise StoryRulesError(f"{where}: {problems}") from err
