"""Rebuild the tables in datasets/ that are derived from the raw public data in ../shared/sources/.

    python datasets/build.py            # rewrite the derived CSVs, saying what changed in each
    python datasets/build.py --check    # say what would change; exit 1 if a committed CSV differs from the sources

For each derived table both print a one-line account of the change against the committed CSV: rows added and
removed and cells changed, with a few example keys (the table's primary key in datapackage.json) and old → new
values, or "unchanged".

Hand-curated tables (countries, sources, chip_market_shares, ...) are edited by hand and validated by the tests.
Set KAIKIT_SOURCES to use raw sources from somewhere other than ../shared/sources.
"""
import argparse
import html
import io
import json
import os
import re
import sys
from pathlib import Path

import pandas as pd

DATASETS_DIR = Path(__file__).resolve().parent
SOURCES_DIR = Path(os.environ.get("KAIKIT_SOURCES", DATASETS_DIR.parent.parent / "shared" / "sources"))

# How the raw sources spell countries that countries.csv names differently.
ALIASES = {
    "Korea (Republic of)": "KOR", "South Korea": "KOR", "Korea, South": "KOR", "Korea, Rep.": "KOR",
    "North Korea": "PRK", "Korea (Democratic People's Republic of)": "PRK",
    "United States of America": "USA", "United States": "USA",
    "United Kingdom of Great Britain and Northern Ireland": "GBR", "United Kingdom": "GBR",
    "Russia": "RUS", "Russian Federation": "RUS", "Iran (Islamic Republic of)": "IRN", "Iran": "IRN",
    "Turkey": "TUR", "Türkiye": "TUR", "Taiwan": "TWN", "Hong Kong": "HKG", "Macau": "MAC", "Macao": "MAC",
    "Vietnam": "VNM", "Viet Nam": "VNM", "Czech Republic": "CZE", "Czechia": "CZE", "Laos": "LAO",
    "Syria": "SYR", "Moldova": "MDA", "Bolivia": "BOL", "Venezuela": "VEN", "Tanzania": "TZA",
    "Brunei": "BRN", "Cape Verde": "CPV", "Cote d'Ivoire": "CIV", "Côte d'Ivoire": "CIV", "Ivory Coast": "CIV",
    "Democratic Republic of Congo": "COD", "Democratic Republic of the Congo": "COD", "Congo": "COG",
    "Palestine": "PSE", "Swaziland": "SWZ", "Eswatini": "SWZ", "North Macedonia": "MKD", "Macedonia": "MKD",
    "Kyrgyzstan": "KGZ", "Micronesia": "FSM", "Micronesia (country)": "FSM", "East Timor": "TLS",
    "Timor-Leste": "TLS", "Gambia": "GMB", "Bahamas": "BHS", "Philippines (the)": "PHL",
    "Bahamas, The": "BHS", "Gambia, The": "GMB", "Burma": "MMR", "UK": "GBR", "Holy See (Vatican City)": "VAT",
    "Congo, Democratic Republic of the": "COD", "Congo, Republic of the": "COG",
    "Micronesia, Federated States of": "FSM", "Côte d’Ivoire": "CIV", "São Tomé and Príncipe": "STP",
    # Not ISO 3166 countries (or no longer): left out of country tables.
    "Kosovo": None, "Serbia and Montenegro": None, "Gaza Stripe": None, "West Banke": None,
}
# Regions, groups and totals in the NCSES tables (the world total is kept as a column).
NCSES_AGGREGATES = {
    "World", "Africa", "Asia", "Australia/Oceania", "Australia and Oceania", "Central America and Caribbean",
    "EU-27 and UK", "EU-27 and United Kingdom", "EU-27", "Europe", "Middle East", "North America", "Other Europe",
    "Other Europe, 2020", "Other Europe (2020)", "South America", "Unassigned", "Unclassified",
}


def country_codes():
    """Every spelling we accept → ISO 3166 alpha-3 (None: known, but not a country we list)."""
    countries = pd.read_csv(DATASETS_DIR / "countries.csv", keep_default_na=False)
    codes = dict(zip(countries["name_en"], countries["iso3"]))
    codes.update(ALIASES)
    return codes


def to_iso3(names, aggregates=()):
    """Map country names to ISO3; names listed in ``aggregates`` map to None; anything else unknown fails."""
    codes = country_codes()
    unknown = sorted({n for n in names if pd.notna(n) and n not in codes and n not in aggregates})
    if unknown:
        raise SystemExit(f"No ISO3 code for: {', '.join(unknown)} (add to countries.csv or ALIASES)")
    return [codes.get(n) if pd.notna(n) else None for n in names]


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


def unique_ids(names):
    """Stable ids from names: a slug, with -2, -3 … for repeats in source order."""
    seen, ids = {}, []
    for name in names:
        base = slug(name)
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def clean_text(series):
    return series.astype("string").str.strip().str.replace(r"\s+", " ", regex=True)


# --- TOP500 -------------------------------------------------------------------------------------------------

TOP500_SUMMARIES = [  # per-country summaries, same columns: list, Country, systems, rmax_tflops, rmax_share_pct
    ("top500", "top500_country_summary_2021_2025_derived.csv"),             # Nov 2021 – Jun 2025 (six lists)
    ("top500_2025_2026", "top500_country_summary_202511_derived.csv"),      # Nov 2025
]


def _top500_summary_from_list(path):
    """Systems, summed Rmax and Rmax share per country, computed from one whole TOP500 list (keycols file)."""
    systems = pd.read_csv(path)
    rmax = systems["Rmax [TFlop/s]"]
    summary = systems.groupby("Country").agg(systems=("Rank", "size"), rmax_tflops=("Rmax [TFlop/s]", "sum"))
    summary["rmax_share_pct"] = 100 * summary["rmax_tflops"] / rmax.sum()
    return summary


def _check_top500_summary(summary, whole_list):
    """The Nov 2025 summary must agree with the whole list it was derived from (every country, Korea above all)."""
    derived = _top500_summary_from_list(whole_list)
    given = summary.set_index("Country")
    if sorted(given.index) != sorted(derived.index):
        raise SystemExit(f"TOP500 summary and list name different countries: {whole_list.name}")
    if (given["systems"] != derived.loc[given.index, "systems"]).any() or not (
            (given["rmax_tflops"] - derived.loc[given.index, "rmax_tflops"]).abs() < 1e-3).all():
        raise SystemExit(f"TOP500 summary does not match the list {whole_list.name}")


def top500_by_country():
    """Systems, summed Rmax and Rmax share per country in seven TOP500 lists (Nov 2021 – Nov 2025)."""
    parts = []
    for folder, filename in TOP500_SUMMARIES:
        part = pd.read_csv(SOURCES_DIR / folder / filename)
        if folder == "top500_2025_2026":
            _check_top500_summary(part, SOURCES_DIR / folder / "TOP500_202511_keycols.csv")
        parts.append(part)
    raw = pd.concat(parts, ignore_index=True)
    if raw.duplicated(["list", "Country"]).any():
        raise SystemExit("A TOP500 list appears in two summaries")
    table = pd.DataFrame({
        "list_date": pd.to_datetime(raw["list"], format="%Y-%m").dt.strftime("%Y-%m-%d"),
        "iso3": to_iso3(raw["Country"]),
        "systems": raw["systems"].astype(int),
        "rmax_tflops": raw["rmax_tflops"].round(3),
        "rmax_share_pct": raw["rmax_share_pct"].round(4),
    })
    return table.sort_values(["list_date", "iso3"]).reset_index(drop=True)


# --- Epoch AI models ----------------------------------------------------------------------------------------

def _epoch_models(path, columns):
    raw = pd.read_csv(path)
    raw["Model"] = clean_text(raw["Model"])
    models = pd.DataFrame({"model_id": unique_ids(raw["Model"]), "model": raw["Model"]})
    for target, source in columns.items():
        models[target] = clean_text(raw[source]) if raw[source].dtype == object else raw[source]
    return raw, models


def _model_countries(raw, model_ids):
    """One row per (model, country): how many of the model's organisations are in that country, and the share."""
    rows = []
    for model_id, countries in zip(model_ids, raw["Country (of organization)"]):
        if pd.isna(countries):
            continue
        names = [c.strip() for c in str(countries).split(",") if c.strip()]
        codes = to_iso3(names, aggregates={"Multinational"})
        total = len(codes)
        for iso3 in dict.fromkeys(c for c in codes if c):
            count = codes.count(iso3)
            rows.append({"model_id": model_id, "iso3": iso3, "organizations_in_country": count,
                         "organizations_total": total, "fractional_share": round(count / total, 6)})
    return pd.DataFrame(rows)


MODEL_COLUMNS = {
    "organizations": "Organization", "publication_date": "Publication date", "domain": "Domain",
    "parameters": "Parameters", "training_compute_flop": "Training compute (FLOP)",
    "accessibility": "Model accessibility", "organization_category": "Organization categorization",
}


def _notable():
    raw, models = _epoch_models(SOURCES_DIR / "epoch_notable_ai_models" / "notable_ai_models.csv",
                                {**MODEL_COLUMNS, "frontier_model": "Frontier model"})
    models["frontier_model"] = raw["Frontier model"].fillna(False).astype(bool)
    return raw, models


def notable_models():
    """Epoch AI's notable AI models, one row each (country links are in notable_model_countries)."""
    return _notable()[1]


def notable_model_countries():
    raw, models = _notable()
    return _model_countries(raw, models["model_id"])


def _large_scale():
    columns = {k: v for k, v in MODEL_COLUMNS.items() if k != "organization_category"}
    return _epoch_models(SOURCES_DIR / "epoch_large_scale_ai_models" / "large_scale_ai_models.csv", columns)


def large_scale_models():
    """Epoch AI's models trained with more than 1e23 FLOP."""
    return _large_scale()[1]


def large_scale_model_countries():
    raw, models = _large_scale()
    return _model_countries(raw, models["model_id"])


# --- Epoch AI GPU clusters ----------------------------------------------------------------------------------

def ai_clusters():
    """Epoch AI's documented AI supercomputers / GPU clusters."""
    raw = pd.read_csv(SOURCES_DIR / "epoch_gpu_clusters" / "gpu_clusters.csv")
    table = pd.DataFrame({
        "cluster_id": unique_ids(raw["Name"]),
        "name": clean_text(raw["Name"]),
        "iso3": to_iso3(raw["Country"]),
        "owner": clean_text(raw["Owner"]),
        "sector": clean_text(raw["Sector"]),
        "status": clean_text(raw["Status"]),
        "certainty": clean_text(raw["Certainty"]),
        "h100_equivalents": raw["H100 equivalents"].round(1),
        "chip_type": clean_text(raw["Chip type (primary)"]),
        "chip_quantity": raw["Chip quantity (primary)"].round(0).astype("Int64"),
        "first_operational_date": pd.to_datetime(raw["First Operational Date"]).dt.strftime("%Y-%m-%d"),
        "power_mw": raw["Power Capacity (MW)"].round(3),
        "standard_analysis": raw["Include in Standard Analysis"].fillna(False).astype(bool),
    })
    return table


# --- NCSES Science & Engineering Indicators ------------------------------------------------------------------

def _ncses_name(name):
    """NCSES names carry HTML entities and footnote marks (``Serbia<sup>c</sup>``): plain text."""
    return html.unescape(re.sub(r"<sup>.*?</sup>", "", name)).strip()


def _ncses_by_country(filename, value_name):
    raw = pd.read_csv(SOURCES_DIR / "ncses_sei" / filename)
    raw["country"] = raw["country"].map(_ncses_name)
    world = raw[raw["country"] == "World"].set_index("year")["value"]
    raw["iso3"] = to_iso3(raw["country"], aggregates=NCSES_AGGREGATES)
    countries = raw[raw["iso3"].notna()]
    table = pd.DataFrame({
        "iso3": countries["iso3"],
        "year": countries["year"].astype(int),
        value_name: countries["value"].round(2),
        f"world_{value_name}": countries["year"].map(world).round(2),
    })
    table["share_of_world_pct"] = (100 * table[value_name] / table[f"world_{value_name}"]).round(4)
    return table.sort_values(["iso3", "year"]).reset_index(drop=True)


def ai_publications():
    """AI-related S&E articles by country (whole counting), 2003–2022, with world totals (NCSES, Scopus)."""
    return _ncses_by_country("ai_articles_by_country_2003_2022_tidy.csv", "articles")


def semiconductor_patents():
    """USPTO semiconductor patents granted, fractional counts by inventor country, 1998–2022 (NCSES)."""
    return _ncses_by_country("uspto_semiconductor_patents_by_country_1998_2022_tidy.csv", "patents")


# --- CSET via Our World in Data ------------------------------------------------------------------------------

def _owid(filename, value_name, digits):
    raw = pd.read_csv(SOURCES_DIR / "owid_cset_ai" / filename)
    raw = raw[raw["Code"].notna() & ~raw["Code"].astype(str).str.startswith("OWID")]
    value = raw.columns[-1]
    table = pd.DataFrame({"iso3": raw["Code"], "year": raw["Year"].astype(int), value_name: raw[value].round(digits)})
    return table.sort_values(["iso3", "year"]).reset_index(drop=True)


def ai_patents_per_million():
    """AI patent applications per million people, 2014–2019 (CSET via Our World in Data)."""
    return _owid("artificial-intelligence-patents-submitted-per-million.csv", "applications_per_million", 6)


def ai_private_investment():
    """Estimated private investment in AI, USD, 2014–2023 (CSET via Our World in Data)."""
    return _owid("private-investment-in-artificial-intelligence-cset.csv", "investment_usd", 0)


# --- Population ---------------------------------------------------------------------------------------------

def population():
    """Population by country and year, 2014–2024: World Bank WDI midyear estimates for every country the World
    Bank lists (its regional and income aggregates left out), plus Taiwan's year-end registered population from
    its Ministry of the Interior (2023–2024 only; Taiwan is not in WDI)."""
    folder = SOURCES_DIR / "population"
    known = set(pd.read_csv(DATASETS_DIR / "countries.csv", keep_default_na=False)["iso3"])
    world_bank = pd.read_csv(folder / "population_2014_2024_tidy.csv")
    world_bank = world_bank[~world_bank["is_aggregate"].astype(bool)]
    # Kosovo (XKX) and the Channel Islands (CHI) have World Bank codes but no ISO 3166 code: not in countries.
    world_bank = world_bank[world_bank["iso3"].isin(known)]
    taiwan = pd.read_csv(folder / "taiwan_moi.csv")
    table = pd.concat([
        pd.DataFrame({"iso3": world_bank["iso3"], "year": world_bank["year"].astype(int),
                      "population": world_bank["population"].astype("int64"),
                      "basis": "midyear estimate", "source_id": "worldbank_wdi_population"}),
        pd.DataFrame({"iso3": taiwan["iso3"], "year": taiwan["year"].astype(int),
                      "population": taiwan["population"].astype("int64"),
                      "basis": "registered, year end", "source_id": "taiwan_moi_population"}),
    ])
    return table.sort_values(["iso3", "year"]).reset_index(drop=True)


# --- Births (Statistics Korea) ------------------------------------------------------------------------------

# Press reports of Statistics Korea releases that the births table was cross-checked against (kostat_births/PROVENANCE).
BIRTHS_CROSS_CHECKS = {
    2007: "press: about 496,000 (fnnews.com, 2018-08-22)",
    2014: "press: 435,300, provisional (kukinews)",
    2016: "press: 406,200-406,300 (kmib.co.kr 2017-08-30; newsis 2017-02-22)",
    2017: "press: 357,800 (fnnews.com, 2018-08-22)",
    2022: "press: 249,186 (hanyangeconomy, citing KOSIS)",
    2023: "press: 230,000, -7.7% (news1.kr)",
    2024: "final figure reported 2025-08-27: 238,300 (rounded), +3.6%; total fertility rate 0.75 after 0.72 (newsis)",
}


def births():
    """Live births in Korea per year, 2005–2024 (Statistics Korea), with the press figures each year was checked
    against."""
    raw = pd.read_csv(SOURCES_DIR / "kostat_births" / "births_2005_2024.csv")
    unknown = set(BIRTHS_CROSS_CHECKS) - set(raw["year"])
    if unknown:
        raise SystemExit(f"Cross-checks for years not in the births file: {sorted(unknown)}")
    return pd.DataFrame({
        "year": raw["year"].astype(int),
        "births": raw["births"].astype(int),
        "status": clean_text(raw["status"]),
        "cross_check": raw["year"].map(BIRTHS_CROSS_CHECKS),
        "source_id": "kostat_births",
    }).sort_values("year").reset_index(drop=True)


# --- AI indices and rankings (page figures, 2024–2026) -------------------------------------------------------

# metric as the page figures word it -> (index, metric). A "(rank N)" or "(rank N of M)" in the wording is read too:
# it becomes a rank row beside the score row. Rows about organisations or the world are not country positions: left out.
INDEX_METRICS = [
    (r"Notable AI models produced", "stanford_ai_index", "notable_models"),
    (r"Granted AI patents per 100,000 inhabitants", "stanford_ai_index", "granted_ai_patents_per_100k"),
    (r"Change in granted AI patents per 100,000 inhabitants, 2013 vs 2023", "stanford_ai_index",
     "granted_ai_patents_per_100k_change"),
    (r"Share of world granted AI patents", "stanford_ai_index", "share_of_world_granted_ai_patents"),
    (r"AI patents per 100,000 people \(world highest\)", "stanford_ai_index", "ai_patents_per_100k"),
    (r"Private AI investment", "stanford_ai_index", "private_ai_investment"),
    (r"Private AI investment rank", "stanford_ai_index", "private_ai_investment_rank"),
    (r"Year-on-year gain in AI adoption \(largest of all countries\)", "stanford_ai_index", "ai_adoption_gain"),
    (r"AI adoption rank", "stanford_ai_index", "ai_adoption_rank"),
    (r"Global AI Vibrancy Tool rank", "hai_global_ai_vibrancy", "rank"),
    (r"Global AI Vibrancy Tool score \(rank (?P<rank>\d+)\)", "hai_global_ai_vibrancy", "score"),
    (r"Global AI Vibrancy: national AI strategy indicator score", "hai_global_ai_vibrancy",
     "national_ai_strategy_indicator"),
    (r"Tortoise Global AI Index score \(rank (?P<rank>\d+)\)", "tortoise_global_ai_index", "score"),
    (r"Tortoise Global AI Index rank", "tortoise_global_ai_index", "rank"),
    (r"Tortoise Global AI Index total score \(Kaggle file labelled 2023\)", "tortoise_global_ai_index", "score"),
    (r"IMF AI Preparedness Index \(rank (?P<rank>\d+) of (?P<of>\d+)\)", "imf_ai_preparedness_index", "score"),
    (r"IMF AIPI sub-index rank: innovation & economic integration", "imf_ai_preparedness_index",
     "innovation_and_economic_integration_rank"),
]
# (index, the page's original_source or period) -> (edition year, release date as the sources give it, countries ranked)
INDEX_EDITIONS = [
    ("stanford_ai_index", r"AI Index 2023/2025", 2023, "", None),      # 2022 data: reported in the 2023 edition
    ("stanford_ai_index", r"AI Index 2024", 2024, "", None),
    ("stanford_ai_index", r"AI Index 2025", 2025, "2025-04", None),    # the HAI PDF, April 2025
    ("stanford_ai_index", r"AI Index 2026", 2026, "2026-04", None),    # press and blog summaries of April 2026
    ("hai_global_ai_vibrancy", r"Tool 2024", 2024, "2024-11-21", None),
    ("hai_global_ai_vibrancy", r"Tool 2025", 2025, "2025", None),       # "released 2025-11/12"
    ("tortoise_global_ai_index", r"^2024 \(5th ed", 2024, "2024-09-19", 83),
    ("tortoise_global_ai_index", r"^2025 edition", 2025, "2025", 93),
    ("tortoise_global_ai_index", r"^June 2023 edition", 2023, "2023-06", 62),
    ("tortoise_global_ai_index", r"Dec 2021 edition \(inferred\)", 2021, "2021-12", 62),
    ("imf_ai_preparedness_index", r"", 2024, "2024-06-25", None),       # dashboard of 2024-06-25 (2023 data)
]
# page read -> key of sources.csv (one row per original publisher and page)
INDEX_SOURCES = {
    "https://hai.stanford.edu/assets/files/hai_ai-index-report-2025_chapter1_final.pdf": "stanford_ai_index_2025_ch1",
    "https://news1global.com/future/article/428526": "stanford_ai_index_2025_investment_news1",
    "http://weenergy.co.kr/en/bbs/board.php?bo_table=m05_01&wr_id=633": "stanford_ai_index_investment_rank_repost",
    "https://xuanjin001.github.io/posts/ai-index-report-2026/": "stanford_ai_index_2026_blog_summary",
    "https://blog.pebblous.ai/report/hai-ai-index-2026-part2/en/": "stanford_ai_index_2026_pebblous_blog",
    "https://distantnews.com/article/korea-ranks-third-globally-in-notable-ai-model-releases-exce-0z3kvmdp":
        "posri_2026_ai_adoption_distantnews",
    "https://kbrief.com/?p=118": "posri_2026_ai_adoption_kbrief",
    "https://ai-digest.derricklin.net/tech/techmeme-20260413-the-2026-ai-index-report-summary/":
        "stanford_ai_index_2026_investment_digest",
    "https://amuse.peoplentools.com/韓-ai-역동성-순위-세계-7위-전년-대비-2계단-상승-835886.html": "hai_vibrancy_2024_maeil_repost",  # noqa: E501
    "https://www.aitimes.com/news/articleView.html?idxno=165585": "hai_vibrancy_2024_aitimes",
    "https://www.outlookbusiness.com/artificial-intelligence/india-ranks-third-globally-in-most-vibrant-ai-hub-after-us-and-china":
        "hai_vibrancy_2025_outlookbusiness",
    "https://www.utkarsh.com/current-affairs/international/index-update/india-secures-third-place-in-stanfords-global-ai-vibrancy-index-2024":
        "hai_vibrancy_2025_utkarsh",
    "https://ajunews.com/view/20240925002539964": "tortoise_2024_ajunews",
    "https://www.etnews.com/20251208000265": "tortoise_2025_etnews",
    "https://nosota.com/press/ai-arms-race-global-index-shows-which-countries-dominate-ai-development": "tortoise_2023_nosota",  # noqa: E501
    "../tortoise_global_ai_index_2023/AI_index_db.csv": "tortoise_kaggle_ai_index",
    "https://www.aitimes.com/news/articleView.html?idxno=161062": "imf_aipi_2024_aitimes",
    "https://kbthink.com/collect-view/News-List/News-View.html?newsId=20250217073001813": "imf_aipi_bok_2025_kbthink",
}
# Pages whose kind the reliability note does not give: an exam-preparation site's current-affairs page.
PAGE_RELIABILITY = {
    "https://www.utkarsh.com/current-affairs/international/index-update/india-secures-third-place-in-stanfords-global-ai-vibrancy-index-2024":
        "secondary",
}
AI_INDEX_2026_CAVEAT = ("AI Index 2026 is known here only from press and blog summaries (no HAI page or PDF text in "
                        "the sources): replace with the report before teaching the figure as fact. ")


def _index_reliability(note):
    """The page figures' reliability note -> one word: primary, press, secondary, repost, blog, low or inference."""
    lowered = note.lower()
    for prefix, label in [("inference", "inference"), ("low:", "low"), ("primary", "primary")]:
        if lowered.startswith(prefix):  # the note's first word says it
            return label
    for word, label in [("blog", "blog"), ("digest", "blog"), ("repost", "repost"), ("secondary", "secondary"),
                        ("press", "press")]:  # otherwise the weakest kind of page the note names
        if word in lowered:
            return label
    raise SystemExit(f"Unknown reliability note: {note}")


def _page_read(row):
    """The page a figure was read on: the row's page, or another page its note names for this figure."""
    named = re.search(r"(?:UK score|figure) from (https?://\S+)", row["reliability_note"])
    return named.group(1) if named else row["page_url"]


def ai_index_rankings():
    """Countries' positions and values in published AI indices (Tortoise, IMF AIPI, HAI Global AI Vibrancy,
    Stanford AI Index), one row per figure read on a page, long form, with each row's reliability."""
    raw = pd.read_csv(SOURCES_DIR / "page_figures_2026" / "korea_ai_figures_2026.csv", dtype=str)
    raw = raw[raw["theme"] == "index"]
    rows = []
    for _, row in raw.iterrows():
        if row["entity"] == "World" or "(by organisation)" in row["metric"]:
            continue
        matches = [(index, metric, m) for pattern, index, metric in INDEX_METRICS
                   if (m := re.fullmatch(pattern, row["metric"]))]
        if len(matches) != 1:
            raise SystemExit(f"No single index metric for: {row['metric']}")
        index, metric, match = matches[0]
        described = f"{row['original_source']} {row['period']}"
        editions = [(year, released, ranked) for name, pattern, year, released, ranked in INDEX_EDITIONS
                    if name == index and re.search(pattern, described if index != "tortoise_global_ai_index"
                                                   else row["period"])]
        if len(editions) != 1:
            raise SystemExit(f"No single edition for: {row['metric']} / {described}")
        edition, released, ranked = editions[0]
        note = row["reliability_note"]
        weak = index == "stanford_ai_index" and edition == 2026
        common = {"index": index, "edition": edition, "published": released,
                  "iso3": to_iso3([row["entity"]])[0], "period_as_stated": row["period"],
                  "countries_ranked": int(match.groupdict().get("of") or 0) or ranked,
                  "reliability_note": (AI_INDEX_2026_CAVEAT if weak else "") + note}
        # The figure itself may have been read on another page that the note names; the rank is the row's page's.
        figures = [(metric, float(row["value"]), row["unit"], _page_read(row))]
        if match.groupdict().get("rank"):
            figures.append(("rank", float(match.group("rank")), "rank", row["page_url"]))
        for name, value, unit, page in figures:
            if page not in INDEX_SOURCES:
                raise SystemExit(f"No source_id for the page {page}")
            reliability = PAGE_RELIABILITY.get(page) or _index_reliability(note)
            needs_caveat = (weak or reliability not in ("primary", "press")
                            or (unit == "rank" and "differ" in note))  # "ranks with ties differ between reports"
            rows.append({**common, "metric": name, "value": value, "unit": unit, "source_id": INDEX_SOURCES[page],
                         "reliability": reliability, "needs_caveat": needs_caveat})
    table = pd.DataFrame(rows)
    table.loc[table["metric"].str.endswith("rank") | (table["metric"] == "rank"), "unit"] = "rank"
    columns = ["index", "edition", "published", "iso3", "metric", "value", "unit", "period_as_stated",
               "countries_ranked", "source_id", "reliability", "needs_caveat", "reliability_note"]
    table = table[columns].astype({"countries_ranked": "Int64"})
    return table.sort_values(["index", "edition", "metric", "value", "iso3"]).reset_index(drop=True)


# --- The sovereign AI foundation model project (page figures 2026, theme models) --------------------------------

# team_id -> (name in the page figures, Korean name, the model's name in korean_ai_models, or None)
SOVEREIGN_TEAMS = {
    "lg_ai_research": ("LG AI Research", "LG AI연구원", "K-EXAONE"),
    "sk_telecom": ("SK Telecom", "SK텔레콤", "A.X K1"),
    "upstage": ("Upstage", "업스테이지", "Solar Open 100B"),
    "naver_cloud": ("Naver Cloud", "네이버클라우드", "HyperCLOVA X SEED 32B Think"),
    "nc_ai": ("NC AI", "NC AI", "VAETKI"),
    "motif_technologies": ("Motif Technologies", "모티프테크놀로지스", None),
}
# page read -> key of sources.csv
SOVEREIGN_SOURCES = {
    "https://www.donga.com/en/article/all/20250805/5767015/1": "msit_2025_sovereign_ai_teams_donga",
    "https://koreatechdesk.com/korea-sovereign-ai-upstage-lg-skt-national-ai-project": "msit_sovereign_ai_funding_koreatechdesk",  # noqa: E501
    "https://designcompass.org/en/2025/08/05-1tp-3tea/korea-sovereign-ai/": "msit_2025_sovereign_ai_gpu_support_blog",
    "https://www.msit.go.kr/eng/bbs/view.do;jsessionid=kNQRGP-QGYQhR7scxOMjFTyxGt2daDf5M5J8o7Ns.AP_msit_1?sCode=eng&mPid=2&mId=4&bbsSeqNo=42&nttSeqNo=1212":
        "msit_2026_sovereign_ai_phase1",
    "https://news.sbs.co.kr/news/endPage.do?news_id=N1008406081": "msit_2026_sovereign_ai_phase1_scores_sbs",
    "https://www.koreaherald.com/article/10657741": "epoch_korean_notable_models_koreaherald",
    "https://magazine.hankyung.com/business/article/202602204270b": "msit_2026_sovereign_ai_motif_added_hankyung",
    "https://news.sbs.co.kr/news/endPage.do?news_id=N1008416083": "msit_2026_sovereign_ai_added_team_gpus_sbs",
    "https://hf.downle.eu.org/LGAI-EXAONE/K-EXAONE-236B-A23B/resolve/636bca1f490306811ec0240210d8268ab427b84a/README.md?download=true":
        "lg_k_exaone_model_card",
    "https://api-ai.fansa93.dpdns.org/hf/skt/A.X-K1/commit/8c848db2c41731503bff95be523d17c3848c9346": "skt_ax_k1_model_card",  # noqa: E501
    "https://hf-2025.pages.dev/upstage/Solar-Open-100B/raw/main/README.md": "upstage_solar_open_model_card",
    "https://b-lab.team/en/content/db472d5e-b381-45a9-9066-06dbf0aa3aeb": "nc_ai_vaetki_model_card_summary",
    "https://world.kbs.co.kr/service/news_view.htm?lang=e&Seq_Code=198632": "naver_hyperclova_x_seed_think_kbs",
}
# Pages whose kind the reliability note does not give in a word _index_reliability knows.
PAGE_RELIABILITY.update({
    "https://hf.downle.eu.org/LGAI-EXAONE/K-EXAONE-236B-A23B/resolve/636bca1f490306811ec0240210d8268ab427b84a/README.md?download=true":
        "primary",   # the model card, read on a mirror host
    "https://api-ai.fansa93.dpdns.org/hf/skt/A.X-K1/commit/8c848db2c41731503bff95be523d17c3848c9346": "primary",
    "https://hf-2025.pages.dev/upstage/Solar-Open-100B/raw/main/README.md": "primary",
    "https://b-lab.team/en/content/db472d5e-b381-45a9-9066-06dbf0aa3aeb": "secondary",  # a summary of the card
})
# How the page figures word a model's licence (reliability_note) -> (open weights, licence as the card names it)
MODEL_LICENCES = [
    (r"open weights under custom '(?P<licence>[^']+)' licence \(license: other\)", True, "{licence} (custom)"),
    (r"open weights under '(?P<licence>[^']+)' \(license: other\)", True, "{licence} (custom)"),
    (r"open weights, (?P<licence>Apache-2\.0)", True, "{licence}"),
]
# Project figures other than the teams' rows: metric -> (figure_id, entity, figure in English, in Korean)
SOVEREIGN_FIGURES = {
    "Phase-1 average total score of 5 teams": (
        "phase1_total_average", "average_of_5_teams", "phase-1 total score, average of the five teams",
        "1차 평가 총점, 5개 팀 평균"),
    "Korean notable models in Epoch AI database (latest compilation)": (
        "epoch_korean_notable_models", "KOR", "Korean models in Epoch AI's notable-models database",
        "Epoch AI '주목할 만한 모델'에 든 한국 모델 수"),
    "GPU support for the added team": (
        "added_team_gpus", "added_team", "GPUs the government provides to the team added after phase 1",
        "1차 평가 뒤 추가 선정 팀에 정부가 지원하는 GPU"),
    "Public funding allocated to the project": (
        "public_funding", "project", "public funding of the project", "사업 정부 예산"),
    "GPU resource support package for the project": (
        "gpu_support_package", "project", "GPU resource support package for the project", "사업 GPU 자원 지원 규모"),
}
PHASE1_COMPONENTS = {"benchmark": ("benchmark evaluation", "벤치마크 평가"),
                     "expert": ("expert evaluation", "전문가 평가"),
                     "user": ("user evaluation", "사용자 평가")}


def _page_figures(theme):
    raw = pd.read_csv(SOURCES_DIR / "page_figures_2026" / "korea_ai_figures_2026.csv", dtype=str)
    return raw[raw["theme"] == theme].fillna("")


def _announced(period):
    """'announced 2025-08-04' -> '2025-08-04'."""
    match = re.fullmatch(r"announced (\d{4}-\d{2}-\d{2})", period)
    if not match:
        raise SystemExit(f"No announcement date in: {period}")
    return match.group(1)


def _team_ids(entity):
    """'Naver Cloud; Upstage; ...' -> team ids; an unknown team stops the build."""
    names = {name: team_id for team_id, (name, _, _) in SOVEREIGN_TEAMS.items()}
    unknown = [n.strip() for n in entity.split(";") if n.strip() not in names]
    if unknown:
        raise SystemExit(f"Unknown sovereign AI team: {', '.join(unknown)} (add to SOVEREIGN_TEAMS)")
    return [names[n.strip()] for n in entity.split(";")]


def _team_of(entity):
    """The team a row is about: the team whose name begins the entity ('NC AI consortium VAETKI-...')."""
    found = [(team_id, name) for team_id, (name, _, _) in SOVEREIGN_TEAMS.items() if entity.startswith(name + " ")
             or entity == name or entity.startswith(name + " (")]
    if len(found) != 1:
        raise SystemExit(f"No single sovereign AI team for: {entity}")
    return found[0]


def _source(sources, page):
    if page not in sources:
        raise SystemExit(f"No source_id for the page {page}")
    return sources[page]


def _sovereign():
    """Both tables of the project from one pass over the rows, so that every row is used exactly once."""
    raw = _page_figures("models")
    teams = {team_id: {"team_id": team_id, "team": name, "team_ko": ko, "korean_ai_models_model": key or ""}
             for team_id, (name, ko, key) in SOVEREIGN_TEAMS.items()}
    figures = []

    def figure(figure_id, entity, en, ko, value, unit, row, max_value=None):
        page = row["page_url"]
        figures.append({"figure_id": figure_id, "entity": entity, "figure_en": en, "figure_ko": ko,
                        "value": float(value), "unit": unit, "max_value": max_value,
                        "period_as_stated": row["period"], "source_id": _source(SOVEREIGN_SOURCES, page),
                        "reliability": PAGE_RELIABILITY.get(page) or _index_reliability(row["reliability_note"]),
                        "reliability_note": row["reliability_note"]})

    for _, row in raw.iterrows():
        metric, note, page = row["metric"], row["reliability_note"], row["page_url"]
        if metric == "Elite teams selected for Sovereign AI Foundation Model project":
            selected = _team_ids(row["entity"])
            if len(selected) != int(row["value"]):
                raise SystemExit(f"{metric}: {row['value']} teams, {len(selected)} named")
            for team_id in selected:
                teams[team_id].update(selected=_announced(row["period"]),
                                      selection_source_id=_source(SOVEREIGN_SOURCES, page))
            applicants = re.search(r"from (\d+) applicants \((\d+) after paper review\)", note)
            if not applicants:
                raise SystemExit(f"{metric}: no applicant count in the note")
            figure("applicants", "project", "teams that applied", "지원한 팀", applicants.group(1), "teams", row)
            figure("applicants_after_paper_review", "project", "teams left after the paper review", "서면 평가 통과 팀",
                   applicants.group(2), "teams", row)
        elif metric == "Teams advancing after Phase-1 evaluation":
            advanced = _team_ids(row["entity"])
            if len(advanced) != int(row["value"]):
                raise SystemExit(f"{metric}: {row['value']} teams, {len(advanced)} named")
            for team_id in advanced:
                teams[team_id].update(phase1_status="advanced")
            for dropped in re.finditer(r"(?P<team>[A-Za-z ]+?) dropped (?:on the (?P<criterion>[a-z]+) criterion )?"
                                       r"\((?P<detail>[^)]*)\)", note):
                (team_id,) = _team_ids(dropped.group("team"))
                criterion = dropped.group("criterion") or ("score" if "score" in dropped.group("detail") else None)
                if team_id in advanced or criterion not in PHASE1_CRITERIA:
                    raise SystemExit(f"{metric}: cannot read why {dropped.group('team')} was dropped")
                teams[team_id].update(phase1_status="dropped", phase1_criterion=criterion,
                                      phase1_reason=dropped.group("detail"),
                                      phase1_reason_ko=PHASE1_REASONS_KO[dropped.group("detail")])
            for team in teams.values():
                if team.get("selected") == "2025-08-04" and "phase1_status" not in team:
                    raise SystemExit(f"{metric}: the note does not say what became of {team['team']}")
                if team.get("phase1_status"):
                    team["phase1_source_id"] = _source(SOVEREIGN_SOURCES, page)
        elif metric == "Phase-1 total score (max 100)":
            team_id, _ = _team_of(row["entity"])
            teams[team_id].update(phase1_score=float(row["value"]),
                                  phase1_score_source_id=_source(SOVEREIGN_SOURCES, page))
            figure(f"phase1_total_{team_id}", team_id, "phase-1 total score", "1차 평가 총점", row["value"], "points",
                   row, 100.0)
            parts = re.findall(r"(\w+) ([\d.]+)/(\d+)", note)
            if sorted(p[0] for p in parts) != sorted(PHASE1_COMPONENTS) or \
                    abs(sum(float(p[1]) for p in parts) - float(row["value"])) > 0.05:
                raise SystemExit(f"{metric}: the components in the note do not add up to the total")
            for component, score, out_of in parts:
                en, ko = PHASE1_COMPONENTS[component]
                figure(f"phase1_{component}_{team_id}", team_id, f"phase-1 score: {en}", f"1차 평가 점수: {ko}",
                       score, "points", row, float(out_of))
        elif metric == "Additional elite team selected":
            team_id, _ = _team_of(row["entity"])
            teams[team_id].update(selected=_announced(row["period"]), phase1_status="added_after_phase1",
                                  selection_source_id=_source(SOVEREIGN_SOURCES, page), reliability_note=note)
        elif metric in ("Parameters (total / active)", "Parameters"):
            team_id, name = _team_of(row["entity"])
            model = re.sub(r"^consortium ", "", row["entity"][len(name):].strip())
            unit = re.fullmatch(r"billion parameters(?: \((?P<active>[\d.]+)B active\))?", row["unit"])
            released = re.fullmatch(r"released (\d{4}-\d{2}(?:/\d{4}-\d{2})?)", row["period"])
            if not unit or teams[team_id].get("model"):
                raise SystemExit(f"Cannot read the model row: {row['entity']}")
            licence = [(weights, form.format(**m.groupdict())) for pattern, weights, form in MODEL_LICENCES
                       if (m := re.search(pattern, note))]
            if len(licence) > 1:
                raise SystemExit(f"Two licences in the note on {model}")
            weights, licence = licence[0] if licence else (None, "")
            teams[team_id].update(
                model=model, total_params_b=float(row["value"]),
                active_params_b=float(unit.group("active")) if unit.group("active") else None,
                open_weights=weights, licence=licence, released=released.group(1) if released else "",
                model_source_id=_source(SOVEREIGN_SOURCES, page),
                model_reliability=PAGE_RELIABILITY.get(page) or _index_reliability(note),
                reliability_note=note if released else f"{note} (the page gives: {row['period']})")
        elif metric in SOVEREIGN_FIGURES:
            figure_id, entity, en, ko = SOVEREIGN_FIGURES[metric]
            figure(figure_id, entity, en, ko, row["value"], row["unit"], row,
                   100.0 if row["unit"] == "points" else None)
        else:
            raise SystemExit(f"Unknown models row in the page figures: {metric}")
    columns = ["team_id", "team", "team_ko", "selected", "model", "total_params_b", "active_params_b", "open_weights",
               "licence", "released", "phase1_status", "phase1_criterion", "phase1_reason", "phase1_reason_ko",
               "phase1_score", "korean_ai_models_model", "selection_source_id", "model_source_id",
               "phase1_source_id", "phase1_score_source_id", "model_reliability", "reliability_note"]
    table = pd.DataFrame(list(teams.values())).reindex(columns=columns)
    if table["selected"].isna().any() or table["phase1_status"].isna().any():
        raise SystemExit("A sovereign AI team without a selection date or a phase-1 status")
    table["open_weights"] = table["open_weights"].astype("boolean")
    return table, pd.DataFrame(figures)


PHASE1_CRITERIA = {"independence", "score"}
# The reasons as the page figures give them (English), in Korean.
PHASE1_REASONS_KO = {
    "Qwen-derived vision/audio encoders, per MSIT briefing and Korea Herald":
        "Qwen에서 가져온 비전·오디오 인코더 (과기정통부 브리핑, 코리아헤럴드)",
    "lowest total score": "총점 최하위",
}


def sovereign_ai_models():
    """The teams of the sovereign AI foundation model project (독자 AI 파운데이션 모델 프로젝트), one row each: when
    selected, their model (parameters, open weights, licence, release), and the phase-1 result of 2026-01-15."""
    return _sovereign()[0]


def sovereign_ai_project_figures():
    """The project's figures that are not a team's row: phase-1 scores (LG's parts, the five-team average),
    applicants, funding, GPUs for the added team, and Epoch AI's count of Korean notable models."""
    return _sovereign()[1]


# --- AI rules: Korea's AI Basic Act and the EU AI Act (page figures 2026, theme policy) --------------------------

RULES_SOURCES = {
    "https://www.msit.go.kr/eng/bbs/view.do?sCode=eng&mId=4&mPid=2&pageIndex=&bbsSeqNo=42&nttSeqNo=1071&searchOpt=ALL&searchTxt=":
        "msit_2024_ai_basic_act_passed",
    "https://cset.georgetown.edu/publication/south-korea-ai-law-2025": "cset_korea_ai_basic_act_translation",
    "https://www.newspub.kr/content?category=9&dark=0&nid=695467af36714e6ba5b7cb1d": "msit_2026_changes_booklet_news1",
    "https://m.newspic.kr/summary.html?cp=w3Hru72p&nid=2026012205010206091&pn=214": "yonhap_2026_ai_basic_act_fines",
    "https://www.etoday.co.kr/news/view/2541042?trc=right_categori_news": "msit_2025_ai_basic_act_amendment_etoday",
    "https://www.segye.com/newsView/20251112513535": "msit_2025_enforcement_decree_segye",
    "https://www.vietmetric.vn/en/2026/01/south-koreas-new-ai-law-tightens-regulations-and-expands-state-power-sparking-controversy/?amp=1&noamp=mobile":
        "ai_basic_act_compute_threshold_vietmetric",
    "http://cccr.or.kr/comm/bbs/boardn.php?bo_table=sub13&wr_id=10840": "ai_basic_act_domestic_agent_repost",
    "https://natlawreview.com/article/eu-ai-act-compliance-deadline-august-2-2025-looming-general-purpose-ai-models":
        "eu_ai_act_timeline_natlawreview",
    "https://answers.securityscientist.net/q/28125/what-is-the-enforcement-timeline-when-does-each-requirement-kick-in":
        "eu_ai_act_timeline_qa",
    "https://agentmodeai.com/eu-ai-act-digital-omnibus-what-still-applies/": "eu_digital_omnibus_agentmodeai_blog",
    "https://airegready.com/blog/eu-ai-act-digital-omnibus-agreement": "eu_digital_omnibus_agreement_airegready_blog",
    "https://futureprep.eu/news/digital-omnibus-ai-act-deadlines/": "eu_digital_omnibus_approval_futureprep_blog",
    "https://www.aiactblog.nl/en/posts/digital-omnibus-high-risk-postponement-december-2027":
        "eu_digital_omnibus_high_risk_aiactblog",
}
PAGE_RELIABILITY.update({
    "https://cset.georgetown.edu/publication/south-korea-ai-law-2025": "primary",  # the statute, in CSET's translation
    "https://www.newspub.kr/content?category=9&dark=0&nid=695467af36714e6ba5b7cb1d": "press",  # News1, relayed
    "https://natlawreview.com/article/eu-ai-act-compliance-deadline-august-2-2025-looming-general-purpose-ai-models":
        "secondary",  # a law firm's article
    "https://answers.securityscientist.net/q/28125/what-is-the-enforcement-timeline-when-does-each-requirement-kick-in":
        "secondary",  # a Q&A page
})
ROW_JURISDICTIONS = {"South Korea": "KOR", "European Union": "EU"}  # the page figures' entity -> jurisdiction
LAWS = {"KOR": ("AI Basic Act", "AI 기본법"), "EU": ("EU AI Act", "EU AI법"),
        "omnibus": ("Digital Omnibus on AI", "디지털 옴니버스(AI)")}
# Kinds of event. From an in_force, applies or new_date row on, its applies_en applies (unless a later row says
# otherwise); an original_date has been replaced by a new_date of the Digital Omnibus (superseded_by).
STARTS_APPLYING = ("in_force", "applies", "new_date")
# Dated events. Each: (metric as the page figures word it, or None for a date read in the row's note,
# a regex for that date in the note), then the row's fields.
RULES_EVENTS = [
    # (metric, note pattern, event_id, jurisdiction, law, kind, event_en, event_ko, applies_en, applies_ko,
    #  superseded_by)
    ("AI Basic Act passed by National Assembly plenary", r"committee (\d{4}-\d{2}-\d{2})",
     "kor_committee_passed", "KOR", "KOR", "committee_passed",
     "AI Basic Act passed by the National Assembly's standing committee", "AI 기본법 국회 상임위원회 통과", "", "", ""),
    ("AI Basic Act passed by National Assembly plenary", r"judiciary (\d{4}-\d{2}-\d{2})",
     "kor_judiciary_passed", "KOR", "KOR", "committee_passed",
     "AI Basic Act passed by the Legislation and Judiciary Committee", "AI 기본법 국회 법제사법위원회 통과",
     "", "", ""),
    ("AI Basic Act passed by National Assembly plenary", None, "kor_passed", "KOR", "KOR", "passed",
     "AI Basic Act passed by the National Assembly plenary (19 bills merged)",
     "AI 기본법 국회 본회의 통과 (법안 19건 병합)", "", "", ""),
    ("AI Basic Act promulgated (Law No. 20676)", None, "kor_promulgated", "KOR", "KOR", "promulgated",
     "AI Basic Act promulgated as Law No. 20676", "AI 기본법 공포 (법률 제20676호)", "", "", ""),
    ("Enforcement decree pre-announced (40-day comment period)", None, "kor_decree_pre_announced", "KOR", "KOR",
     "decree_pre_announced", "Enforcement decree pre-announced for a 40-day comment period",
     "시행령 제정안 입법예고 (40일간 의견 수렴)", "", "", ""),
    ("AI Basic Act amendment passed (9 bills merged)", None, "kor_amendment_passed", "KOR", "KOR", "amendment_passed",
     "Amendment passed (9 bills merged): public-sector AI procurement priority, AI start-up fund, "
     "accessibility support",
     "개정안 국회 통과 (법안 9건 병합): 공공부문 AI 우선 구매, AI 창업 펀드 근거, 접근성 지원", "", "", ""),
    ("AI Basic Act in force", None, "kor_in_force", "KOR", "KOR", "in_force",
     "AI Basic Act enters into force", "AI 기본법 시행",
     "the whole Act: duties on high-impact and generative AI (prior notice, labels), domestic agents of foreign firms; "
     "fact-finding and fines wait for a grace period of at least a year (see ai_rules_figures)",
     "법 전체: 고영향·생성형 AI 의무(사전 고지, 표시), 해외 사업자의 국내대리인 지정. 사실조사와 과태료는 최소 1년의 "
     "계도기간 뒤 (ai_rules_figures 참고)", ""),
    ("EU AI Act entry into force", r"published in OJ (\d{4}-\d{2}-\d{2})", "eu_published", "EU", "EU", "published",
     "AI Act published in the Official Journal of the EU", "AI법 EU 관보 게재", "", "", ""),
    ("EU AI Act entry into force", None, "eu_in_force", "EU", "EU", "in_force", "AI Act enters into force",
     "AI법 발효", "the Act is in force; its obligations apply in stages (the rows that follow)",
     "법 발효. 의무는 단계적으로 적용 (이후 행 참고)", ""),
    ("EU AI Act prohibitions and AI-literacy duty apply", None, "eu_prohibitions_literacy", "EU", "EU", "applies",
     "Prohibitions and the AI-literacy duty apply", "금지 AI 관행 조항과 AI 리터러시 의무 적용",
     "prohibitions and AI literacy", "금지 AI 관행과 AI 리터러시 의무", ""),
    ("EU AI Act GPAI model obligations apply", r"GPAI Code of Practice published (\d{4}-\d{2}-\d{2})",
     "eu_gpai_code_published", "EU", "EU", "published", "General-purpose AI (GPAI) Code of Practice published",
     "범용 AI(GPAI) 행동강령 발표", "", "", ""),
    ("EU AI Act GPAI model obligations apply", None, "eu_gpai", "EU", "EU", "applies",
     "Obligations for general-purpose AI (GPAI) models apply", "범용 AI(GPAI) 모델 의무 적용",
     "GPAI obligations", "범용 AI(GPAI) 모델 의무", ""),
    ("EU AI Act high-risk (Annex III) obligations - original date", None, "eu_high_risk_annex_iii_original", "EU",
     "EU", "original_date", "High-risk (Annex III) obligations: the original date",
     "고위험 AI(부속서 III) 의무: 원래 적용일", "high-risk (Annex III)", "고위험 AI (부속서 III)",
     "eu_high_risk_annex_iii_new"),
    ("EU AI Act high-risk in regulated products (Annex I) - original date", None, "eu_high_risk_annex_i_original",
     "EU", "EU", "original_date", "High-risk AI in regulated products (Annex I): the original date",
     "규제 대상 제품의 고위험 AI(부속서 I): 원래 적용일", "high-risk in regulated products (Annex I)",
     "규제 대상 제품의 고위험 AI (부속서 I)", "eu_high_risk_annex_i_new"),
    ("Digital Omnibus on AI proposed by Commission", None, "eu_omnibus_proposed", "EU", "omnibus", "proposed",
     "Digital Omnibus on AI proposed by the European Commission", "유럽연합 집행위원회, 디지털 옴니버스(AI) 제안",
     "", "", ""),
    ("Digital Omnibus political agreement (Parliament + Council)", None, "eu_omnibus_agreed", "EU", "omnibus",
     "agreed", "Political agreement on the Digital Omnibus (Parliament and Council)",
     "디지털 옴니버스 정치적 합의 (유럽의회·이사회)", "", "", ""),
    ("Digital Omnibus final approval by Council", None, "eu_omnibus_approved", "EU", "omnibus", "approved",
     "Final approval of the Digital Omnibus by the Council (publication in the Official Journal not found)",
     "이사회, 디지털 옴니버스 최종 승인 (관보 게재일은 찾지 못함)", "", "", ""),
    ("EU AI Act high-risk (Annex III) obligations - new date", None, "eu_high_risk_annex_iii_new", "EU", "EU",
     "new_date", "High-risk (Annex III) obligations: the new date set by the Digital Omnibus",
     "고위험 AI(부속서 III) 의무: 디지털 옴니버스로 바뀐 적용일", "high-risk (Annex III)", "고위험 AI (부속서 III)",
     ""),
    ("EU AI Act high-risk in regulated products (Annex I) - new date", None, "eu_high_risk_annex_i_new", "EU", "EU",
     "new_date", "High-risk AI in regulated products (Annex I): the new date set by the Digital Omnibus",
     "규제 대상 제품의 고위험 AI(부속서 I): 디지털 옴니버스로 바뀐 적용일", "high-risk in regulated products (Annex I)",
     "규제 대상 제품의 고위험 AI (부속서 I)", ""),
    ("EU AI Act provider watermarking duty - new date", None, "eu_provider_watermarking_new", "EU", "EU", "new_date",
     "Providers' watermarking duty: the new date set by the Digital Omnibus",
     "제공자의 워터마크 의무: 디지털 옴니버스로 바뀐 적용일", "providers' watermarking of AI-generated content",
     "제공자의 AI 생성물 워터마크 의무", ""),
    ("EU AI Act provider watermarking duty - new date", r"deployer transparency stays (\d{4}-\d{2}-\d{2})",
     "eu_deployer_transparency", "EU", "EU", "applies",
     "Deployers' transparency duties apply (date kept by the Digital Omnibus)",
     "배포자(deployer)의 투명성 의무 적용 (디지털 옴니버스에서도 그대로)", "deployers' transparency duties",
     "배포자(deployer)의 투명성 의무", ""),
]
# Figures that are not dates: (metric, regex for the figure in the metric or note, or None for the row's value),
# then the row's fields. applies_from is the date in the row's period ("from 2026-01-22"), where it gives one.
RULES_FIGURES = [
    # (metric, pattern, figure_id, jurisdiction, law, figure_en, figure_ko, unit or None for the row's unit)
    ("Bills merged into the AI Basic Act", None, "kor_bills_merged", "KOR", "KOR",
     "bills merged into the AI Basic Act", "AI 기본법에 병합된 법안", None),
    ("AI Basic Act amendment passed (9 bills merged)", r"\((\d+) bills merged\)", "kor_amendment_bills_merged", "KOR",
     "KOR", "bills merged into the amendment passed on 2025-12-30", "2025-12-30 통과 개정안에 병합된 법안", "bills"),
    ("Enforcement decree pre-announced (40-day comment period)", r"\((\d+)-day comment period\)",
     "kor_decree_comment_period", "KOR", "KOR", "comment period of the draft enforcement decree",
     "시행령 제정안 의견 수렴 기간", "days"),
    ("Enforcement decree pre-announced (40-day comment period)", r"high-impact check (\d+) days \(\+30\)",
     "kor_high_impact_check", "KOR", "KOR", "MSIT's high-impact check under the draft decree",
     "시행령안의 고영향 AI 확인 기간 (과기정통부)", "days (+30)"),
    ("Grace period before fact-finding and fines", None, "kor_grace_period", "KOR", "KOR",
     "grace period before fact-finding and fines", "사실조사·과태료 계도기간", None),
    ("Maximum administrative fine under AI Basic Act", None, "kor_max_fine", "KOR", "KOR",
     "maximum administrative fine", "과태료 상한", None),
    ("Maximum administrative fine under AI Basic Act", r"EU cap is EUR (\d+)m or 7%", "eu_max_fine", "EU", "EU",
     "maximum fine under the EU AI Act (as the Korean press summary gives it)",
     "EU AI법의 과징금 상한 (한국 언론 요약 기준)", "million EUR (or 7%)"),
    ("Compute threshold named in the Act's reporting", None, "kor_compute_threshold", "KOR", "KOR",
     "compute threshold named in reports on the Act (LOW: check against the decree)",
     "보도에 나온 법의 연산량 기준 (신뢰도 낮음: 시행령과 대조 필요)", None),
    ("Foreign AI firms needing a domestic agent: domestic revenue threshold", None, "kor_domestic_agent_threshold",
     "KOR", "KOR", "domestic revenue above which a foreign AI firm needs a domestic agent (one of several criteria)",
     "해외 AI 사업자의 국내대리인 지정 기준 매출 (여러 기준 중 하나)", None),
]


def _rules_as_of(raw):
    """First and last day of the latest page date of the rows (YYYY, YYYY-MM or YYYY-MM-DD)."""
    latest = max(raw["page_date"], key=lambda d: (d + "-99-99")[:10])
    parts = [int(p) for p in latest.split("-")]
    first = pd.Timestamp(parts[0], (parts + [1, 1])[1], (parts + [1, 1, 1])[2])
    last = first if len(parts) == 3 else (first + pd.offsets.MonthEnd(0) if len(parts) == 2 else
                                          pd.Timestamp(parts[0], 12, 31))
    return first, last


def _rules():
    raw = _page_figures("policy")
    first, last = _rules_as_of(raw)
    used, events, figures = set(), [], []

    def rows_for(metric):
        rows = raw[raw["metric"] == metric]
        if len(rows) != 1:
            raise SystemExit(f"No single policy row for: {metric}")
        used.add(rows.index[0])
        return rows.iloc[0]

    def provenance(row):
        page = row["page_url"]
        if ROW_JURISDICTIONS.get(row["entity"]) not in ("KOR", "EU"):
            raise SystemExit(f"Policy row about neither Korea nor the EU: {row['entity']}")
        return {"source_id": _source(RULES_SOURCES, page),
                "reliability": PAGE_RELIABILITY.get(page) or _index_reliability(row["reliability_note"]),
                "reliability_note": row["reliability_note"]}

    for (metric, pattern, event_id, jurisdiction, law, kind, en, ko, applies_en, applies_ko,
         superseded_by) in RULES_EVENTS:
        row = rows_for(metric)
        if pattern is None:
            if row["unit"] != "date":
                raise SystemExit(f"{metric}: not a date")
            date = row["value"]
        else:
            found = re.findall(pattern, row["reliability_note"])
            if len(found) != 1:
                raise SystemExit(f"{metric}: no single date for {event_id} in the note")
            date = found[0]
        if ROW_JURISDICTIONS[row["entity"]] != jurisdiction:
            raise SystemExit(f"{event_id}: the row is about {row['entity']}, not {jurisdiction}")
        when = pd.Timestamp(date)
        if kind == "original_date":
            status = "superseded"
        elif kind in STARTS_APPLYING:
            status = "in_force" if when <= first else "scheduled" if when > last else None
        else:
            status = "took_place" if when <= first else None
        if status is None:
            raise SystemExit(f"{event_id}: {date} is not clearly before or after the sources' date {first:%Y-%m}")
        events.append({"event_id": event_id, "jurisdiction": jurisdiction, "law": LAWS[law][0], "law_ko": LAWS[law][1],
                       "event_en": en, "event_ko": ko, "date": date, "kind": kind, "applies_en": applies_en,
                       "applies_ko": applies_ko, "status": status, "superseded_by": superseded_by,
                       **provenance(row)})
    for metric, pattern, figure_id, jurisdiction, law, en, ko, unit in RULES_FIGURES:
        row = rows_for(metric)
        if pattern is None:
            value, unit = row["value"], row["unit"]
        else:
            found = re.findall(pattern, f"{metric} {row['reliability_note']}")
            if len(found) != 1:
                raise SystemExit(f"{metric}: no single figure for {figure_id}")
            value = found[0]
        applies_from = re.fullmatch(r"from (\d{4}-\d{2}-\d{2})", row["period"])
        own = jurisdiction == ROW_JURISDICTIONS[row["entity"]]  # EU figures in a note on a Korean row: no period
        figures.append({"figure_id": figure_id, "jurisdiction": jurisdiction, "law": LAWS[law][0],
                        "law_ko": LAWS[law][1], "figure_en": en, "figure_ko": ko, "value": float(value), "unit": unit,
                        "applies_from": applies_from.group(1) if applies_from and own else "",
                        "period_as_stated": row["period"] if own else "", **provenance(row)})
    unused = raw.loc[~raw.index.isin(used), "metric"].tolist()
    if unused:
        raise SystemExit(f"Policy rows of the page figures not used: {unused}")
    ids = {e["event_id"] for e in events}
    if not {e["superseded_by"] for e in events if e["superseded_by"]} <= ids or \
            any(bool(e["superseded_by"]) != (e["kind"] == "original_date") for e in events):
        raise SystemExit("Every original_date, and only it, must name the event that supersedes it")
    timeline = pd.DataFrame(events).sort_values(["date", "jurisdiction", "event_id"]).reset_index(drop=True)
    return timeline, pd.DataFrame(figures)


def ai_rules_timeline():
    """Korea's AI Basic Act and the EU AI Act (with the Digital Omnibus), one row per dated event."""
    return _rules()[0]


def ai_rules_figures():
    """Figures of the two laws that are not dates (bills merged, fines, grace period, thresholds)."""
    return _rules()[1]


BUILDERS = {
    "top500_by_country": top500_by_country,
    "notable_models": notable_models,
    "notable_model_countries": notable_model_countries,
    "large_scale_models": large_scale_models,
    "large_scale_model_countries": large_scale_model_countries,
    "ai_clusters": ai_clusters,
    "ai_publications": ai_publications,
    "semiconductor_patents": semiconductor_patents,
    "ai_patents_per_million": ai_patents_per_million,
    "ai_private_investment": ai_private_investment,
    "population": population,
    "births": births,
    "ai_index_rankings": ai_index_rankings,
    "sovereign_ai_models": sovereign_ai_models,
    "sovereign_ai_project_figures": sovereign_ai_project_figures,
    "ai_rules_timeline": ai_rules_timeline,
    "ai_rules_figures": ai_rules_figures,
}


def csv_text(table):
    return table.to_csv(index=False, lineterminator="\n")


# --- What a rebuild changes ------------------------------------------------------------------------------------

def _key_text(values):
    return "/".join(str(v) for v in values)


def _as_tuple(key):
    return key if isinstance(key, tuple) else (key,)


def diff_tables(old, new, key_columns):
    """Rows added, rows removed and cells changed from ``old`` to ``new`` (both read as text), matching rows by
    ``key_columns``. Without usable keys (missing, or not unique) whole rows are compared."""
    common = [c for c in new.columns if c in old.columns]
    keys = [c for c in key_columns if c in common]
    if not keys or len(keys) < len(key_columns) or old.duplicated(keys).any() or new.duplicated(keys).any():
        keys = common
    if keys == common:  # whole rows: a row added twice counts twice
        counts = (new.groupby(keys).size().sub(old.groupby(keys).size(), fill_value=0)).astype(int)
        added = [k for k, n in counts.items() for _ in range(max(n, 0))]
        removed = [k for k, n in counts.items() for _ in range(max(-n, 0))]
        return {"keys": keys, "added": [_as_tuple(k) for k in added], "removed": [_as_tuple(k) for k in removed],
                "changed": [], "columns_added": [c for c in new.columns if c not in old.columns],
                "columns_removed": [c for c in old.columns if c not in new.columns]}
    old_rows = old.set_index(keys)[[c for c in common if c not in keys]]
    new_rows = new.set_index(keys)[[c for c in common if c not in keys]]
    added = [k for k in new_rows.index if k not in old_rows.index]
    removed = [k for k in old_rows.index if k not in new_rows.index]
    changed = []
    kept = new_rows.index.intersection(old_rows.index, sort=False)
    for column in old_rows.columns:
        before, after = old_rows.loc[kept, column], new_rows.loc[kept, column]
        for key in kept[(before != after).to_numpy()]:
            changed.append((key, column, before[key], after[key]))
    return {"keys": keys, "added": [_as_tuple(k) for k in added], "removed": [_as_tuple(k) for k in removed],
            "changed": [(_as_tuple(k), c, o, n) for k, c, o, n in changed],
            "columns_added": [c for c in new.columns if c not in old.columns],
            "columns_removed": [c for c in old.columns if c not in new.columns]}


def describe_change(old, new, key_columns, examples=3):
    """A short account of what changes from the committed table ``old`` to the rebuilt ``new``: rows added and
    removed, cells changed (with a few example keys and old → new values), or "unchanged".

    >>> old = pd.DataFrame({"iso3": ["KOR", "USA"], "systems": ["15", "171"]})
    >>> new = pd.DataFrame({"iso3": ["KOR", "JPN"], "systems": ["16", "43"]})
    >>> print(describe_change(old, new, ["iso3"]))
    1 row added (e.g. JPN); 1 row removed (e.g. USA); 1 cell changed (e.g. KOR systems: 15 → 16)
    """
    if old is None:
        return f"new table, {len(new)} rows"
    diff = diff_tables(old, new, key_columns)
    parts = []
    for label, columns in [("added", diff["columns_added"]), ("removed", diff["columns_removed"])]:
        if columns:
            parts.append(f"{_count(len(columns), 'column')} {label} ({', '.join(columns)})")
    for label, keys in [("added", diff["added"]), ("removed", diff["removed"])]:
        if keys:
            shown = ", ".join(_key_text(k) for k in keys[:examples]) + (", …" if len(keys) > examples else "")
            parts.append(f"{_count(len(keys), 'row')} {label} (e.g. {shown})")
    if diff["changed"]:
        cells = diff["changed"]
        rows = len({key for key, *_ in cells})
        shown = "; ".join(f"{_key_text(key)} {column}: {before or '(empty)'} → {after or '(empty)'}"
                          for key, column, before, after in cells[:examples]) + ("; …" if len(cells) > examples else "")
        in_rows = f" in {rows} rows" if rows > 1 else ""
        parts.append(f"{_count(len(cells), 'cell')} changed{in_rows} (e.g. {shown})")
    return "; ".join(parts) or "unchanged"


def _count(n, noun):
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _read_text_table(text):
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def _primary_keys():
    """Each resource's primary key, from datapackage.json."""
    package = json.loads((DATASETS_DIR / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: r.get("schema", {}).get("primaryKey", []) for r in package["resources"]}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed CSVs, write nothing")
    parser.add_argument("tables", nargs="*", help=f"tables to build (default: all of {', '.join(BUILDERS)})")
    args = parser.parse_args(argv)
    if not SOURCES_DIR.is_dir():
        print(f"Skipped: the raw sources folder {SOURCES_DIR} is absent (set KAIKIT_SOURCES to its path).")
        return 0
    keys = _primary_keys()
    differing = []
    for name in args.tables or BUILDERS:
        path = DATASETS_DIR / f"{name}.csv"
        text = csv_text(BUILDERS[name]())
        committed = path.read_text(encoding="utf-8") if path.exists() else None
        if committed == text:
            print(f"{name}: unchanged")
            continue
        old = _read_text_table(committed) if committed is not None else None
        print(f"{name}: {describe_change(old, _read_text_table(text), keys.get(name, []))}")
        differing.append(name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
            print(f"  wrote {path.name} ({text.count(chr(10)) - 1} rows)")
    if differing and args.check:
        print("Differs from the sources: " + ", ".join(differing))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
