"""The December 2026 data refresh: dates in the data package, what a rebuild reports, and that every new figure is
traceable to a row of the raw sources (issue 19, point 3)."""
import datetime
import importlib.util
import json
import re

import pandas as pd
import pytest

import kaikit as kk
from kaikit import factcheck
from kaikit._paths import DATASETS_DIR, REPO_ROOT

SHARED_SOURCES = REPO_ROOT.parent / "shared" / "sources"
needs_sources = pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="../shared/sources is not beside the repository")
PACKAGE = json.loads((DATASETS_DIR / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {resource["name"]: resource for resource in PACKAGE["resources"]}


def load_build():
    spec = importlib.util.spec_from_file_location("datasets_build", DATASETS_DIR / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = load_build()


def page_figures():
    return pd.concat([pd.read_csv(SHARED_SOURCES / "page_figures" / "korea_ai_figures_from_pages.csv", dtype=str),
                      pd.read_csv(SHARED_SOURCES / "page_figures_2026" / "korea_ai_figures_2026.csv", dtype=str)],
                     ignore_index=True).fillna("")


# --- "as of" and "period" on every resource --------------------------------------------------------------------

ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def parse_as_of(text):
    """'2025', '2025-11' or '2025-11-17' -> (the first day, the last day) it covers; raises on impossible dates."""
    parts = [int(part) for part in text.split("-")]
    first = datetime.date(parts[0], *(parts[1:] + [1, 1])[:2])
    if len(parts) == 1:
        return first, datetime.date(parts[0], 12, 31)
    if len(parts) == 2:
        following = datetime.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)  # the first of the next month
        return first, following - datetime.timedelta(days=1)
    return first, first


def dated_columns(resource):
    """Fields holding a date or a year of the rows (not forward-looking ones such as a budget year)."""
    for field in resource["schema"]["fields"]:
        if field.get("forward_looking"):
            continue
        if field["type"] in ("date", "datetime", "year"):
            yield field["name"], "date"
        elif field["type"] == "integer" and (field["name"] == "year" or field.get("unit") == "year"):
            yield field["name"], "year"


@pytest.mark.parametrize("name", list(RESOURCES))
def test_every_resource_says_what_its_figures_are_as_of_and_what_period_they_cover(name):
    resource = RESOURCES[name]
    as_of = resource.get("as_of")
    assert isinstance(as_of, str) and ISO_DATE.fullmatch(as_of), f"{name}: as_of must be YYYY, YYYY-MM or YYYY-MM-DD"
    first_day, _ = parse_as_of(as_of)  # raises on an impossible date such as 2025-13
    assert datetime.date(2014, 1, 1) <= first_day <= datetime.date.today(), f"{name}: as_of {as_of} is not a past date"
    assert isinstance(resource.get("period"), str) and resource["period"].strip(), f"{name}: no period"
    if "period_ko" in resource:
        assert resource["period_ko"].strip() and resource["period_ko"] != resource["period"], name


@pytest.mark.parametrize("name", list(RESOURCES))
def test_as_of_is_not_earlier_than_the_latest_date_in_the_table(name):
    resource = RESOURCES[name]
    _, last_day = parse_as_of(resource["as_of"])
    table = kk.load(name)
    for column, kind in dated_columns(resource):
        values = table[column].dropna()
        if values.empty:
            continue
        latest = values.max().date() if kind == "date" else datetime.date(int(values.max()), 1, 1)
        assert latest <= last_day, f"{name}.{column}: {latest} is after as_of {resource['as_of']}"


def test_the_as_of_check_catches_a_stale_date_and_spares_forward_looking_fields():
    assert parse_as_of("2025-11") == (datetime.date(2025, 11, 1), datetime.date(2025, 11, 30))
    assert parse_as_of("2025-12") == (datetime.date(2025, 12, 1), datetime.date(2025, 12, 31))
    assert parse_as_of("2024") == (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    assert parse_as_of("2025-12-02") == (datetime.date(2025, 12, 2), datetime.date(2025, 12, 2))
    with pytest.raises(ValueError):
        parse_as_of("2025-13")
    assert list(dated_columns(RESOURCES["korea_ai_budget"])) == []  # budget years may lie ahead of the figures' date
    assert ("list_date", "date") in list(dated_columns(RESOURCES["top500_by_country"]))
    assert ("year", "year") in list(dated_columns(RESOURCES["births"]))
    latest = kk.load("top500_by_country")["list_date"].max().date()
    assert latest > parse_as_of("2025-06")[1], "a June 2025 as_of would be caught as stale"


# --- what a rebuild reports --------------------------------------------------------------------------------------

def text_table(**columns):
    return pd.DataFrame({name: [str(v) for v in values] for name, values in columns.items()})


def test_describe_change_counts_rows_added_removed_and_cells_changed_with_examples():
    old = text_table(list_date=["2025-06-01", "2025-06-01", "2025-06-01"], iso3=["KOR", "USA", "JPN"],
                     systems=[15, 175, 39])
    new = text_table(list_date=["2025-06-01", "2025-06-01", "2025-11-01", "2025-11-01"],
                     iso3=["KOR", "USA", "KOR", "USA"], systems=[15, 171, 15, 171])
    diff = build.diff_tables(old, new, ["list_date", "iso3"])
    assert diff["added"] == [("2025-11-01", "KOR"), ("2025-11-01", "USA")]
    assert diff["removed"] == [("2025-06-01", "JPN")]
    assert diff["changed"] == [(("2025-06-01", "USA"), "systems", "175", "171")]
    text = build.describe_change(old, new, ["list_date", "iso3"])
    assert text == ("2 rows added (e.g. 2025-11-01/KOR, 2025-11-01/USA); 1 row removed (e.g. 2025-06-01/JPN); "
                    "1 cell changed (e.g. 2025-06-01/USA systems: 175 → 171)")


def test_describe_change_says_unchanged_new_table_and_limits_examples():
    table = text_table(year=[2023, 2024], births=[230028, 238343])
    assert build.describe_change(table, table.copy(), ["year"]) == "unchanged"
    assert build.describe_change(None, table, ["year"]) == "new table, 2 rows"
    many = text_table(year=range(2005, 2025), births=range(20))
    text = build.describe_change(table.iloc[:0], many, ["year"], examples=2)
    assert text.startswith("20 rows added (e.g. 2005, 2006, …)")
    changed = many.assign(births=[str(int(b) + 1) for b in many["births"]])
    text = build.describe_change(many, changed, ["year"], examples=1)
    assert text == "20 cells changed in 20 rows (e.g. 2005 births: 0 → 1; …)"
    assert "(empty)" in build.describe_change(table, table.assign(births=["", "238343"]), ["year"])


def test_describe_change_reports_columns_and_falls_back_to_whole_rows_without_a_usable_key():
    old = text_table(iso3=["KOR", "KOR"], value=[1, 2])
    new = text_table(iso3=["KOR", "KOR", "KOR"], value=[1, 2, 2], note=["a", "b", "c"])
    text = build.describe_change(old, new, ["iso3"])  # iso3 is not unique: rows are compared whole
    assert text == "1 column added (note); 1 row added (e.g. KOR/2)"
    assert build.describe_change(new, old, ["iso3"]) == "1 column removed (note); 1 row removed (e.g. KOR/2)"


@needs_sources
def test_build_check_prints_a_line_per_table_and_exits_1_on_a_change(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(build, "DATASETS_DIR", tmp_path)
    (tmp_path / "datapackage.json").write_text((DATASETS_DIR / "datapackage.json").read_text(encoding="utf-8"),
                                               encoding="utf-8")
    (tmp_path / "countries.csv").write_text((DATASETS_DIR / "countries.csv").read_text(encoding="utf-8"),
                                            encoding="utf-8")
    committed = (DATASETS_DIR / "births.csv").read_text(encoding="utf-8")
    (tmp_path / "births.csv").write_text(committed.replace("238343", "238300"), encoding="utf-8")
    assert build.main(["--check", "births", "top500_by_country"]) == 1
    out = capsys.readouterr().out
    assert "births: 1 cell changed (e.g. 2024 births: 238300 → 238343)" in out
    assert "top500_by_country: new table" in out and "Differs from the sources: births, top500_by_country" in out
    assert (tmp_path / "births.csv").read_text(encoding="utf-8") != committed, "--check writes nothing"
    (tmp_path / "births.csv").write_text(committed, encoding="utf-8")
    assert build.main(["--check", "births"]) == 0 and "births: unchanged" in capsys.readouterr().out


# --- the refreshed tables ----------------------------------------------------------------------------------------

def test_top500_has_seven_lists_through_november_2025():
    top500 = kk.load("top500_by_country")
    lists = sorted(top500["list_date"].dt.strftime("%Y-%m").unique())
    assert lists == ["2021-11", "2022-06", "2023-06", "2024-06", "2024-11", "2025-06", "2025-11"]
    latest = top500[top500["list_date"] == top500["list_date"].max()]
    korea = latest.set_index("iso3").loc["KOR"]
    assert korea["systems"] == 15 and latest["systems"].sum() == 500
    assert latest["rmax_share_pct"].sum() == pytest.approx(100, abs=0.01)
    assert int(latest["systems"].rank(ascending=False, method="min")[latest["iso3"] == "KOR"].iloc[0]) == 8


@needs_sources
def test_births_match_statistics_korea_and_keep_the_cross_checks():
    births = kk.load("births")
    raw = pd.read_csv(SHARED_SOURCES / "kostat_births" / "births_2005_2024.csv")
    assert births["year"].tolist() == list(range(2005, 2025))
    assert births["births"].tolist() == raw["births"].tolist()
    assert births.set_index("year").loc[2024, "status"] == "provisional"
    checked = births.dropna(subset=["cross_check"]).set_index("year")["cross_check"]
    assert list(checked.index) == [2007, 2014, 2016, 2017, 2022, 2023, 2024]
    assert "238,300" in checked[2024]
    source = kk.load("sources").set_index("source_id").loc["kostat_births"]
    assert source["publisher"].startswith("Statistics Korea") and "relay" in source["note"].lower()


def index_rows(**where):
    table = kk.load("ai_index_rankings")
    for column, value in where.items():
        table = table[table[column] == value]
    return table


def test_index_headlines_for_korea():
    def korea(index, edition, metric):
        return index_rows(index=index, edition=edition, metric=metric, iso3="KOR")["value"].item()

    assert korea("tortoise_global_ai_index", 2024, "rank") == 6
    assert korea("tortoise_global_ai_index", 2024, "score") == 27.26
    assert korea("tortoise_global_ai_index", 2025, "rank") == 5
    assert korea("imf_ai_preparedness_index", 2024, "rank") == 16
    assert korea("hai_global_ai_vibrancy", 2025, "rank") == 4
    assert korea("stanford_ai_index", 2025, "granted_ai_patents_per_100k") == 17.27


def test_weak_index_rows_say_so():
    table = kk.load("ai_index_rankings")
    ai_index_2026 = table[(table["index"] == "stanford_ai_index") & (table["edition"] == 2026)]
    assert len(ai_index_2026) > 0 and ai_index_2026["needs_caveat"].all()
    assert ai_index_2026["reliability_note"].str.startswith("AI Index 2026 is known here only from").all()
    own_note = table["reliability_note"].str.replace(build.AI_INDEX_2026_CAVEAT, "", regex=False)
    flagged = own_note.str.contains(r"\bLOW\b|blog|repost|digest|INFERENCE", case=True)
    assert table.loc[flagged, "needs_caveat"].all()
    assert set(table.loc[flagged, "reliability"]) <= {"low", "blog", "repost", "inference"}
    assert set(table.loc[table["reliability"] == "primary", "source_id"]) == {"stanford_ai_index_2025_ch1"}


@needs_sources
def test_every_index_figure_was_read_on_a_page_of_the_raw_sources():
    raw = page_figures()
    raw = raw[raw["theme"] == "index"]
    names = {iso3: name for name, iso3 in build.country_codes().items() if iso3}
    for row in kk.load("ai_index_rankings").itertuples():
        candidates = raw[raw["entity"].map(lambda e: build.country_codes().get(e)) == row.iso3]
        in_value = candidates["value"].astype(float).eq(row.value).any()
        rank_pattern = rf"\(rank {int(row.value)}\b" if row.metric == "rank" else "^$"
        in_metric = candidates["metric"].str.contains(rank_pattern).any()
        assert in_value or in_metric, (row.index, row.edition, row.metric, names.get(row.iso3), row.value)


def test_every_source_of_the_new_tables_names_its_original_publisher():
    sources = kk.load("sources").set_index("source_id")
    for name in ["ai_index_rankings", "births", "chip_market_shares", "korea_ai_budget", "talent_indicators"]:
        for source_id in set(kk.load(name)["source_id"]) - {f"seed_00{i}" for i in range(5)}:
            row = sources.loc[source_id]
            assert row["publisher"].strip() and not row["publisher"].startswith("unknown"), source_id
            if pd.notna(row["url"]):
                assert pd.notna(row["via"]) or "hai.stanford.edu" in row["url"] or "datacenterdynamics" in row["url"] \
                    or "top500.org" in row["url"], f"{source_id}: a press page needs via (the outlet read)"


AGGREGATORS = ["lokmattimes.com", "anews.com.tr", "4nownews.com", "newsio.com", "prchief.com", "money1.jp"]


def test_relay_pages_are_replaced_by_the_publisher_or_say_they_are_relays():
    sources = kk.load("sources")
    for host in AGGREGATORS:
        rows = sources[sources["url"].fillna("").str.contains(host, regex=False)]
        for row in rows.itertuples():
            assert isinstance(row.note, str) and row.note.startswith("Relay"), f"{row.source_id} ({host})"
    furiosa = sources.set_index("source_id").loc["dcd_2025_furiosaai_funding"]
    assert "datacenterdynamics.com" in furiosa["url"] and "4nownews.com" in furiosa["note"]


def chip(segment, period, source_prefix=None, measure="revenue_share"):
    shares = kk.load("chip_market_shares")
    rows = shares[(shares["segment"] == segment) & (shares["period"] == period) & (shares["measure"] == measure)]
    if source_prefix:
        rows = rows[rows["source_id"].str.startswith(source_prefix)]
    return rows


def test_memory_leaders_2025q4_samsung_back_first_in_dram_sk_hynix_leads_hbm():
    for tracker in ["trendforce", "omdia"]:
        dram = chip("dram", "2025Q4", tracker).set_index("company")["share_pct"]
        assert dram.idxmax() == "Samsung", tracker
    hbm = kk.load("chip_market_shares").query("segment == 'hbm' and measure == 'revenue_share'")
    latest = hbm[hbm["period"] == hbm["period"].max()].set_index("company")["share_pct"]
    assert hbm["period"].max() == "2025Q3" and latest.idxmax() == "SK hynix"
    dram_q3 = {tracker: chip("dram", "2025Q3", tracker).set_index("company")["share_pct"].idxmax()
               for tracker in ["counterpoint", "trendforce", "cfm"]}
    assert dram_q3 == {"counterpoint": "SK hynix", "trendforce": "SK hynix", "cfm": "Samsung"}  # trackers disagree


def test_no_chip_series_mixes_two_trackers():
    shares = kk.load("chip_market_shares").merge(kk.load("sources")[["source_id", "publisher"]], on="source_id")
    key = ["segment", "measure", "company", "period"]
    assert not shares.duplicated(key + ["publisher"]).any(), "one tracker, one figure per company and quarter"
    foundry = shares[shares["segment"] == "foundry"]
    assert set(foundry["publisher"]) == {"TrendForce"}, "the foundry series (pivoted in exercise 02) is one tracker's"
    assert not foundry.duplicated(["company", "period"]).any()
    wide = foundry.pivot(index="company", columns="period", values="share_pct")
    assert list(wide.columns) == ["2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4"]


@needs_sources
def test_every_chip_share_is_a_figure_of_the_raw_sources():
    raw = page_figures()
    raw = raw[raw["theme"] == "chips"]
    for row in kk.load("chip_market_shares").itertuples():
        same_period = raw[raw["period"] == row.period]
        numbers = set()
        for figure in same_period.itertuples():
            numbers.add(float(figure.value))
            numbers.update(float(n) for n in re.findall(r"\d+(?:\.\d+)?", figure.reliability_note))
        assert row.share_pct in numbers, (row.segment, row.company, row.period, row.share_pct)


def test_budget_rows_of_2025_supplementaries_and_2026_as_passed():
    budget = kk.load("korea_ai_budget").set_index("item_id")
    assert budget.loc["ai_supplementary_2025_msit", "amount_krw_billion"] == 1800
    assert "LOW" in budget.loc["ai_supplementary_2025_msit", "note_en"]
    yearly = budget[budget["year"].isin([2025, 2026])]
    assert yearly["amount_krw_billion"].max() < 50_000, "AI lines only: exercise 06 checks amounts in trillion KRW"
    assert budget.loc["ai_mobility_testbed_2026", "status"] == "enacted"
    second = budget[budget.index.str.contains("second_supplementary")]
    assert sorted(second["amount_krw_billion"]) == [30, 171.5]


def test_medical_school_places_and_csat_applicants():
    talent = kk.load("talent_indicators")
    quota = talent[talent["indicator"] == "medical_school_quota"].set_index("period")["value"]
    assert quota["2024 academic year (the level before the increase)"] == 3058
    assert quota["2025 academic year"] == 4567 and quota["2026 academic year"] == 3058
    increase = talent.query("indicator == 'medical_school_quota_increase'")["value"].item()
    assert quota["2025 academic year"] - quota["2024 academic year (the level before the increase)"] == increase
    csat = talent[talent["indicator"] == "csat_applicants"]
    assert len(csat) == 4 and csat["value"].between(400_000, 700_000).all()


# --- verdicts that rest on a data snapshot -------------------------------------------------------------------

SNAPSHOT_ONLY = ["s004_02", "s004_03", "s004_05", "s004_06", "s001_13", "s001_14"]


def test_snapshot_only_disagreements_depend_on_the_definition_and_name_their_snapshot():
    verdicts = kk.load("claim_verdicts").set_index("claim_id")
    for claim_id in SNAPSHOT_ONLY + ["s001_12"]:
        row = verdicts.loc[claim_id]
        assert row["verdict"] == "depends_on_definition", claim_id
        assert "2026-02" in row["snapshot"] and "2026-02" in row["snapshot_ko"], claim_id
    for claim_id in SNAPSHOT_ONLY:
        assert "older snapshot" in verdicts.loc[claim_id, "evidence_en"], claim_id
        assert "예전" in verdicts.loc[claim_id, "evidence_ko"] and "스냅숏" in verdicts.loc[claim_id, "evidence_ko"]
    cannot = verdicts[verdicts["verdict"] == "cannot_check"]
    assert cannot["snapshot"].isna().all()
    epoch = verdicts[verdicts["dataset"].fillna("").str.contains("large_scale_models")]
    assert epoch["snapshot"].str.contains("Epoch AI large-scale models").all()
    assert (verdicts["snapshot"].isna() == verdicts["snapshot_ko"].isna()).all()


def test_korean_evidence_uses_the_lessons_terms():
    text = " ".join(kk.load("claim_verdicts")["evidence_ko"])
    assert "전체 계수" not in text and "시드" not in text
    assert "완전 계수" in text and "분수 계수" in text and "기사 001" in text


@pytest.mark.parametrize("language, label", [("ko", "자료 기준일: "), ("en", "Data snapshot: ")])
def test_the_snapshot_is_shown_with_the_evidence(language, label):
    kk.setup(lang=language)
    try:
        row = factcheck.claims().set_index("claim_id").loc["s001_13"]
        assert factcheck.snapshot_text(row).startswith(label)
        assert factcheck.evidence_text(row).endswith(factcheck.snapshot_text(row))
        checker = kk.widgets.claim_checker("s001_13")
        checker.show_evidence()
        assert label in checker.feedback.value
        checker.claim.value = "s000_01"  # cannot be checked: no snapshot line
        checker.show_evidence()
        assert label not in checker.feedback.value
        assert factcheck.snapshot_text(factcheck.claims().set_index("claim_id").loc["s000_01"]) == ""
    finally:
        kk.setup(lang="ko")


# --- issue 20: the sovereign AI foundation model project and the AI rules timeline -----------------------------

NEW_TABLES_20 = ["sovereign_ai_models", "sovereign_ai_project_figures", "ai_rules_timeline", "ai_rules_figures"]
STARTS_APPLYING = ["in_force", "applies", "new_date"]


def applies_on(rules, day):
    """What applies where on ``day``: the one-line filter that ai_rules_timeline's description gives."""
    return rules[rules["kind"].isin(["in_force", "applies", "new_date"]) & (rules["date"] <= day)]


def raw_theme(theme):
    raw = pd.read_csv(SHARED_SOURCES / "page_figures_2026" / "korea_ai_figures_2026.csv", dtype=str).fillna("")
    return raw[raw["theme"] == theme]


@needs_sources
def test_the_issue_20_tables_rebuild_from_the_sources_unchanged(capsys):
    assert build.main(["--check", *NEW_TABLES_20]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert all(f"{name}: unchanged" in out for name in NEW_TABLES_20)


def test_every_source_column_of_the_issue_20_tables_resolves_to_a_named_publisher():
    sources = kk.load("sources").set_index("source_id")
    for name in NEW_TABLES_20:
        table = kk.load(name)
        columns = [c for c in table.columns if c.endswith("source_id")]
        assert columns, name
        for column in columns:
            for source_id in table[column].dropna().unique():
                assert source_id in sources.index, f"{name}.{column}: {source_id}"
                row = sources.loc[source_id]
                assert row["publisher"].strip() and not row["publisher"].startswith("unknown"), source_id
                if pd.notna(row["via"]):  # a page that is not the publisher's says what kind of page it is
                    assert pd.notna(row["note"]) and row["note"].strip(), f"{source_id}: a relayed page needs a note"
        assert table[columns[0]].notna().all(), f"{name}: a row without its first source column"


def test_weak_pages_of_the_issue_20_tables_say_so_in_sources():
    sources = kk.load("sources").set_index("source_id")
    words = {"blog": "blog", "repost": "repost", "low": "LOW", "secondary": "econdary"}
    for name in ["sovereign_ai_project_figures", "ai_rules_timeline", "ai_rules_figures"]:
        table = kk.load(name)
        for row in table[table["reliability"].isin(list(words))].itertuples():
            assert words[row.reliability].lower() in sources.loc[row.source_id, "note"].lower(), (name, row.source_id)
    figures = kk.load("ai_rules_figures").set_index("figure_id")
    assert figures.loc["kor_compute_threshold", "reliability"] == "low"
    assert figures.loc["kor_compute_threshold", "value"] == 1e26


def test_dates_of_the_issue_20_tables_parse():
    rules = kk.load("ai_rules_timeline")
    assert pd.api.types.is_datetime64_any_dtype(rules["date"]) and rules["date"].notna().all()
    teams = kk.load("sovereign_ai_models")
    assert teams["selected"].notna().all()
    for released in teams["released"].dropna():
        months = [pd.Period(part, "M") for part in released.split("/")]
        assert months == sorted(months) and months[0] >= pd.Period("2025-08", "M"), released
    figures = kk.load("ai_rules_figures")
    assert pd.api.types.is_datetime64_any_dtype(figures["applies_from"])


@needs_sources
def test_every_date_of_the_policy_rows_is_in_the_timeline_on_its_date():
    raw = raw_theme("policy")
    dated = raw[raw["unit"] == "date"]
    rules = kk.load("ai_rules_timeline")
    dates = set(rules["date"].dt.strftime("%Y-%m-%d"))
    assert set(dated["value"]) <= dates
    in_force = dated.loc[dated["metric"] == "AI Basic Act in force", "value"].item()
    korea = rules[(rules["jurisdiction"] == "KOR") & (rules["kind"] == "in_force")]
    assert korea["date"].dt.strftime("%Y-%m-%d").tolist() == [in_force]
    figures = kk.load("ai_rules_figures")
    for row in raw[raw["unit"] != "date"].itertuples():
        assert float(row.value) in set(figures["value"]), row.metric


def test_what_applies_on_a_date_is_one_filter_of_the_timeline():
    rules = kk.load("ai_rules_timeline")
    assert "rules['kind'].isin(['in_force', 'applies', 'new_date']) & (rules['date'] <= D)" in \
        RESOURCES["ai_rules_timeline"]["description"], "the description and this test use the same filter"

    def applying(day):
        found = applies_on(rules, pd.Timestamp(day))
        return {jurisdiction: set(rows["applies_en"]) for jurisdiction, rows in found.groupby("jurisdiction")}

    early = applying("2025-03-01")
    assert "KOR" not in early, "Korea's act was promulgated (2025-01-21) but not yet in force"
    assert "prohibitions and AI literacy" in early["EU"] and "GPAI obligations" not in early["EU"]
    assert rules.loc[rules["event_id"] == "kor_promulgated", "date"].item() <= pd.Timestamp("2025-03-01")

    in_force = applying("2026-02-01")
    assert len(in_force["KOR"]) == 1 and next(iter(in_force["KOR"])).startswith("the whole Act")
    assert {"prohibitions and AI literacy", "GPAI obligations"} <= in_force["EU"]
    assert not any("high-risk" in text for text in in_force["EU"])

    # After the original Annex III date: it is in the table, dated before the day, and still does not apply.
    autumn = applying("2026-09-01")
    original = rules.set_index("event_id").loc["eu_high_risk_annex_iii_original"]
    assert original["date"] <= pd.Timestamp("2026-09-01") and original["status"] == "superseded"
    assert "high-risk (Annex III)" not in autumn["EU"] and "deployers' transparency duties" in autumn["EU"]
    assert "high-risk (Annex III)" in applying("2027-12-02")["EU"]


def test_superseded_dates_name_a_later_new_date_for_the_same_obligation():
    rules = kk.load("ai_rules_timeline").set_index("event_id")
    original = rules[rules["kind"] == "original_date"]
    assert len(original) == 2 and (original["status"] == "superseded").all()
    assert (rules.loc[rules["kind"] != "original_date", "superseded_by"].isna()).all()
    for event_id, row in original.iterrows():
        new = rules.loc[row["superseded_by"]]
        assert new["kind"] == "new_date" and new["date"] > row["date"], event_id
        assert new["applies_en"] == row["applies_en"] and new["jurisdiction"] == row["jurisdiction"]
    _, last_day = parse_as_of(RESOURCES["ai_rules_timeline"]["as_of"])
    starts = rules[rules["kind"].isin(STARTS_APPLYING)]
    assert (starts["status"] == starts["date"].map(
        lambda d: "in_force" if d.date() <= last_day else "scheduled")).all()
    assert starts["applies_en"].notna().all() and starts["applies_ko"].notna().all()


def test_rules_figures_in_force_on_a_date():
    figures = kk.load("ai_rules_figures")

    def in_force(day):
        return set(figures.loc[figures["applies_from"] <= pd.Timestamp(day), "figure_id"])

    assert in_force("2025-03-01") == set()
    assert {"kor_max_fine", "kor_grace_period", "kor_domestic_agent_threshold"} <= in_force("2026-02-01")
    fine = figures.set_index("figure_id").loc["kor_max_fine"]
    assert (fine["value"], fine["unit"]) == (30, "million KRW")
    assert figures.set_index("figure_id").loc["kor_bills_merged", "value"] == 19


@needs_sources
def test_sovereign_teams_selection_and_phase_1_follow_the_page_figures():
    raw = raw_theme("models").set_index("metric")
    names = {name: team_id for team_id, (name, _, _) in build.SOVEREIGN_TEAMS.items()}

    def listed(metric):
        return {names[n.strip()] for n in raw.loc[metric, "entity"].split(";")}

    teams = kk.load("sovereign_ai_models").set_index("team_id")
    selected = listed("Elite teams selected for Sovereign AI Foundation Model project")
    assert len(selected) == 5
    assert set(teams.index[teams["selected"] == pd.Timestamp("2025-08-04")]) == selected
    assert set(teams.index) - selected == {"motif_technologies"}
    assert teams.loc["motif_technologies", "selected"] == pd.Timestamp("2026-02-20")
    advanced = listed("Teams advancing after Phase-1 evaluation")
    assert set(teams.index[teams["phase1_status"] == "advanced"]) == advanced == {"lg_ai_research", "sk_telecom",
                                                                                  "upstage"}
    dropped = teams[teams["phase1_status"] == "dropped"]
    assert dropped["phase1_criterion"].to_dict() == {"naver_cloud": "independence", "nc_ai": "score"}
    assert "Qwen" in dropped.loc["naver_cloud", "phase1_reason"] and dropped["phase1_reason_ko"].notna().all()
    assert teams.loc["nc_ai", "licence"] is pd.NA and teams.loc["nc_ai", "open_weights"] is pd.NA  # not read
    assert teams["model"].isna().tolist() == [team == "motif_technologies" for team in teams.index]


def test_phase_1_scores_agree_between_the_two_sovereign_tables():
    teams = kk.load("sovereign_ai_models").set_index("team_id")
    figures = kk.load("sovereign_ai_project_figures").set_index("figure_id")
    scored = teams["phase1_score"].dropna()
    assert scored.to_dict() == {"lg_ai_research": 90.2}
    assert figures.loc["phase1_total_lg_ai_research", "value"] == scored["lg_ai_research"]
    parts = figures[figures.index.str.startswith("phase1_") & figures.index.str.endswith("_lg_ai_research")
                    & ~figures.index.str.startswith("phase1_total")]
    assert parts["max_value"].sum() == 100 and parts["value"].sum() == pytest.approx(90.2)
    assert figures.loc["phase1_total_average", "value"] == 79.7
    assert teams.loc["lg_ai_research", "phase1_score_source_id"] == figures.loc["phase1_total_average", "source_id"]


# Facts on which Epoch AI's record (korean_ai_models) and the model card differ, each with why. The test below fails
# if one of these no longer differs (remove it) or if any other fact differs.
KNOWN_DIFFERENCES = {
    ("VAETKI", "parameters"): "Epoch gives 100B, the size in the model's name; the card summary 112.2B in total",
    ("A.X K1", "date"): "Epoch dates the model 2025-12-30, the phase-1 presentation; the card was released in 2026-01",
}


def test_sovereign_models_agree_with_korean_ai_models():
    teams = kk.load("sovereign_ai_models").dropna(subset=["korean_ai_models_model"])
    models = kk.load("korean_ai_models").set_index("model")
    assert set(teams["korean_ai_models_model"]) <= set(models.index)
    differences = set()
    for row in teams.itertuples():
        epoch = models.loc[row.korean_ai_models_model]
        if pd.notna(row.open_weights) and pd.notna(epoch["open_weights"]):
            assert row.open_weights == epoch["open_weights"], row.model  # open weights: never a known difference
        if epoch["source_id"].endswith("_model_card"):  # the same page must give the same facts
            assert epoch["source_id"] == row.model_source_id, row.model
        if abs(epoch["parameters_billion"] - row.total_params_b) > 0.01 * row.total_params_b:
            differences.add((row.korean_ai_models_model, "parameters"))
        if pd.notna(row.released) and pd.notna(epoch["publication_date"]):
            months = [pd.Period(part, "M") for part in row.released.split("/")]
            if not months[0] <= epoch["publication_date"].to_period("M") <= months[-1]:
                differences.add((row.korean_ai_models_model, "date"))
    assert differences == set(KNOWN_DIFFERENCES)
    both = teams.merge(models.reset_index(), left_on="korean_ai_models_model", right_on="model")
    assert both["open_weights_x"].notna().sum() >= 3 and both["open_weights_y"].notna().sum() >= 3, \
        "the open-weights check compares something"
