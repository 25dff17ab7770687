"""Rebuild the tables in datasets/ that are derived from the raw public data in ../shared/sources/.

    python datasets/build.py            # rewrite the derived CSVs
    python datasets/build.py --check    # exit 1 if a committed CSV differs from what the sources give

Hand-curated tables (countries, sources, chip_market_shares, ...) are edited by hand and validated by the tests.
Set KAIKIT_SOURCES to use raw sources from somewhere other than ../shared/sources.
"""
import argparse
import html
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

def top500_by_country():
    """Systems, summed Rmax and Rmax share per country in six TOP500 lists (Nov 2021 – Jun 2025)."""
    raw = pd.read_csv(SOURCES_DIR / "top500" / "top500_country_summary_2021_2025_derived.csv")
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
}


def csv_text(table):
    return table.to_csv(index=False, lineterminator="\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed CSVs, write nothing")
    parser.add_argument("tables", nargs="*", help=f"tables to build (default: all of {', '.join(BUILDERS)})")
    args = parser.parse_args(argv)
    if not SOURCES_DIR.is_dir():
        print(f"Skipped: the raw sources folder {SOURCES_DIR} is absent (set KAIKIT_SOURCES to its path).")
        return 0
    differing = []
    for name in args.tables or BUILDERS:
        path = DATASETS_DIR / f"{name}.csv"
        text = csv_text(BUILDERS[name]())
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                differing.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.name} ({text.count(chr(10)) - 1} rows)")
    if differing:
        print("Differs from the sources: " + ", ".join(differing))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
