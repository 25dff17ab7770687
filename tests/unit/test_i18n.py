import pytest

from kaikit.i18n import LANGUAGES, MESSAGES, get_language, message, set_language


def test_default_language_is_korean():
    assert get_language() == "ko"


def test_set_language_switches_messages():
    set_language("en")
    assert message("source_label") == "Source"
    set_language("ko")
    assert message("source_label") == "출처"


def test_unknown_language_is_refused_in_both_languages():
    with pytest.raises(ValueError) as error:
        set_language("fr")
    assert "알 수 없는 언어 'fr'" in str(error.value) and "Unknown language 'fr'" in str(error.value)
    assert get_language() == "ko"


def test_every_message_exists_in_every_language_with_the_same_placeholders():
    import string

    for key, texts in MESSAGES.items():
        assert set(texts) == set(LANGUAGES), key
        fields = {lang: {f for _, f, _, _ in string.Formatter().parse(text) if f} for lang, text in texts.items()}
        assert fields["ko"] == fields["en"], key


def test_no_message_key_is_written_twice():
    """A key written twice in the table silently hides the first message (as one `did_you_mean` once hid another)."""
    import ast
    import collections

    from kaikit import i18n

    tree = ast.parse(open(i18n.__file__, encoding="utf-8").read())
    table = next(node.value for node in tree.body if isinstance(node, ast.Assign)
                 and any(getattr(t, "id", "") == "MESSAGES" for t in node.targets))
    counts = collections.Counter(key.value for key in table.keys)
    assert [key for key, n in counts.items() if n > 1] == []
