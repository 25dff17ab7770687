"""A Sphinx extension of the course site: each page says its own language (``<html lang="en">`` on an English
page of a site whose default is Korean), for screen readers and the browser's translation offer, and shows the
words of Sphinx and of the theme ("Search", "Contents", "Previous", the buttons' names) in that language.

Those words come from message catalogues that Sphinx loads once, for the site's language (Korean); they are written
in English, so an English page takes them untranslated. The catalogues are switched before each page is written
(``doctree-resolved``: the page's body) and before its template (``html-page-context``, ahead of the theme's own
handlers, which name the header's buttons): pages are written one at a time (``parallel_write_safe``)."""
from gettext import NullTranslations

from sphinx import locale

from .site import language_of

AS_WRITTEN = NullTranslations()
THEMES_FIRST = 100   # below the default priority (500) of the themes' html-page-context handlers


def _speak(loaded, app, pagename):
    """Sphinx's and every extension's catalogues in the page's language (as loaded, or as written for English);
    ``loaded`` keeps them as loaded. Returns Sphinx's own."""
    language = language_of(pagename) or app.config.language
    if not loaded:
        loaded.update(locale.translators)
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

    app.connect("doctree-resolved", page_body)
    app.connect("html-page-context", page_template, priority=THEMES_FIRST)
    return {"parallel_read_safe": True, "parallel_write_safe": False}
