"""The language of labels and messages ("ko" or "en"), and the messages themselves.

Every sentence a learner or an instructor may read is a message with a key, in two gettext catalogues, the format
JupyterLab's own Korean language pack uses: ``locale/ko/LC_MESSAGES/kaikit.po`` and ``locale/en/LC_MESSAGES/kaikit.po``
(msgid: the key; msgstr: the text, with ``str.format`` fields in braces). ``message(key, **fields)`` says one in the
current language; the kit reads the compiled ``.mo`` files next to the ``.po`` files with the standard library's
``gettext``, so Babel is needed only to build them and by the tests.

>>> set_language("en"); message("unknown_language", got="fr", choices="ko, en")
"Unknown language 'fr'. Choose one of: ko, en."
>>> set_language("ko")  # the default

To add or change a message: edit both ``.po`` files (the same msgid in each, the same fields), then run
``make messages`` (``python -m kaikit.i18n.compile``) and commit the ``.po`` and ``.mo`` files together; the tests say
when a ``.mo`` is stale, a key is missing from a catalogue, or a key is no longer used. A key that code builds
(``f"status_{status}"``) must have its prefix listed in ``tests/unit/test_i18n.py``; a literal key kept in data to be
said later is marked ``N_("key")``.

Plurals: a message whose text depends on a number has a ``msgid_plural`` and one ``msgstr[i]`` per plural form
(Korean one, English two: "1 cell", "2 cells"). ``message(key, count=n, ...)`` picks the form for ``n`` through
``ngettext``, so call sites look the same as for any message (the form's own text says which field it counts).

>>> [in_language("en", message, "feedback_done", count=n, path="f/") for n in (1, 2)]
['1 feedback file → f/', '2 feedback files → f/']
"""
import functools
import gettext
from pathlib import Path

LANGUAGES = ("ko", "en")
DOMAIN = "kaikit"
LOCALE_DIR = Path(__file__).parent / "locale"
_current = {"language": "ko"}


def N_(key):
    """Marks a message key kept in data and said later with ``message`` (gettext's ``N_``); returns ``key``."""
    return key


@functools.lru_cache(maxsize=None)
def _translation(language):
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])


def catalogue(language):
    """{key: text} of ``language``'s ``.po`` file; a plural message's text is a tuple of its forms (needs Babel:
    for tests and tools, not at run time)."""
    from .compile import read_catalogue

    return {m.id[0] if m.pluralizable else m.id: tuple(m.string) if m.pluralizable else m.string
            for m in read_catalogue(language) if m.id}


def set_language(language):
    """Set the language ("ko" or "en") used for labels and messages; raise ValueError otherwise."""
    if language not in LANGUAGES:
        # Said in both languages: we do not know which one the reader wants.
        raise ValueError(bilingual("unknown_language", got=language, choices=", ".join(LANGUAGES)))
    _current["language"] = language


def get_language():
    """The language currently used for labels and messages."""
    return _current["language"]


def in_language(language, function, *args, **kwargs):
    """``function(*args, **kwargs)`` with messages in ``language``; the current language is kept.

    >>> in_language("en", message, "unit_days", n=2)
    '2 d'
    """
    previous = get_language()
    set_language(language)
    try:
        return function(*args, **kwargs)
    finally:
        set_language(previous)


def say(detail):
    """A flag's detail for people: a plain string as it is, or ``{"key": message key, **values}`` as that message in
    the current language (such details are stored as data, so a file of them can be written in any language).

    >>> say({"key": "detail_empty_file"}), say("step, chart")
    ('빈 파일', 'step, chart')
    """
    if isinstance(detail, dict):
        return message(detail["key"], **{k: v for k, v in detail.items() if k != "key"})
    return detail


def delay_text(seconds):
    """'1 d 10 h' / '3 h 5 min' / '12 min' (in the current language)."""
    days, rest = divmod(int(float(seconds)), 86400)
    hours, minutes = rest // 3600, rest % 3600 // 60
    parts = ([(days, N_("unit_days")), (hours, N_("unit_hours"))] if days
             else [(hours, "unit_hours"), (minutes, "unit_minutes")])
    return " ".join(message(unit, n=n) for n, unit in parts if n) or message("unit_minutes", n=max(1, minutes))


def did_you_mean(name, choices, cutoff=0.6):
    """' Did you mean …?' (in the current language) for the nearest of ``choices`` to a misspelled ``name``, else ''.

    >>> set_language("en"); did_you_mean("ex02_chip", ["ex02_chips", "ex03_models"]); set_language("ko")
    " Did you mean 'ex02_chips'?"
    """
    import difflib

    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=cutoff)
    return message("did_you_mean", name=close[0]) if close else ""


def message(key, **values):
    """The message ``key`` in the current language, with ``values`` filled in (the plural form for ``count`` when
    the message has plural forms); KeyError when no catalogue has ``key``."""
    translation = _translation(get_language())
    text = translation.ngettext(key, key, values["count"]) if "count" in values else key
    if text == key:
        text = translation.gettext(key)   # (a message with plural forms and no count: its singular)
    if text == key:
        raise KeyError(key)
    return text.format(**values)


def bilingual(key, separator=" / ", order=LANGUAGES, **values):
    """The message ``key`` in both languages (Korean first), for what readers of either language see, such as a
    note written into a notebook.

    >>> bilingual("hidden_tests_note")
    '숨겨진 테스트 / hidden tests'
    """
    return separator.join(in_language(language, message, key, **values) for language in order)
