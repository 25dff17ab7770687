"""A Sphinx extension of the course site: each page says its own language (``<html lang="en">`` on an English
page of a site whose default is Korean), for screen readers and the browser's translation offer."""
from .site import language_of


def _page_language(app, pagename, templatename, context, doctree):
    context["language"] = language_of(pagename) or app.config.language


def setup(app):
    app.connect("html-page-context", _page_language)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
