"""Rebuild the tables in datasets/ that are derived from the raw public data in ../shared/sources/.

    python datasets/build.py            # rewrite the derived CSVs
    python datasets/build.py --check    # exit 1 if a committed CSV differs from what the sources give

Hand-curated tables (countries.csv, sources.csv, ...) are edited by hand and only validated by the tests.
Set KAIKIT_SOURCES to use raw sources from somewhere other than ../shared/sources.
"""
import argparse
import os
import sys
from pathlib import Path

import pandas as pd

DATASETS_DIR = Path(__file__).resolve().parent
SOURCES_DIR = Path(os.environ.get("KAIKIT_SOURCES", DATASETS_DIR.parent.parent / "shared" / "sources"))


def country_codes():
    """English country name (as the sources spell it) → ISO 3166 alpha-3, from countries.csv."""
    countries = pd.read_csv(DATASETS_DIR / "countries.csv", keep_default_na=False)
    codes = dict(zip(countries["name_en"], countries["iso3"]))
    codes.update({"Korea, South": "KOR", "Türkiye": "TUR"})
    return codes


def top500_by_country():
    """Systems, summed Rmax and Rmax share per country in six TOP500 lists (Nov 2021 – Jun 2025)."""
    raw = pd.read_csv(SOURCES_DIR / "top500" / "top500_country_summary_2021_2025_derived.csv")
    codes = country_codes()
    unknown = sorted(set(raw["Country"]) - set(codes))
    if unknown:
        raise SystemExit(f"countries.csv has no row for: {', '.join(unknown)}")
    table = pd.DataFrame({
        "list_date": pd.to_datetime(raw["list"], format="%Y-%m").dt.strftime("%Y-%m-%d"),
        "iso3": raw["Country"].map(codes),
        "systems": raw["systems"].astype(int),
        "rmax_tflops": raw["rmax_tflops"].round(3),
        "rmax_share_pct": raw["rmax_share_pct"].round(4),
    })
    return table.sort_values(["list_date", "iso3"]).reset_index(drop=True)


BUILDERS = {"top500_by_country": top500_by_country}


def csv_text(table):
    return table.to_csv(index=False, lineterminator="\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed CSVs, write nothing")
    args = parser.parse_args(argv)
    if not SOURCES_DIR.is_dir():
        print(f"Skipped: the raw sources folder {SOURCES_DIR} is absent (set KAIKIT_SOURCES to its path).")
        return 0
    differing = []
    for name, build in BUILDERS.items():
        path = DATASETS_DIR / f"{name}.csv"
        text = csv_text(build())
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                differing.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.name}")
    if differing:
        print("Differs from the sources: " + ", ".join(differing))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
