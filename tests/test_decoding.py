import codecs
import os
from pathlib import Path

import pytest

from extractors.ingest.decoding import NotText, decode_bytes
from extractors.ingest.plausibility import implausibility
from extractors.ingest.sources import read_file


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


# News paragraphs written for these tests, each saved in the legacy encodings its language was
# published in; every one must come back exactly.
FRENCH = (
    "Le président François Lemaire a reçu mardi à l'Élysée le ministre espagnol. Selon un communiqué, les deux "
    "dirigeants ont évoqué la sécurité en Méditerranée et l'accord signé à Séville l'été dernier. « Nous avançons "
    "ensemble », a déclaré le chef de l'État."
)
SPANISH = (
    "El ministro José Martínez anunció el miércoles en Bogotá que el Gobierno enviará ayuda humanitaria a las zonas "
    "afectadas. «Es una situación difícil», señaló, y añadió que la comisión se reunirá en Málaga el próximo año."
)
GERMAN = (
    "Die Bundesregierung hat am Dienstag in Berlin neue Maßnahmen gegen die Energiekrise beschlossen. Außenministerin "
    "Müller erklärte, Deutschland werde die Gespräche mit Österreich und der Schweiz fortsetzen. Die Opposition "
    "nannte die Pläne völlig unzureichend."
)
POLISH = (
    "Premier zapowiedział w środę w Warszawie, że rząd przyjmie nową ustawę o bezpieczeństwie energetycznym. Według "
    "ministra spraw zagranicznych rozmowy z sąsiadami będą kontynuowane, a źródła gazu zostaną zróżnicowane jeszcze "
    "w tym roku."
)
CZECH = (
    "Česká vláda ve čtvrtek v Praze schválila nový rozpočet. Ministr financí uvedl, že schodek se příští rok sníží a "
    "že změny daní budou projednány s odbory. Opozice označila návrh za nedostatečný a žádá zvýšení důchodů."
)
RUSSIAN = (
    "Министерство иностранных дел России заявило во вторник, что Москва готова продолжить переговоры. По словам "
    "официального представителя, встреча делегаций состоится в Женеве в следующем месяце."
)
GREEK = (
    "Ο πρωθυπουργός δήλωσε την Τρίτη στην Αθήνα ότι η κυβέρνηση θα συνεχίσει τις συνομιλίες με τους γείτονες. "
    "Σύμφωνα με το υπουργείο Εξωτερικών, η συνάντηση θα γίνει τον επόμενο μήνα."
)
JAPANESE = (
    "日本政府は火曜日、北朝鮮が弾道ミサイルを発射したと発表した。防衛省によると、ミサイルは日本海に落下した。"
    "首相は記者団に対し、強く抗議すると述べた。"
)
CHINESE = (
    "中国外交部发言人周二表示，中方愿与各方共同努力，推动地区和平稳定。发言人说，双方将于下月在北京举行新一轮会谈。"
)
CHINESE_TRADITIONAL = (
    "台灣外交部週二表示，將與各國共同努力，維護區域和平穩定。發言人說，雙方將於下月在台北舉行新一輪會談。"
)
KOREAN = (
    "한국 정부는 화요일 북한이 탄도 미사일을 발사했다고 밝혔다. 합동참모본부에 따르면 미사일은 동해상에 떨어졌다. "
    "대통령은 긴급 회의를 소집했다."
)
NEWS = [
    (FRENCH, "cp1252"),
    (FRENCH, "latin-1"),
    (SPANISH, "cp1252"),
    (SPANISH, "latin-1"),
    (GERMAN, "cp1252"),
    (GERMAN, "latin-1"),
    (POLISH, "cp1250"),
    (POLISH, "iso-8859-2"),
    (CZECH, "cp1250"),
    (CZECH, "iso-8859-2"),
    (RUSSIAN, "cp1251"),
    (RUSSIAN, "koi8-r"),
    (GREEK, "cp1253"),
    (GREEK, "iso-8859-7"),
    (JAPANESE, "shift_jis"),
    (JAPANESE, "euc-jp"),
    (CHINESE, "gbk"),
    (CHINESE, "gb2312"),
    (CHINESE_TRADITIONAL, "big5"),
    (KOREAN, "euc-kr"),
    # very short lines: a byline, a caption
    ("François Lemaire a reçu José à l'Élysée.", "latin-1"),
    ("José Martínez llegó a Málaga el miércoles.", "cp1252"),
    ("Außenministerin Müller traf Österreicher.", "latin-1"),
    ("Premier zapowiedział w środę nową ustawę.", "cp1250"),
    ("Premier zapowiedział w środę nową ustawę.", "iso-8859-2"),
    ("Ministr řekl, že jednání bude příští týden.", "iso-8859-2"),
    ("Москва готова продолжить переговоры.", "cp1251"),
    ("Москва готова продолжить переговоры.", "koi8-r"),
    ("防衛省は火曜日、ミサイル発射を発表した。", "shift_jis"),
    ("外交部发言人周二表示，双方将举行会谈。", "gbk"),
    ("外交部發言人週二表示，雙方將舉行會談。", "big5"),
    ("정부는 화요일 미사일 발사를 발표했다.", "euc-kr"),
    # English with a few names: what most legacy-encoded news files are (these read as cp775 and cp1250 before)
    ("Mr. Sánchez said the agreement, signed in Bogotá, was “historic”.", "cp1252"),
    ("Reporting by Hélène Dubois; editing by José Ramírez and Ségolène Martin. © 2023", "latin-1"),
    ("The statement was read by Ségolène Royal and José Ramírez; Søren Lund declined comment.", "cp1252"),
]


@pytest.mark.parametrize(("text", "encoding"), NEWS, ids=[f"{enc}-{len(t.encode(enc))}b" for t, enc in NEWS])
def test_legacy_encoded_news_reads_back_exactly(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding)) == text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-8"])
def test_byte_order_marks_decide_the_encoding(codec: str) -> None:
    bom = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE,
        "utf-8": codecs.BOM_UTF8,
    }[codec]
    assert decode_bytes(bom + CZECH.encode(codec)) == CZECH


def test_utf16_without_a_byte_order_mark_is_rejected_as_binary() -> None:
    """Documented: without a mark, UTF-16's NUL bytes read as binary data; nothing is guessed."""
    with pytest.raises(NotText, match="NUL bytes"):
        decode_bytes("A ministry statement, dated Tuesday.".encode("utf-16-le"))


def test_a_mark_that_lies_is_rejected() -> None:
    with pytest.raises(NotText, match="UTF-8 byte-order mark"):
        decode_bytes(codecs.BOM_UTF8 + "Très bien".encode("latin-1"))


@pytest.mark.parametrize(
    ("right", "wrong"),
    [
        ("Mr. Sánchez said it was “historic”.", "Mr. Sßnchez said it was ōhistoricö."),
        ("Premier zapowiedział w środę", "Premier zapowiedzia³ w œrodê"),
        ("Česká vláda", "Èeská vláda"),
        ("Москва готова", "мОСКВА ЦНРНБЮ"),
        ("José", "Josй"),
        ("Sánchez", "S\u8a3bchez"),
    ],
)
def test_a_wrong_reading_costs_more_than_the_right_one(right: str, wrong: str) -> None:
    assert implausibility(right).cost == 0
    assert implausibility(wrong).cost > 0


def test_bytes_no_encoding_reads_plausibly_are_rejected_with_an_example() -> None:
    with pytest.raises(NotText, match=r"undecodable bytes.*the likeliest, \w+, gives"):
        decode_bytes(bytes(range(128, 256)) * 16)


def test_a_latin1_file_is_loaded_right(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(("PARIS - " + FRENCH).encode("latin-1"))
    [raw], rejected = read_file(path)
    assert rejected == [] and raw.text == "PARIS - " + FRENCH


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
