"""The inbox: which files are new or changed since the last scheduled run."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from extractors.ingest.sources import discover
from warehouse.tracking import FileState


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def changed_files(inbox: Path, known: dict[str, FileState]) -> tuple[list[Path], list[FileState], list[FileState]]:
    """(files to process, their states, touched-but-identical files whose state only needs refreshing).

    Size and mtime decide cheaply; a file whose size and mtime moved is hashed, and only a
    different hash makes it changed (copying a file in again does not reload it).
    """
    files, _ = discover([inbox])
    todo: list[Path] = []
    states: list[FileState] = []
    touched: list[FileState] = []
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            todo.append(path)  # unreadable now: read_file will quarantine it with the reason
            states.append(FileState(str(path), -1, -1, ""))
            continue
        before = known.get(str(path))
        if before and (before.size, before.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
            continue
        digest = file_hash(path)
        state = FileState(str(path), stat.st_size, stat.st_mtime_ns, digest)
        if before and before.content_hash == digest:
            touched.append(state)
            continue
        todo.append(path)
        states.append(state)
    return todo, states, touched


def archive(paths: list[Path], inbox: Path, archive_dir: Path) -> None:
    """Move processed files under ``archive_dir``, keeping their place in the inbox's tree."""
    for path in paths:
        if not path.exists():
            continue
        target = archive_dir / path.relative_to(inbox.absolute())
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(path), target)
