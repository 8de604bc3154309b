"""Validation of the time-expression rule files: timex_lexicon.json (the words) and timex_patterns.tsv (the grammar).

The lexicon model lists every key the tagger reads, with its type; keys starting with "_" are notes. The
pattern checker reads the table row by row: four columns, a known resolver kind, a TIMEX3 type, known
{PLACEHOLDER}s, a regex that compiles and named groups documented in the file's header.

Only pydantic is imported at module level: extractors.timex.lexicon and .grammar call these checks while
they load, so the timex modules the pattern check needs are imported inside it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationError,
    model_validator,
)

from extractors.rules import RuleError, Strict, from_validation_error

LEXICON_FILE = "timex_lexicon.json"
PATTERNS_FILE = "timex_patterns.tsv"
TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")


# --------------------------------------------------------------------------- the lexicon


def _lower_case(phrase: str) -> str:
    # lookups lower-case the matched text first, so a capitalised entry would never be found
    if phrase != phrase.lower():
        raise ValueError("must be lower case")
    return phrase


def _amount(value: Any) -> Any:
    if isinstance(value, bool) or not (isinstance(value, int | float) or value == "X"):
        raise ValueError('must be a number, or "X" for an unspecified amount')
    return value


Phrase = Annotated[StrictStr, AfterValidator(_lower_case)]
Phrases = list[Phrase]
Amount = Annotated[Any, AfterValidator(_amount)]
MonthNumber = Annotated[StrictInt, Field(ge=1, le=12)]
DayOfMonth = Annotated[StrictInt, Field(ge=1, le=31)]
IsoWeekday = Annotated[StrictInt, Field(ge=1, le=7)]
PartOfDay = Literal["MO", "AF", "EV", "NI", "MI", "DT"]
PointMod = Literal["START", "MID", "END"]
QuantityModValue = Literal["APPROX", "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE"]
DurationValue = Annotated[StrictStr, StringConstraints(pattern=r"^P(?:T?(?:\d+|X)[YQMWDHS])+$|^PXX$")]


class Unit(Strict):
    code: Literal["S", "M", "H", "D", "W", "Q", "Y"]
    granularity: Literal["day", "week", "month", "quarter", "season", "year", "decade", "range"]
    clock: StrictBool = False
    factor: StrictInt = 1


class Season(Strict):
    code: Literal["SP", "SU", "FA", "WI"]
    months: tuple[MonthNumber, MonthNumber]


class DayWord(Strict):
    offset: StrictInt
    pod: PartOfDay | None = None


class NounMonth(Strict):
    before: Phrases
    after: Phrases


class QuantityMod(Strict):
    point: QuantityModValue
    duration: QuantityModValue


class Holiday(Strict):
    fixed: tuple[MonthNumber, DayOfMonth] | None = None
    nth: tuple[MonthNumber, IsoWeekday, StrictInt] | None = None  # month, weekday, n (-1: the last)
    from_day: DayOfMonth = Field(1, alias="from")

    @model_validator(mode="after")
    def _one_rule(self) -> Holiday:
        if (self.fixed is None) == (self.nth is None):
            raise ValueError('needs exactly one of "fixed" and "nth"')
        return self


class TimexLexicon(Strict):
    """Every key of timex_lexicon.json (the "_" notes aside); see the notes in the file for what each means."""

    numbers: dict[Phrase, Amount]
    ordinals: dict[Phrase, StrictInt]
    decade_words: dict[Phrase, StrictInt]
    units: dict[Phrase, Unit]
    unit_plurals: dict[Phrase, Phrase]
    months: dict[Phrase, MonthNumber]
    month_abbreviations: Phrases
    weekdays: dict[Phrase, IsoWeekday]
    seasons: dict[Phrase, Season]
    quarters: dict[Phrase, Annotated[StrictInt, Field(ge=1, le=4)]]
    halves: dict[Phrase, Annotated[StrictInt, Field(ge=1, le=2)]]
    parts_of_day: dict[Phrase, PartOfDay]
    clock_words: dict[Phrase, Annotated[StrictStr, StringConstraints(pattern=r"^\d\d:\d\d$")]]
    day_words: dict[Phrase, DayWord]
    relative: dict[Phrase, StrictInt]
    anaphoric: dict[Phrase, StrictInt]
    relative_years: dict[Phrase, StrictInt]
    year_context: Phrases
    point_mods: dict[Phrase, PointMod]
    up_to_anchor: Phrases
    hyphen_prefixes: dict[Phrase, Literal["BEFORE", "AFTER", "MID"]]
    noun_months: dict[Phrase, NounMonth]
    quantity_mods: dict[Phrase, QuantityMod]
    references: dict[Phrase, Literal["PRESENT_REF", "PAST_REF", "FUTURE_REF"]]
    strict_references: dict[Phrase, list[StrictStr]]  # spaCy coarse parts of speech
    indefinite_days: Phrases
    deadline_words: Phrases
    lookback_words: Phrases
    rate_blockers: Phrases
    future_auxiliaries: Phrases
    future_verbs: Phrases
    not_scheduled_verbs: Phrases
    vague_durations: dict[Phrase, DurationValue]
    sets: dict[Phrase, DurationValue]
    set_quantifiers: Phrases
    recurring_adjectives: dict[Phrase, DurationValue]
    recurring_events: Phrases
    holidays: dict[Phrase, Holiday]


def _cross_reference_errors(lex: TimexLexicon, file: str) -> list[RuleError]:
    """Entries that name an entry of another key, which must exist."""
    refs = [
        ("month_abbreviations", lex.month_abbreviations, lex.months, "months"),
        ("unit_plurals", list(lex.unit_plurals.values()), lex.units, "units"),
        ("noun_months", list(lex.noun_months), lex.months, "months"),
        ("strict_references", list(lex.strict_references), lex.references, "references"),
    ]
    return [
        RuleError(file, where, word, f"not a key of {target_name}")
        for where, words, target, target_name in refs
        for word in words
        if word not in target
    ]


def lexicon_errors(data: Any, file: str = LEXICON_FILE) -> list[RuleError]:
    """Problems of a parsed lexicon (one pydantic pass over a few hundred entries: cheap enough for every load)."""
    if not isinstance(data, dict):
        return [RuleError(file, "", "", "must be a JSON object")]
    errors = [
        RuleError(file, "", key, "a note (a key starting with _) must be a string")
        for key, note in data.items()
        if key.startswith("_") and not isinstance(note, str)
    ]
    try:
        lex = TimexLexicon.model_validate({k: v for k, v in data.items() if not k.startswith("_")})
    except ValidationError as err:
        return errors + from_validation_error(file, err)
    return errors + _cross_reference_errors(lex, file)


def check_timex_lexicon(path: Path) -> list[RuleError]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as problem:
        return [RuleError(path.name, "", "", f"cannot read: {problem}")]
    except json.JSONDecodeError as problem:
        return [RuleError(path.name, f"line {problem.lineno}", "", f"not JSON: {problem.msg}")]
    return lexicon_errors(data, path.name)


# --------------------------------------------------------------------------- the pattern table

_GROUP = re.compile(r"\(\?P<(\w+)>")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)\}")  # not {0,3}: a repeat count
_GROUP_DOC = re.compile(r"#\s+<(\w+)>\s+\S")  # "#   <month>   a month name" in the header


def documented_groups(lines: list[str]) -> set[str]:
    """The named groups the header comment (the comment lines before the first pattern) documents."""
    groups: set[str] = set()
    for line in lines:
        if line.strip() and not line.startswith("#"):
            break
        m = _GROUP_DOC.match(line)
        if m:
            groups.add(m.group(1))
    return groups


def pattern_errors(text: str, file: str = PATTERNS_FILE) -> list[RuleError]:
    """Problems of the pattern table, row by row."""
    from extractors.timex.grammar import compile_template
    from extractors.timex.lexicon import classes
    from extractors.timex.resolvers import RESOLVERS

    lines = text.splitlines()
    documented = documented_groups(lines)
    known_classes = classes()
    seen: dict[str, int] = {}
    errors: list[RuleError] = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.split("\t")
        where = f"line {lineno} (pattern {columns[0]})"
        if len(columns) != 4:
            message = f"{len(columns)} tab-separated columns; expected 4: name, kind, type, regex"
            errors.append(RuleError(file, where, "", message))
            continue
        name, kind, ttype, template = columns
        if name in seen:
            errors.append(RuleError(file, where, name, f"pattern name already used on line {seen[name]}"))
        seen.setdefault(name, lineno)
        if kind not in RESOLVERS:
            errors.append(RuleError(file, where, kind, f"unknown kind; one of: {', '.join(sorted(RESOLVERS))}"))
        if ttype not in TIMEX_TYPES:
            errors.append(RuleError(file, where, ttype, f"unknown type; one of: {', '.join(TIMEX_TYPES)}"))
        for placeholder in _PLACEHOLDER.findall(template):
            if placeholder not in known_classes:
                message = f"unknown placeholder; one of: {', '.join(sorted(known_classes))}"
                errors.append(RuleError(file, where, "{" + placeholder + "}", message))
        for group in dict.fromkeys(_GROUP.findall(template)):
            if group not in documented:
                errors.append(RuleError(file, where, group, "named group not documented in the header comment"))
        try:
            compile_template(template)
        except re.error as problem:
            errors.append(RuleError(file, where, "regex", f"does not compile: {problem}"))
    return errors


def check_timex_patterns(path: Path) -> list[RuleError]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as problem:
        return [RuleError(path.name, "", "", f"cannot read: {problem}")]
    return pattern_errors(text, path.name)
