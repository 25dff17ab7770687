"""The language of labels and messages ("ko" or "en"), and the messages themselves.

Every sentence a learner may read comes from ``MESSAGES`` so that both languages stay side by side.

>>> set_language("en"); message("unknown_language", got="fr", choices="ko, en")
"Unknown language 'fr'. Choose one of: ko, en."
>>> set_language("ko")  # the default
"""

LANGUAGES = ("ko", "en")
_current = {"language": "ko"}

MESSAGES = {
    "unknown_language": {
        "ko": "알 수 없는 언어 '{got}'입니다. 다음 중 하나를 고르세요: {choices}.",
        "en": "Unknown language '{got}'. Choose one of: {choices}.",
    },
    "dataset_name_type": {
        "ko": "데이터셋 이름은 문자열이어야 합니다 (받은 값의 자료형: {got}). 예: kk.load(\"{example}\")",
        "en": "A dataset name must be a string (got a {got}). For example: kk.load(\"{example}\")",
    },
    "unknown_dataset": {
        "ko": "'{name}'(이)라는 데이터셋은 없습니다.{suggestion} 사용할 수 있는 데이터셋: {available}. "
              "kk.datasets()로 목록과 설명을 볼 수 있습니다.",
        "en": "There is no dataset called '{name}'.{suggestion} Available datasets: {available}. "
              "Run kk.datasets() to see them with descriptions.",
    },
    "did_you_mean": {"ko": " 혹시 '{name}'을(를) 찾으셨나요?", "en": " Did you mean '{name}'?"},
    "source_label": {"ko": "출처", "en": "Source"},
    "unknown_column": {
        "ko": "표에 '{column}' 열이 없습니다. 있는 열: {available}.",
        "en": "The table has no column '{column}'. Its columns are: {available}.",
    },
    "positive_integer": {
        "ko": "{name}은(는) 1 이상의 정수여야 합니다 (받은 값: {got!r}).",
        "en": "{name} must be a whole number of at least 1 (got {got!r}).",
    },
    # Widgets and charts
    "list_date": {"ko": "목록", "en": "List"},
    "metric": {"ko": "지표", "en": "Measure"},
    "countries_shown": {"ko": "국가 수", "en": "Countries"},
    "systems": {"ko": "시스템 수 (대)", "en": "Systems (count)"},
    "rmax_share_pct": {"ko": "성능 점유율 (Rmax, %)", "en": "Performance share (Rmax, %)"},
    "country": {"ko": "국가", "en": "Country"},
    "top500_title": {
        "ko": "TOP500 슈퍼컴퓨터 보유 상위 {n}개국 ({date})",
        "en": "Top {n} countries in the TOP500 supercomputer list ({date})",
    },
    "korea_readout": {
        "ko": "<b>한국</b>: {value} — {total}개국 중 <b>{rank}위</b>",
        "en": "<b>South Korea</b>: {value} — ranked <b>#{rank}</b> of {total} countries",
    },
    "korea_absent": {
        "ko": "<b>한국</b>은 이 목록에 없습니다.",
        "en": "<b>South Korea</b> is not in this list.",
    },
}


def set_language(language):
    """Set the language ("ko" or "en") used for labels and messages; raise ValueError otherwise."""
    if language not in LANGUAGES:
        # Said in both languages: we do not know which one the reader wants.
        raise ValueError(" / ".join(
            MESSAGES["unknown_language"][lang].format(got=language, choices=", ".join(LANGUAGES))
            for lang in LANGUAGES))
    _current["language"] = language


def get_language():
    """The language currently used for labels and messages."""
    return _current["language"]


def message(key, **values):
    """The message ``key`` in the current language, with ``values`` filled in."""
    return MESSAGES[key][get_language()].format(**values)
