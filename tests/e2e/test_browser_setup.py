"""Without Chromium the browser tests say why and skip — except in CI, where a missing browser is a failure."""
import pytest
from browser import chromium_path


def test_a_missing_browser_skips_with_the_reason(monkeypatch, tmp_path):
    monkeypatch.setenv("KAIKIT_CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        chromium_path()


def test_a_missing_browser_fails_in_ci(monkeypatch, tmp_path):
    monkeypatch.setenv("KAIKIT_CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="Chromium is not installed"):
        chromium_path()


def test_a_given_browser_is_used(monkeypatch, tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("")
    monkeypatch.setenv("KAIKIT_CHROMIUM", str(fake))
    assert chromium_path() == str(fake)
