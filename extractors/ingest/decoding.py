"""Bytes to text: UTF-8 first, a detected legacy encoding second, never invented characters."""

from __future__ import annotations

import unicodedata

from charset_normalizer import from_bytes


class NotText(ValueError):
    """The bytes are not readable text; the message says why in plain words."""


# Control characters other than tab/newline/CR: in real text they are (nearly) absent,
# in binary data or a wrong decoding they are frequent.
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f"}
MAX_CONTROL_RATIO = 0.01
MIN_COHERENCE = 0.2


def decode_bytes(data: bytes) -> str:
    """Decode ``data`` as text or raise ``NotText``.

    UTF-8 (with or without BOM) is tried strictly; otherwise charset-normalizer picks
    the encoding that decodes every byte, so no replacement character is ever invented.
    """
    if not data.strip():
        raise NotText("the file is empty")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NotText("binary data (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _decode_legacy(data)
    _check_plausible(text)
    return text


def _decode_legacy(data: bytes) -> str:
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise NotText("undecodable bytes: neither UTF-8 nor a recognisable text encoding")
    # On a tie (cp1250 and cp1252 read most Western text alike) the far commoner cp1252 wins.
    tied = [m for m in matches if m.chaos <= best.chaos and m.coherence >= best.coherence and m.encoding == "cp1252"]
    if tied:
        return str(tied[0])
    # Short Western texts give the detector too little to go on (it may pick an Arabic
    # or Greek code page); Windows-1252 is then the likeliest, if every byte is defined in it.
    if best.coherence < MIN_COHERENCE:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return str(best)


def _check_plausible(text: str) -> None:
    controls = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in _ALLOWED_CONTROLS)
    if controls > MAX_CONTROL_RATIO * len(text):
        raise NotText(f"binary data, not text ({controls} control characters in {len(text)})")
    if not any(ch.isalpha() for ch in text):
        raise NotText("no letters: the file holds no readable text")
