"""Discovery and reading of inputs: files, folders (recursively) and JSON lines.

Every input becomes either a ``RawInput`` or a ``Rejection`` with a reason a person
understands; nothing here raises on bad input.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from extractors.ingest.decoding import NotText, decode_bytes
from extractors.ingest.html_text import html_to_article, looks_like_html, no_text_reason
from schemas import RawInput, Rejection

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
# Annotation files that sit beside articles in evaluation corpora are not articles.
IGNORED_SUFFIXES = (".gold.json",)
MAX_FILE_BYTES = 50 * 1024 * 1024


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[Rejection]]:
    """The files named, and every file under the folders named, in a stable order."""
    files: list[Path] = []
    missing: list[Rejection] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            files.extend(
                p
                for p in sorted(path.rglob("*"))
                if (p.is_file() or _dangling(p))
                and not _hidden(p.relative_to(path))
                and not p.name.endswith(IGNORED_SUFFIXES)
            )
        elif path.is_file() or _dangling(path):
            files.append(path)
        else:
            missing.append(Rejection(source_uri=str(path.absolute()), reason="no such file or folder"))
    seen: set[Path] = set()
    unique = [p for p in (f.absolute() for f in files) if not (p in seen or seen.add(p))]
    return unique, missing


def _dangling(path: Path) -> bool:
    """A link to nothing is an input that cannot be read, not an input that is not there."""
    return path.is_symlink() and not path.exists()


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def read_file(path: Path) -> tuple[list[RawInput], list[Rejection]]:
    """The articles in one file (several for JSON lines) and the parts that were rejected."""
    uri = str(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return [], [Rejection(source_uri=uri, reason=f"file larger than {MAX_FILE_BYTES // 2**20} MB")]
        data = path.read_bytes()
    except OSError as err:
        return [], [Rejection(source_uri=uri, reason=f"cannot be read: {err.strerror or err}")]
    try:
        text = decode_bytes(data)
    except NotText as err:
        return [], [Rejection(source_uri=uri, reason=str(err))]
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return parse_json_lines(text, uri)
    if suffix in JSON_SUFFIXES:
        return parse_json_document(text, uri)
    if suffix in HTML_SUFFIXES or looks_like_html(text):
        return _from_html(text, uri)
    return [RawInput(source_uri=uri, source_key=uri, text=text, format="text")], []


def _from_html(
    html: str, uri: str, url: str | None = None, published: str | None = None
) -> tuple[list[RawInput], list[Rejection]]:
    page = html_to_article(html, url=url)
    if page is None:
        return [], [Rejection(source_uri=uri, reason=no_text_reason(html))]
    raw = RawInput(
        source_uri=uri,
        source_key=url or uri,
        text=page.text,
        format="html",
        url=url,
        title=page.title,
        outlet=page.site_name,
        author=page.author,
        published=published or page.published,
        published_from="json" if published else "html_meta" if page.published else None,
    )
    return [raw], []


def parse_json_lines(text: str, uri: str) -> tuple[list[RawInput], list[Rejection]]:
    articles: list[RawInput] = []
    bad: list[Rejection] = []
    for found, rejected in iter_json_lines(text.splitlines(), uri, size=0):
        articles.extend(found)
        bad.extend(rejected)
    return articles, bad


def iter_json_lines(
    lines: Iterable[str | bytes], uri: str, size: int
) -> Iterator[tuple[list[RawInput], list[Rejection]]]:
    """Articles and rejected lines, ``size`` articles at a time (0: all at once), so a JSON-lines
    file of any length is read with flat memory. A file with no usable line gets one rejection
    for the whole file, not one per broken line."""
    batch: list[RawInput] = []
    bad: list[Rejection] = []
    any_valid = False
    for lineno, line in enumerate(lines, 1):
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError:
                bad.append(Rejection(source_uri=f"{uri}#L{lineno}", reason=f"line {lineno} is not UTF-8 text"))
                continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            bad.append(
                Rejection(
                    source_uri=f"{uri}#L{lineno}",
                    reason=f"line {lineno} is not valid JSON ({err.msg} at column {err.colno})",
                )
            )
            continue
        article, problem = _from_record(record, uri, f"L{lineno}")
        if article:
            batch.append(article)
            any_valid = True
        else:
            bad.append(Rejection(source_uri=f"{uri}#L{lineno}", reason=f"line {lineno}: {problem}"))
        if size and len(batch) >= size:
            yield batch, bad
            batch, bad = [], []
    if not any_valid:
        detail = bad[0].reason if bad else "no JSON lines"
        yield [], [Rejection(source_uri=uri, reason=f"no valid article in this JSON-lines file ({detail})")]
    elif batch or bad:
        yield batch, bad


def stream_file(path: Path, size: int) -> Iterator[tuple[list[RawInput], list[Rejection]]]:
    """``read_file``, but a JSON-lines file comes ``size`` articles at a time, whatever its length."""
    if path.suffix.lower() not in JSONL_SUFFIXES:
        yield read_file(path)
        return
    uri = str(path)
    try:
        with path.open("rb") as handle:
            if not handle.read(1):
                yield [], [Rejection(source_uri=uri, reason="the file is empty")]
                return
            handle.seek(0)
            yield from iter_json_lines(handle, uri, size)
    except OSError as err:
        yield [], [Rejection(source_uri=uri, reason=f"cannot be read: {err.strerror or err}")]


def parse_json_document(text: str, uri: str) -> tuple[list[RawInput], list[Rejection]]:
    try:
        record = json.loads(text)
    except json.JSONDecodeError:
        # A .json file holding JSON lines is common enough to accept.
        return parse_json_lines(text, uri)
    records = record if isinstance(record, list) else [record]
    articles: list[RawInput] = []
    bad: list[Rejection] = []
    for index, item in enumerate(records):
        article, problem = _from_record(item, uri, f"{index}" if isinstance(record, list) else None)
        if article:
            articles.append(article)
        else:
            bad.append(
                Rejection(source_uri=uri if len(records) == 1 else f"{uri}#{index}", reason=problem or "unusable")
            )
    return articles, bad


def _from_record(record: object, uri: str, position: str | None) -> tuple[RawInput | None, str | None]:
    if not isinstance(record, dict):
        return None, "a JSON article must be an object with a 'text' field"
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return None, "no 'text' field with article text"
    ident = record.get("id") or record.get("doc_id")
    url = record.get("url") if isinstance(record.get("url"), str) else None
    where = f"id={ident}" if ident is not None else position
    source_uri = f"{uri}#{where}" if where else uri
    published = record.get("published") or record.get("dct")
    title = record.get("title")
    if looks_like_html(text):
        found, _ = _from_html(text, source_uri, url=url, published=str(published) if published else None)
        return (found[0], None) if found else (None, "HTML with no article text")
    return RawInput(
        source_uri=source_uri,
        source_key=url or source_uri,
        text=text,
        format="jsonl",
        title=title if isinstance(title, str) else None,
        author=record.get("author") if isinstance(record.get("author"), str) else None,
        outlet=record.get("outlet") if isinstance(record.get("outlet"), str) else None,
        url=url,
        published=str(published) if published else None,
        published_from="json" if published else None,
    ), None


def iter_inputs(files: Iterable[Path]) -> Iterator[tuple[list[RawInput], list[Rejection]]]:
    for path in files:
        yield read_file(path)


def expected_inputs(files: Iterable[Path]) -> int:
    """About how many articles the files hold, for a progress bar: the non-blank lines of a JSON-lines file,
    one for any other file (a JSON list counts one). Read as bytes, a block at a time."""
    total = 0
    for path in files:
        if path.suffix.lower() not in JSONL_SUFFIXES:
            total += 1
            continue
        try:
            with path.open("rb") as handle:
                total += sum(1 for line in handle if line.strip())
        except OSError:
            total += 1  # it will be rejected: one item
    return total
