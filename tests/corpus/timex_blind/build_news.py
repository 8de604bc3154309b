#!/usr/bin/env python3
"""Build news.jsonl from the marked-up articles below.

Markup: [[span|TYPE|VALUE]] or [[span|TYPE|VALUE|MOD]].  The markup is
stripped and each span's offsets are computed from its position in the
stripped text, then checked with text[start:end] == span.  Run from any
directory: ``python build_news.py`` rewrites news.jsonl next to this file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

DOCS = [
    (
        "blind_news_01_yonhap",
        "2019-03-14",
        """\
SEOUL, [[March 14|DATE|2019-03-14]] (Yonhap) -- North Korea appears to be restoring a long-range rocket launch site it had partially dismantled [[last year|DATE|2018]], South Korea's spy agency told lawmakers [[Thursday|DATE|2019-03-14]], [[two weeks|DURATION|P2W]] after a summit between leader Kim Jong-un and U.S. President Donald Trump in Hanoi ended without a deal.

Commercial satellite images taken on [[March 6|DATE|2019-03-06]] show workers rebuilding a rail-mounted engine test stand at the Sohae facility, the National Intelligence Service (NIS) said in a closed-door briefing that lasted [[about three hours|DURATION|PT3H|APPROX]]. The agency said the work began [[around Feb. 16|DATE|2019-02-16|APPROX]] and had accelerated in [[recent days|DATE|PAST_REF]], but that there was no sign of an imminent launch.

The North's state media, which [[two days ago|DATE|2019-03-12]] accused Seoul of "double-dealing," made no mention of the site. Pyongyang tested what it called a new tactical weapon on [[Nov. 16 last year|DATE|2018-11-16]], but has fired no ballistic missile for [[15 months|DURATION|P15M]].

Kim and Trump met in Hanoi [[late last month|DATE|2019-02|END]], but the talks collapsed over the scope of sanctions relief. U.S. Special Representative Stephen Biegun said [[Monday|DATE|2019-03-11]] that Washington would not ease sanctions until the North fully gives up its nuclear weapons. Seoul's top nuclear envoy, Lee Do-hoon, returned home [[Wednesday|DATE|2019-03-13]] from a [[three-day|DURATION|P3D]] trip to Washington.

The unification ministry said the two Koreas will hold talks at their joint liaison office in Kaesong on [[Friday|DATE|2019-03-15]], the first since the summit. The office, which opened in [[September|DATE|2018-09]], has hosted [[weekly|SET|P1W]] meetings between senior officials.

Seoul and Washington replaced their large-scale [[annual|SET|P1Y]] exercises with smaller drills [[earlier this month|DATE|2019-03|START]], and plan further scaled-down training [[next month|DATE|2019-04]].

The NIS told lawmakers Kim could still visit Seoul [[this year|DATE|2019]], but analysts [[currently|DATE|PRESENT_REF]] see little chance of a third Kim-Trump summit before [[the summer|DATE|2019-SU]].
""",
    ),
    (
        "blind_news_02_reuters",
        "2020-01-08",
        """\
LONDON (Reuters) - Oil prices jumped more than 3% on [[Wednesday|DATE|2020-01-08]] after Iran fired ballistic missiles at two Iraqi bases hosting U.S. troops, but gave up most of their gains by [[midday|TIME|2020-01-08T12:00]] as investors judged that the risk of a wider war had eased.

Brent crude futures touched $71.75 a barrel in Asian trade, the highest since [[mid-September|DATE|2019-09|MID]], when attacks on Saudi oil facilities briefly knocked out half of the kingdom's output. Gold climbed above $1,600 an ounce for the first time since [[March 2013|DATE|2013-03]].

The missile attack, which began at [[about 1:30 a.m.|TIME|2020-01-08T01:30|APPROX]] local time, came [[days|DURATION|PXD]] after a U.S. drone strike in Baghdad killed Iranian commander Qassem Soleimani on [[Friday|DATE|2020-01-03]].

U.S. President Donald Trump said in a Twitter post on [[Tuesday night|TIME|2020-01-07TNI]] that "all is well" and that he would make a statement on [[Wednesday morning|TIME|2020-01-08TMO]]. Iran's foreign minister said Tehran did not seek escalation.

"The market had been pricing in a risk premium for [[the past five days|DURATION|P5D]]," said Stephen Brennock of PVM Oil Associates. "[[Now|DATE|PRESENT_REF]] it is trying to decide whether this is the end of the escalation. Nobody can rule out further attacks in [[the future|DATE|FUTURE_REF]]."

Brent rose nearly 4% [[last week|DATE|2020-W01]] and gained about 23% in [[2019|DATE|2019]].

The Organization of the Petroleum Exporting Countries and its allies agreed in [[December|DATE|2019-12]] to deepen output cuts in [[the first quarter|DATE|2020-Q1]], and are due to review the policy in [[early March|DATE|2020-03|START]].

Investors will also watch [[weekly|SET|P1W]] U.S. government data on crude stockpiles, due at [[10:30 a.m.|TIME|2020-01-08T10:30]] in New York, after analysts polled by Reuters forecast a rise of 3.6 million barrels.
""",
    ),
    (
        "blind_news_03_ap",
        "2020-11-09",
        """\
CHISINAU, Moldova (AP) — Moldova's pro-Western challenger Maia Sandu and incumbent President Igor Dodon will face each other in a televised debate [[tonight|TIME|2020-11-09TNI]], ahead of a presidential runoff on [[Sunday|DATE|2020-11-15]] that is widely seen as a test of Russia's influence in the former Soviet republic.

Sandu, a former World Bank economist who briefly served as prime minister in [[2019|DATE|2019]], won 36% of the vote in the first round on [[Nov. 1|DATE|2020-11-01]], ahead of Dodon with 32.6%, according to the Central Election Commission.

The debate, the first between the two since [[2016|DATE|2016]], will begin at [[8 p.m.|TIME|2020-11-09T20:00]] and is scheduled to last [[two hours|DURATION|PT2H]]. Dodon, who refused to debate his rival before the first round, agreed to the format [[Monday|DATE|2020-11-09]].

Dodon, who enjoys the open backing of the Kremlin, met Russian President Vladimir Putin in Moscow [[late last month|DATE|2020-10|END]]. [[Four years ago|DATE|2016]], he narrowly beat Sandu in a runoff with 52% of the vote.

Moldova, one of Europe's poorest countries, has been split between pro-European and pro-Russian camps since it declared independence in [[1991|DATE|1991]].

The campaign is unfolding as Moldova struggles with the coronavirus pandemic. Health officials reported 1,041 new infections on [[Sunday|DATE|2020-11-08]], a record, and said hospitals were [[currently|DATE|PRESENT_REF]] close to capacity.

In the first round, voters in the diaspora, who overwhelmingly backed Sandu, waited for [[hours|DURATION|PTXH]] outside polling stations in Western Europe. Authorities said more polling stations would open abroad for the runoff.

Polls open at [[7 a.m. Sunday|TIME|2020-11-15T07:00]] and close at [[9 p.m.|TIME|2020-11-15T21:00]], with preliminary results expected [[the following morning|TIME|2020-11-16TMO]]. The winner will be sworn in [[next month|DATE|2020-12]] for a [[four-year|DURATION|P4Y]] term.
""",
    ),
    (
        "blind_news_04_afp",
        "2021-06-19",
        """\
BRUSSELS (AFP) - The European Union is set to impose sweeping economic sanctions on Belarus [[next week|DATE|2021-W25]], targeting its lucrative potash and oil industries, over the forced landing of a Ryanair passenger jet [[last month|DATE|2021-05]], diplomats said [[Saturday|DATE|2021-06-19]].

EU foreign ministers are expected to approve the measures in Luxembourg on [[Monday|DATE|2021-06-21]], before the bloc's leaders endorse them at a [[two-day|DURATION|P2D]] summit starting [[Thursday|DATE|2021-06-24]].

The package follows a ban on Belarusian airlines from EU airspace that took effect on [[June 4|DATE|2021-06-04]], and asset freezes on 78 officials and seven entities agreed [[earlier this week|DATE|2021-W24|START]].

Belarusian authorities scrambled a MiG-29 fighter on [[May 23|DATE|2021-05-23]] to intercept the Athens-to-Vilnius flight over a supposed bomb threat. The plane landed in Minsk at [[1:16 p.m.|TIME|2021-05-23T13:16]], where police arrested dissident journalist Roman Protasevich and his girlfriend; it was allowed to leave for Vilnius [[the same evening|TIME|2021-05-23TEV]]. Protasevich appeared in a video aired on state television [[two weeks ago|DATE|2021-W22]], which his supporters said had clearly been made under duress.

Alexander Lukashenko, who has ruled Belarus for [[almost 27 years|DURATION|P27Y|LESS_THAN]], has vowed to retaliate. Brussels already sanctioned him and dozens of officials over a violent crackdown on protests that erupted after a disputed presidential election in [[August last year|DATE|2020-08]]. Tens of thousands marched in Minsk [[every Sunday|SET|XXXX-WXX-7]] for [[months|DURATION|PXM]] after the vote.

"We are [[now|DATE|PRESENT_REF]] entering a new phase," an EU diplomat said.

Neighbouring Lithuania said it had seen a surge of migrants crossing illegally from Belarus in [[recent weeks|DATE|PAST_REF]], with 387 detained [[this month|DATE|2021-06]] alone, compared with 81 in all of [[2020|DATE|2020]]. Vilnius accuses Minsk of pushing the migrants across the border in revenge for the sanctions.
""",
    ),
    (
        "blind_news_05_kyodo",
        "2022-10-04",
        """\
TOKYO, [[Oct. 4|DATE|2022-10-04]] Kyodo - North Korea fired a ballistic missile over Japan on [[Tuesday morning|TIME|2022-10-04TMO]], prompting the government to issue rare evacuation alerts for residents in the northeast, in the first such overflight in [[five years|DURATION|P5Y]].

The intermediate-range missile was launched at [[around 7:22 a.m.|TIME|2022-10-04T07:22|APPROX]] from Jagang Province and flew about 4,600 kilometers for [[some 22 minutes|DURATION|PT22M|APPROX]] before falling into the Pacific Ocean outside Japan's exclusive economic zone, the Defense Ministry said. The J-Alert warning system sent messages to Hokkaido and Aomori Prefecture at [[7:29 a.m.|TIME|2022-10-04T07:29]], and train services in the region were suspended for [[about 30 minutes|DURATION|PT30M|APPROX]].

Chief Cabinet Secretary Hirokazu Matsuno told a press conference [[this morning|TIME|2022-10-04TMO]] that Tokyo had lodged a strong protest through diplomatic channels in Beijing.

Prime Minister Fumio Kishida, who took office on [[Oct. 4 last year|DATE|2021-10-04]], called the launch "outrageous" and said he would speak with U.S. President Joe Biden by phone on [[Wednesday|DATE|2022-10-05]].

It was the fifth launch by Pyongyang in [[10 days|DURATION|P10D]] and its 23rd [[this year|DATE|2022]]. It came after the United States, South Korea and Japan held anti-submarine drills on [[Friday|DATE|2022-09-30]] for the first time in [[five years|DURATION|P5Y]], and after U.S. Vice President Kamala Harris visited the inter-Korean border [[last Thursday|DATE|2022-09-29]].

North Korea last fired a missile over Japan in [[September 2017|DATE|2017-09]], and first did so [[nearly 24 years ago|DATE|1998|LESS_THAN]], when a Taepodong rocket crossed the main island of Honshu in [[August 1998|DATE|1998-08]].

Since [[the start of the year|DATE|2022|START]], the North has also test-fired a hypersonic missile and an intercontinental ballistic missile. Seoul and Washington have warned for [[months|DURATION|PXM]] that it may be preparing its first nuclear test since [[2017|DATE|2017]]. Diplomats said the U.N. Security Council was expected to meet within [[48 hours|DURATION|PT48H]], and the Defense Ministry said Japan would hold joint drills with U.S. forces [[this winter|DATE|2022-WI]].
""",
    ),
    (
        "blind_news_06_dpa",
        "2023-05-12",
        """\
Munich (dpa) - A German court on [[Friday|DATE|2023-05-12]] sentenced a former army reserve officer to [[two and a half years|DURATION|P2Y6M]] in prison for passing information to Russian intelligence, one of the first espionage verdicts since Russia's full-scale invasion of Ukraine in [[February last year|DATE|2022-02]].

The Higher Regional Court in Munich found that the former officer, identified only as Ralph G. in line with German privacy rules, met Russian intelligence officers at least eight times between [[2014|DATE|2014]] and [[2020|DATE|2020]], and handed over details of reservist training and the Bundeswehr's cyber operations. He joined the reserve [[almost 30 years ago|DATE|1993|LESS_THAN]] and travelled to Russia [[every year|SET|P1Y]], the presiding judge said.

Prosecutors had sought [[four years|DURATION|P4Y]] in prison. The man was arrested on [[November 22|DATE|2022-11-22]], and investigators searched his home in Bavaria [[the following week|DATE|2022-W48]]. In his final statement on [[Tuesday|DATE|2023-05-09]], he told the court he had acted out of "naive curiosity." The trial lasted [[nearly five months|DURATION|P5M|LESS_THAN]]. The verdict can be appealed within [[one week|DURATION|P1W]].

Germany has [[recently|DATE|PAST_REF]] stepped up its counterintelligence work. In [[December|DATE|2022-12]], an employee of the BND foreign intelligence service was arrested on suspicion of passing state secrets to Moscow; his trial is expected to open in [[the autumn|DATE|2023-FA]].

The domestic intelligence agency warned in its [[annual|SET|P1Y]] report [[last June|DATE|2022-06]] that Russian spying had risen sharply.

Interior Minister Nancy Faeser said on [[Thursday|DATE|2023-05-11]] that the government would present Germany's first national security strategy in [[June|DATE|2023-06]]. A verdict in a separate case, against a former employee of the armed forces' procurement office, is expected on [[May 25|DATE|2023-05-25]].
""",
    ),
    (
        "blind_news_07_aljazeera",
        "2024-02-25",
        """\
Dakar, Senegal – Senegal was supposed to elect a new president on [[Sunday|DATE|2024-02-25]]. Instead, polling stations stood empty across the West African country, as a political crisis triggered by President Macky Sall's last-minute postponement of the vote [[three weeks ago|DATE|2024-W05]] dragged on.

Sall announced on [[February 3|DATE|2024-02-03]], just [[hours|DURATION|PTXH]] before campaigning was due to start, that the election would be delayed, citing a dispute over the disqualification of candidates. Parliament then voted to push the vote back to [[December 15|DATE|2024-12-15]], extending his mandate, which expires on [[April 2|DATE|2024-04-02]], by [[more than eight months|DURATION|P8M|MORE_THAN]].

The Constitutional Council struck down the delay on [[February 15|DATE|2024-02-15]], and Sall said [[that same day|DATE|2024-02-15]] that he would comply. In a televised interview on [[Thursday|DATE|2024-02-22]], he said he would step down when his term ends, but that a new date would be set only after a [[two-day|DURATION|P2D]] "national dialogue" starting on [[Monday|DATE|2024-02-26]]. Most of the 19 approved candidates have said they will boycott the talks.

"We are [[currently|DATE|PRESENT_REF]] in uncharted territory," said Alioune Tine, founder of the Dakar-based think tank Afrikajom Center. "Since independence in [[1960|DATE|1960]], Senegal has never postponed a presidential election."

At least three people were killed in protests [[earlier this month|DATE|2024-02|START]], and hundreds were arrested. On [[Friday|DATE|2024-02-23]], young protesters blocked roads in central Dakar for [[six hours|DURATION|PT6H]]. Authorities have released more than 300 detainees in [[recent days|DATE|PAST_REF]], and parliament is expected to debate an amnesty bill [[next week|DATE|2024-W09]].

Sall, who was first elected in [[2012|DATE|2012]] and re-elected [[seven years later|DATE|2019]], said in [[July last year|DATE|2023-07]] that he would not seek a third term. ECOWAS, which has suspended four member states over coups since [[2020|DATE|2020]], urged Senegal to hold the vote "in line with the constitution".
""",
    ),
    (
        "blind_news_08_xinhua",
        "2024-10-18",
        """\
BEIJING, [[Oct. 18|DATE|2024-10-18]] (Xinhua) -- China's gross domestic product (GDP) grew 4.6 percent in [[the third quarter|DATE|2024-Q3]] from [[a year earlier|DATE|2023-Q3]], bringing growth so far [[this year|DATE|2024]] to 4.8 percent, the National Bureau of Statistics (NBS) said [[Friday|DATE|2024-10-18]].

The growth rate was slightly above market expectations, though down from 4.7 percent in [[the second quarter|DATE|2024-Q2]].

NBS spokesperson Fu Linghui told a press conference at [[10 a.m.|TIME|2024-10-18T10:00]] that the economy had remained "generally stable with steady progress," and that a package of stimulus measures rolled out since [[late September|DATE|2024-09|END]] had significantly boosted market confidence.

Industrial output rose 5.4 percent in [[September|DATE|2024-09]], while retail sales grew 3.2 percent, both beating forecasts. Spending during a [[weeklong|DURATION|P1W]] public holiday [[earlier this month|DATE|2024-10|START]] was up 6.3 percent.

The People's Bank of China cut a key policy rate on [[Sept. 27|DATE|2024-09-27]] and pledged further easing before [[the end of the year|DATE|2024|END]]. The benchmark Shanghai Composite Index has risen more than 20 percent over [[the past month|DURATION|P1M]].

Finance Minister Lan Fo'an said on [[Saturday|DATE|2024-10-12]] that the government would "significantly increase" debt issuance. The National People's Congress Standing Committee is expected to review the plans [[late this month|DATE|2024-10|END]] or [[early next month|DATE|2024-11|START]].

New home prices in 70 major cities fell 0.7 percent [[last month|DATE|2024-09]], the NBS said. The property sector has been in a slump for [[more than three years|DURATION|P3Y|MORE_THAN]].

China has set a growth target of around 5 percent for [[2024|DATE|2024]], and officials said the country was on track to meet its [[annual|SET|P1Y]] goal. The International Monetary Fund [[currently|DATE|PRESENT_REF]] forecasts growth of 4.8 percent [[this year|DATE|2024]] and 4.5 percent [[next year|DATE|2025]]. More policies will be introduced in [[the fourth quarter|DATE|2024-Q4]], Fu said.
""",
    ),
    (
        "blind_news_09_bbc",
        "2025-07-01",
        """\
The High Court has rejected a legal challenge to the UK government's decision to allow parts for F-35 fighter jets to reach Israel indirectly.

In a judgment handed down at [[10:30 on Monday|TIME|2025-06-30T10:30]], two judges ruled that the matter was "extremely sensitive and political" and one for ministers, not the courts.

The Palestinian rights group Al-Haq, backed by Oxfam and Amnesty International, had argued at a [[four-day|DURATION|P4D]] hearing in [[May|DATE|2025-05]] that the exemption breached international law.

The government suspended about 30 of 350 arms export licences to Israel [[last September|DATE|2024-09]], citing a "clear risk" that the items might be used in serious violations of international humanitarian law. The suspension was announced on [[2 September|DATE|2024-09-02]]; [[a day later|DATE|2024-09-03]], Defence Secretary John Healey told MPs that cutting off F-35 parts would harm Nato.

Britain, which joined the F-35 programme in [[the 1990s|DATE|199]], makes about 15% of the components of every jet. UK firms export parts worth hundreds of millions of pounds [[every year|SET|P1Y]] to a global pool.

Ministers had insisted [[earlier this year|DATE|2025|START]] that excluding the pool would "undermine" the alliance, and Nato leaders agreed at a summit in The Hague [[last week|DATE|2025-W26]] to raise defence spending to 5% of GDP by [[2035|DATE|2035]].

Al-Haq said on [[Tuesday|DATE|2025-07-01]] that it would seek permission to appeal within [[the next 14 days|DURATION|P14D]]. The case was first brought in [[late 2023|DATE|2023|END]].

Israel denies committing war crimes in Gaza, where its military offensive, launched after the Hamas-led attack on [[7 October 2023|DATE|2023-10-07]], has [[now|DATE|PRESENT_REF]] lasted [[almost 21 months|DURATION|P21M|LESS_THAN]]. The Foreign Office said it would complete its next review of export licences by [[the end of the summer|DATE|2025-SU|END]].
""",
    ),
    (
        "blind_news_10_guardian",
        "2026-01-21",
        """\
The EU has agreed its 20th package of sanctions against Russia, targeting dozens more tankers in Moscow's "shadow fleet" and lowering the cap on the price of Russian crude for the second time in [[six months|DURATION|P6M]], as the war in Ukraine approaches its fourth anniversary [[next month|DATE|2026-02]].

Ambassadors of the 27 member states signed off on the measures on [[Wednesday|DATE|2026-01-21]], after Slovakia dropped its objections on [[Tuesday evening|TIME|2026-01-20TEV]] in return for assurances over gas supplies. The package, which must be formally adopted by foreign ministers on [[Monday|DATE|2026-01-26]], adds 40 vessels to a blacklist that already covers more than 550 ships.

Under the new rules, the cap, introduced by the G7 in [[December 2022|DATE|2022-12]] at $60 a barrel and cut to $47.60 in [[September|DATE|2025-09]], will be reviewed [[every six months|SET|P6M]]. The EU's economic sanctions [[currently|DATE|PRESENT_REF]] run until [[31 July|DATE|2026-07-31]].

Brent crude rose 0.8% to $64.10 a barrel in London [[this afternoon|TIME|2026-01-21TAF]]. The rouble has weakened by almost 12% against the dollar since [[early December|DATE|2025-12|START]], and Russia's central bank, which has cut rates four times since [[June|DATE|2025-06]], is expected to hold at its next meeting on [[13 February|DATE|2026-02-13]].

Russia's economy ministry said [[last week|DATE|2026-W03]] that growth had slowed to about 1% in [[2025|DATE|2025]], from 4.3% [[the year before|DATE|2024]]. Shadow fleet tankers carried about 60% of Russia's seaborne crude exports in [[the fourth quarter of last year|DATE|2025-Q4]], according to the analytics firm Kpler.

Kaja Kallas, the EU's foreign policy chief, said the bloc was "[[now|DATE|PRESENT_REF]] working on the 21st package", which she hoped to present by [[the spring|DATE|2026-SP]]. Talks on a US-brokered ceasefire plan, first floated [[late last year|DATE|2025|END]], have stalled in [[recent weeks|DATE|PAST_REF]]. Ukraine's president, Volodymyr Zelenskyy, who met US envoys in Berlin [[about two weeks ago|DATE|2026-W02|APPROX]], is due to address the World Economic Forum in Davos on [[Thursday|DATE|2026-01-22]].
""",
    ),
]

MARK = re.compile(r"\[\[([^|\]]+)\|([A-Z]+)\|([^|\]]+)(?:\|([A-Z_]+))?\]\]")
TYPES = {"DATE", "TIME", "DURATION", "SET"}
MODS = {None, "START", "MID", "END", "APPROX", "LESS_THAN", "MORE_THAN"}


def build(doc_id: str, dct: str, marked: str) -> dict:
    pieces: list[str] = []
    timexes: list[dict] = []
    pos = 0
    length = 0
    for m in MARK.finditer(marked):
        plain = marked[pos : m.start()]
        pieces.append(plain)
        length += len(plain)
        span, ttype, value, mod = m.group(1), m.group(2), m.group(3), m.group(4)
        assert ttype in TYPES, (doc_id, span, ttype)
        assert mod in MODS, (doc_id, span, mod)
        timexes.append(
            {
                "tid": f"t{len(timexes) + 1}",
                "text": span,
                "start": length,
                "end": length + len(span),
                "type": ttype,
                "value": value,
                "mod": mod,
            }
        )
        pieces.append(span)
        length += len(span)
        pos = m.end()
    pieces.append(marked[pos:])
    text = "".join(pieces)
    assert "[[" not in text and "]]" not in text and "|" not in text, doc_id
    for t in timexes:
        assert text[t["start"] : t["end"]] == t["text"], (doc_id, t)
        # cross-check against str.find: the k-th occurrence of the span text
        k = sum(1 for u in timexes if u["text"] == t["text"] and u["start"] < t["start"])
        idx = -1
        for _ in range(k + 1):
            idx = text.find(t["text"], idx + 1)
            # skip occurrences that are not annotated (e.g. inside a longer word)
            while idx != -1 and not any(u["start"] == idx and u["text"] == t["text"] for u in timexes):
                idx = text.find(t["text"], idx + 1)
        assert idx == t["start"], (doc_id, t, idx)
    return {"doc_id": doc_id, "dct": dct, "text": text, "timexes": timexes}


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def check_calendar(doc: dict) -> None:
    """Sanity checks of values against the calendar (weekdays, ISO weeks)."""
    dct = dt.date.fromisoformat(doc["dct"])
    for t in doc["timexes"]:
        v, txt = t["value"], t["text"]
        day = re.match(r"^(\d{4}-\d{2}-\d{2})", v)
        for i, name in enumerate(WEEKDAYS):
            if name in txt and day:
                d = dt.date.fromisoformat(day.group(1))
                assert d.weekday() == i, (doc["doc_id"], t)
                assert abs((d - dct).days) <= 7, (doc["doc_id"], t)
                if i == dct.weekday():
                    assert d == dct, ("same weekday must be the dct", doc["doc_id"], t)
        week = re.match(r"^(\d{4})-W(\d{2})$", v)
        if week:
            offset = {
                "last week": -1,
                "next week": 1,
                "earlier this week": 0,
                "two weeks ago": -2,
                "about two weeks ago": -2,
            }.get(txt)
            if offset is not None:
                mon = dct - dt.timedelta(days=dct.weekday()) + dt.timedelta(weeks=offset)
                exp = mon.isocalendar()
                assert (exp[0], exp[1]) == (int(week.group(1)), int(week.group(2))), (doc["doc_id"], t, exp)
        if txt in ("three weeks ago",):
            mon = dct - dt.timedelta(days=dct.weekday()) - dt.timedelta(weeks=3)
            assert v == f"{mon.isocalendar()[0]}-W{mon.isocalendar()[1]:02d}", (doc["doc_id"], t)
        if txt in ("last month", "next month", "this month", "earlier this month"):
            delta = {"last month": -1, "next month": 1}.get(txt, 0)
            m = dct.year * 12 + dct.month - 1 + delta
            assert v == f"{m // 12}-{m % 12 + 1:02d}", (doc["doc_id"], t)
        if txt in ("last year", "late last year", "this year", "next year", "earlier this year"):
            delta = {"last year": -1, "late last year": -1, "next year": 1}.get(txt, 0)
            assert v == str(dct.year + delta), (doc["doc_id"], t)
        if txt in ("tonight", "this morning", "this afternoon"):
            assert v.startswith(doc["dct"] + "T"), (doc["doc_id"], t)
        if txt == "two days ago":
            assert v == (dct - dt.timedelta(days=2)).isoformat()


def main() -> None:
    out = Path(__file__).with_name("news.jsonl")
    docs = [build(*d) for d in DOCS]
    assert len({d["doc_id"] for d in docs}) == len(docs)
    assert len({d["dct"] for d in docs}) == len(docs)
    for d in docs:
        check_calendar(d)
    with out.open("w", encoding="utf-8") as handle:
        for d in docs:
            handle.write(json.dumps(d, ensure_ascii=False) + "\n")
    for d in docs:
        words = len(d["text"].split())
        print(
            f"{d['doc_id']:28s} {d['dct']} {dt.date.fromisoformat(d['dct']).strftime('%a')} "
            f"words={words} timexes={len(d['timexes'])}"
        )
    print("total timexes:", sum(len(d["timexes"]) for d in docs))


if __name__ == "__main__":
    main()
