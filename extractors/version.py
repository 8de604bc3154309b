"""Which extraction produced a row: the extractor's version and a digest of the rule files it read.

A warehouse row records ``pipeline_version()``; when the rule data or the code changes, the value changes,
and `dateline reprocess` re-extracts the articles whose rows were made by another one.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from extractors import EXTRACTOR_VERSION
from extractors.data import rules_dir


def rules_digest(folder: Path | None = None) -> str:
    """A short sha256 over the name and bytes of every rule file the pipeline reads (a missing one included)."""
    from extractors.rules.check import RULE_FILES  # the list of files the pipeline reads, kept in one place

    folder = folder or rules_dir()
    digest = hashlib.sha256()
    for name in sorted(RULE_FILES):
        try:
            content = (folder / name).read_bytes()
        except OSError:
            content = b"<missing>"
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()[:12]


def pipeline_version(folder: Path | None = None) -> str:
    """``<extractor version>+rules.<digest>``, e.g. ``0.1.0+rules.3f2a9c01be44``."""
    return f"{EXTRACTOR_VERSION}+rules.{rules_digest(folder)}"
