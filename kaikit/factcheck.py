"""Fact-checking the seed articles: each claim, its source, and what the bundled data says about it.

>>> table = claims()
>>> set(table["verdict"]) <= set(VERDICTS)
True
>>> snapshot_text(table.set_index("claim_id").loc["s001_13"])
'자료 기준일: Epoch AI 대규모 모델, 키트 스냅숏 2026-02'
"""
from __future__ import annotations

import pandas as pd

from ._validate import UnknownNameError
from .data import load
from .i18n import get_language, message

__all__ = ["VERDICTS", "claims", "evidence_text", "judge", "snapshot_text", "summary"]

VERDICTS = ("supported", "depends_on_definition", "not_supported", "cannot_check")


def claims() -> pd.DataFrame:
    """Every seed claim with its article's title, the kit's verdict and the evidence (one row per claim)."""
    sources = load("sources").set_index("source_id")["title"].rename("article_title")
    table = load("seed_claims").merge(load("claim_verdicts"), on="claim_id", validate="one_to_one")
    return table.join(sources, on="source_id")


def _text(row, column):
    """``row[column]`` in the current language: ``column_ko`` or ``column_en`` where the table has it, else
    ``column``."""
    for name in (f"{column}_{get_language()}", column):
        if name in row.index and not pd.isna(row[name]) and str(row[name]).strip():
            return str(row[name])
    return ""


def snapshot_text(row: pd.Series) -> str:
    """'Data snapshot: …' for a verdict that rests on a dated snapshot of a living dataset (Epoch AI, CSET, …),
    in the current language; '' when the verdict does not depend on one. ``row`` is a row of ``claims()``."""
    snapshot = _text(row, "snapshot")
    return message("snapshot_line", snapshot=snapshot) if snapshot else ""


def evidence_text(row: pd.Series) -> str:
    """The kit's evidence for a verdict in the current language, followed by the data snapshot it rests on."""
    return " ".join(part for part in (_text(row, "evidence"), snapshot_text(row)) if part)


def judge(claim_id: str, verdict: str, table: pd.DataFrame | None = None) -> tuple[bool, str]:
    """Compare a learner's ``verdict`` with the kit's for ``claim_id``: (is it the same?, the kit's verdict)."""
    if verdict not in VERDICTS:
        raise ValueError(message("factcheck_verdict", got=verdict, choices=", ".join(VERDICTS)))
    table = claims() if table is None else table
    rows = table[table["claim_id"] == claim_id]
    if rows.empty:
        raise UnknownNameError(message("factcheck_claim", got=claim_id))
    kit = rows["verdict"].iloc[0]
    return verdict == kit, kit


def summary(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """How many claims get each verdict, by theme (a table of counts)."""
    table = claims() if table is None else table
    return table.pivot_table(index="theme", columns="verdict", values="claim_id", aggfunc="count",
                             fill_value=0).reindex(columns=list(VERDICTS), fill_value=0)
