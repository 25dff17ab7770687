"""The course site (`make site`): it builds from the kit, every lesson is there in both languages with its twin, every
internal link and anchor resolves, no page shows an error, a solution or a hidden test; axe-core finds no critical or
serious problem on any page, and every chart has alt text.

The site test builds the whole site once. It runs after the notebook tests (its xdist group sorts after theirs), which
leave each lesson they executed in the execution cache: the build takes them from there and executes only the
lessons missing (kaikit.authoring.execution)."""
import json
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from browser import (
    CHROMIUM_ARGS,
    OFFLINE_ARGS,
    axe_failures,
    axe_summary,
    axe_violations,
    chromium_path,
    static_server,
)
from bs4 import BeautifulSoup, Comment, Doctype
from conftest import notebooks

from kaikit._paths import REPO_ROOT
from kaikit.authoring import execution, site

ONLINE = {"repository": "https://github.com/owner/kit", "branch": "main", "binderhub": "https://mybinder.org",
          "jupyterhub": "https://hub.example.org"}
SOLUTION_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
# Problems axe finds on the site in the markup of Jupyter Book's theme or of ipywidgets that the kit cannot change
# from its configuration (kaikit/authoring/site.py fixes the rest): (rule, the elements), each with the reason, as in
# tests/e2e/test_browser.py. Everything else on every page is checked with every rule.
# Nothing left out: [(rule, CSS selector)] of what the kit cannot mend, with the reason, as tests/e2e/test_browser.py
# does for JupyterLab's markup. (ipywidgets leaves a slider's handle unnamed; the site's site.js names it.)
SITE_AXE_IGNORED = []
ARTIFACTS = REPO_ROOT / "artifacts"
# The chart images of a page's cell outputs (kk.show() writes them as <img alt=...>; a widget's chart has its text
# alternative as its title: kaikit/widgets/_chart_image.py), and the text alternative missing. A hidden image (an
# empty chart in a closed panel) is seen by no one.
IMAGES_WITHOUT_ALT_JS = """() => [...document.querySelectorAll('.cell_output img')].filter(i => i.checkVisibility())
    .filter(i => !(i.getAttribute('alt') || i.matches('.widget-image') && i.getAttribute('title') || '').trim())
    .map(i => i.outerHTML.slice(0, 120))"""
CHARTS_JS = "() => document.querySelectorAll('.cell_output img').length"
# Every saved widget view drawn by the site's own html-manager (libembed puts a .widget-subarea before its script)
WIDGETS_DRAWN_JS = """() => [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')]
    .every(view => view.previousElementSibling?.matches('.widget-subarea:not(:empty)'))"""
WIDGET_PARTS_JS = """() => ({sliders: document.querySelectorAll('.widget-subarea .widget-slider').length,
    images: [...document.querySelectorAll('.widget-subarea img.widget-image')].filter(i => i.naturalWidth > 0).length,
    formulas: document.querySelectorAll('mjx-container').length})"""
HANGUL = re.compile("[\uac00-\ud7a3]")
# What a page shows besides the theme's own words: its content, the site's table of contents, the site's title
# (in both languages) and the neighbouring pages' titles
NOT_CHROME = "article.bd-article, nav.bd-docs-nav, .logo__title, title, script, link, style, .prev-next-title"
# What a Korean page's theme may show in Latin letters: the search shortcut, the launch services' names, the download
# buttons' file types, and the print-only contents' name (the theme's layout.html writes it in English)
NOT_WORDS = {"Ctrl", "K", "+", ".ipynb", ".md", ".pdf", "Binder", "JupyterHub", "html", "Page"}


# ---- the pieces of the build, each on its own (fast) ----

def test_the_table_of_contents_holds_every_lesson_exercise_and_guide_page_once():
    pages = site.pages()
    assert len(pages) == len(set(pages))
    expected = [p.relative_to(REPO_ROOT).as_posix() for p in notebooks("lessons/ko", "lessons/en", "exercises")]
    expected += [p.relative_to(REPO_ROOT).as_posix() for p in (REPO_ROOT / "docs").rglob("*.md")]
    assert sorted(pages) == sorted(expected)
    assert not [page for page in pages if page.startswith("solutions/")]


def test_twin_pages_link_to_each_other_in_their_own_language():
    assert site.twin("lessons/ko/03_models.ipynb") == "lessons/en/03_models.ipynb"
    assert site.twin("docs/en/syllabi.md") == "docs/ko/syllabi.md"
    assert site.twin("docs/course-map.ko.md") == "docs/course-map.en.md"
    assert site.twin("docs/glossary.md") is None
    assert "[English](../en/03_models.ipynb)" in site.language_switch("lessons/ko/03_models.ipynb")
    assert "[한국어](course-map.ko.md)" in site.language_switch("docs/course-map.en.md")
    assert site.language_switch("docs/en/syllabi.md", "# Syllabi\n\n[한국어](../ko/syllabi.md) · …") is None
    assert [site.language_of(page) for page in ("lessons/en/03_models", "docs/course-map.ko", "docs/glossary")] == \
        ["en", "ko", None]


def test_links_outside_the_site_go_to_the_repository_and_never_to_solutions():
    markdown = ("[a](../exercises/ex05_pipeline/) ([solutions/](../solutions/ex05_pipeline/)) "
                "[b](sample-report/ex05_pipeline.csv) [c](en/syllabi.md#top) [d](https://x.org) [e](missing.md)")
    assert site.site_links(markdown, "docs/README.md", set(site.pages()), ONLINE) == (
        "[a](../exercises/ex05_pipeline/ex05_pipeline.ipynb) (solutions/) "
        "[b](https://github.com/owner/kit/blob/main/docs/sample-report/ex05_pipeline.csv) [c](en/syllabi.md#top) "
        "[d](https://x.org) [e](missing.md)")


def test_the_configuration_launches_from_site_yml_and_fetches_nothing():
    config = site.config(ONLINE)
    assert config["execute"]["execute_notebooks"] == "off"
    assert config["repository"]["url"] == ONLINE["repository"]
    assert config["launch_buttons"]["jupyterhub_url"] == ONLINE["jupyterhub"]
    assert config["sphinx"]["config"]["intersphinx_mapping"] == {}
    assert set(site.settings()) >= set(ONLINE)
    # the theme's search and colour-mode buttons named by what they show (axe: label-content-name-mismatch)
    assert config["sphinx"]["config"]["templates_path"] == ["_templates"]
    assert "aria-label" not in site.TEMPLATES["search-button-field.html"]
    assert all(f'<div lang="{language}">' in site.home_page() for language in site.LANGUAGES)
    # the widgets' and MathJax's scripts come with the site (kaikit/authoring/static), not from a CDN
    scripts = [*config["sphinx"]["config"]["nb_ipywidgets_js"], config["sphinx"]["config"]["mathjax_path"]]
    assert all((site.STATIC / script).is_file() for script in scripts), scripts


def test_the_cache_key_changes_with_the_lesson_and_with_the_kit(tmp_path, monkeypatch):
    lesson = REPO_ROOT / "lessons" / "ko" / "00_start_here.ipynb"
    assert execution.cache_path(lesson) == execution.cache_path(lesson)
    assert execution.cache_path(lesson) != execution.cache_path(REPO_ROOT / "lessons" / "en" / lesson.name)
    before = execution.cache_path(lesson)
    monkeypatch.setattr(execution, "inputs_digest", lambda: "another kit")
    assert execution.cache_path(lesson) != before


# ---- what the built HTML is checked for ----

def parsed(folder: Path) -> dict:
    """The site's pages (not the theme's template leftovers in _static/), parsed."""
    return {path: BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser") for path in folder.rglob("*.html")
            if "_static" not in path.relative_to(folder).parts}


def broken_links(pages: dict, root: Path) -> list:
    """Every local href/src of ``pages`` whose file is missing, or whose #fragment is no id in that file."""
    ids = {path: {tag["id"] for tag in soup.find_all(id=True)} | {tag["name"] for tag in soup.find_all("a", attrs={
        "name": True})} for path, soup in pages.items()}
    broken = []
    for path, soup in pages.items():
        for tag in soup.find_all(["a", "link", "img", "script", "iframe"]):
            reference = tag.get("href") or tag.get("src")
            parts = urlsplit(reference or "")
            if not reference or parts.scheme or parts.netloc:
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            target = target / "index.html" if target.is_dir() else target
            if not target.is_relative_to(root) or not target.exists():
                broken.append(f"{path.relative_to(root)}: {reference}")
            elif parts.fragment and target in ids and unquote(parts.fragment) not in ids[target]:
                broken.append(f"{path.relative_to(root)}: {reference} (no such anchor)")
    return broken


def error_outputs(soup) -> list:
    """Error and stderr outputs a page shows, but in cells tagged ``raises-exception`` (an error shown on purpose)."""
    shown = soup.select(".cell_output .traceback, .cell_output .stderr, .output.traceback, .output.stderr")
    return [tag.get_text()[:200] for tag in shown if not tag.find_parent(class_="tag_raises-exception")]


def solution_texts() -> list:
    """What a student must never see: the solution and hidden-test parts of every cell of solutions/."""
    texts = []
    for path in notebooks("solutions"):
        for cell in nbformat.read(path, as_version=4).cells:
            regions = re.findall(r"BEGIN (?:SOLUTION|HIDDEN TESTS)\n(.*?)\n[^\n]*END (?:SOLUTION|HIDDEN TESTS)",
                                 cell.source, flags=re.S)
            if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "markdown" and not regions:
                regions = [cell.source]
            texts += [flat(region) for region in regions]
    return [text for text in texts if text]


def flat(text):
    return " ".join(text.split())


def leaks(soup, secrets) -> list:
    raw, shown = str(soup), flat(soup.get_text())
    return [marker for marker in SOLUTION_MARKERS if marker in raw] + [secret[:80] for secret in secrets
                                                                        if secret in shown]


def outside_assets(soup) -> list:
    """The scripts and style sheets (any ``<link>``) a page would fetch from outside the site."""
    return [tag.get("src") or tag.get("href") for tag in soup.select("script[src], link[href]")
            if urlsplit(tag.get("src") or tag.get("href")).netloc]


def chrome_words(soup) -> list:
    """The words of the theme on a page (header, buttons, search, sidebars), texts and the names of its controls."""
    soup = BeautifulSoup(str(soup), "html.parser")
    for tag in soup.select(NOT_CHROME):
        tag.decompose()
    return [text.strip() for text in soup.find_all(string=True)
            if text.strip() and not isinstance(text, (Comment, Doctype))] + [
        value for tag in soup.find_all(True) for name, value in tag.attrs.items()
        if name in ("title", "aria-label", "placeholder", "alt", "data-bs-title")]


def test_the_checks_catch_a_broken_link_an_error_and_a_solution(tmp_path):
    (tmp_path / "a.html").write_text('<p id="here"></p><a href="b.html#there">b</a><a href="#here">h</a>'
                                     '<a href="missing.html">m</a><a href="https://x.org/y.html">x</a>')
    (tmp_path / "b.html").write_text('<div class="cell_output"><div class="output traceback">KeyError</div></div>'
                                     '<div class="cell tag_raises-exception"><div class="cell_output">'
                                     '<div class="output traceback">shown on purpose</div></div></div>'
                                     '<pre>x = 1\n### BEGIN SOLUTION</pre><pre>answer = secret(  42 )</pre>')
    pages = parsed(tmp_path)
    assert sorted(broken_links(pages, tmp_path)) == ["a.html: b.html#there (no such anchor)", "a.html: missing.html"]
    assert error_outputs(pages[tmp_path / "b.html"]) == ["KeyError"]
    assert leaks(pages[tmp_path / "b.html"], ["answer = secret( 42 )"]) == ["BEGIN SOLUTION", "answer = secret( 42 )"]
    assert leaks(pages[tmp_path / "a.html"], ["answer = secret( 42 )"]) == []
    page = BeautifulSoup('<script src="https://cdn.x.org/a.js"></script><script src="_static/b.js"></script>'
                         '<link rel="stylesheet" href="//cdn.x.org/c.css"><header><button title="검색">Search</button>'
                         '</header><article class="bd-article">본문</article>', "html.parser")
    assert outside_assets(page) == ["https://cdn.x.org/a.js", "//cdn.x.org/c.css"]
    assert chrome_words(page) == ["Search", "검색"]


# ---- the site itself ----

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return site.build(tmp_path_factory.mktemp("site"), jobs=max(1, min(2, os.cpu_count() or 1)))


def html_of(page: str) -> str:
    return page.rsplit(".", 1)[0] + ".html"


@pytest.mark.slow
@pytest.mark.xdist_group("site")
def test_the_course_site_builds_with_every_lesson_and_no_broken_link_error_or_solution(built):
    pages = parsed(built)
    assert not broken_links(pages, built)
    for page in site.pages():
        soup = pages.get(built / html_of(page))
        assert soup, f"{page} is not on the site"
        if site.twin(page):
            twin = os.path.relpath(built / html_of(site.twin(page)), (built / page).parent)
            assert soup.find("a", href=twin), f"{page}: no link to its twin {twin}"
    for language in site.LANGUAGES:
        assert site.lesson_pages(language), language
        for lesson in site.lesson_pages(language):
            page = pages[built / html_of(lesson)]
            assert page.html["lang"] == language
            assert page.find("script", type="application/vnd.jupyter.widget-state+json"), f"{lesson}: no widgets"
            assert page.select(".cell_output img"), f"{lesson}: no chart"   # kk.show(): inline, with its alt text
            assert page.find("a", href=re.compile(rf"mybinder\.org/.*urlpath=lab/tree/{re.escape(lesson)}$"))
            assert page.find("a", href=re.compile(r"/hub/user-redirect/git-pull\?repo="))
    secrets = solution_texts()
    for path, soup in pages.items():
        assert not error_outputs(soup), f"{path.relative_to(built)} shows an error: {error_outputs(soup)}"
        assert not leaks(soup, secrets), f"{path.relative_to(built)} shows a solution: {leaks(soup, secrets)}"
        assert str(REPO_ROOT) not in str(soup), f"{path.relative_to(built)} shows a path of the build machine"
        assert not outside_assets(soup), f"{path.relative_to(built)} loads from outside: {outside_assets(soup)}"


@pytest.mark.slow
@pytest.mark.xdist_group("site")
def test_the_theme_speaks_the_language_of_each_page(built):
    """One Sphinx build in Korean: an English page still shows the theme's words in English (site_language)."""
    english, korean = (chrome_words(BeautifulSoup((built / html_of(site.lesson_pages(language)[3])).read_text(
        encoding="utf-8"), "html.parser")) for language in ("en", "ko"))
    assert not [word for word in english if HANGUL.search(word)], english
    assert {"Search", "Contents", "Download this page"} <= set(english)
    assert {"검색", "내용", "이전", "다음", "이 페이지 다운로드"} <= set(korean)
    # the kit's theme.po: words the themes leave in English, and its own before the theme's
    assert {"맨 위로", "색상 모드", "열기: Binder", "강좌에서 검색…", "전체 화면으로 보기"} <= set(korean)
    assert "전체 화면으로보기" not in korean
    assert "만든 이: K-AI 교육 키트 팀" in korean and "By The K-AI Teaching Kit team" in english, "the footer"
    assert sorted({word for word in korean if not HANGUL.search(word)} - NOT_WORDS) == []


@pytest.mark.slow
@pytest.mark.xdist_group("site")
def test_every_page_of_the_course_site_passes_axe_and_every_chart_has_a_text_alternative(built):
    """axe-core on every page of the site (home, lessons in both languages with their widgets drawn, exercises,
    guide, search and index), served on 127.0.0.1 and seen in headless Chromium with no internet, fails on a
    critical or serious violation. The lessons' own charts (kk.show) are checked for their alt text."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    ARTIFACTS.mkdir(exist_ok=True)
    failures, record = [], []
    lessons = {html_of(lesson) for language in site.LANGUAGES for lesson in site.lesson_pages(language)}
    with static_server(built) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=CHROMIUM_ARGS + OFFLINE_ARGS)
        page = browser.new_page()
        for path in ["index.html", "search.html", "genindex.html"] + [html_of(name) for name in site.pages()]:
            page.goto(f"{base}/{path}", wait_until="load")
            if path in lessons:
                page.wait_for_function(WIDGETS_DRAWN_JS)
            violations = axe_violations(page, "html", ignored=SITE_AXE_IGNORED)
            record.append(f"{path} {json.dumps(axe_summary(violations), ensure_ascii=False)}")
            failures += [f"{path}: {line}" for line in axe_failures(violations)]
            if path in lessons:
                assert page.evaluate(CHARTS_JS), f"{path}: no chart"
                failures += [f"{path}: a chart without alt text: {img}" for img in page.evaluate(IMAGES_WITHOUT_ALT_JS)]
        browser.close()
    (ARTIFACTS / "site-axe.txt").write_text("\n".join(record) + "\n", encoding="utf-8")   # every rule, for the record
    assert failures == [], "axe finds serious accessibility problems on the course site:\n" + "\n".join(failures)


@pytest.mark.slow
@pytest.mark.xdist_group("site")
def test_a_lesson_draws_its_widgets_and_formulas_with_no_internet(built):
    """The widgets' saved first view and the formulas are drawn by the site's own scripts (kaikit/authoring/static):
    a Korean lesson page, with the internet blocked, fetches nothing but from the site and shows its sliders, the
    chart of its widget and its formulas."""
    from playwright.sync_api import sync_playwright

    lesson = html_of(site.lesson_pages("ko")[2])   # 02: widgets and formulas
    requests = []
    with static_server(built) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                             args=CHROMIUM_ARGS + OFFLINE_ARGS)
        page = browser.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.goto(f"{base}/{lesson}", wait_until="load")
        page.wait_for_function(WIDGETS_DRAWN_JS)
        page.wait_for_function(f"() => Object.values(({WIDGET_PARTS_JS})()).every(count => count > 0)")
        parts = page.evaluate(WIDGET_PARTS_JS)
        page.locator(".widget-subarea .widget-slider").first.scroll_into_view_if_needed()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "site-widgets.png"))
        browser.close()
    assert all(parts.values()), parts
    assert [url for url in requests if not url.startswith((base, "blob:", "data:"))] == []
