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
