"""Goldstein score and QuadClass of an event's CAMEO code (data/cameo_scale.csv)."""

from __future__ import annotations

from functools import lru_cache

from extractors.data import read_rule_text
from extractors.rules import require_valid
from extractors.rules.tables import ScaleRow, scale_rows


@lru_cache(maxsize=1)
def cameo_scale() -> dict[str, ScaleRow]:
    rows, errors = scale_rows(read_rule_text("cameo_scale.csv"))
    require_valid(errors)
    return {r.cameo: r for r in rows}


def goldstein_and_quad(cameo: str | None) -> tuple[float | None, int | None]:
    """(goldstein, quad_class) of a CAMEO code; (None, None) for a code the table lacks (``rules check`` names it)."""
    row = cameo_scale().get(cameo or "")
    return (row.goldstein, row.quad_class) if row is not None else (None, None)
