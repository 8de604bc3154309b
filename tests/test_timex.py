"""Time-expression detection and resolution (issue 3), on sentences written for these tests.

Anchor for most cases: Tuesday 2023-05-09 (the dev article's publication date).
"""

from __future__ import annotations

from datetime import date

import pytest

from extractors.timex.find import find_time_expressions
from schemas import TimeExpression

TUESDAY = date(2023, 5, 9)


def timexes(nlp, sentence: str, anchor: date | None = TUESDAY) -> list[TimeExpression]:
    return find_time_expressions(nlp(sentence), anchor)


def only(nlp, sentence: str, phrase: str, anchor: date | None = TUESDAY) -> TimeExpression:
    """The expression whose text is exactly ``phrase`` (fails with what was found instead)."""
    found = timexes(nlp, sentence, anchor)
    hits = [t for t in found if t.text == phrase]
    assert len(hits) == 1, f"{phrase!r} not found alone in {[(t.text, t.value) for t in found]}"
    return hits[0]


# (sentence, expression text, type, value, mod)
CASES = [
    # weekdays by tense; the anchor's own weekday is the anchor in any tense
    ("The ministry confirmed the test, the agency reported Tuesday.", "Tuesday", "DATE", "2023-05-09", None),
    ("The delegation will arrive on Tuesday.", "Tuesday", "DATE", "2023-05-09", None),
    ("The two leaders spoke by phone Monday.", "Monday", "DATE", "2023-05-08", None),
    ("Rebels shelled the port on Saturday, officials said.", "Saturday", "DATE", "2023-05-06", None),
    ("The envoy will meet the prime minister on Friday.", "Friday", "DATE", "2023-05-12", None),
    ("The board is expected to vote Thursday on the merger.", "Thursday", "DATE", "2023-05-11", None),
    ("Talks collapsed last Friday.", "last Friday", "DATE", "2023-05-05", None),
    ("Voting resumes next Monday.", "next Monday", "DATE", "2023-05-15", None),
    # day words and parts of the day
    ("The minister resigned yesterday.", "yesterday", "DATE", "2023-05-08", None),
    ("Results are due tomorrow.", "tomorrow", "DATE", "2023-05-10", None),
    ("Two ships docked this morning.", "this morning", "TIME", "2023-05-09TMO", None),
    ("The president will address the nation tonight.", "tonight", "TIME", "2023-05-09TNI", None),
    ("Sirens sounded last night across the capital.", "last night", "TIME", "2023-05-08TNI", None),
    ("The blast happened at 5:36 AM near the border.", "5:36 AM", "TIME", "2023-05-09T05:36", None),
    # months and days without a year
    ("In March, the coalition imposed new tariffs.", "March", "DATE", "2023-03", None),
    ("The rebels seized the town on April 2.", "April 2", "DATE", "2023-04-02", None),
    ("The deal was signed last July.", "last July", "DATE", "2022-07", None),
    ("Inflation peaked in December.", "December", "DATE", "2022-12", None),
    # last/this/next unit, earlier this year, late last year
    ("Exports fell sharply last month.", "last month", "DATE", "2023-04", None),
    ("The court will rule next month.", "next month", "DATE", "2023-06", None),
    ("Protests spread this week.", "this week", "DATE", "2023-W19", None),
    ("Fighting intensified last week.", "last week", "DATE", "2023-W18", None),
    ("Shelling continued over the past week.", "the past week", "DATE", "2023-W18", None),
    ("The election is scheduled for next year.", "next year", "DATE", "2024", None),
    ("A report released earlier this year warned of shortages.", "earlier this year", "DATE", "2023", "START"),
    ("Arrests rose earlier this month.", "earlier this month", "DATE", "2023-05", "START"),
    ("The plant closed late last year.", "late last year", "DATE", "2022", "END"),
    ("Last year in July, the plant closed.", "Last year in July", "DATE", "2022-07", None),
    ("This year, in February, the port reopened.", "This year, in February", "DATE", "2023-02", None),
    ("The ceasefire was agreed in early 2021.", "early 2021", "DATE", "2021", "START"),
    # counted back from the anchor
    ("The bridge collapsed five days ago.", "five days ago", "DATE", "2023-05-04", None),
    ("The country last held elections almost 30 years ago.", "almost 30 years ago", "DATE", "1993", "APPROX"),
    ("The mine opened about two years ago.", "about two years ago", "DATE", "2021", "APPROX"),
    ("The accord was signed three weeks ago.", "three weeks ago", "DATE", "2023-W16", None),
    # quarters, seasons, decades, half-years
    (
        "The group will publish figures for the fourth quarter in January.",
        "the fourth quarter",
        "DATE",
        "2023-Q4",
        None,
    ),
    ("Growth slowed in the first quarter.", "the first quarter", "DATE", "2023-Q1", None),
    ("The pipeline is due to open this summer.", "this summer", "DATE", "2023-SU", None),
    ("The region boomed in the 1990s.", "the 1990s", "DATE", "199", None),
    ("Profits doubled in the first half of 2022.", "the first half of 2022", "DATE", "2022-H1", None),
    ("Shipments slowed in H2 2021.", "H2 2021", "DATE", "2021-H2", None),
    # durations and sets
    ("The siege lasted six days.", "six days", "DURATION", "P6D", None),
    ("He began a three-day visit to Hanoi.", "three-day", "DURATION", "P3D", None),
    ("Negotiators talked for more than two hours.", "more than two hours", "DURATION", "PT2H", "MORE_THAN"),
    ("A parade is held each year in the capital.", "each year", "SET", "P1Y", None),
    ("The inspectors visit every month.", "every month", "SET", "P1M", None),
    ("The ministry publishes casualty figures daily.", "daily", "SET", "P1D", None),
    # present, past and future references
    ("The army now controls the airport.", "now", "DATE", "PRESENT_REF", None),
    ("The rebels currently hold three provinces.", "currently", "DATE", "PRESENT_REF", None),
    ("The drones were recently moved north.", "recently", "DATE", "PAST_REF", None),
    ("Clashes have intensified in recent days.", "recent days", "DATE", "PAST_REF", None),
    ("Both sides hope to resume talks in the future.", "the future", "DATE", "FUTURE_REF", None),
    # absolute dates in news spellings
    ("Posted May 9, 2023 at 5:36 AM by the desk.", "May 9, 2023 at 5:36 AM", "TIME", "2023-05-09T05:36", None),
    ("The treaty was ratified on 9 May 2023.", "9 May 2023", "DATE", "2023-05-09", None),
    ("The filing is dated 2023-05-09.", "2023-05-09", "DATE", "2023-05-09", None),
    (
        "Updated 10 September 2024, 16:14 after new reports.",
        "10 September 2024, 16:14",
        "TIME",
        "2024-09-10T16:14",
        None,
    ),
    ("The law took effect on Jan. 3, 2022.", "Jan. 3, 2022", "DATE", "2022-01-03", None),
    ("The strike began in June 2019.", "June 2019", "DATE", "2019-06", None),
    ("Turnout was low in 2019.", "2019", "DATE", "2019", None),
]


@pytest.mark.parametrize(("sentence", "phrase", "ttype", "value", "mod"), CASES, ids=[c[1] for c in CASES])
def test_resolution(nlp, sentence, phrase, ttype, value, mod):
    t = only(nlp, sentence, phrase)
    assert (t.type, t.value, t.mod) == (ttype, value, mod)


def test_month_day_without_year_follows_future_tense(nlp):
    # an October article about what will happen: "Feb. 1" is next February
    t = only(nlp, "The new tariffs will take effect on Feb. 1.", "Feb. 1", anchor=date(2023, 10, 10))
    assert t.value == "2024-02-01"
    t = only(nlp, "The tariffs took effect on Feb. 1.", "Feb. 1", anchor=date(2023, 10, 10))
    assert t.value == "2023-02-01"


def test_quarter_in_results_story(nlp):
    t = only(nlp, "Net income rose 12% in the third quarter.", "the third quarter", anchor=date(1989, 10, 26))
    assert t.value == "1989-Q3"
    assert (t.date_start, t.date_end, t.granularity) == (date(1989, 7, 1), date(1989, 9, 30), "quarter")


INTERVALS = [
    # (sentence, phrase, start, end, granularity, approximate)
    ("Officials said Monday that the talks failed.", "Monday", date(2023, 5, 8), date(2023, 5, 8), "day", False),
    ("Sales fell last month.", "last month", date(2023, 4, 1), date(2023, 4, 30), "month", False),
    ("In March, the court ruled.", "March", date(2023, 3, 1), date(2023, 3, 31), "month", False),
    ("Prices rose earlier this year.", "earlier this year", date(2023, 1, 1), TUESDAY, "range", False),
    ("Troops withdrew last week.", "last week", date(2023, 5, 1), date(2023, 5, 7), "week", False),
    (
        "The famine began almost 30 years ago.",
        "almost 30 years ago",
        date(1993, 1, 1),
        date(1993, 12, 31),
        "year",
        True,
    ),
    ("The pipeline opens this summer.", "this summer", date(2023, 6, 1), date(2023, 8, 31), "season", False),
    ("Output grew in the 1990s.", "the 1990s", date(1990, 1, 1), date(1999, 12, 31), "decade", False),
    ("The blast happened at 5:36 AM.", "5:36 AM", TUESDAY, TUESDAY, "day", False),
]


@pytest.mark.parametrize(
    ("sentence", "phrase", "start", "end", "gran", "approx"), INTERVALS, ids=[c[1] for c in INTERVALS]
)
def test_interval(nlp, sentence, phrase, start, end, gran, approx):
    t = only(nlp, sentence, phrase)
    assert (t.date_start, t.date_end, t.granularity, t.approximate) == (start, end, gran, approx)


@pytest.mark.parametrize(
    ("sentence", "phrase", "value"),
    [("The siege lasted six days.", "six days", "P6D"), ("It meets each year.", "each year", "P1Y")],
)
def test_durations_and_sets_have_no_interval(nlp, sentence, phrase, value):
    t = only(nlp, sentence, phrase)
    assert (t.value, t.date_start, t.date_end, t.granularity) == (value, None, None, None)


NO_ANCHOR = [
    ("Officials said Tuesday that the talks failed.", "Tuesday", "XXXX-WXX-2"),
    ("Exports fell last month.", "last month", "XXXX-XX"),
    ("The minister resigned yesterday.", "yesterday", "XXXX-XX-XX"),
    ("In March, the court ruled.", "March", "XXXX-03"),
    ("The mine opened five years ago.", "five years ago", "XXXX"),
    ("He was shot last Oct. 23 at home.", "last Oct. 23", "XXXX-10-23"),
    ("It is the fourth day of the siege.", "the fourth day", "XXXX-XX-XX"),
    ("State media was silent as of early afternoon.", "early afternoon", "XXXX-XX-XXTAF"),
]


@pytest.mark.parametrize(("sentence", "phrase", "value"), NO_ANCHOR, ids=[c[1] for c in NO_ANCHOR])
def test_no_anchor_stays_underspecified(nlp, sentence, phrase, value):
    t = only(nlp, sentence, phrase, anchor=None)
    assert t.value == value
    assert t.date_start is None and t.date_end is None  # never today's date


def test_no_anchor_keeps_absolute_dates(nlp):
    t = only(nlp, "The treaty was signed on May 9, 2023.", "May 9, 2023", anchor=None)
    assert (t.value, t.date_start) == ("2023-05-09", date(2023, 5, 9))


def test_extents_follow_timeml(nlp):
    found = timexes(nlp, "On Friday, profits in the third quarter rose, and since 2020 exports doubled.")
    assert [t.text for t in found] == ["Friday", "the third quarter", "2020"]
    for t in found:
        assert (
            t.text == "On Friday, profits in the third quarter rose, and since 2020 exports doubled."[t.start : t.end]
        )


def test_since_runs_to_the_anchor(nlp):
    t = only(nlp, "Exports have doubled since 2020.", "2020")
    assert (t.value, t.date_start, t.date_end, t.granularity) == ("2020", date(2020, 1, 1), TUESDAY, "range")


@pytest.mark.parametrize(
    ("sentence", "phrase", "start"),
    [
        ("Pyongyang has launched a dozen rockets so far this year.", "this year", date(2023, 1, 1)),
        ("Thus far this month, three tankers were seized.", "this month", date(2023, 5, 1)),
        ("Sanctions have widened since the spring of 2022.", "the spring of 2022", date(2022, 3, 1)),
    ],
)
def test_so_far_and_since_stretch_the_interval_to_the_anchor(nlp, sentence, phrase, start):
    t = only(nlp, sentence, phrase)
    assert (t.date_start, t.date_end, t.granularity, t.mod) == (start, TUESDAY, "range", None)


def test_so_far_does_not_reach_a_later_date(nlp):
    t = only(nlp, "Iran has so far denied the claims first made in January.", "January")
    assert (t.date_start, t.date_end, t.granularity) == (date(2023, 1, 1), date(2023, 1, 31), "month")


@pytest.mark.parametrize(
    ("sentence", "twin", "phrase"),
    [
        (
            "A 6-year-old boy was rescued from the rubble.",
            "A 6-year-old boy was rescued from the rubble on Monday.",
            "Monday",
        ),
        ("Officials may announce the results.", "Officials may announce the results in May.", "May"),
        ("The company sold 1990 trucks.", "The company sold 1990 trucks in 1991.", "1991"),
        ("Markets fall when rates rise.", "Markets fall when rates rise each year.", "each year"),
    ],
)
def test_not_time_expressions(nlp, sentence, twin, phrase):
    # the twin adds one real expression: only it is found, so the finder works on such a sentence
    assert [t.text for t in timexes(nlp, twin)] == [phrase]
    assert timexes(nlp, sentence) == []


def test_clock_and_date_stamp_is_one_time(nlp):
    found = timexes(nlp, "The offer expires at 5 p.m. EST, Nov. 6, the company said.", anchor=date(1989, 10, 30))
    assert [(t.text, t.type, t.value) for t in found] == [("5 p.m. EST, Nov. 6", "TIME", "1989-11-06T17:00")]


def test_anaphoric_year_earlier_follows_the_quarter(nlp):
    found = timexes(
        nlp, "Profit rose in the third quarter. A year earlier, the company lost money.", anchor=date(1989, 10, 26)
    )
    assert [(t.text, t.value) for t in found] == [("the third quarter", "1989-Q3"), ("A year earlier", "1988-Q3")]


def test_excluded_spans_are_still_reported(nlp):
    sentence = "Updated May 8, 2023. A year earlier, prices fell."
    doc = nlp(sentence)
    found = find_time_expressions(doc, TUESDAY, exclude=[(0, 20)])
    assert found[0].value == "2023-05-08"
    # furniture is no reference time: "a year earlier" counts from the anchor, not the stamp
    assert found[1].value == "2022"


def test_dev_article(nlp):
    """All nine gold expressions of the dev article (UPI, 2023-05-09)."""
    text = (
        "By Thomas Maresca   |   May 9, 2023 at 5:36 AM\nKim said Moscow would prevail, state media reported "
        "Tuesday.\n\nSEOUL, May 9 (UPI) -- Kim sent a message, KCNA reported Tuesday.\n\nVictory Day "
        "commemorates the war, with a parade held each year in Moscow.\n\nIn March, the White House said "
        "Russia sought arms. A report earlier this year concluded it faces the worst crisis since a famine "
        "almost 30 years ago.\n\nIt launched its first solid-fuel ICBM last month."
    )
    got = [(t.text, t.type, t.value, t.mod) for t in find_time_expressions(nlp(text), TUESDAY)]
    assert got == [
        ("May 9, 2023 at 5:36 AM", "TIME", "2023-05-09T05:36", None),
        ("Tuesday", "DATE", "2023-05-09", None),
        ("May 9", "DATE", "2023-05-09", None),
        ("Tuesday", "DATE", "2023-05-09", None),
        ("each year", "SET", "P1Y", None),
        ("March", "DATE", "2023-03", None),
        ("earlier this year", "DATE", "2023", "START"),
        ("almost 30 years ago", "DATE", "1993", "APPROX"),
        ("last month", "DATE", "2023-04", None),
    ]


# --------------------------------------------------------------------------- rules added after the TimeBank study
# (sentence, expression text, type, value, anchor) — anchors other than TUESDAY are results-season dates
RESULTS_DAY = date(1995, 10, 24)  # a Tuesday in late October: third-quarter results are out

NEWER_RULES = [
    # a reporting period: "for the year ended ..." is one year long; "for the year" is this year
    ("Rivco earned $4 million for the year ended June 30.", "the year", "DURATION", "P1Y", RESULTS_DAY),
    ("In the fiscal year ending March 31, sales fell.", "the fiscal year", "DURATION", "P1Y", RESULTS_DAY),
    ("For the year, shipments of tractors were flat.", "the year", "DATE", "1995", RESULTS_DAY),
    ("Sales fell in the first nine months of the year.", "the year", "DATE", "1995", RESULTS_DAY),
    ("Harvests were delayed earlier in the year by floods.", "earlier in the year", "DATE", "1995", RESULTS_DAY),
    # the comparable period of the year before, written as one expression
    (
        "Margins widened from the year-earlier second quarter.",
        "the year-earlier second quarter",
        "DATE",
        "1994-Q2",
        RESULTS_DAY,
    ),
    (
        "Net in the year-ago nine months included a tax gain.",
        "the year-ago nine months",
        "DURATION",
        "P9M",
        RESULTS_DAY,
    ),
    # an unspecified number of units after for/within/over the
    ("The two clans have feuded for years.", "years", "DURATION", "PXY", TUESDAY),
    ("A verdict is expected within weeks.", "weeks", "DURATION", "PXW", TUESDAY),
    ("Over the years the port has silted up.", "the years", "DURATION", "PXY", TUESDAY),
    # "-long" adjectives, year prefixes, "couple of"
    ("Delegates emerged from a day-long session.", "day-long", "DURATION", "P1D", TUESDAY),
    ("It ended a decades-long border dispute.", "decades-long", "DURATION", "PXY", TUESDAY),
    ("The pre-1990 rules still apply to old contracts.", "pre-1990", "DATE", "1990", TUESDAY),
    ("Demand should hold up over the next couple of years.", "the next couple of years", "DURATION", "P2Y", TUESDAY),
    # counted from a named day
    ("Lawyers met the day before last Friday's hearing.", "the day before last Friday", "DATE", "2023-05-04", TUESDAY),
    ("The trial is set to open the week of June 12.", "the week of June 12", "DATE", "2023-W24", TUESDAY),
    # a deadline looks ahead whatever the tense
    ("The minister could arrive as early as Thursday.", "Thursday", "DATE", "2023-05-11", TUESDAY),
    # "one day" next to a verb is an unspecified time, not a length
    ("Engineers believe the tunnel will one day carry freight.", "one day", "DATE", "FUTURE_REF", TUESDAY),
    ("The festival lasted one day.", "one day", "DURATION", "P1D", TUESDAY),
    (
        "The ministry wants the convoy to leave as soon as possible.",
        "as soon as possible",
        "DATE",
        "FUTURE_REF",
        TUESDAY,
    ),
    # cue words before the time override the verb: "since" looks back, "effective"/"until" ahead,
    # except in a past perfect clause; a plan standing now looks ahead, one overtaken looks back
    ("Police have been hunting the gunman since the Nov. 20 ambush.", "Nov. 20", "DATE", "2022-11-20", TUESDAY),
    ("The council appointed a new auditor, effective Feb. 1.", "Feb. 1", "DATE", "2024-02-01", date(2023, 10, 10)),
    ("Until Monday, prosecutors had not named him a suspect.", "Monday", "DATE", "2023-05-08", TUESDAY),
    ("The governor has scheduled a briefing Thursday.", "Thursday", "DATE", "2023-05-11", TUESDAY),
    (
        "The offer had been scheduled to expire at midnight Friday.",
        "midnight Friday",
        "TIME",
        "2023-05-05T24:00",
        TUESDAY,
    ),
    # "the day before" in apposition to a date is that date; "later in the day" is the anchor's
    ("Shares peaked on March 3, the day before the bank failed.", "the day before", "DATE", "2023-03-03", TUESDAY),
    ("The convoy reached the border later in the day.", "later in the day", "DATE", "2023-05-09", TUESDAY),
    # a relative word before a month and day; a holiday counted from a day of the month
    ("The envoy has been detained since last Nov. 30.", "last Nov. 30", "DATE", "2022-11-30", TUESDAY),
    ("Turnout on Election Day is expected to be high.", "Election Day", "DATE", "2023-11-07", TUESDAY),
    # present-tense "it is the Nth day of": the anchor's day
    ("It is the fourth day of the siege, residents said.", "the fourth day", "DATE", "2023-05-09", TUESDAY),
    # "that same day" after a month: a day of that month
    (
        "The embassy closed in March. Staff left the country that same day.",
        "that same day",
        "DATE",
        "2023-03-XX",
        TUESDAY,
    ),
    # "in the morning" right after a named day is that day's morning
    ("Markets fell on Friday. Traders sold heavily in the morning.", "the morning", "TIME", "2023-05-05TMO", TUESDAY),
    # halves: "and a half" after the number or after the unit; minutes split into seconds
    ("The vote took a minute and a half.", "a minute and a half", "DURATION", "PT1M30S", TUESDAY),
    ("The hostages were held for two and a half years.", "two and a half years", "DURATION", "P2Y6M", TUESDAY),
    # agency stamps: a 24-hour clock before the date, seconds kept
    ("All News 14:05 March 3, 2024", "14:05 March 3, 2024", "TIME", "2024-03-03T14:05", TUESDAY),
    ("Updated 2024-03-03 14:05:09 by the desk.", "2024-03-03 14:05:09", "TIME", "2024-03-03T14:05:09", TUESDAY),
    # a part of the anchor's day on its own; working days; bare plurals before "of" or an event
    (
        "State media had not reported the launch as of early afternoon.",
        "early afternoon",
        "TIME",
        "2023-05-09TAF",
        TUESDAY,
    ),
    ("The council must reply within fifteen working days.", "fifteen working days", "DURATION", "P15D", TUESDAY),
    ("The capital has seen weeks of strikes.", "weeks", "DURATION", "PXW", TUESDAY),
    ("The navy deployed days after the vote.", "days", "DURATION", "PXD", TUESDAY),
    # "annual" before a recurring event (up to three words on) is a set
    ("The allies began their annual Iron Shield naval drills.", "annual", "SET", "P1Y", TUESDAY),
    # "ahead of" looks forward even through a possessive weekday
    ("Beijing raised pressure ahead of Saturday's election.", "Saturday", "DATE", "2023-05-13", TUESDAY),
    ("Analysts studied Saturday's election results.", "Saturday", "DATE", "2023-05-06", TUESDAY),
    # a 24-hour time with a dot is read only between a date and a time zone
    ("Thu 4 May 2023 17.45 BST", "4 May 2023 17.45 BST", "TIME", "2023-05-04T17:45", TUESDAY),
    # modals look ahead unless perfect; a participle takes the tense of the clause around its noun;
    # the simple present of an event verb that the time hangs on is a schedule
    ("The sanctions must be approved by ministers on Monday.", "Monday", "DATE", "2023-05-15", TUESDAY),
    ("The ruling may have been drafted on Monday.", "Monday", "DATE", "2023-05-08", TUESDAY),
    ("He said a date would be set after a dialogue starting on Monday.", "Monday", "DATE", "2023-05-15", TUESDAY),
    ("Polls open at 7 a.m. Sunday across the country.", "7 a.m. Sunday", "TIME", "2023-05-14T07:00", TUESDAY),
    ("Weakness in bank shares hurt the index on Friday.", "Friday", "DATE", "2023-05-05", TUESDAY),
    # a month and day with a relative year; "late this month or early next"; unhyphenated "-long"
    ("Kishida took office on Oct. 4 last year.", "Oct. 4 last year", "DATE", "2022-10-04", TUESDAY),
    ("The committee may meet late this month or early next month.", "late this month", "DATE", "2023-05", TUESDAY),
    ("Spending rose during a weeklong holiday.", "weeklong", "DURATION", "P1W", TUESDAY),
    # a 24-hour time after "at" joins the day after it; a part of the day counted from the day just named
    ("The judgment was handed down at 10:30 on Monday.", "10:30 on Monday", "TIME", "2023-05-08T10:30", TUESDAY),
    (
        "Polls closed on Sunday, 7 May; results came the following morning.",
        "the following morning",
        "TIME",
        "2023-05-08TMO",
        TUESDAY,
    ),
    # a length of unknown size after a preposition
    ("Residents will live without water for a while.", "a while", "DURATION", "PXX", TUESDAY),
    ("Troops may stay for a fairly lengthy period.", "a fairly lengthy period", "DURATION", "PXX", TUESDAY),
    # a rate after a plural noun, a length after a preposition
    ("Rescuers handle hundreds of calls a day.", "a day", "SET", "P1D", TUESDAY),
    ("Orders fell 3%, the sharpest drop in a year.", "a year", "DURATION", "P1Y", TUESDAY),
]


@pytest.mark.parametrize(
    ("sentence", "phrase", "ttype", "value", "anchor"), NEWER_RULES, ids=[c[1] for c in NEWER_RULES]
)
def test_newer_rules(nlp, sentence, phrase, ttype, value, anchor):
    t = only(nlp, sentence, phrase, anchor=anchor)
    assert (t.type, t.value) == (ttype, value)


def test_post_year_prefix_mod(nlp):
    t = only(nlp, "Exiles resent the post-1959 order.", "post-1959")
    assert (t.value, t.mod) == ("1959", "AFTER")


def test_over_before_the_is_a_preposition(nlp):
    # "over" is "more than" before a number, a preposition before "the"
    t = only(nlp, "Prices doubled over the past three years.", "the past three years")
    assert (t.value, t.mod) == ("P3Y", None)
    t = only(nlp, "The talks lasted over three hours.", "over three hours")
    assert (t.value, t.mod) == ("PT3H", "MORE_THAN")


def test_second_day_of_a_pair_shares_the_month(nlp):
    found = timexes(nlp, "Leaders will meet in Vilnius on July 11 and 12, officials said.")
    assert [(t.text, t.value) for t in found] == [("July 11", "2023-07-11"), ("12", "2023-07-12")]
    # a count after a date is not a day
    found = timexes(nlp, "On July 11 and 12 people were hurt.")
    assert [t.text for t in found] == ["July 11"]


def test_capitalised_seasons_and_noon_mid_sentence_are_names(nlp):
    found = timexes(nlp, 'Activists staged the "Spring of Freedom" march and screened "High Noon" downtown.')
    assert [t.text for t in found] == []
    assert [t.value for t in timexes(nlp, "Spring came early. The talks resume at noon.")] == [
        "2023-SP",
        "2023-05-09T12:00",
    ]


def test_a_quarter_of_something_is_a_fraction(nlp):
    assert [t.text for t in timexes(nlp, "Exports make up more than a quarter of the economy.")] == []
    found = timexes(nlp, "The dispute has lasted a quarter of a century, half an hour of it today.")
    assert [(t.text, t.value) for t in found] == [
        ("a quarter of a century", "P25Y"),
        ("half an hour", "PT30M"),
        ("today", "2023-05-09"),
    ]
    assert [t.value for t in timexes(nlp, "The junta fell a quarter century ago.")] == ["1998"]


def test_the_past_before_a_count_is_not_a_reference(nlp):
    assert [t.text for t in timexes(nlp, "Riots have erupted for the past three summers.")] == []
    assert [t.value for t in timexes(nlp, "Those rules belong to the past.")] == ["PAST_REF"]


def test_the_previous_weekday_counts_from_the_day_just_named(nlp):
    found = timexes(nlp, "The index closed at a record on Friday, up 4% from the previous Friday.")
    assert [(t.text, t.value) for t in found] == [("Friday", "2023-05-05"), ("the previous Friday", "2023-04-28")]


def test_annual_quantity_is_not_a_set(nlp):
    assert [t.text for t in timexes(nlp, "The firm reported annual sales of $3 billion.")] == []
    assert [t.text for t in timexes(nlp, "The firm reported annual sales of $3 billion last year.")] == ["last year"]
    # and "the days" of an era is left alone
    assert [t.text for t in timexes(nlp, "He recalled the days of the old regime.")] == []
    assert [t.text for t in timexes(nlp, "He recalled the days of the old regime on Monday.")] == ["Monday"]


def test_title_case_names_are_not_times(nlp):
    found = timexes(nlp, 'The minister said on CBS\'s "This Week" that talks were over. This is World Today.')
    assert [t.text for t in found] == []
    # a sentence or a quoted sentence may still begin with one
    assert [t.value for t in timexes(nlp, 'He paused. "Today we stand together," he said.')] == ["2023-05-09"]


def test_year_ago_after_a_year_ago_period_is_not_counted_twice(nlp):
    found = timexes(
        nlp,
        "Net fell to $3 million from $5 million in the 1988 period. The year-ago results included a charge.",
        anchor=date(1989, 11, 2),
    )
    assert [(t.text, t.value) for t in found] == [("1988", "1988"), ("year-ago", "1988")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Thousands joined the annual March for Life downtown.",
        "Veterans led the March of the Mothers through the square.",
    ],
)
def test_march_the_noun(nlp, sentence):
    assert timexes(nlp, sentence) == []
    month = [(t.text, t.value) for t in timexes(nlp, sentence.replace(".", " in March."))]
    assert month == [("March", "2023-03")]  # the month itself is still found next to the noun


def test_year_earlier_follows_the_reporting_period(nlp):
    # the story's quarter is its reporting period, however far back it was named
    filler = " The company also said it would close two plants and cut its dividend." * 12
    text = (
        "Rivco said third-quarter profit rose 8%."
        + filler
        + " Revenue climbed to $90 million from $71 million a year ago. In the year-ago period, it lost money."
    )
    found = timexes(nlp, text, anchor=RESULTS_DAY)
    got = {t.text: t.value for t in found}
    assert got["third-quarter"] == "1995-Q3"
    assert got["a year ago"] == "1994-Q3"
    assert got["the year-ago period"] == "1994-Q3"


def test_year_earlier_ignores_a_forecast_quarter(nlp):
    text = (
        "Rivco said third-quarter profit rose. It sees weaker demand in the first quarter of 1996. "
        "In the year-ago period, it lost money."
    )
    got = {t.text: t.value for t in timexes(nlp, text, anchor=RESULTS_DAY)}
    assert got["the year-ago period"] == "1994-Q3"


def test_past_tense_month_is_not_next_year(nlp):
    # October anchor: a past-tense "January" is last January, a future one the coming January
    t = only(nlp, "The chain switched to a calendar year in January.", "January", anchor=RESULTS_DAY)
    assert t.value == "1995-01"
    t = only(nlp, "The chain will switch to a calendar year in January.", "January", anchor=RESULTS_DAY)
    assert t.value == "1996-01"
    # a future-tense report on the quarter just ended stays this year's
    t = only(nlp, "Rivco will report third-quarter results next week.", "third-quarter", anchor=RESULTS_DAY)
    assert t.value == "1995-Q3"


def test_dateline_timex_parses_a_text_longer_than_spacys_limit_in_pieces(nlp, monkeypatch) -> None:
    from extractors import chunking
    from extractors.timex import batch

    para = "Officials met on Tuesday. The talks resume next week.\n\n"
    long_text = para * 400  # ~22,000 characters
    monkeypatch.setattr(nlp, "max_length", 10_000)  # what 1,000,000 characters are to the real limit
    monkeypatch.setattr(batch, "pieces", lambda text: chunking.pieces(text, 5_000))
    lines = batch.resolve_documents([("long", date(2024, 3, 14), long_text), ("short", date(2024, 3, 14), para)])
    assert [line["doc_id"] for line in lines] == ["long", "short"]
    found = lines[0]["timexes"]
    assert len(found) == 800 and all(long_text[t["start"] : t["end"]] == t["text"] for t in found)
    assert {t["value"] for t in found} == {"2024-03-12", "2024-W12"}
    assert len(lines[1]["timexes"]) == 2
