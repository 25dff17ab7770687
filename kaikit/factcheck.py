"""Fact-checking the seed articles: each claim, its source, and what the bundled data says about it.

>>> table = claims()
>>> sorted(table["verdict"].unique())
['cannot_check', 'depends_on_definition', 'not_supported', 'supported']
"""
from .data import load
from .i18n import message

VERDICTS = ("supported", "depends_on_definition", "not_supported", "cannot_check")


def claims():
    """Every seed claim with its article's title, the kit's verdict and the evidence (one row per claim)."""
    sources = load("sources").set_index("source_id")["title"].rename("article_title")
    table = load("seed_claims").merge(load("claim_verdicts"), on="claim_id", validate="one_to_one")
    return table.join(sources, on="source_id")


def judge(claim_id, verdict, table=None):
    """Compare a learner's ``verdict`` with the kit's for ``claim_id``: (is it the same?, the kit's verdict)."""
    if verdict not in VERDICTS:
        raise ValueError(message("factcheck_verdict", got=verdict, choices=", ".join(VERDICTS)))
    table = claims() if table is None else table
    rows = table[table["claim_id"] == claim_id]
    if rows.empty:
        raise KeyError(message("factcheck_claim", got=claim_id))
    kit = rows["verdict"].iloc[0]
    return verdict == kit, kit


def summary(table=None):
    """How many claims get each verdict, by theme (a table of counts)."""
    table = claims() if table is None else table
    return table.pivot_table(index="theme", columns="verdict", values="claim_id", aggfunc="count",
                             fill_value=0).reindex(columns=list(VERDICTS), fill_value=0)
