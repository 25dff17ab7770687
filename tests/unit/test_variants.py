"""Per-student cases (kaikit.variants): where the identity comes from, how a case is drawn, what a notebook saves."""
import pytest

import kaikit as kk
from kaikit import variants
from kaikit._validate import UnknownNameError


@pytest.fixture
def no_identity(monkeypatch):
    for name in ("KAIKIT_STUDENT", "JUPYTERHUB_USER", "KAIKIT_VARIANTS", "KAIKIT_COURSE"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_identity_is_the_graders_then_the_hub_users_then_none(no_identity):
    assert variants.identity() is None
    no_identity.setenv("JUPYTERHUB_USER", "minji")
    assert variants.identity() == "minji"
    no_identity.setenv("KAIKIT_STUDENT", " s001 ")
    assert variants.identity() == "s001"
    no_identity.setenv("KAIKIT_STUDENT", "")          # the grader says: graded under the default case
    assert variants.identity() is None
    no_identity.setenv("KAIKIT_STUDENT", "s001")
    no_identity.setenv("KAIKIT_VARIANTS", "off")
    assert variants.identity() is None


def test_without_an_identity_everyone_gets_the_default_case(no_identity):
    for assignment, spec in variants.CASES.items():
        shown = kk.variants.case(assignment)
        assert (shown.number, shown.identity, dict(shown)) == (0, None, spec["cases"][0])


def test_a_case_is_drawn_from_course_assignment_and_identity(no_identity):
    students = [f"s{i:03d}" for i in range(300)]
    for assignment, spec in variants.CASES.items():
        drawn = [variants.case_number(assignment, who) for who in students]
        assert drawn == [variants.case_number(assignment, who) for who in students]     # deterministic
        counts = [drawn.count(n) for n in range(len(spec["cases"]))]
        assert min(counts) > 300 / len(spec["cases"]) / 2, counts                       # every case, roughly evenly
    # another course, or another assignment, draws afresh
    here = [variants.case_number("ex02_chips", who, course="kaikit") for who in students]
    assert here != [variants.case_number("ex02_chips", who, course="kaikit-2027") for who in students]
    assert here != [variants.case_number("ex04_talent", who, course="kaikit") for who in students]
    no_identity.setenv("KAIKIT_COURSE", "kaikit-2027")
    assert [variants.case_number("ex02_chips", who) for who in students] == [
        variants.case_number("ex02_chips", who, course="kaikit-2027") for who in students]


def test_the_shown_case_saves_what_it_was_drawn_for(no_identity):
    no_identity.setenv("JUPYTERHUB_USER", "s007")
    shown = kk.variants.case("ex05_pipeline")
    bundle = shown._repr_mimebundle_()
    assert bundle[variants.MIME] == {"assignment": "ex05_pipeline", "identity": "s007", "case": shown.number}
    text = bundle["text/markdown"]
    assert "s007" in text and f"{shown['years']}" in text and shown["scenario"] in text
    assert "문제 3" in text and "Part 3" in text
    default = kk.variants.case("ex02_chips", who=None)._repr_mimebundle_()
    assert default[variants.MIME]["identity"] is None
    assert "20%" in default["text/markdown"] and "2035" in default["text/markdown"]


def test_an_unknown_assignment_is_named_with_a_suggestion():
    with pytest.raises(UnknownNameError) as raised:
        kk.variants.case("ex02_chip")
    assert "ex02_chips" in str(raised.value)
