"""The course site: the kit as a static Jupyter Book 1 site (``make site``, ``python -m kaikit.authoring.site``).

The site keeps the repository's layout (``lessons/ko/03_models.ipynb`` is the page ``lessons/ko/03_models.html``),
so links between lessons, exercises and the guide work unchanged, and launch buttons find each notebook in the
repository. Its pages: every lesson in Korean and English, executed (``kaikit.authoring.execution``, so charts and the
widgets' first view are there), the exercises' student versions, the instructor's guide and the course map. Each
page copy gets a link to its twin in the other language, and a lesson a note that its widgets need a live kernel.
Where the course lives online (repository, Binder, JupyterHub) is set in ``site.yml`` only.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .._paths import REPO_ROOT
from ..i18n import bilingual, in_language, message
from . import coursemap
from .execution import executed_all

SETTINGS_FILE = REPO_ROOT / "site.yml"
SITE_DIR = REPO_ROOT / "_build" / "site"
# The scripts that draw the widgets' saved state and the formulas, vendored (their README says which and whence),
# and the site's style sheet: served from the site's _static/, so that a page needs nothing from outside the site.
# They are staged in a folder of their own, not in _static/, whose every script Jupyter Book adds to every page.
STATIC = Path(__file__).with_name("static")
STAGED_STATIC = "_site_static"
LANGUAGES = ("ko", "en")
LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")   # a Markdown link: [text](target)
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|#|/)", re.I)


# The theme's own buttons, as the kit overrides them (the site's `_templates/`): a screen reader and a speech user
# must find a button by the words it shows (axe: label-content-name-mismatch). The search button shows "검색 Ctrl+K"
# but was named "검색" alone: it now takes its name from what it shows. The colour-mode button shows icons only: they
# are hidden from assistive technology (their titles were read as its text), its name stays "Color mode". The
# sidebar buttons' names were English on every page: they are now translated (site_language).
SIDEBAR_BUTTON = """\
<button class="sidebar-toggle {side}-toggle btn btn-sm{extra}" title="{{{{ _('Toggle {side} sidebar') }}}}" \
data-bs-placement="bottom" data-bs-toggle="tooltip">
  <span class="fa-solid fa-{icon}" aria-hidden="true"></span>
</button>
"""
TEMPLATES = {
    "toggle-primary-sidebar.html": SIDEBAR_BUTTON.format(side="primary", extra="", icon="bars"),
    # the in-page contents' button, on pages that have contents
    "toggle-secondary-sidebar.html": "{% set page_toc = generate_toc_html() -%}\n{% if page_toc -%}\n"
                                     + SIDEBAR_BUTTON.format(side="secondary", extra=" pst-navbar-icon", icon="list")
                                     + "{%- endif %}\n",
    "search-button-field.html": """\
<button class="btn search-button-field search-button__button pst-js-only" title="{{ _('Search') }}" \
data-bs-placement="bottom" data-bs-toggle="tooltip">
 <i class="fa-solid fa-magnifying-glass" aria-hidden="true"></i>
 <span class="search-button__default-text">{{ _('Search') }}</span>
 <span class="search-button__kbd-shortcut"><kbd class="kbd-shortcut__modifier">Ctrl</kbd>+\
<kbd class="kbd-shortcut__modifier">K</kbd></span>
</button>
""",
    "theme-switcher.html": """\
<button class="btn btn-sm nav-link pst-navbar-icon theme-switch-button pst-js-only" \
aria-label="{{ _('Color mode') }}" data-bs-title="{{ _('Color mode') }}" data-bs-placement="bottom" \
data-bs-toggle="tooltip">
  <i class="theme-switch fa-solid fa-sun fa-lg" data-mode="light" aria-hidden="true"></i>
  <i class="theme-switch fa-solid fa-moon fa-lg" data-mode="dark" aria-hidden="true"></i>
  <i class="theme-switch fa-solid fa-circle-half-stroke fa-lg" data-mode="auto" aria-hidden="true"></i>
</button>
""",
}


def settings(path: Path = SETTINGS_FILE) -> dict:
    import yaml

    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def lesson_pages(language: str) -> list[str]:
    return [_relative(lesson.path) for lesson in coursemap.lessons(language)]


def exercise_pages() -> list[str]:
    """The student versions (``exercises/``), in the order of the lessons that set them."""
    return [f"exercises/{lesson.assignment}/{lesson.assignment}.ipynb" for lesson in coursemap.lessons("ko")
            if lesson.assignment]


def guide_pages(language: str) -> list[str]:
    """The course map and the guide's pages in ``language``, in the order docs/README.md lists them."""
    listed = re.findall(rf"\]\(({language}/[a-z-]+\.md)\)", (REPO_ROOT / "docs" / "README.md").read_text("utf-8"))
    return [f"docs/course-map.{language}.md"] + [f"docs/{page}" for page in dict.fromkeys(listed)]


def toc() -> dict:
    """``_toc.yml``: the Korean lessons, the English ones, the exercises, then the guide in each language."""
    def part(caption, pages):
        return {"caption": caption, "chapters": [{"file": _without_suffix(page)} for page in pages]}

    return {"format": "jb-book", "root": "index", "parts": [
        part(in_language("ko", message, "site_lessons"), lesson_pages("ko")),
        part(in_language("en", message, "site_lessons"), lesson_pages("en")),
        part(bilingual("site_exercises"), exercise_pages()),
        part(in_language("ko", message, "site_guide"), ["docs/README.md", *guide_pages("ko"), "docs/glossary.md"]),
        part(in_language("en", message, "site_guide"), guide_pages("en")),
    ]}


def pages() -> list[str]:
    """Every page of the site but the home page, as paths in the repository."""
    return [f"{chapter['file']}{_suffix(chapter['file'])}" for part in toc()["parts"] for chapter in part["chapters"]]


def config(online: dict) -> dict:
    """``_config.yml``: notebooks are never executed by Jupyter Book (they come executed), nothing is fetched at
    build time nor by a page (the scripts of the widgets and of MathJax are the site's own: ``STATIC``), and the
    launch buttons open a page's notebook in the repository of ``online`` (site.yml)."""
    return {
        "title": bilingual("site_title"),
        "only_build_toc_files": True,
        "execute": {"execute_notebooks": "off"},
        "repository": {"url": online["repository"], "branch": online["branch"], "path_to_book": ""},
        "launch_buttons": {"notebook_interface": "jupyterlab", "binderhub_url": online["binderhub"],
                           "jupyterhub_url": online["jupyterhub"]},
        "html": {"use_repository_button": True, "home_page_in_navbar": True},
        "sphinx": {"extra_extensions": ["kaikit.authoring.site_language"], "config": {
            "language": "ko",
            "myst_heading_anchors": 3,      # docs link to headings (running-a-class.md#per-student-cases)
            "intersphinx_mapping": {},      # nothing to fetch: the build works offline
            "html_show_copyright": False,
            "templates_path": ["_templates"],   # TEMPLATES
            "html_static_path": [STAGED_STATIC],
            "html_css_files": ["site.css"],     # the widgets on a page narrower than JupyterLab's (STATIC)
            "html_js_files": ["site.js"],       # the sliders' handles named as their sliders (STATIC)
            "nb_ipywidgets_js": {"html-manager/embed.js": {}},   # only on pages with widgets
            "mathjax_path": "mathjax/tex-chtml.js",              # only on pages with formulas
        }},
    }


def twin(page: str) -> str | None:
    """The same page in the other language (lessons/ko/x ↔ lessons/en/x, docs/ko/x ↔ docs/en/x,
    docs/course-map.ko.md ↔ docs/course-map.en.md), or None."""
    for ko, en in (("/ko/", "/en/"), (".ko.", ".en.")):
        for this, other in ((ko, en), (en, ko)):
            if this in page:
                found = page.replace(this, other)
                return found if (REPO_ROOT / found).exists() else None
    return None


def language_of(page: str) -> str | None:
    """The language of a page (``lessons/en/03_models.ipynb``, ``docs/course-map.ko.md``, ``docs/course-map.ko``)
    or None for a page in both (the home page, the glossary)."""
    found = re.search(rf"[/.]({'|'.join(LANGUAGES)})(?:[/.]|$)", page)
    return found[1] if found else None


def language_switch(page: str, text: str = "") -> str | None:
    """A Markdown line linking ``page`` to its twin, in the page's language; None for a page without a twin or
    whose ``text`` links to it already (the guide's pages do)."""
    other = twin(page)
    if not other:
        return None
    link = os.path.relpath(REPO_ROOT / other, (REPO_ROOT / page).parent).replace(os.sep, "/")
    if f"]({link})" in text:
        return None
    return in_language(language_of(page), message, "site_language_switch", link=link)


def widget_note(language: str) -> str:
    return f"```{{note}}\n{in_language(language, message, 'site_widget_note')}\n```"


def site_links(markdown: str, page: str, site_pages: set, online: dict) -> str:
    """``markdown`` of ``page`` with each relative link to a file outside the site pointed at the repository
    online, a link to a folder holding one page (``../exercises/ex05_pipeline/``) at that page, and a link into
    solutions/ reduced to its text: the site never leads to solutions. A broken link is left for the checks."""
    def rewrite(found):
        text, (target, _, anchor) = found[1], found[2].partition("#")
        if EXTERNAL.match(found[2]) or not target:
            return found[0]
        path = ((REPO_ROOT / page).parent / target).resolve()
        if not path.is_relative_to(REPO_ROOT) or not path.exists():
            return found[0]
        relative = _relative(path)
        if relative.startswith("solutions/"):
            return text
        inside = f"{relative}/{path.name}.ipynb" if path.is_dir() else relative
        if inside in site_pages:
            new = os.path.relpath(REPO_ROOT / inside, (REPO_ROOT / page).parent).replace(os.sep, "/")
        else:
            kind = "tree" if path.is_dir() else "blob"
            new = f"{online['repository'].rstrip('/')}/{kind}/{online['branch']}/{relative}"
        return f"[{text}]({new}{'#' + anchor if anchor else ''})"

    return LINK.sub(rewrite, markdown)


def after_title(text: str, addition: str) -> str:
    """``text`` with ``addition`` as a paragraph after its first line (the title)."""
    title, _, rest = text.partition("\n")
    return f"{title}\n\n{addition}\n\n{rest.lstrip()}"


def _shorten_errors(notebook):
    """An error a lesson shows on purpose (a cell tagged ``raises-exception``) as its last line only: the kit's
    message, without a traceback through the build machine's files."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                output.traceback = [f"{output.ename}: {output.evalue}"]


def home_page() -> str:
    first = {language: lesson_pages(language)[0] for language in LANGUAGES}
    # Each introduction says its language (the page's is Korean): a screen reader reads the English one in English.
    # An HTML block ends at a blank line, so the Markdown between the tags stays Markdown.
    return "\n\n".join([f"# {bilingual('site_title')}"] + [
        f'<div lang="{language}">\n\n{in_language(language, message, "site_intro", first=first[language])}\n\n</div>'
        for language in LANGUAGES]) + "\n"


def stage(folder: Path, executed: dict, online: dict) -> list[str]:
    """Write the site's source into ``folder``: page copies, ``index.md``, ``_toc.yml`` and ``_config.yml``. Files
    whose content is unchanged are left alone, so that Sphinx rebuilds only what changed. Returns the pages."""
    import nbformat
    import yaml

    site_pages = pages()
    in_site = set(site_pages)
    widgets = {_relative(lesson.path) for language in LANGUAGES for lesson in coursemap.lessons(language)
               if lesson.widgets}
    for page in site_pages:
        if page.endswith(".ipynb"):
            notebook = executed.get(REPO_ROOT / page) or nbformat.read(REPO_ROOT / page, as_version=4)
            for cell in notebook.cells:
                if cell.cell_type == "markdown":
                    cell.source = site_links(cell.source, page, in_site, online)
            _shorten_errors(notebook)
            switch = language_switch(page, notebook.cells[0].source)
            if switch:
                notebook.cells[0].source = after_title(notebook.cells[0].source, switch)
            if page in widgets:
                notebook.cells.insert(1, nbformat.v4.new_markdown_cell(widget_note(language_of(page))))
            text = nbformat.writes(notebook)
        else:
            text = site_links((REPO_ROOT / page).read_text(encoding="utf-8"), page, in_site, online)
            switch = language_switch(page, text)
            text = after_title(text, switch) if switch else text
        _write(folder / page, text)
    for name, template in TEMPLATES.items():
        _write(folder / "_templates" / name, template)
    shutil.copytree(STATIC, folder / STAGED_STATIC, dirs_exist_ok=True, ignore=shutil.ignore_patterns("README.md"))
    _write(folder / "index.md", home_page())
    _write(folder / "_toc.yml", yaml.safe_dump(toc(), allow_unicode=True, sort_keys=False))
    _write(folder / "_config.yml", yaml.safe_dump(config(online), allow_unicode=True, sort_keys=False))
    return site_pages


def build(output: Path = SITE_DIR, jobs: int = os.cpu_count() or 1) -> Path:
    """Build the site into ``output``; return the folder of its HTML (``output/_build/html``). Lessons come from
    the execution cache; those missing from it are executed first, ``jobs`` at a time."""
    output = Path(output)
    lessons = [REPO_ROOT / page for language in LANGUAGES for page in lesson_pages(language)]
    stage(output / "source", executed_all(lessons, jobs), settings())
    command = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(output / "source"),
               "--path-output", str(output), "--builder", "html", "--keep-going"]
    subprocess.run(command, check=True, cwd=output, stdout=subprocess.PIPE if _quiet() else None)
    return output / "_build" / "html"


def _quiet():
    return "PYTEST_CURRENT_TEST" in os.environ


def _write(path: Path, text: str):
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _relative(path: Path) -> str:
    return Path(path).resolve().relative_to(REPO_ROOT).as_posix()


def _without_suffix(page: str) -> str:
    return page.rsplit(".", 1)[0]


def _suffix(stem: str) -> str:
    return ".ipynb" if (REPO_ROOT / f"{stem}.ipynb").exists() else ".md"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m kaikit.authoring.site", description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=SITE_DIR, help="where to build (default: _build/site)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="lessons executed at a time")
    parser.add_argument("--clean", action="store_true", help="start from an empty output folder")
    arguments = parser.parse_args(argv)
    if arguments.clean:
        shutil.rmtree(arguments.output, ignore_errors=True)
    start = time.monotonic()
    html = build(arguments.output, arguments.jobs)
    print(message("site_built", folder=html, seconds=time.monotonic() - start))


if __name__ == "__main__":
    main()
