import os

import pytest

from extractors.ingest.decoding import NotText, decode_bytes


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Seoul — Kim’s “message”".encode(), "Seoul — Kim’s “message”"),
        ("\ufeffWith a byte-order mark".encode("utf-8"), "With a byte-order mark"),
        ("The minister’s statement in Genève, café".encode("cp1252"), "The minister’s statement in Genève, café"),
        (
            "Москва заявила о новых учениях флота в Балтийском море. ".encode("cp1251") * 4,
            "Москва заявила о новых учениях флота в Балтийском море. " * 4,
        ),
    ],
)
def test_decodes_without_inventing_characters(data: bytes, expected: str) -> None:
    text = decode_bytes(data)
    assert text == expected
    assert "\ufffd" not in text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (os.urandom(4096), "binary"),
        (bytes(range(128, 256)) * 16, "undecodable"),
        (b"\x01\x02\x03\x04 1234 \x05\x06\x07" * 50, "binary"),
        (b"12345 67890\n" * 10, "no letters"),
    ],
)
def test_rejects_what_is_not_text(data: bytes, reason: str) -> None:
    with pytest.raises(NotText, match=reason):
        decode_bytes(data)
