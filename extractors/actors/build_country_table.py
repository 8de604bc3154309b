"""Writes countries.tsv, the country table the run-time matcher reads, from country_converter's public data.

    python -m extractors.actors.build_country_table

Run it after upgrading country_converter (the ``countries`` extra: it needs pandas, which Dateline does not
import at run time), then check that the event snapshot is unchanged. Besides the converter's own columns,
each row gets the literals that every match of its regex must contain, so that look-up tries only the few
regexes whose literal occurs in a name.
"""

from __future__ import annotations

from extractors.actors.countries import LITERAL_SEPARATOR, TABLE
from extractors.actors.generated_table import render_tsv, write_table
from extractors.actors.regex_literals import required_literals

COLUMNS = ("iso3", "name_short", "iso2_regex", "regex", "literals")


def clean_iso3(raw: str) -> str:
    """The converter's own clean-up of an ISO3 cell ("first alternative, letters and digits, upper case")."""
    return "".join(ch for ch in raw.split("|")[0] if ch.isalnum()).upper()


def table_rows() -> list[dict[str, str]]:
    """The converter's current countries (its public ``CountryConverter().data``: obsolete rows and duplicated
    names already dropped, as its ``convert`` sees them), in its order."""
    import country_converter as coco

    data = coco.CountryConverter().data
    rows = []
    for rec in data[["ISO3", "name_short", "ISO2", "regex"]].to_dict("records"):
        literals = required_literals(rec["regex"]) or frozenset()
        if any(LITERAL_SEPARATOR in x for x in literals):
            raise ValueError(f"literal with {LITERAL_SEPARATOR!r} in {rec['regex']!r}")
        rows.append(
            {
                "iso3": clean_iso3(rec["ISO3"]),
                "name_short": rec["name_short"],
                "iso2_regex": rec["ISO2"],
                "regex": rec["regex"],
                "literals": LITERAL_SEPARATOR.join(sorted(literals)),
            }
        )
    return rows


def render() -> str:
    """The text of countries.tsv as the installed country_converter gives it."""
    return render_tsv("extractors.actors.build_country_table", "country_converter", COLUMNS, table_rows())


def main() -> None:
    write_table(TABLE, render())


if __name__ == "__main__":
    main()
