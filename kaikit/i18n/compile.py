"""Build the kit's ``.mo`` files from its ``.po`` files with Babel: ``make messages``
(``python -m kaikit.i18n.compile``).

The ``.po`` files are the source of every message; the ``.mo`` files next to them are what ``kaikit.i18n`` reads at
run time (with the standard library's ``gettext``, so that a learner never needs Babel). Both are committed, and
``tests/unit/test_i18n.py`` checks that each ``.mo`` is exactly what this module builds from its ``.po``.
"""
import io
import sys

from kaikit.i18n import DOMAIN, LANGUAGES, LOCALE_DIR


def po_path(language):
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(language):
    """The ``.po`` file of ``language`` as a ``babel.messages.catalog.Catalog``."""
    from babel.messages.pofile import read_po

    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


class _Messages(list):
    """A catalogue's messages as ``write_mo`` reads them, its header without the line naming Babel's version (so that
    upgrading Babel does not change the ``.mo`` files)."""
    charset = "utf-8"


def compile_catalogue(language):
    """The bytes of the ``.mo`` file built from the ``.po`` file of ``language``."""
    from babel.messages.mofile import write_mo

    header, *messages = read_catalogue(language)
    header.string = "\n".join(line for line in header.string.split("\n") if not line.startswith("Generated-By:"))
    buffer = io.BytesIO()
    write_mo(buffer, _Messages([header, *messages]))
    return buffer.getvalue()


def main():
    for language in LANGUAGES:
        path = po_path(language).with_suffix(".mo")
        path.write_bytes(compile_catalogue(language))
        print(f"{path.relative_to(LOCALE_DIR.parent.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
