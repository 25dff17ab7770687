"""The bundled data package is valid, sourced, small, and reproducible from the raw sources."""
import subprocess
import sys

import pytest
from frictionless import Package

import kaikit as kk
from kaikit._paths import DATASETS_DIR, REPO_ROOT

SHARED_SOURCES = REPO_ROOT.parent / "shared" / "sources"


def test_data_package_validates_with_frictionless():
    report = Package(str(DATASETS_DIR / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


def test_every_resource_names_a_source_and_licence_and_describes_fields_in_both_languages():
    package = Package(str(DATASETS_DIR / "datapackage.json"))
    for resource in package.resources:
        assert resource.sources and resource.licenses, resource.name
        assert resource.custom.get("title_ko"), resource.name
        for field in resource.schema.fields:
            assert field.description and field.custom.get("description_ko"), f"{resource.name}.{field.name}"


def test_every_row_with_a_source_id_resolves():
    known = set(kk.load("sources")["source_id"])
    for name in kk.datasets()["name"]:
        table = kk.load(name)
        if "source_id" in table.columns and name != "sources":
            # model assumptions (pipeline_scenarios) state their basis instead of a source
            sourced = table[table["basis"] != "assumption"] if "basis" in table.columns else table
            assert sourced["source_id"].notna().all(), f"{name}: a row without source_id"
            assert set(table["source_id"].dropna()) <= known, f"{name}: {set(table['source_id'].dropna()) - known}"


def test_datasets_folder_stays_under_5_mb():
    size = sum(p.stat().st_size for p in DATASETS_DIR.rglob("*") if p.is_file())
    assert size < 5 * 1024 * 1024


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="../shared/sources is not beside the repository")
def test_build_reproduces_the_committed_tables():
    result = subprocess.run([sys.executable, str(DATASETS_DIR / "build.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="../shared/sources is not beside the repository")
def test_korea_top500_systems_match_the_raw_summary():
    import pandas as pd

    raw = pd.concat([pd.read_csv(SHARED_SOURCES / "top500" / "top500_country_summary_2021_2025_derived.csv"),
                     pd.read_csv(SHARED_SOURCES / "top500_2025_2026" / "top500_country_summary_202511_derived.csv")])
    raw = raw[raw["Country"] == "South Korea"].set_index("list")["systems"]
    table = kk.load("top500_by_country")
    korea = table[table["iso3"] == "KOR"]
    korea = korea.set_index(korea["list_date"].dt.strftime("%Y-%m"))["systems"]
    assert korea.to_dict() == raw.to_dict()
    assert len(korea) == 7 and korea["2025-11"] == 15
    whole_list = pd.read_csv(SHARED_SOURCES / "top500_2025_2026" / "TOP500_202511_keycols.csv")
    assert (whole_list["Country"] == "South Korea").sum() == korea["2025-11"]  # the summary agrees with the list


def test_build_skips_cleanly_without_raw_sources(tmp_path):
    result = subprocess.run([sys.executable, str(DATASETS_DIR / "build.py"), "--check"], capture_output=True,
                            text=True, env={"KAIKIT_SOURCES": str(tmp_path / "absent"), "PATH": ""})
    assert result.returncode == 0 and "Skipped" in result.stdout


def raw(*parts):
    import pandas as pd

    return pd.read_csv(SHARED_SOURCES.joinpath(*parts))


needs_sources = pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="../shared/sources is not beside the repository")


@needs_sources
def test_korea_notable_models_per_year_match_epoch():
    models = raw("epoch_notable_ai_models", "notable_ai_models.csv")
    korean = models[models["Country (of organization)"].str.contains("Korea (Republic of)", regex=False, na=False)]
    expected = korean["Publication date"].str[:4].astype(int).value_counts().sort_index()
    links = kk.load("notable_model_countries").merge(kk.load("notable_models"), on="model_id")
    ours = links[links["iso3"] == "KOR"]["publication_date"].dt.year.value_counts().sort_index()
    assert ours.to_dict() == expected.to_dict()


@needs_sources
def test_korea_existing_cluster_compute_matches_epoch():
    clusters = raw("epoch_gpu_clusters", "gpu_clusters.csv")
    korean = clusters[(clusters["Country"] == "Korea (Republic of)") & (clusters["Status"] == "Existing")]
    table = kk.load("ai_clusters")
    ours = table[(table["iso3"] == "KOR") & (table["status"] == "Existing")]["h100_equivalents"].sum()
    assert ours == pytest.approx(korean["H100 equivalents"].sum(), abs=1)


@needs_sources
def test_korea_ai_articles_match_ncses():
    articles = raw("ncses_sei", "ai_articles_by_country_2003_2022_tidy.csv")
    expected = articles[articles["country"] == "South Korea"].set_index("year")["value"]
    table = kk.load("ai_publications")
    ours = table[table["iso3"] == "KOR"].set_index("year")["articles"]
    assert ours.to_dict() == pytest.approx(expected.astype(float).to_dict())


def test_fractional_shares_of_a_model_add_up_to_at_most_one():
    for name in ["notable_model_countries", "large_scale_model_countries"]:
        totals = kk.load(name).groupby("model_id")["fractional_share"].sum()
        assert (totals <= 1 + 1e-5).all() and (totals > 0).all()


def test_whole_counting_never_gives_a_model_to_a_country_twice():
    for name in ["notable_model_countries", "large_scale_model_countries"]:
        assert not kk.load(name).duplicated(["model_id", "iso3"]).any()


def test_share_columns_are_percentages():
    for name in kk.datasets()["name"]:
        table = kk.load(name)
        for column in [c for c in table.columns if c.endswith(("_pct", "share_pct"))]:
            values = table[column].dropna()
            assert ((values >= 0) & (values <= 100)).all(), f"{name}.{column}"


SEEDS = REPO_ROOT.parent / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repository")
def test_every_seed_claim_quotes_its_article_verbatim():
    import re

    def normalise(text):
        return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()

    for claim in kk.load("seed_claims").itertuples():
        article = normalise((SEEDS / claim.article).read_text(encoding="utf-8"))
        assert normalise(claim.quote_ko) in article, claim.claim_id


def test_seed_claims_name_a_dataset_that_exists():
    names = set(kk.datasets()["name"]) | {"none"}
    assert set(kk.load("seed_claims")["checkable_with"]) <= names


def test_hand_curated_tables_cite_the_seeds_they_quote():
    sources = set(kk.load("sources")["source_id"])
    assert {f"seed_00{i}" for i in range(5)} <= sources


def test_every_seed_claim_has_one_verdict():
    verdicts = kk.load("claim_verdicts")
    assert sorted(verdicts["claim_id"]) == sorted(kk.load("seed_claims")["claim_id"])


def test_every_verdicts_evidence_reproduces_from_the_data():
    import math

    verdicts = kk.load("claim_verdicts")
    # a number in the evidence always comes with the code that reproduces it, and the other way round
    assert (verdicts["evidence_value"].notna() == verdicts["check_code"].notna()).all()
    checked = 0
    for row in verdicts.dropna(subset=["check_code"]).itertuples():
        namespace = {"kk": kk}
        code = row.check_code.strip()
        lines = code.splitlines()
        exec("\n".join(lines[:-1]), namespace)
        value = eval(lines[-1], namespace)
        assert math.isclose(float(value), row.evidence_value, rel_tol=1e-3, abs_tol=1e-9), row.claim_id
        checked += 1
    assert checked >= 20


def test_population_has_every_year_and_taiwan_and_is_used_year_by_year():
    population = kk.load("population")
    assert population["year"].min() == 2014 and population["year"].max() == 2024
    assert set(population.loc[population["iso3"] == "TWN", "year"]) == {2023, 2024}
    korea = population[population["iso3"] == "KOR"].set_index("year")["population"]
    assert len(korea) == 11 and korea[2022] != korea[2014]
    matched = kk.measures.population_in(["KOR", "TWN", "KOR"], [2022, 2022, 2000])
    assert matched["population_year"].tolist() == [2022, 2023, 2014]
    patents = kk.measures.view("semiconductor_patents", "per_capita").query("year == 2022")
    assert patents.nlargest(2, "value")["iso3"].tolist() == ["TWN", "KOR"]   # lesson 04: Korea 2nd, after Taiwan


def test_passed_budget_amounts_have_a_source():
    budget = kk.load("korea_ai_budget")
    sources = set(kk.load("sources")["source_id"])
    passed = budget[budget["passed_krw_billion"].notna()]
    assert passed["passed_source_id"].notna().all() and set(passed["passed_source_id"]) <= sources
    assert (budget.loc[budget["passed_krw_billion"].isna(), "passed_source_id"].isna()).all()
