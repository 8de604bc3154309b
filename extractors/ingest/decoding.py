"""Bytes to text: a byte-order mark if there is one, UTF-8 next, then the most plausible of the
legacy encodings news is written in; never invented characters, never a silently garbled reading."""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Iterator

from charset_normalizer import from_bytes

from extractors.ingest.plausibility import Implausibility, implausibility


class NotText(ValueError):
    """The bytes are not readable text; the message says why in plain words."""


# Control characters other than tab/newline/CR: in real text they are (nearly) absent,
# in binary data or a wrong decoding they are frequent.
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f"}
MAX_CONTROL_RATIO = 0.01

# UTF-32 before UTF-16: the UTF-32 little-endian mark begins with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Legacy encodings in the order a tie is settled: Windows-1252 (Western news; every printable
# Latin-1 character means the same in it) first, then those of the code pages of Central Europe,
# Cyrillic, Greek, Turkish, Baltic and East Asian news that the detector (charset-normalizer) guesses,
# then the rest of them, Latin-1 last (it reads any byte). The detector's rarer guesses (HP Roman-8,
# ISO-8859-10, Mac code pages) never compete: on short texts they are noise.
WESTERN = "cp1252"
REGIONAL = (
    "cp1250",
    "iso8859_2",
    "cp1251",
    "koi8_r",
    "cp1253",
    "iso8859_7",
    "cp1254",
    "cp1257",
    "cp1256",
    "cp1255",
    "cp932",
    "euc_jp",
    "gb18030",
    "big5",
    "cp949",
    "latin_1",
)
# The detector's name for a variant of one of ours (a superset that reads news text alike).
_SAME_READING = {
    "shift_jis": "cp932",
    "shift_jis_2004": "cp932",
    "shift_jisx0213": "cp932",
    "euc_jis_2004": "euc_jp",
    "euc_jisx0213": "euc_jp",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5hkscs": "big5",
    "cp950": "big5",
    "euc_kr": "cp949",
    "iso8859_1": "cp1252",
}
# A reading costing this much per non-ASCII character is no text in any encoding we know.
MAX_COST_PER_CHAR = 0.3
MIN_REJECTED_COST = 5


def decode_bytes(data: bytes) -> str:
    """Decode ``data`` as text or raise ``NotText``.

    A UTF-8/16/32 byte-order mark decides the encoding; otherwise UTF-8 is tried strictly, then each
    legacy encoding that reads every byte, and the reading least unlikely as news wins (ties: the order
    above). A text no encoding reads plausibly is rejected rather than loaded garbled.
    """
    if not data.strip():
        raise NotText("the file is empty")
    bom = next(((mark, codec) for mark, codec in _BOMS if data.startswith(mark)), None)
    if bom is not None:
        text = _decode_marked(data[len(bom[0]) :], bom[1])
    elif b"\x00" in data[:8192]:
        raise NotText("binary data (contains NUL bytes), not text")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data)
    _check_plausible(text)
    return text


def _decode_marked(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise NotText(
            f"starts with a {codec.upper()} byte-order mark but is not {codec.upper()} text ({err.reason})"
        ) from None


def _decode_legacy(data: bytes) -> str:
    best: tuple[float, str, str, Implausibility] | None = None  # cost, codec, text, why
    for codec, text in _readings(data):
        found = implausibility(text)
        if best is None or found.cost < best[0]:
            best = (found.cost, codec, text, found)
        if found.cost == 0:
            break  # nothing later in the order can beat a reading with nothing unlikely in it
    if best is None:
        raise NotText("undecodable bytes: neither UTF-8 nor a recognisable text encoding")
    cost, codec, text, found = best
    if cost >= MIN_REJECTED_COST and cost > MAX_COST_PER_CHAR * found.chars:
        examples = ", ".join(repr(w[:24]) for w in found.examples)
        raise NotText(
            f"undecodable bytes: not UTF-8, and no known encoding reads them as plausible text "
            f"(the likeliest, {codec}, gives {examples or 'letters of no one language'})"
        )
    return text


def _readings(data: bytes) -> Iterator[tuple[str, str]]:
    """(codec, text) for every candidate encoding that decodes all of ``data``, in tie-break order."""
    seen: set[str] = set()

    def attempt(codec: str) -> str | None:
        name = codecs.lookup(codec).name
        if name in seen:
            return None
        seen.add(name)
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            return None

    if (text := attempt(WESTERN)) is not None:
        yield WESTERN, text
    known = {codecs.lookup(c).name for c in REGIONAL}
    guessed = [_SAME_READING.get(m.encoding, m.encoding) for m in from_bytes(data)]
    for codec in [c for c in guessed if codecs.lookup(c).name in known] + list(REGIONAL):
        if (text := attempt(codec)) is not None:
            yield codec, text


def _check_plausible(text: str) -> None:
    controls = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in _ALLOWED_CONTROLS)
    if controls > MAX_CONTROL_RATIO * len(text):
        raise NotText(f"binary data, not text ({controls} control characters in {len(text)})")
    if not any(ch.isalpha() for ch in text):
        raise NotText("no letters: the file holds no readable text")
