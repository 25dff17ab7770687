"""The bundled data package is valid, sourced, small, and reproducible from the raw sources."""
import subprocess
import sys

import pytest
from frictionless import Package

from kaikit.paths import DATASETS_DIR, REPO_ROOT

import kaikit as kk

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
            assert table["source_id"].notna().all(), f"{name}: a row without source_id"
            assert set(table["source_id"]) <= known, f"{name}: {set(table['source_id']) - known}"


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

    raw = pd.read_csv(SHARED_SOURCES / "top500" / "top500_country_summary_2021_2025_derived.csv")
    raw = raw[raw["Country"] == "South Korea"].set_index("list")["systems"]
    table = kk.load("top500_by_country")
    korea = table[table["iso3"] == "KOR"]
    korea = korea.set_index(korea["list_date"].dt.strftime("%Y-%m"))["systems"]
    assert korea.to_dict() == raw.to_dict()


def test_build_skips_cleanly_without_raw_sources(tmp_path):
    result = subprocess.run([sys.executable, str(DATASETS_DIR / "build.py"), "--check"], capture_output=True,
                            text=True, env={"KAIKIT_SOURCES": str(tmp_path / "absent"), "PATH": ""})
    assert result.returncode == 0 and "Skipped" in result.stdout
