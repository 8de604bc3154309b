"""`dateline extract` writes one plain file name per article, always inside --out, whatever the ids say."""

import json
from pathlib import Path

from typer.testing import CliRunner

from flows.cli import NAME_BYTES, _output_name, _shown, app

runner = CliRunner()
STORY = "Russia vetoed the draft resolution on Tuesday, diplomats said."
BLOCKED = "[/b]\x1b[31mblocked"  # markup and a terminal escape, printed as text
HOSTILE_IDS = ["a/../../../escaped", "..", "x\x00y", "z" * 5000, "p/q", "p_q", "c:\\windows", "[/oops]", "tab\there"]


def is_plain(name: str) -> bool:
    return (
        not any(c in name for c in "/\\\x00\t:")
        and not name.startswith(".")
        and len(name.encode("utf-8")) <= NAME_BYTES + 9  # the cleaned name and "-<8 hex>"
    )


def test_ordinary_names_keep_their_form() -> None:
    taken: set[str] = set()
    names = [
        _output_name(uri, taken)
        for uri in ("/in/story.txt", "/in/feed.jsonl#id=wire-42", "/in/feed.jsonl#L3", "/other/story.txt")
    ]
    assert names == ["story", "feed-wire-42", "feed-L3", "story-2"]


def test_hostile_ids_become_distinct_plain_names() -> None:
    taken: set[str] = set()
    names = [_output_name(f"/in/feed.jsonl#id={ident}", taken) for ident in HOSTILE_IDS]
    assert [n for n in names if not is_plain(n)] == []
    assert len({n.casefold() for n in names}) == len(HOSTILE_IDS)  # p/q and p_q stay apart
    assert names[HOSTILE_IDS.index("p_q")] == "feed-p_q"  # needed no change, so no hash
    assert _output_name("..", set()).startswith("article-") and _output_name("/in/.hidden", set())[0] != "."
    # a name that differs only in case is another file on macOS and Windows
    assert _output_name("/in/A.txt", taken) != _output_name("/in/a.txt", taken).upper()


def test_extract_writes_every_article_inside_out_and_one_bad_output_stops_nothing(tmp_path: Path, nlp) -> None:
    source = tmp_path / "in" / "feed.jsonl"
    source.parent.mkdir()
    records = [{"id": ident, "text": STORY} for ident in [*HOSTILE_IDS, "ok", BLOCKED]]
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "deep" / "er" / "out"
    out.mkdir(parents=True)
    (out / "feed-a").mkdir()  # the folder the old traversal needed: "feed-a/../../../escaped.json"
    outside = tmp_path / "outside.json"
    blocked = _output_name(f"{source}#id={BLOCKED}", set())
    (out / f"{blocked}.json").symlink_to(outside)  # a planted link out of --out is not followed

    done = runner.invoke(app, ["extract", str(source), "--out", str(out)], env={"COLUMNS": "400"})

    assert done.exit_code == 0, done.output
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.json") if not p.is_symlink())
    assert all(p.parent == out.relative_to(tmp_path) for p in written), written
    assert len(written) == len(HOSTILE_IDS) + 1 and (out / "feed-ok.json").is_file()
    assert not outside.exists()
    assert "feed.jsonl#id=[/b]\\x1b[31mblocked: output not written" in done.output
    assert "\x1b" not in done.output


def test_input_text_is_shown_without_markup_or_control_characters() -> None:
    assert _shown("[bold]x[/]\x1b[2J\x00") == "\\[bold]x\\[/]\\x1b[2J\\x00"
