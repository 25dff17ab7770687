"""The kit's messages: two gettext catalogues (kaikit/i18n/locale/*/LC_MESSAGES/kaikit.po), their compiled .mo files,
and the keys the code uses."""
import ast
import functools
import os
import string
import subprocess
import sys

import pytest

from kaikit import i18n
from kaikit.i18n import LANGUAGES, catalogue, get_language, in_language, message, set_language
from kaikit.i18n.compile import compile_catalogue, po_path, read_catalogue

# Keys the code builds from a prefix and a value (f"status_{part.status}"): every key with such a prefix counts as
# used. Each prefix, and why the rest of the key is only known at run time.
DYNAMIC_PREFIXES = {
    "status_": "a part's status in kk.check's table (self_check.py)",
    "flag_": "an integrity flag's code (grading: sandbox, cli, batch)",
    "pillar_": "the composite index's pillars (index.py, widgets/index_builder.py)",
    "method_": "the index's normalisation methods (widgets/index_builder.py)",
    "stock_": "the pipeline's stocks (pipeline.py, charts.py)",
    "lever_": "the pipeline's levers (pipeline.py, charts.py, widgets/pipeline.py)",
    "param_": "the pipeline's other rates, in the uncertainty band's list (widgets/pipeline.py)",
    "indicator_": "the talent indicators (widgets/talent_compare.py)",
    "view_": "absolute, per capita or share (widgets/talent_compare.py)",
    "verdict_": "the claim checker's verdicts (widgets/claim_checker.py)",
    "catalogue_": "the model catalogues (widgets/model_explorer.py)",
    "rule_": "whole or fractional counting (widgets/model_explorer.py)",
    "area_": "the policy mixer's budget areas (widgets/policy_mixer.py)",
    "policy_panel_": "the policy mixer's panels, one per area (widgets/policy_mixer.py)",
    "check_hidden_failed_": "the kind of answer a hidden test checks (grading/feedback.py)",
    "case_": "a per-student case, one text per assignment with cases (variants.py)",
}
# Functions whose argument (after the language, for in_language) is a message key.
KEY_FUNCTIONS = {"message", "say", "bilingual", "N_"}


def fields(text):
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def forms(text):
    return text if isinstance(text, tuple) else (text,)


def literal_keys(argument):
    """The keys an argument names: a string, or either string of ``a if c else b``; none for a key it builds."""
    if isinstance(argument, ast.IfExp):
        return literal_keys(argument.body) | literal_keys(argument.orelse)
    return {argument.value} if isinstance(argument, ast.Constant) and isinstance(argument.value, str) else set()


@functools.lru_cache(maxsize=1)
def code_keys():
    """(literal keys, prefixes of built strings) in kaikit/: keys are the key argument of message(), say(),
    bilingual(), N_() and in_language(lang, message, key), and the "key" of a detail for say(); prefixes are the start
    of every f-string and "prefix" + value."""
    keys, prefixes = set(), set()
    for path in (i18n.LOCALE_DIR.parent.parent).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                prefixes.add(node.values[0].value)
            elif isinstance(node, ast.BinOp) and isinstance(node.left, ast.Constant):
                prefixes.add(node.left.value)
            elif isinstance(node, ast.Dict):
                keys |= {key for k, v in zip(node.keys, node.values)
                         if isinstance(k, ast.Constant) and k.value == "key" for key in literal_keys(v)}
            elif isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                if name == "in_language" and len(node.args) > 2 and getattr(node.args[1], "id", "") in KEY_FUNCTIONS:
                    keys |= literal_keys(node.args[2])
                elif name in KEY_FUNCTIONS and node.args:
                    keys |= literal_keys(node.args[0])
    return keys, prefixes


def test_default_language_is_korean():
    """In a fresh process (the autouse fixture sets Korean before every test, so this one cannot look here)."""
    env = {k: v for k, v in os.environ.items() if k != "KAIKIT_LANG"}
    out = subprocess.run([sys.executable, "-c", "import kaikit.i18n as i; print(i.get_language())"], env=env,
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == "ko"


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


def test_an_unknown_key_is_an_error():
    with pytest.raises(KeyError):
        message("no_such_key")


def test_the_catalogues_have_the_headers_of_their_language():
    for language, plurals in (("ko", "nplurals=1; plural=0;"), ("en", "nplurals=2; plural=(n != 1);")):
        po = read_catalogue(language)
        assert (str(po.locale), po.plural_forms, po.charset) == (language, plurals, "utf-8")


def test_every_message_exists_in_every_language_with_the_same_placeholders():
    ko, en = catalogue("ko"), catalogue("en")
    assert set(ko) == set(en), set(ko) ^ set(en)
    for key in ko:
        texts = forms(ko[key]) + forms(en[key])
        assert all(text.strip() for text in texts), f"{key}: an empty translation"
        assert len({frozenset(fields(text)) for text in texts}) == 1, f"{key}: different fields in {texts}"
        assert isinstance(ko[key], tuple) == isinstance(en[key], tuple), f"{key}: plural in one catalogue only"


def test_every_key_the_code_says_is_in_the_catalogues():
    keys, _ = code_keys()
    assert sorted(keys - set(catalogue("ko"))) == []


def test_every_key_in_the_catalogues_is_used():
    keys, prefixes = code_keys()
    assert [p for p in DYNAMIC_PREFIXES if p not in prefixes] == [], "a listed prefix the code no longer builds"
    unused = [key for key in catalogue("ko") if key not in keys and not key.startswith(tuple(DYNAMIC_PREFIXES))]
    assert unused == [], "keys no code says (delete them from both .po files and run `make messages`)"


def test_the_committed_mo_files_are_built_from_the_po_files():
    for language in LANGUAGES:
        mo = po_path(language).with_suffix(".mo")
        assert mo.read_bytes() == compile_catalogue(language), \
            f"{mo.name} of {language} is older than its .po: run `make messages` (python -m kaikit.i18n.compile)"


def test_plural_messages_agree_with_their_count():
    plural = [key for key, text in catalogue("en").items() if isinstance(text, tuple)]
    assert {"check_unsaved", "feedback_done", "export_students", "grade_unchanged"} <= set(plural)
    assert all(len(catalogue("ko")[key]) == 1 and len(catalogue("en")[key]) == 2 for key in plural)
    one, two = (in_language("en", message, "check_unsaved", count=n) for n in (1, 2))
    assert "(1 cell run" in one and "(2 cells run" in two
    assert [in_language("en", message, "export_students", count=n) for n in (1, 2)] == ["1 student", "2 students"]
    assert [message("export_students", count=n) for n in (1, 2)] == ["학생 1명", "학생 2명"]


def test_import_kaikit_needs_no_babel():
    code = ("import sys, kaikit, kaikit.i18n as i; i.message('source_label'); "
            "print([m for m in ('babel', 'nbformat', 'nbgrader') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
