"""Validation of the time-expression rule files (extractors/rules/timex.py): the shipped files pass, and a
copy with one typo gives exactly the error that names it; the loaders refuse an invalid file."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from extractors.data import PACKAGE_RULES, RULES_ENV
from extractors.rules import RuleError, RulesInvalid
from extractors.rules.timex import LEXICON_FILE, PATTERNS_FILE, check_timex_lexicon, check_timex_patterns
from extractors.timex.grammar import patterns
from extractors.timex.lexicon import lexicon
from extractors.timex.resolvers import RESOLVERS

SHIPPED_LEXICON = json.loads((PACKAGE_RULES / LEXICON_FILE).read_text(encoding="utf-8"))
SHIPPED_PATTERNS = (PACKAGE_RULES / PATTERNS_FILE).read_text(encoding="utf-8")
# the row the pattern cases edit
MONTH_ROW = next(line for line in SHIPPED_PATTERNS.splitlines() if line.startswith("month\t"))
MONTH_LINE = SHIPPED_PATTERNS.splitlines().index(MONTH_ROW) + 1
MONTH_WHERE = f"line {MONTH_LINE} (pattern month)"


def test_shipped_files_validate() -> None:
    assert check_timex_lexicon(PACKAGE_RULES / LEXICON_FILE) == []
    assert check_timex_patterns(PACKAGE_RULES / PATTERNS_FILE) == []


def _write_lexicon(folder: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    data = json.loads(json.dumps(SHIPPED_LEXICON))  # a deep copy
    edit(data)
    path = folder / LEXICON_FILE
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _write_patterns(folder: Path, old: str, new: str) -> Path:
    assert old in MONTH_ROW
    path = folder / PATTERNS_FILE
    path.write_text(SHIPPED_PATTERNS.replace(MONTH_ROW, MONTH_ROW.replace(old, new)), encoding="utf-8")
    return path


def test_misspelt_lexicon_key(tmp_path: Path) -> None:
    path = _write_lexicon(tmp_path, lambda d: d.__setitem__("monhts", d.pop("months")))
    assert sorted(check_timex_lexicon(path), key=lambda e: e.key) == [
        RuleError(LEXICON_FILE, "", "monhts", "unknown key"),
        RuleError(LEXICON_FILE, "", "months", "required key is missing"),
    ]


def _rename_pod(d: dict[str, Any]) -> None:
    d["day_words"]["tonight"]["pood"] = d["day_words"]["tonight"].pop("pod")


def _two_holiday_rules(d: dict[str, Any]) -> None:
    d["holidays"]["christmas"]["nth"] = [12, 1, 4]


# (edit of the lexicon, (where, key) of the one error it must give)
LEXICON_CASES = [
    (_rename_pod, ("day_words.tonight", "pood")),
    (lambda d: d["units"]["week"].__setitem__("granularity", "weak"), ("units.week", "granularity")),
    (_two_holiday_rules, ("holidays", "christmas")),
    (lambda d: d["months"].__setitem__("Sept", 9), ("months", "Sept")),  # lookups lower-case the text
    (lambda d: d["numbers"].__setitem__("two", "2"), ("numbers", "two")),
    (lambda d: d["month_abbreviations"].append("sept."), ("month_abbreviations", "sept.")),
    (lambda d: d.__setitem__("_units", 5), ("", "_units")),
]


@pytest.mark.parametrize(("edit", "expected"), LEXICON_CASES)
def test_one_lexicon_typo_one_error(
    tmp_path: Path, edit: Callable[[dict[str, Any]], None], expected: tuple[str, str]
) -> None:
    errors = check_timex_lexicon(_write_lexicon(tmp_path, edit))
    assert [(e.file, e.where, e.key) for e in errors] == [(LEXICON_FILE, *expected)]


def test_unknown_pattern_kind(tmp_path: Path) -> None:
    path = _write_patterns(tmp_path, "month\tmonth\t", "month\tmonht\t")
    message = "unknown kind; one of: " + ", ".join(sorted(RESOLVERS))
    assert check_timex_patterns(path) == [RuleError(PATTERNS_FILE, MONTH_WHERE, "monht", message)]
    assert message.startswith("unknown kind; one of: ago, anaphoric, aroundday, century, clock, date, dayword,")


def test_unknown_placeholder(tmp_path: Path) -> None:
    path = _write_patterns(tmp_path, "(?P<month>{MONTH})", "(?P<month>{MONHT})")
    errors = check_timex_patterns(path)
    assert [(e.file, e.where, e.key) for e in errors] == [(PATTERNS_FILE, MONTH_WHERE, "{MONHT}")]
    assert errors[0].message.startswith("unknown placeholder; one of: AMPM, ANAREL, ANYUNIT")


def test_undocumented_named_group(tmp_path: Path) -> None:
    path = _write_patterns(tmp_path, "(?P<month>{MONTH})", "(?P<monthname>{MONTH})")
    assert check_timex_patterns(path) == [
        RuleError(PATTERNS_FILE, MONTH_WHERE, "monthname", "named group not documented in the header comment")
    ]


@pytest.mark.parametrize(
    ("old", "new", "key", "message_start"),
    [
        ("\tDATE\t", "\tDAET\t", "DAET", "unknown type; one of: DATE, TIME, DURATION, SET"),
        ("(?P<month>{MONTH})", "(?P<month>{MONTH}", "regex", "does not compile: missing ), unterminated subpattern"),
        ("\tDATE\t", "\t", "", "3 tab-separated columns; expected 4"),
    ],
)
def test_other_pattern_errors(tmp_path: Path, old: str, new: str, key: str, message_start: str) -> None:
    errors = check_timex_patterns(_write_patterns(tmp_path, old, new))
    assert [(e.file, e.where, e.key) for e in errors] == [(PATTERNS_FILE, MONTH_WHERE, key)]
    assert errors[0].message.startswith(message_start)


@pytest.fixture
def rules_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the two timex files in $DATELINE_RULES; the loaders' caches are cleared before and after."""
    for name in (LEXICON_FILE, PATTERNS_FILE):
        shutil.copy(PACKAGE_RULES / name, tmp_path / name)
    monkeypatch.setenv(RULES_ENV, str(tmp_path))
    lexicon.cache_clear()
    patterns.cache_clear()
    yield tmp_path
    monkeypatch.delenv(RULES_ENV)
    lexicon.cache_clear()
    patterns.cache_clear()


def test_lexicon_loader_refuses_a_typo(rules_folder: Path) -> None:
    _write_lexicon(rules_folder, _rename_pod)
    with pytest.raises(RulesInvalid) as raised:
        lexicon()
    assert raised.value.errors == [RuleError(LEXICON_FILE, "day_words.tonight", "pood", "unknown key")]


def test_pattern_loader_refuses_a_typo(rules_folder: Path) -> None:
    _write_patterns(rules_folder, "month\tmonth\t", "month\tmonht\t")
    with pytest.raises(RulesInvalid) as raised:
        patterns()
    assert [(e.file, e.where, e.key) for e in raised.value.errors] == [(PATTERNS_FILE, MONTH_WHERE, "monht")]
