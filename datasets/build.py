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
    table[f"share_of_world_pct"] = (100 * table[value_name] / table[f"world_{value_name}"]).round(4)
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
    """Live births in Korea per year, 2005–2024 (Statistics Korea), with the press figures each year was checked against."""
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
    "https://amuse.peoplentools.com/韓-ai-역동성-순위-세계-7위-전년-대비-2계단-상승-835886.html": "hai_vibrancy_2024_maeil_repost",
    "https://www.aitimes.com/news/articleView.html?idxno=165585": "hai_vibrancy_2024_aitimes",
    "https://www.outlookbusiness.com/artificial-intelligence/india-ranks-third-globally-in-most-vibrant-ai-hub-after-us-and-china":
        "hai_vibrancy_2025_outlookbusiness",
    "https://www.utkarsh.com/current-affairs/international/index-update/india-secures-third-place-in-stanfords-global-ai-vibrancy-index-2024":
        "hai_vibrancy_2025_utkarsh",
    "https://ajunews.com/view/20240925002539964": "tortoise_2024_ajunews",
    "https://www.etnews.com/20251208000265": "tortoise_2025_etnews",
    "https://nosota.com/press/ai-arms-race-global-index-shows-which-countries-dominate-ai-development": "tortoise_2023_nosota",
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
