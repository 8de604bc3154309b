"""Discovery and reading: every input becomes an article or a rejection with a reason."""

import json
import os
from pathlib import Path

from extractors.ingest.sources import discover, read_file

ARTICLE = "TEHRAN, March 18 (Reuters) - Iran's Foreign Ministry on Monday denied selling drones to Russia.\n"
PAGE = f"""<!DOCTYPE html><html><head><title>Iran denies drone sales</title>
<meta name="author" content="Omid Karimi"><script>var tracking = 1;</script></head>
<body><nav>Home | World | Sport</nav><article><h1>Iran denies drone sales</h1>
<p>{ARTICLE}</p><p>The ministry said the reports were baseless and urged Washington to stop spreading them.</p>
</article><footer>Copyright 2024</footer></body></html>"""


def test_folder_is_searched_recursively_in_stable_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(ARTICLE)
    (tmp_path / "one.txt").write_text(ARTICLE)
    (tmp_path / ".hidden.txt").write_text(ARTICLE)
    (tmp_path / "one.gold.json").write_text("{}")
    files, missing = discover([tmp_path, tmp_path / "one.txt", tmp_path / "absent.txt"])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["b/two.txt", "one.txt"]
    assert [m.reason for m in missing] == ["no such file or folder"]


def test_plain_text_is_kept_exactly_as_read(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(("\ufeff" + ARTICLE).encode("utf-8"))
    [raw], rejected = read_file(path)
    assert rejected == []
    assert raw.text == ARTICLE and raw.format == "text" and raw.source_key == str(path)


def test_html_keeps_the_article_and_drops_scripts_and_navigation(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE)
    [raw], rejected = read_file(path)
    assert rejected == []
    assert "denied selling drones" in raw.text
    assert "tracking" not in raw.text and "Home | World" not in raw.text
    assert raw.title == "Iran denies drone sales"
    assert raw.author == "Omid Karimi"


def test_json_lines_good_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps(
            {"id": "a1", "text": ARTICLE, "url": "https://x.example/a1", "title": "T", "published": "2024-03-18"}
        ),
        "{not json",
        json.dumps({"id": "a3", "title": "no text"}),
        "",
        json.dumps({"text": "Russia vetoed the resolution on Wednesday."}),
    ]
    path.write_text("\n".join(lines))
    raws, rejected = read_file(path)
    assert [(r.source_key, r.published, r.title) for r in raws] == [
        ("https://x.example/a1", "2024-03-18", "T"),
        (f"{path}#L5", None, None),
    ]
    assert [(r.source_uri, r.reason) for r in rejected] == [
        (f"{path}#L2", "line 2 is not valid JSON (Expecting property name enclosed in double quotes at column 2)"),
        (f"{path}#L3", "line 3: no 'text' field with article text"),
    ]


def test_bad_inputs_each_get_one_clear_reason(tmp_path: Path) -> None:
    cases = {
        "empty.txt": b"",
        "random.bin": os.urandom(4096),
        "scripts.html": b"<html><head><script>var a = 1;</script></head><body><script>go()</script></body></html>",
        "broken.jsonl": b'{"text": "unterminated\n{also broken\n',
        "object.json": b'{"title": "no text here"}',
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    files, _ = discover([tmp_path])
    reasons = {}
    for path in files:
        raws, rejected = read_file(path)
        assert raws == []
        assert len(rejected) == 1, rejected
        reasons[path.name] = rejected[0].reason
    assert reasons["empty.txt"] == "the file is empty"
    assert reasons["random.bin"].startswith(("binary data", "undecodable"))
    assert reasons["scripts.html"].startswith("HTML page with no article text")
    assert reasons["broken.jsonl"].startswith("no valid article in this JSON-lines file (line 1 is not valid JSON")
    assert reasons["object.json"] == "no 'text' field with article text"
    assert reasons["dangling.txt"].startswith("cannot be read")


def test_a_page_nested_deeper_than_the_html_parser_reads_says_so(tmp_path: Path) -> None:
    """libxml2 drops what lies below 255 levels: the reason names the nesting, not a page without text."""
    levels = 10_000
    paragraph = "<p>" + ARTICLE * 3 + "</p>"
    page = tmp_path / "deep.html"
    page.write_text(f"<html><body>{'<div>' * levels}{paragraph}{'</div>' * levels}</body></html>")
    raws, rejected = read_file(page)
    assert raws == []
    assert [r.reason for r in rejected] == [
        "HTML nested 10,003 levels deep: the HTML parser reads 255 levels and drops the text below them"
    ]
    shallow = tmp_path / "shallow.html"
    shallow.write_text(f"<html><body>{'<div>' * 20}{paragraph}{'</div>' * 20}</body></html>")
    [raw], none = read_file(shallow)
    assert none == [] and raw.text.startswith("TEHRAN, March 18")
