"""How unlikely a decoded text is as news: a small cost for every character or word a wrong legacy
decoding typically produces (controls, symbols inside words, scripts mixed within a word, case flips,
letters no single language writes together). Only the words holding non-ASCII characters are looked
at: every legacy reading of the same bytes agrees on the ASCII ones."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from itertools import islice

# Words (runs of non-space) with a non-ASCII character; a sample of them decides.
_NON_ASCII_WORD = re.compile(r"\S*[^\x00-\x7f]\S*")
_LETTERS = re.compile(r"[^\W\d_]+")
# Chinese and Japanese put no spaces between words: "硐铀琢 窍韵琢" is Cyrillic read as Chinese.
_IDEOGRAPHIC = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
_SPACED_IDEOGRAPHS = re.compile(f"[{_IDEOGRAPHIC}] +(?=[{_IDEOGRAPHIC}])")
MAX_WORDS = 2000

BAD = 10  # a control, private-use or unassigned character, box drawing: never in news
WEDGED = 3  # a symbol between two letters ("zapowiedzia³a", "mo¿e")
SYMBOL = 1  # a symbol or letter rare in news ("¶", "ª", halfwidth katakana, a rare ideograph)
MIXED_SCRIPTS = 5  # Latin and Cyrillic (or Greek, ...) letters in one word ("Josй")
CASE_FLIP = 2  # a capital after a small letter ("мОСКВА", "íÏÓË")
ALIEN_WORD = 2  # a Latin word of accented letters only, or with letters no language writes together
SHOUTED = 1  # a long word in capitals ("ЦНРНБЮ"): news writes few
EXTRA_LANGUAGE = 1  # each language beyond the first needed to write the text's accented Latin letters

# Non-letters that news text uses freely: quotes, dashes, bullets, currency, degrees, fractions.
# Punctuation may touch a word; the symbols stand apart from letters ("± 5", "€40", but not "now±").
_PUNCTUATION = set("“”‘’«»„‚‹›–—‒―…•·¡¿\u00a0\u00ad\u2002\u2003\u2007\u2008\u2009\u200a\u200b\u200e\u200f\u202f")
_SYMBOLS = set("§°€£¥¢©®™×÷±½¼¾′″²³")
_NEWS_SYMBOLS = _PUNCTUATION | _SYMBOLS
# ... and the ones that join two halves of a word ("Kim’s", "well‐known", "ジョン・スミス")
_JOINERS = set("’‘‐‑–—·・\u00ad")

# The accented Latin letters of the languages written in the legacy code pages (lower case).
LANGUAGES: dict[str, frozenset[str]] = {
    name: frozenset(letters)
    for name, letters in {
        "french": "àâæçéèêëîïôœùûüÿ",
        "spanish": "áéíñóúü",
        "portuguese": "áâãàçéêíóôõú",
        "italian": "àèéìíîòóùú",
        "catalan": "àçéèíïòóúü",
        "german": "äöüß",
        "dutch": "áéèêëíïóöúü",
        "danish": "æøåé",
        "swedish": "åäöé",
        "finnish": "äöåšž",
        "estonian": "äöõüšž",
        "icelandic": "áðéíóúýþæö",
        "faroese": "áðíóúýæø",
        "polish": "ąćęłńóśźż",
        "czech": "áčďéěíňóřšťúůýž",
        "slovak": "áäčďéíĺľňóôŕšťúýž",
        "hungarian": "áéíóöőúüű",
        "romanian": "ăâîșțşţ",
        "croatian": "čćđšž",
        "turkish": "çğıöşüâî",
        "albanian": "çë",
        "lithuanian": "ąčęėįšųūž",
        "latvian": "āčēģīķļņšūž",
    }.items()
}
# Accented letters no language begins a word with (Czech "četrtek" read as Western "èetrtek", Catalan
# "està" read as Slovak "estŕ"); a one-letter word ("È", "à") is no beginning.
NEVER_FIRST = frozenset("èìòùãõðąęěůňńŕĺ")
NEVER_LAST = frozenset("ŕĺ")
# A text in one language writes its accented letters in one alphabet ("bõvül", "kormány": Hungarian
# read as Western needs Estonian and Spanish); English quoting names from everywhere does not, so the
# test applies to a text with this many accented letters (and share of its letters) that is not English.
MIN_ACCENTED_FOR_LANGUAGE = 20
MIN_ACCENTED_SHARE = 0.02
MIN_ENGLISH_THE = 0.01  # English writes "the" in some 5% of its words, other languages hardly ever
_ASCII_LETTERS = re.compile(r"[A-Za-z]")
_WORDS = re.compile(r"\w+")
_CJK = "CJK"


@dataclass
class Implausibility:
    cost: float = 0
    chars: int = 0  # non-ASCII characters looked at
    examples: list[str] = field(default_factory=list)  # the first few words that cost something

    def add(self, cost: float, word: str) -> None:
        if cost:
            self.cost += cost
            if len(self.examples) < 3 and word not in self.examples:
                self.examples.append(word)


@cache
def script(ch: str) -> str | None:
    """The writing system of a letter (LATIN, CYRILLIC, GREEK, CJK, ...); None for a letter of none."""
    name = unicodedata.name(ch, "")
    first = name.split(" ", 1)[0]
    if first in ("CJK", "HIRAGANA", "KATAKANA", "BOPOMOFO", "FULLWIDTH", "HALFWIDTH", "IDEOGRAPHIC"):
        return _CJK
    if first in (
        "HANGUL",
        "LATIN",
        "CYRILLIC",
        "GREEK",
        "ARABIC",
        "HEBREW",
        "THAI",
        "ARMENIAN",
        "GEORGIAN",
        "DEVANAGARI",
    ):
        return first
    return None


@cache
def _char_cost(ch: str) -> float:
    """The cost of one non-ASCII character on its own."""
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Co", "Cn", "Cs") or ch == "\ufffd" or "\u2500" <= ch <= "\u259f":
        return BAD
    if ch.isalpha():
        if script(ch) is None:
            return SYMBOL  # "ª", "º", "µ": letters of no script
        if "HALFWIDTH KATAKANA" in unicodedata.name(ch, ""):
            return SYMBOL
        if script(ch) in (_CJK, "HANGUL") and _rare_ideograph(ch):
            return SYMBOL
        return 0
    if ch in _NEWS_SYMBOLS or script(ch) == _CJK or "\u3000" <= ch <= "\u303f" or cat.startswith("Z"):
        return 0
    if cat.startswith("M"):
        return 0  # a combining accent
    return SYMBOL


def _rare_ideograph(ch: str) -> bool:
    """An ideograph or Hangul syllable in none of the national standard sets (GB 2312, Big5, JIS X 0208,
    KS X 1001), which hold the characters news is written in."""
    if not unicodedata.name(ch, "").startswith(("CJK UNIFIED IDEOGRAPH", "HANGUL SYLLABLE")):
        return False
    for codec in ("gb2312", "big5", "shift_jis", "euc_kr"):
        try:
            ch.encode(codec)
            return False
        except UnicodeEncodeError:
            continue
    return True


def _wedged(word: str, i: int) -> bool:
    """A non-letter with a letter on both sides, outside ideographic text (where punctuation touches letters)."""
    if i == 0 or i == len(word) - 1 or word[i] in _JOINERS:
        return False
    before, after = word[i - 1], word[i + 1]
    if not (before.isalpha() and after.isalpha()):
        return False
    return not (script(before) == _CJK or script(after) == _CJK)


def _non_letter_cost(word: str, i: int) -> float:
    ch = word[i]
    if _wedged(word, i):
        return max(WEDGED, _char_cost(ch))
    if ch in _SYMBOLS:
        before = word[i - 1] if i else ""
        after = word[i + 1] if i + 1 < len(word) else ""
        if ch in "®™" and not after.isalpha() or ch == "°" and not before.isalpha():
            return 0  # "Nobel®", "20°C"
        if ch in "²³" and not after.isalpha() and _unit_before(word, i):
            return 0  # "km²", "m³"
        return SYMBOL if before.isalpha() or after.isalpha() else 0
    return _char_cost(ch)


def _unit_before(word: str, i: int) -> bool:
    """A unit of one or two letters ends at ``i``: "km" in "km²", not "zapowiedzia" in "zapowiedzia³"."""
    start = i
    while start > 0 and word[start - 1].isalpha():
        start -= 1
    return 0 < i - start <= 2


def _letters_cost(run: str) -> float:
    """The cost of one run of letters (a word, or part of one between digits and punctuation)."""
    non_ascii = [ch for ch in run if ord(ch) > 127]
    if not non_ascii:
        return 0
    scripts = {s for ch in run if (s := script(ch)) is not None}
    if len(scripts) > 1:
        if scripts == {"HANGUL", _CJK}:
            return SYMBOL  # "文대통령": a Korean headline's hanja abbreviation, or Chinese read as Korean
        if len(scripts & {_CJK, "HANGUL"}) == 1 and all(ord(ch) < 128 for ch in run if script(ch) == "LATIN"):
            return _latin_in_ideographs(run)
        return MIXED_SCRIPTS
    cost = sum(CASE_FLIP for a, b in zip(run, run[1:], strict=False) if a.islower() and b.isupper())
    if len(run) >= 5 and run.isupper():
        cost += SHOUTED
    if scripts == {"LATIN"}:
        accented = {ch.lower() for ch in non_ascii}
        if len(run) >= 3 and len(non_ascii) == len(run):
            cost += ALIEN_WORD  # "Ìîñêâà": Cyrillic read as Western
        elif not any(accented <= letters for letters in LANGUAGES.values()):
            cost += ALIEN_WORD  # "Èeská", "pøíští": no language writes these letters together
        if len(run) > 1 and (run[0].lower() in NEVER_FIRST or run[-1].lower() in NEVER_LAST):
            cost += ALIEN_WORD
    return cost


def _latin_in_ideographs(run: str) -> float:
    """ "NHKによると" is Japanese; "Sánchez" read as Chinese ("S", an ideograph made of "án", "chez") is
    not: a small Latin letter right next to an ideograph is the sign."""
    east = (_CJK, "HANGUL")
    pairs = zip(run, run[1:], strict=False)
    return (
        MIXED_SCRIPTS
        if any(
            (a.islower() and ord(a) < 128 and script(b) in east) or (b.islower() and ord(b) < 128 and script(a) in east)
            for a, b in pairs
        )
        else 0
    )


def _languages_needed(letters: set[str]) -> int:
    """How many languages (greedily) it takes to write these accented Latin letters."""
    left, count = set(letters), 0
    while left:
        best = max(LANGUAGES.values(), key=lambda lang: len(left & lang))
        if not left & best:
            return count + 1  # letters of no listed language count as one more
        left -= best
        count += 1
    return count


def implausibility(text: str) -> Implausibility:
    """The summed cost of what is unlikely in ``text`` as news, with example words."""
    found = Implausibility()
    accented: set[str] = set()
    accented_count, end = 0, 0
    for match in islice(_NON_ASCII_WORD.finditer(text), MAX_WORDS):
        word, end = match.group(), match.end()
        cost: float = 0
        for i, ch in enumerate(word):
            if ord(ch) < 128:
                continue
            found.chars += 1
            cost += _char_cost(ch) if ch.isalpha() else _non_letter_cost(word, i)
            if script(ch) == "LATIN" and ch.isalpha():
                accented.add(ch.lower())
                accented_count += 1
        for run in _LETTERS.finditer(word):
            cost += _letters_cost(run.group())
        found.add(cost, word)
    for match in islice(_SPACED_IDEOGRAPHS.finditer(text, 0, end), MAX_WORDS):
        found.add(SYMBOL, match.group())
    if _one_language_expected(text, end, accented_count):
        found.cost += EXTRA_LANGUAGE * (_languages_needed(accented) - 1)
    return found


def _one_language_expected(text: str, end: int, accented: int) -> bool:
    """Whether ``text[:end]`` is written in a language with accented letters (rather than English)."""
    if accented < MIN_ACCENTED_FOR_LANGUAGE or accented < MIN_ACCENTED_SHARE * len(
        _ASCII_LETTERS.findall(text, 0, end)
    ):
        return False
    words = _WORDS.findall(text, 0, end)
    return sum(1 for w in words if w.lower() == "the") < MIN_ENGLISH_THE * len(words)
