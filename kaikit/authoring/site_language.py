"""A Sphinx extension of the course site: each page says its own language (``<html lang="en">`` on an English
page of a site whose default is Korean), for screen readers and the browser's translation offer, and shows the
words of Sphinx and of the theme ("Search", "Contents", "Previous", the buttons' names) in that language.

Those words come from message catalogues that Sphinx loads once, for the site's language (Korean); they are written
in English, so an English page takes them untranslated. The catalogues are switched before each page is written
(``doctree-resolved``: the page's body) and before its template (``html-page-context``, ahead of the theme's own
handlers, which name the header's buttons): pages are written one at a time (``parallel_write_safe``).

Where the themes have no Korean for a word ("Back to top", "Color mode"…) or a poor one, the kit's own catalogue
(``locale/ko/LC_MESSAGES/theme.po``) gives it: it comes first, the themes' catalogues after. The footer names the
kit's makers in the page's language."""
import io
from gettext import GNUTranslations, NullTranslations
from pathlib import Path

from sphinx import locale

from ..i18n import in_language, message
from .site import language_of

AS_WRITTEN = NullTranslations()
THEMES_FIRST = 100   # below the default priority (500) of the themes' html-page-context handlers
THEMES_DONE = 900    # above it: sphinx-book-theme sets the footer's author from the configuration
THEME_WORDS = Path(__file__).with_name("locale")


def theme_words(language):
    """The kit's catalogue of the theme's words in ``language`` (read from its ``.po`` with Babel, which Sphinx
    depends on), a new one each time (a catalogue falls back to one other), or None when there is none."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = THEME_WORDS / language / "LC_MESSAGES" / "theme.po"
    if not path.exists():
        return None
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return GNUTranslations(compiled)


def _speak(loaded, app, pagename):
    """Sphinx's and every extension's catalogues in the page's language (as loaded, or as written for English);
    ``loaded`` keeps them as loaded. Returns Sphinx's own."""
    language = language_of(pagename) or app.config.language
    if not loaded:
        for key, catalogue in locale.translators.items():
            ours = theme_words(app.config.language) if key[0] == "general" else None
            if ours:
                ours.add_fallback(catalogue)
            loaded[key] = ours or catalogue
    for key, catalogue in loaded.items():
        locale.translators[key] = AS_WRITTEN if language == "en" and key[0] != "console" else catalogue
    return language, locale.translators["general", "sphinx"]


def setup(app):
    loaded = {}

    def page_body(app, doctree, docname):
        _speak(loaded, app, docname)

    def page_template(app, pagename, templatename, context, doctree):
        language, catalogue = _speak(loaded, app, pagename)
        # the templates' _() and {% trans %}: Sphinx gave its template engine the catalogue, not the switch above
        context.update(language=language, gettext=catalogue.gettext, ngettext=catalogue.ngettext)
        if "theme_search_bar_text" in context:   # a theme option, which the themes show untranslated
            context["theme_search_bar_text"] = catalogue.gettext(context["theme_search_bar_text"])

    def page_author(app, pagename, templatename, context, doctree):
        context["author"] = in_language(language_of(pagename) or app.config.language, message, "site_author")

    app.connect("doctree-resolved", page_body)
    app.connect("html-page-context", page_template, priority=THEMES_FIRST)
    app.connect("html-page-context", page_author, priority=THEMES_DONE)
    return {"parallel_read_safe": True, "parallel_write_safe": False}
