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
    "did_you_mean": {"ko": " 혹시 '{name}'인가요?", "en": " Did you mean '{name}'?"},
    "source_label": {"ko": "출처", "en": "Source"},
    "cited_via": {"ko": "{name} ({via} 재인용)", "en": "{name} (via {via})"},
    "and_more": {"ko": " 외 {count}건", "en": " and {count} more"},
    # kk.data_as_of(): the "Data as of" table at the end of a lesson
    "as_of_table": {"ko": "표", "en": "table"},
    "as_of_title": {"ko": "내용", "en": "what it holds"},
    "as_of_period": {"ko": "기간", "en": "period"},
    "as_of_date": {"ko": "기준일", "en": "as of"},
    "as_of_sources": {"ko": "출처", "en": "sources"},
    "as_of_nothing_loaded": {
        "ko": "이 노트북은 아직 kk.load()로 표를 불러오지 않았습니다. 표 이름을 주면 그 표의 기준일을 보여 줍니다: "
              "kk.data_as_of(\"top500_by_country\")",
        "en": "This notebook has not loaded a table with kk.load() yet. Name tables to see theirs: "
              "kk.data_as_of(\"top500_by_country\")",
    },
    "snapshot_line": {"ko": "자료 기준일: {snapshot}", "en": "Data snapshot: {snapshot}"},   # with a verdict's evidence
    "month_year": {"ko": "{year}년 {month}월", "en": "{month} {year}"},   # month: 11 in Korean, Nov in English
    "day_month_year": {"ko": "{year}년 {month}월 {day}일", "en": "{day} {month} {year}"},
    "unknown_column": {
        "ko": "표에 '{column}' 열이 없습니다. 있는 열: {available}.",
        "en": "The table has no column '{column}'. Its columns are: {available}.",
    },
    "positive_integer": {
        "ko": "{name}은(는) 1 이상의 정수여야 합니다 (받은 값: {got!r}).",
        "en": "{name} must be a whole number of at least 1 (got {got!r}).",
    },
    # The talent-pipeline model
    "pipeline_params_type": {
        "ko": "매개변수는 dict여야 합니다 (받은 값의 자료형: {got}). 예: kk.pipeline.scenario_parameters(\"today\")",
        "en": "Parameters must be a dict (got a {got}). For example: kk.pipeline.scenario_parameters(\"today\")",
    },
    "pipeline_params_keys": {
        "ko": "매개변수 이름이 맞지 않습니다. 모르는 이름: {unknown}. 빠진 이름: {missing}. 필요한 이름: {expected}.",
        "en": "The parameter names do not match. Unknown: {unknown}. Missing: {missing}. Expected: {expected}.",
    },
    "pipeline_param_number": {
        "ko": "{name}은(는) 숫자여야 합니다 (받은 값: {got!r}).",
        "en": "{name} must be a number (got {got!r}).",
    },
    "pipeline_param_people": {
        "ko": "{name}은(는) 연간 인원이므로 0 이상이어야 합니다 (받은 값: {got}).",
        "en": "{name} is people per year, so it cannot be negative (got {got}).",
    },
    "pipeline_param_rate": {
        "ko": "{name}은(는) 0과 1 사이의 비율이어야 합니다 (받은 값: {got}).",
        "en": "{name} must be a share between 0 and 1 (got {got}).",
    },
    "pipeline_exits": {
        "ko": "{stock}에서 한 해에 빠져나가는 비율의 합({rates} = {total:.3f})이 1을 넘습니다. 같은 사람이 두 번 떠날 수는 없습니다.",
        "en": "The shares leaving {stock} each year ({rates} = {total:.3f}) add up to more than 1: nobody can leave twice.",
    },
    "pipeline_stocks_keys": {
        "ko": "저량(stocks)은 다음 이름을 가진 dict여야 합니다: {expected}.",
        "en": "Stocks must be a dict with exactly these names: {expected}.",
    },
    "pipeline_stock_value": {
        "ko": "저량 {name}은(는) 0 이상의 숫자여야 합니다 (받은 값: {got!r}).",
        "en": "Stock {name} must be a number of at least 0 (got {got!r}).",
    },
    "pipeline_no_steady_state": {
        "ko": "정상 상태가 없습니다: 빠져나가는 유량이 없는 저량은 끝없이 커집니다 (졸업·승진·은퇴 비율이 0보다 커야 합니다).",
        "en": "There is no steady state: a stock with no way out grows for ever (graduation, promotion and retirement "
              "rates must be above 0).",
    },
    "pipeline_outcome": {
        "ko": "알 수 없는 결과 지표 '{got}'입니다. 다음 중 하나를 고르세요: {choices}.",
        "en": "Unknown outcome '{got}'. Choose one of: {choices}.",
    },
    "pipeline_change": {
        "ko": "change는 0과 1 사이의 상대 변화여야 합니다 (예: 0.2 = ±20%; 받은 값: {got!r}).",
        "en": "change must be a relative change between 0 and 1 (e.g. 0.2 = ±20%; got {got!r}).",
    },
    "pipeline_scenario": {
        "ko": "'{got}'(이)라는 시나리오는 없습니다. 다음 중 하나를 고르세요: {choices}.",
        "en": "There is no scenario called '{got}'. Choose one of: {choices}.",
    },
    "pipeline_births_type": {
        "ko": "출생아 수는 year와 births 열이 있는 표(kk.load(\"births\"))나 연도를 색인으로 하는 Series여야 합니다 "
              "(받은 값의 자료형: {got}).",
        "en": "Births must be a table with the columns year and births (kk.load(\"births\")) or a Series indexed by "
              "year (got a {got}).",
    },
    "pipeline_births_value": {
        "ko": "출생아 수는 모두 0보다 커야 합니다. 비어 있거나 0 이하인 해가 있는지 확인하세요.",
        "en": "Every year's births must be above 0: look for a missing or non-positive year.",
    },
    "pipeline_base_year": {
        "ko": "기준 연도 {base}년의 입학생은 {born}년생입니다({age}세에 입학). 출생아 표로 만들 수 있는 입학 연도는 "
              "{first}–{last}년입니다.",
        "en": "Those entering in the base year {base} were born in {born} (entering at {age}). The births table covers "
              "entry years {first}–{last}.",
    },
    "pipeline_by_year_empty": {
        "ko": "해마다 바뀌는 매개변수를 하나 이상 주세요. 예: simulate_by_year(params, cohort=코호트_시리즈)",
        "en": "Give at least one parameter that changes year by year, e.g. simulate_by_year(params, cohort=a_series)",
    },
    "pipeline_by_year_years": {
        "ko": "해마다의 값({names})은 모두 같은 연속된 연도(예: 2026, 2027, …)를 색인으로 가져야 합니다.",
        "en": "The values by year ({names}) must all be indexed by the same run of consecutive years (2026, 2027, …).",
    },
    "pipeline_ranges_type": {
        "ko": "범위는 {{매개변수 이름: 상대 폭}} 형태의 dict여야 합니다 (예: {{\"medical_pull\": 0.5}} = ±50%; "
              "받은 값의 자료형: {got}).",
        "en": "Ranges must be a dict of {{parameter: relative half-width}} (e.g. {{\"medical_pull\": 0.5}} = ±50%; "
              "got a {got}).",
    },
    "pipeline_ranges_keys": {
        "ko": "범위에 모르는 매개변수 이름이 있습니다: {unknown}. 쓸 수 있는 이름: {expected}.",
        "en": "The ranges name unknown parameters: {unknown}. Known parameters: {expected}.",
    },
    "pipeline_range_value": {
        "ko": "{name}의 범위는 0과 1 사이의 상대 폭이어야 합니다 (0.5 = 값의 절반에서 1.5배까지; 받은 값: {got!r}).",
        "en": "The range of {name} must be a relative half-width between 0 and 1 (0.5 = from half to 1.5 times the "
              "value; got {got!r}).",
    },
    "pipeline_band_exits": {
        "ko": "범위가 너무 넓습니다: {draws}번 중 {count}번은 {stock}에서 빠져나가는 비율의 합({rates})이 1을 넘습니다. "
              "범위를 좁히세요.",
        "en": "The ranges are too wide: in {count} of {draws} draws the shares leaving {stock} ({rates}) add up to "
              "more than 1. Narrow the ranges.",
    },
    "pipeline_percentiles": {
        "ko": "percentiles는 0–100 사이의 두 수 (아래, 위)여야 합니다 (예: (10, 90); 받은 값: {got!r}).",
        "en": "percentiles must be two numbers between 0 and 100, (lower, upper) (e.g. (10, 90); got {got!r}).",
    },
    # The composite index
    "index_method": {
        "ko": "알 수 없는 정규화 방법 '{got}'입니다. 다음 중 하나를 고르세요: {choices}.",
        "en": "Unknown normalisation method '{got}'. Choose one of: {choices}.",
    },
    "index_weights_type": {
        "ko": "가중치는 {{지표 이름: 가중치}} 형태의 dict여야 합니다 (받은 값의 자료형: {got}).",
        "en": "Weights must be a dict of {{pillar: weight}} (got a {got}).",
    },
    "index_unknown_pillar": {
        "ko": "알 수 없는 지표: {got}. 사용할 수 있는 지표: {choices}.",
        "en": "Unknown pillar(s): {got}. Available pillars: {choices}.",
    },
    "index_weight_value": {
        "ko": "{pillar}의 가중치는 0 이상의 숫자여야 합니다 (받은 값: {got!r}).",
        "en": "The weight of {pillar} must be a number of at least 0 (got {got!r}).",
    },
    "index_all_zero": {
        "ko": "가중치가 모두 0입니다. 적어도 한 지표에 0보다 큰 가중치를 주세요.",
        "en": "All weights are 0: give at least one pillar a weight above 0.",
    },
    # Compute gaps
    "compute_number": {"ko": "{name}은(는) 숫자여야 합니다 (받은 값: {got!r}).", "en": "{name} must be a number (got {got!r})."},
    "compute_minimum": {
        "ko": "{name}은(는) {minimum}보다 커야 합니다 (받은 값: {got}). 성장률은 0.5 = 연 50%처럼 씁니다.",
        "en": "{name} must be above {minimum} (got {got}). Growth is written as 0.5 for 50% a year.",
    },
    # Counting models
    "models_catalogue": {
        "ko": "알 수 없는 목록 '{got}'입니다. 다음 중 하나를 고르세요: {choices}.",
        "en": "Unknown catalogue '{got}'. Choose one of: {choices}.",
    },
    "models_rule": {
        "ko": "알 수 없는 집계 방식 '{got}'입니다. 다음 중 하나를 고르세요: {choices} (whole = 완전 계수, fractional = 분수 계수).",
        "en": "Unknown counting rule '{got}'. Choose one of: {choices}.",
    },
    "models_year": {"ko": "{name}은(는) 연도(정수)여야 합니다 (받은 값: {got!r}).", "en": "{name} must be a year, a whole number (got {got!r})."},
    "models_window": {
        "ko": "시작 연도({first})가 끝 연도({last})보다 늦습니다.",
        "en": "The first year ({first}) is after the last year ({last}).",
    },
    # Measures
    "measures_cagr": {
        "ko": "연평균 성장률에는 양수인 시작값, 음수가 아닌 끝값, 0보다 긴 기간이 필요합니다 (시작 {first}, 끝 {last}, 기간 {years}).",
        "en": "A growth rate needs a positive first value, a non-negative last value and a period above 0 (got {first}, {last}, {years}).",
    },
    "measures_indicator": {
        "ko": "알 수 없는 지표 '{got}'입니다. 다음 중 하나를 고르세요: {choices}.",
        "en": "Unknown indicator '{got}'. Choose one of: {choices}.",
    },
    "compute_choice": {
        "ko": "알 수 없는 값 '{got}'입니다. 다음 중 하나를 고르세요: {choices}.",
        "en": "Unknown value '{got}'. Choose one of: {choices}.",
    },
    # kk.measures.won_unit: amounts of won as each language counts them (조·억·만; trillion, billion, million)
    "won_unit_large": {"ko": "조 원", "en": "trillion KRW"},
    "won_unit_middle": {"ko": "억 원", "en": "billion KRW"},
    "won_unit_small": {"ko": "만 원", "en": "million KRW"},
    "measures_view": {
        "ko": "알 수 없는 관점 '{got}'입니다. 다음 중 하나를 고르세요: {choices}.",
        "en": "Unknown view '{got}'. Choose one of: {choices}.",
    },
    # Check my work
    "check_title": {"ko": "내 답안 채점 결과: {assignment}", "en": "Check my work: {assignment}"},
    "check_columns": {"ko": "문제|결과|점수|메시지", "en": "Part|Result|Points|Message"},
    "status_passed": {"ko": "통과", "en": "passed"},
    "status_failed": {"ko": "실패", "en": "failed"},
    "status_not_attempted": {"ko": "아직 풀지 않음", "en": "not attempted"},
    "status_manual": {"ko": "강사 채점", "en": "instructor grades"},
    "check_total": {"ko": "자동 채점 합계: {points} / {max_points}점", "en": "Automatic total: {points} / {max_points}"},
    "check_manual": {"ko": "서술형은 강사가 채점합니다 (합계에 포함되지 않음).", "en": "Written answers are graded by an instructor (not in the total)."},
    "check_not_attempted": {"ko": "답을 아직 쓰지 않았습니다.", "en": "No answer yet."},
    "check_hidden_failed": {
        "ko": "숨겨진 테스트를 통과하지 못했습니다. 문제의 조건을 다시 읽고 답을 확인하세요.",
        "en": "A hidden test failed: read the part's instructions again and check your answer.",
    },
    "check_failed_generic": {"ko": "점수를 받지 못했습니다.", "en": "No points for this part."},
    "check_visible_only": {
        "ko": "이 환경에는 강사용 원본(solutions/)이 없어 보이는 테스트만 실행했습니다. 실제 채점 결과와 다를 수 있습니다.",
        "en": "The instructor's source (solutions/) is not here, so only the visible tests were run; real grading may differ.",
    },
    "check_unsaved": {
        "ko": "저장되지 않은 변경이 있습니다 (실행했지만 저장하지 않은 셀 {count}개). Ctrl+S로 저장한 뒤 이 셀을 다시 실행하세요.",
        "en": "You have unsaved changes ({count} cells run but not saved). Save with Ctrl+S, then run this cell again.",
    },
    "check_missing": {
        "ko": "채점할 노트북을 찾지 못했습니다: {path}. 노트북을 저장했는지, 파일 이름이 바뀌지 않았는지 확인하세요.",
        "en": "Could not find the notebook to check: {path}. Make sure it is saved and has not been renamed.",
    },
    "check_unreadable": {
        "ko": "다음 파일을 읽을 수 없습니다: {path} ({reason}). 파일은 그대로 두었습니다. File → Revert Notebook to Checkpoint로 "
              "저장된 이전 상태를 되살리거나, exercises/의 새 사본에 답을 옮겨 적으세요.",
        "en": "Cannot read {path} ({reason}). The file was left as it is. Use File → Revert Notebook to Checkpoint, or "
              "copy your answers into a fresh copy from exercises/.",
    },
    "check_wrong_assignment": {
        "ko": "{path}에는 {assignment}의 답 셀이 없습니다. 이 연습문제의 노트북에서 실행했는지 확인하세요.",
        "en": "{path} has none of {assignment}'s answer cells. Check that you are running this in that exercise's notebook.",
    },
    "check_running": {"ko": "채점 중입니다… (10초쯤 걸립니다)", "en": "Checking… (about ten seconds)"},
    "progress_title": {"ko": "나의 진도", "en": "My progress"},
    "progress_columns": {"ko": "연습문제|최고 점수 (자동)|마지막 채점", "en": "Exercise|Best score (automatic)|Last checked"},
    "progress_not_yet": {"ko": "아직 채점하지 않음", "en": "not checked yet"},
    # Fact-checking
    "factcheck_verdict": {
        "ko": "알 수 없는 판정 '{got}'입니다. 다음 중 하나를 고르세요: {choices}.",
        "en": "Unknown verdict '{got}'. Choose one of: {choices}.",
    },
    "factcheck_claim": {"ko": "'{got}'(이)라는 주장은 없습니다. kk.load(\"seed_claims\")에서 claim_id를 확인하세요.",
                        "en": "There is no claim '{got}'. See the claim_id column of kk.load(\"seed_claims\")."},
    # Chart checklist
    "chart_no_data": {"ko": "그려진 데이터가 없습니다", "en": "no data is drawn"},
    "chart_no_title": {"ko": "제목이 없습니다 (결론을 담은 제목)", "en": "no title (one that states the finding)"},
    "chart_no_xlabel": {"ko": "가로축 이름이 없습니다 (단위 포함)", "en": "no x-axis label (with units)"},
    "chart_no_ylabel": {"ko": "세로축 이름이 없습니다 (단위 포함)", "en": "no y-axis label (with units)"},
    "chart_no_source": {"ko": "출처 줄이 없습니다 (kk.add_source)", "en": "no source line (kk.add_source)"},
    # Policy mixer
    "policy_budget": {"ko": "예산은 0 이상의 숫자(조 원/년)여야 합니다 (받은 값: {got!r}).",
                      "en": "The budget must be a number of at least 0 (trillion KRW a year; got {got!r})."},
    "policy_areas": {"ko": "배분은 다음 세 분야의 dict여야 합니다: {expected}.",
                     "en": "The split must be a dict over exactly these areas: {expected}."},
    "policy_shares": {"ko": "배분 비율은 0 이상이고 합이 1이어야 합니다 (받은 값: {got}).",
                      "en": "The shares must be at least 0 and add up to 1 (got {got})."},
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
    "stock_students": {"ko": "학생", "en": "Students"},
    "stock_early_career": {"ko": "경력 초기", "en": "Early career"},
    "stock_experienced": {"ko": "숙련 인력", "en": "Experienced"},
    "stock_abroad": {"ko": "해외의 한국 인재", "en": "Korean talent abroad"},
    "lever_cohort": {"ko": "AI 전공 입학 정원", "en": "AI study places"},
    "lever_medical_pull": {"ko": "의대 쏠림", "en": "Medical pull"},
    "lever_student_emigration": {"ko": "학생 유출률", "en": "Student emigration"},
    "lever_early_emigration": {"ko": "초기 인력 유출률", "en": "Early-career emigration"},
    "lever_experienced_emigration": {"ko": "숙련 인력 유출률", "en": "Experienced emigration"},
    "lever_return_rate": {"ko": "귀환율", "en": "Return rate"},
    "lever_foreign_inflow": {"ko": "외국 인재 유입 (명/년)", "en": "Foreign arrivals (people/year)"},
    "scenario_a": {"ko": "시나리오 A", "en": "Scenario A"},
    "scenario_b": {"ko": "비교 B", "en": "Compare B"},
    "years": {"ko": "기간 (년)", "en": "Years"},
    "people_axis": {"ko": "사람 수 (명)", "en": "People"},
    "year_axis": {"ko": "시작 후 연도 (년)", "en": "Years from start"},
    "pipeline_panel_title": {"ko": "{label}: {name}", "en": "{label}: {name}"},
    "tornado_title": {
        "ko": "어떤 정책 수단이 가장 강한가? (A의 각 정책 수단을 ±{pct}% 움직일 때)",
        "en": "Which lever is strongest? (each of A's levers moved ±{pct}%)",
    },
    "tornado_axis": {
        "ko": "{years}년 뒤 국내 AI 인력의 변화 (명)",
        "en": "Change in the domestic AI workforce after {years} years (people)",
    },
    "lever_lowered": {"ko": "정책 수단 -{pct}%", "en": "lever -{pct}%"},
    "lever_raised": {"ko": "정책 수단 +{pct}%", "en": "lever +{pct}%"},
    "pipeline_readout": {
        "ko": "{years}년 뒤 국내 AI 인력(경력 초기 + 숙련): <b>A {a:,.0f}명</b> · B {b:,.0f}명 "
              "(A가 B보다 <b>{diff:+.1%}</b>) · 해외의 한국 인재: A {abroad_a:,.0f}명, B {abroad_b:,.0f}명",
        "en": "Domestic AI workforce (early career + experienced) after {years} years: <b>A {a:,.0f}</b> · B {b:,.0f} "
              "(A is <b>{diff:+.1%}</b> against B) · Korean talent abroad: A {abroad_a:,.0f}, B {abroad_b:,.0f}",
    },
    "param_graduation_rate": {"ko": "졸업률", "en": "Graduation rate"},
    "param_promotion_rate": {"ko": "승진률", "en": "Promotion rate"},
    "param_retirement_rate": {"ko": "은퇴율", "en": "Retirement rate"},
    "band_toggle": {"ko": "불확실성 범위 보기", "en": "Show the uncertainty band"},
    "band_title": {
        "ko": "국내 AI 인력: 가정을 {draws}번 흔들어 본 범위",
        "en": "Domestic AI workforce: {draws} runs with the assumptions shaken",
    },
    "band_label": {"ko": "{label}: {low}–{high}백분위", "en": "{label}: {low}th–{high}th percentile"},
    "workforce_axis": {"ko": "국내 AI 인력 (명)", "en": "Domestic AI workforce (people)"},
    "band_ranges": {
        "ko": "흔든 가정(값의 상대 범위, 고르게 뽑음): {ranges}. 범위 자체도 가정입니다.",
        "en": "Assumptions shaken (relative range of each value, drawn uniformly): {ranges}. The ranges are "
              "assumptions too.",
    },
    "band_readout": {
        "ko": "가정을 {draws}번 흔들면 {years}년 뒤 국내 AI 인력의 가운데 {middle}%는 A {a_low:,.0f}–{a_high:,.0f}명, "
              "B {b_low:,.0f}–{b_high:,.0f}명 · 같은 가정끼리 비교해 <b>A가 B보다 많은 경우 {share:.0%}</b>",
        "en": "With the assumptions shaken {draws} times, the middle {middle}% of the domestic AI workforce after {years} "
              "years is A {a_low:,.0f}–{a_high:,.0f}, B {b_low:,.0f}–{b_high:,.0f} · compared draw by draw, "
              "<b>A is larger than B in {share:.0%}</b>",
    },
    "pillar_notable_models": {"ko": "주목할 만한 AI 모델", "en": "Notable AI models"},
    "pillar_large_scale_models": {"ko": "대규모 AI 모델", "en": "Large-scale AI models"},
    "pillar_compute": {"ko": "AI 컴퓨팅 (H100 환산)", "en": "AI compute (H100-eq.)"},
    "pillar_top500_share": {"ko": "TOP500 성능 점유율", "en": "TOP500 performance share"},
    "pillar_publications": {"ko": "AI 논문", "en": "AI publications"},
    "pillar_patents_per_million": {"ko": "100만 명당 AI 특허", "en": "AI patents per million"},
    "pillar_investment": {"ko": "AI 민간 투자", "en": "Private AI investment"},
    "method_minmax": {"ko": "최소-최대", "en": "Min-max"},
    "method_rank": {"ko": "순위", "en": "Rank"},
    "method_zscore": {"ko": "표준점수", "en": "Z-score"},
    "normalisation": {"ko": "정규화", "en": "Rescaling"},
    "per_capita": {"ko": "인구 100만 명당", "en": "Per million people"},
    "weights": {"ko": "가중치", "en": "Weights"},
    "index_title": {"ko": "종합 AI 지수: 가중치를 바꾸면 순위가 바뀐다", "en": "A composite AI index: change the weights, change the ranking"},
    "index_axis": {"ko": "종합 점수 ({method}{per_capita})", "en": "Composite score ({method}{per_capita})"},
    "per_capita_suffix": {"ko": ", 인구 대비", "en": ", per capita"},
    "index_readout": {
        "ko": "<b>한국</b>: {total}개국 중 <b>{rank}위</b> (점수 {score:.2f}) · 이 정규화에서 가중치(0·1·2)만 바꿔 "
              "얻을 수 있는 한국의 순위: 최고 {best}위 ~ 최저 {worst}위",
        "en": "<b>South Korea</b>: <b>#{rank}</b> of {total} (score {score:.2f}) · with this rescaling, weights of 0, 1 "
              "or 2 alone can put Korea anywhere from #{best} to #{worst}",
    },
    "comparator": {"ko": "비교 국가", "en": "Compare with"},
    "unit_h100": {"ko": "H100 환산", "en": "H100-eq."},
    "unit_gpus": {"ko": "GPU 대수, 기종 혼합 — H100 환산이 아님", "en": "GPUs of mixed kinds, not H100-eq."},
    "korea_start": {"ko": "한국의 출발점", "en": "Korea's start"},
    "start_documented": {"ko": "문서로 확인된 클러스터 (Epoch AI)", "en": "Documented clusters (Epoch AI)"},
    "start_nvidia": {"ko": "엔비디아 추정 설치 GPU (2025-10)", "en": "NVIDIA estimate of installed GPUs (2025-10)"},
    "korea_growth": {"ko": "한국 성장률 (%/년)", "en": "Korea's growth (%/year)"},
    "other_growth": {"ko": "비교 국가 성장률 (%/년)", "en": "Comparator's growth (%/year)"},
    "horizon": {"ko": "기간 (년)", "en": "Years ahead"},
    "compute_title": {"ko": "AI 컴퓨팅 격차: 한국과 {other} (로그 눈금)", "en": "The AI compute gap: Korea and {other} (log scale)"},
    "compute_axis": {"ko": "H100 환산 GPU 수 (로그 눈금)", "en": "H100-equivalent GPUs (log scale)"},
    "calendar_year": {"ko": "연도", "en": "Year"},
    "catch_up_line": {"ko": "따라잡는 해", "en": "Catch-up year"},
    "compute_readout_catch": {
        "ko": "출발점: 한국 {korea:,.0f} ({korea_unit}) · {other} {ahead:,.0f} (H100 환산) → 지금 성장률이면 <b>{year}년</b>에 따라잡습니다 ({years:.1f}년 뒤).",
        "en": "Start: Korea {korea:,.0f} ({korea_unit}) · {other} {ahead:,.0f} (H100-eq.) → at these growth rates Korea catches up in <b>{year}</b> ({years:.1f} years).",
    },
    "compute_readout_never": {
        "ko": "출발점: 한국 {korea:,.0f} ({korea_unit}) · {other} {ahead:,.0f} (H100 환산) → 지금 성장률로는 <b>따라잡지 못합니다</b>: 더 빨리 자라지 않으면 비율로 본 격차는 줄지 않습니다.",
        "en": "Start: Korea {korea:,.0f} ({korea_unit}) · {other} {ahead:,.0f} (H100-eq.) → at these growth rates Korea <b>never catches up</b>: unless it grows faster, the gap as a ratio never shrinks.",
    },
    "compute_readout_ahead": {
        "ko": "출발점: 한국 {korea:,.0f} ({korea_unit}) · {other} {ahead:,.0f} (H100 환산) → 한국이 <b>이미 앞서</b> 있습니다.",
        "en": "Start: Korea {korea:,.0f} ({korea_unit}) · {other} {ahead:,.0f} (H100-eq.) → Korea is <b>already ahead</b>.",
    },
    "catalogue": {"ko": "목록", "en": "Catalogue"},
    "catalogue_notable": {"ko": "주목할 만한 모델", "en": "Notable models"},
    "catalogue_large_scale": {"ko": "대규모 모델 (1e23 FLOP 초과)", "en": "Large-scale (> 1e23 FLOP)"},
    "year_range": {"ko": "발표 연도", "en": "Published"},
    "min_compute": {"ko": "최소 학습 연산량", "en": "Minimum training compute"},
    "no_threshold": {"ko": "제한 없음", "en": "none"},
    "counting_rule": {"ko": "집계 방식", "en": "Counting"},
    "rule_whole": {"ko": "완전 계수", "en": "Whole"},
    "rule_fractional": {"ko": "분수 계수", "en": "Fractional"},
    "compute_scatter_title": {"ko": "학습 연산량의 증가 (한국 모델 강조, 로그 눈금)", "en": "Training compute over time (Korean models highlighted, log scale)"},
    "compute_scatter_axis": {"ko": "학습 연산량 (FLOP, 로그 눈금)", "en": "Training compute (FLOP, log scale)"},
    "publication_date": {"ko": "발표일", "en": "Publication date"},
    "korean_models_label": {"ko": "한국 모델", "en": "Korean models"},
    "other_models_label": {"ko": "다른 나라 모델", "en": "Other models"},
    "models_title_static": {"ko": "AI 모델을 가장 많이 만든 나라", "en": "Who built the most AI models"},
    "models_axis_static": {"ko": "모델 수 (개)", "en": "Models"},
    "models_readout": {
        "ko": "{first}–{last}년 <b>한국</b>: {whole:.0f}개 (완전 계수) · {fractional:.1f}개 (분수 계수) · {rule} 기준 {countries}개국 중 <b>{rank}위</b>",
        "en": "{first}–{last}, <b>South Korea</b>: {whole:.0f} models (whole counting) · {fractional:.1f} (fractional) · <b>#{rank}</b> of {countries} countries by {rule} counting",
    },
    "models_readout_none": {"ko": "이 조건에 맞는 한국 모델이 없습니다.", "en": "No Korean model matches these choices."},
    "model_table_columns": {"ko": "모델|개발 기관|발표일|학습 연산량 (FLOP)|공개 방식", "en": "Model|Organisations|Published|Training compute (FLOP)|Access"},
    "indicator": {"ko": "지표", "en": "Indicator"},
    "indicator_publications": {"ko": "AI 논문 (편)", "en": "AI articles"},
    "indicator_semiconductor_patents": {"ko": "미국 반도체 특허 (건)", "en": "US semiconductor patents"},
    "indicator_investment": {"ko": "AI 민간 투자 (달러)", "en": "Private AI investment (USD)"},
    "view": {"ko": "관점", "en": "View"},
    "view_absolute": {"ko": "총량", "en": "Absolute"},
    "view_per_capita": {"ko": "인구 100만 명당", "en": "Per million people"},
    "view_share": {"ko": "세계 점유율 (%)", "en": "Share of world (%)"},
    "countries": {"ko": "국가", "en": "Countries"},
    "talent_title": {"ko": "{indicator}: {view}", "en": "{indicator}: {view}"},
    "talent_readout": {
        "ko": "<b>한국</b> {last_year}년: {value} · 선택한 나라 중 <b>{rank}위</b> · {first_year}–{last_year}년 연평균 성장률 {growth}",
        "en": "<b>South Korea</b> in {last_year}: {value} · <b>#{rank}</b> of the countries chosen · growth {first_year}–{last_year}: {growth} a year",
    },
    "talent_readout_missing": {"ko": "이 관점에서는 한국의 값이 없습니다.", "en": "Korea has no value in this view."},
    "verdict_supported": {"ko": "뒷받침됨", "en": "Supported"},
    "verdict_depends_on_definition": {"ko": "정의에 따라 다름", "en": "Depends on the definition"},
    "verdict_not_supported": {"ko": "뒷받침되지 않음", "en": "Not supported"},
    "verdict_cannot_check": {"ko": "이 데이터로는 확인 불가", "en": "Cannot be checked with this data"},
    "claim": {"ko": "주장", "en": "Claim"},
    "your_verdict": {"ko": "내 판정", "en": "Your verdict"},
    "reveal": {"ko": "근거 보기", "en": "Show the evidence"},
    "claim_card": {
        "ko": "<blockquote>{quote}</blockquote><p>{gloss}</p><p><small>출처: {article} · 기사가 밝힌 출처: {claimed}</small></p>",
        "en": "<blockquote>{quote}</blockquote><p>{gloss}</p><p><small>Source: {article} · source the article names: {claimed}</small></p>",
    },
    "not_named": {"ko": "없음", "en": "none"},
    "verdict_feedback": {
        "ko": "{mark} 키트의 판정: <b>{verdict}</b><br>{evidence}",
        "en": "{mark} The kit's verdict: <b>{verdict}</b><br>{evidence}",
    },
    "claim_score": {"ko": "지금까지 키트와 같은 판정: {right} / {tried}", "en": "Verdicts matching the kit so far: {right} / {tried}"},
    "claim_vs_data": {"ko": "기사의 숫자와 데이터의 숫자", "en": "The article's number and the data's"},
    "claim_bar": {"ko": "기사", "en": "Article"},
    "data_bar": {"ko": "데이터", "en": "Data"},
    "budget": {"ko": "AI 예산 (조 원/년)", "en": "AI budget (trillion KRW/yr)"},
    "area_compute": {"ko": "컴퓨팅 (GPU 구매)", "en": "Compute (buy GPUs)"},
    "area_talent": {"ko": "인재 (AI 전공 정원)", "en": "Talent (AI study places)"},
    "area_startups": {"ko": "스타트업 지원", "en": "Start-up support"},
    "policy_warning": {
        "ko": "⚠️ <b>예시 모형</b>입니다. 예측이 아니라, 아래 가정이 맞다면 2026–2030년 예산이 무엇을 살 수 있는지 보여 줍니다.",
        "en": "⚠️ An <b>illustrative model</b>, not a forecast: what the 2026–2030 budget could buy if the assumptions below hold.",
    },
    "policy_readout": {
        "ko": "배분: 컴퓨팅 {c:.0%} · 인재 {t:.0%} · 스타트업 {s:.0%} → 2030년까지 <b>GPU {gpus:,.0f}장</b> 구매 "
              "(문서로 확인된 한국 컴퓨팅 {today:,.0f} → {compute:,.0f} H100 환산) · AI 전공 정원 연 <b>{intake:,.0f}명</b> 추가 "
              "(2030년 국내 AI 인력 +{workforce:,.0f}명, 재학생 +{students:,.0f}명) · 스타트업 <b>{startups:,.0f}곳</b> 지원",
        "en": "Split: compute {c:.0%} · talent {t:.0%} · start-ups {s:.0%} → by 2030 <b>{gpus:,.0f} GPUs</b> bought "
              "(Korea's documented compute {today:,.0f} → {compute:,.0f} H100-eq.) · <b>{intake:,.0f}</b> extra AI study "
              "places a year (+{workforce:,.0f} in the domestic AI workforce, +{students:,.0f} students in 2030) · "
              "<b>{startups:,.0f}</b> start-ups supported",
    },
    "policy_panel_compute": {"ko": "컴퓨팅 (H100 환산)", "en": "Compute (H100-eq.)"},
    "policy_panel_talent": {"ko": "늘어난 인재 (명)", "en": "Extra people"},
    "policy_panel_startups": {"ko": "지원한 스타트업 (곳)", "en": "Start-ups supported"},
    "policy_today": {"ko": "지금", "en": "Today"},
    "policy_2030": {"ko": "2030", "en": "2030"},
    "policy_workforce": {"ko": "인력", "en": "Workforce"},
    "policy_students": {"ko": "재학생", "en": "Students"},
    "policy_title": {"ko": "2030년까지 예산이 사는 것 (예시 모형)", "en": "What the budget buys by 2030 (illustrative)"},
    "rules_jurisdiction": {"ko": "지역은 {choices} 가운데 하나여야 합니다 (받은 값: {got!r}).",
                           "en": "The jurisdiction must be one of {choices} (got {got!r})."},
    "power_input": {"ko": "{name}은(는) {minimum} 이상의 숫자여야 합니다 (받은 값: {got!r}).",
                    "en": "{name} must be a number of at least {minimum} (got {got!r})."},
    "unit_watts_per_gpu": {"ko": "W / GPU (전체 시설 포함)", "en": "W per GPU (whole facility)"},
    "basis_watts_per_gpu": {
        "ko": "가동 중인 H100 클러스터 {n}곳의 전력 ÷ 칩 수의 중앙값 (범위 {low:,.0f}–{high:,.0f} W, Epoch AI)",
        "en": "median of power ÷ chips over {n} existing H100 clusters (range {low:,.0f}–{high:,.0f} W, Epoch AI)"},
    "unit_overhead": {"ko": "배 (PUE 같은 곱)", "en": "times (a PUE-like factor)"},
    "basis_overhead": {"ko": "가정: 위의 와트가 이미 시설 전체를 담으므로 더하지 않음",
                       "en": "assumption: the watts above already cover the whole facility, so nothing is added"},
    "rules_date": {"ko": "날짜", "en": "Date"},
    "rules_title": {"ko": "{date}에 적용되는 AI 규칙", "en": "AI rules that apply on {date}"},
    "rules_columns": {"ko": "지역|법|적용되는 것|적용일|출처의 종류", "en": "Where|Law|What applies|From|Kind of source"},
    "rules_none": {"ko": "아직 적용되는 것이 없음", "en": "nothing applies yet"},
    "rules_superseded": {"ko": "바뀐 원래 적용일 (적용되지 않음)", "en": "Original dates that were moved (do not apply)"},
    "rules_scheduled": {"ko": "뒤에 적용 예정", "en": "Scheduled for later"},
    "rules_previous": {"ko": "◀ 이전 사건", "en": "◀ Previous event"},
    "rules_next": {"ko": "다음 사건 ▶", "en": "Next event ▶"},
    "rules_blog_note": {"ko": "* 블로그·2차 자료에서 읽은 날짜 (EUR-Lex 원문 아님)",
                        "en": "* date read on a blog or secondary page (not EUR-Lex)"},
    "unit_gpu_cost": {"ko": "GPU 1장당 원", "en": "KRW per GPU"},
    "basis_gpu_cost": {"ko": "계산: 1.46조 원으로 GPU 1만 장 (2025년 추가경정예산)",
                       "en": "derived: 1.46 trillion KRW for 10,000 GPUs (2025 supplementary budget)"},
    "unit_startup_cost": {"ko": "스타트업 1곳당 원", "en": "KRW per start-up"},
    "basis_startup_cost": {"ko": "인용: 지원 스타트업 1곳당 사업화 최대 6억 원 + R&D 5억 원",
                           "en": "cited: up to 600 million KRW commercialisation + 500 million KRW R&D per supported start-up"},
    "unit_student_year": {"ko": "늘린 정원 1명당 1년 원", "en": "KRW per extra student a year"},
    "basis_student_year": {"ko": "가정: 키트에 근거 숫자가 없음. 정원·교원·지원을 아우른 어림수",
                           "en": "assumption: no figure in the kit; a round number for places, staff and support"},
    "unit_gpu_as_h100": {"ko": "산 GPU 1장당 H100 환산", "en": "H100-equivalents per GPU bought"},
    "basis_gpu_as_h100": {"ko": "가정: 새 GPU 1장을 H100 1장으로 셈 (최신 칩은 더 빠르고, 옛 칩은 더 느림)",
                          "en": "assumption: a new GPU counts as one H100 (newer chips are faster, older ones slower)"},
    "assumption_columns": {"ko": "가정|값|단위|근거", "en": "Assumption|Value|Unit|Basis"},
    "korea_absent": {
        "ko": "<b>한국</b>은 이 목록에 없습니다.",
        "en": "<b>South Korea</b> is not in this list.",
    },
    # kaikit grade (instructors): one reason per integrity flag
    "flag_unreadable": {"ko": "읽을 수 없는 파일 ({detail}): 0점", "en": "unreadable file ({detail}): 0 points"},
    "flag_converted": {"ko": "옛 형식을 변환해 채점 ({detail})", "en": "old format converted and graded ({detail})"},
    "flag_wrong_assignment": {"ko": "다른 과제의 노트북 ({detail}): 0점", "en": "another assignment's notebook ({detail}): 0 points"},
    "flag_duplicated_cells": {"ko": "복제·분할된 셀 정리 (코드는 모두 실행, 마지막 것을 채점): {detail}",
                              "en": "duplicated or split cells merged (all code runs; the last copy is graded): {detail}"},
    "flag_moved_cells": {"ko": "옮겨진 셀을 원래 순서로 되돌림", "en": "moved cells put back in order"},
    "flag_deleted_cells": {"ko": "지워진 셀을 되살림 (빈 답은 0점): {detail}", "en": "deleted cells restored (an empty answer scores 0): {detail}"},
    "flag_cell_type_changed": {"ko": "셀 종류를 원래대로 되돌림: {detail}", "en": "cell type restored: {detail}"},
    "flag_metadata_changed": {"ko": "채점 메타데이터(배점 등) 수정을 되돌림: {detail}", "en": "grading metadata (points etc.) edited, restored: {detail}"},
    "flag_tests_edited": {"ko": "테스트 셀 수정 (강사의 테스트로 채점): {detail}", "en": "test cells edited (graded with the instructor's tests): {detail}"},
    "flag_locked_edited": {"ko": "잠긴 셀 수정 (원래대로 채점): {detail}", "en": "locked cells edited (restored): {detail}"},
    "flag_patched_helper": {"ko": "테스트가 쓰는 이름을 다른 것으로 덮어씀 (그 테스트만 0점): {detail}",
                            "en": "redefined a name the tests use (only those tests score 0): {detail}"},
    "flag_grading_hook": {"ko": "채점기를 조작할 수 있는 코드: {detail}", "en": "code that can tamper with the grader: {detail}"},
    "flag_always_equal": {"ko": "무엇과도 '같다'고 답하는 객체: {detail}", "en": "an object that claims to equal anything: {detail}"},
    "flag_exits": {"ko": "커널을 끝내는 코드: {detail}", "en": "code that ends the kernel: {detail}"},
    "flag_dynamic_code": {"ko": "문자열 코드 실행: {detail}", "en": "runs code from strings: {detail}"},
    "flag_processes": {"ko": "다른 프로세스를 띄우는 코드 (채점 뒤에도 남을 수 있음): {detail}",
                       "en": "starts other processes (they may outlive grading): {detail}"},
    "flag_outside_files": {"ko": "자기 폴더 밖의 파일을 씀: {detail}", "en": "writes files outside its folder: {detail}"},
    "flag_timeout": {"ko": "시간 초과: {detail}", "en": "timed out: {detail}"},
    "flag_kernel_crashed": {"ko": "커널이 죽음: 처음부터 끝까지 실행되지 않는 노트북, 자동 채점 0점 (서술형은 채점 대기)",
                            "en": "kernel crashed: the notebook cannot run top to bottom; 0 automatic points (written answers still to grade)"},
    "flag_grading_error": {"ko": "채점 오류: {detail}", "en": "grading error: {detail}"},
    "flag_big_output": {"ko": "출력이 너무 커서 잘림: {detail}", "en": "output too large, truncated: {detail}"},
    "course_not_writable": {
        "ko": "{root}에 grading/ 폴더를 만들 수 없습니다({error}). 강의 폴더(nbgrader_config.py가 있는 곳)에서 실행하거나 "
              "--course로 지정하세요.",
        "en": "cannot create grading/ in {root} ({error}). Run this in the course folder (the one with "
              "nbgrader_config.py) or name it with --course."},
    "flag_course_files_changed": {"ko": "채점 중 강의 파일이 바뀜: {detail}", "en": "course files changed during grading: {detail}"},
    "flag_withheld": {"ko": "자동 점수를 0으로 보류 (검토 뒤 formgrader에서 점수를 고칠 수 있음){detail}",
                      "en": "automatic points held at 0 for review (an instructor can change the score in formgrader){detail}"},
    "grade_eta": {"ko": "남은 시간 약 {minutes}분 {seconds}초", "en": "about {minutes} min {seconds} s left"},
    "grade_resuming": {"ko": "이어서 채점합니다: {total}개 중 {count}개는 지난번에 끝나 다시 채점하지 않습니다.",
                       "en": "Resuming: {count} of {total} submissions were finished last time and are not graded again."},
    "grade_interrupted": {"ko": "채점을 멈췄습니다. 같은 명령을 다시 실행하면 끝난 제출물은 건너뛰고 이어서 채점합니다 ({path}).",
                          "en": "Grading stopped. Run the same command again to resume; finished submissions are kept ({path})."},
    "grade_summary": {"ko": "제출물 {total}개 중 {graded}개 채점, {flagged}개에 표시가 있습니다. 자세한 내용: {path}",
                      "en": "{graded} of {total} submissions graded; {flagged} flagged. Details: {path}"},
    "grade_nothing": {"ko": "채점할 제출물이 없습니다: {folder}에 학생별 노트북을 넣으세요 (nbgrader collect 또는 zip_collect).",
                      "en": "No submissions to grade: put each student's notebook in {folder} (nbgrader collect or zip_collect)."},
    # the course map (docs/course-map.*.md, generated by `kaikit coursemap`)
    "map_title": {"ko": "강의 지도", "en": "Course map"},
    "map_intro": {"ko": "강의 {lessons}개, 수업과 실습을 합쳐 약 {hours}시간. 노트북에서 자동으로 만든 표입니다.",
                  "en": "{lessons} lessons, about {hours} hours of teaching and exercises. Generated from the notebooks."},
    "map_columns": {"ko": "강의|시간 (수업 + 실습, 분)|위젯|연습문제 (점수)",
                    "en": "Lesson|Minutes (teaching + exercises)|Widgets|Exercise (points)"},
    "map_minutes": {"ko": "수업 {teaching}분 · 실습 {exercise}분", "en": "Teaching {teaching} min · exercises {exercise} min"},
    "map_objectives": {"ko": "학습 목표", "en": "Learning objectives"},
    "map_datasets": {"ko": "쓰는 데이터셋", "en": "Datasets used"},
    "map_widgets": {"ko": "위젯", "en": "Widgets"},
    "map_assignment": {"ko": "연습문제", "en": "Exercise"},
    "map_part_columns": {"ko": "채점 항목|방식|점수|재는 학습 목표", "en": "Graded part|How|Points|Objective measured"},
    "map_written": {"ko": "서술 (강사 채점)", "en": "written (instructor)"},
    "map_automatic": {"ko": "자동 채점", "en": "automatic"},
    "map_unmeasured": {"ko": "연습문제에서 채점하지 않는 학습 목표: {objectives} (수업 중 토론이나 위젯 활동으로 다룹니다).",
                       "en": "Objectives no graded part measures: {objectives} (covered by discussion and the widget in class)."},
    "map_generated": {"ko": "_`kaikit coursemap`(또는 `make docs`)이 노트북에서 만든 파일입니다. 직접 고치지 마세요._",
                      "en": "_Generated from the notebooks by `kaikit coursemap` (or `make docs`). Do not edit by hand._"},
    "grade_unknown_assignment": {"ko": "'{assignment}' 과제가 없습니다.{suggestion} 있는 과제: {available}",
                                 "en": "There is no assignment '{assignment}'.{suggestion} Assignments: {available}"},
    # regrading, late work and file names (kaikit grade)
    "grade_no_submission": {"ko": "{student} 학생의 {assignment} 제출물이 없어 건너뜁니다.{suggestion}",
                            "en": "No submission of {assignment} from {student}; skipped.{suggestion}"},
    "grade_unchanged": {"ko": "지난 채점 뒤로 바뀐 것이 없는 제출물 {count}개는 다시 채점하지 않습니다: {students}. "
                              "모두 다시 채점하려면 --force (formgrader에서 준 점수는 어느 쪽이든 그대로 둡니다).",
                        "en": "{count} submissions unchanged since they were graded are not graded again: {students}. "
                              "--force regrades everything (grades given in formgrader are kept either way)."},
    "grade_summary_unchanged": {"ko": "(바뀌지 않아 다시 채점하지 않은 것 {count}개 포함)",
                                "en": "({count} of them unchanged, not graded again)"},
    "flag_review_grade": {"ko": "손으로 준 점수는 그대로 두었지만 다시 볼 것: {detail}",
                          "en": "grades given by hand were kept, but check them: {detail}"},
    "doubt_answer_changed": {"ko": "{grade_id}에 {manual}점을 준 뒤로 답이 바뀜",
                             "en": "{grade_id}: the answer changed after it was given {manual}"},
    "doubt_auto_changed": {"ko": "{grade_id}의 손 점수 {manual}점은 그대로, 자동 점수는 {before} → {after}",
                           "en": "{grade_id}: manual score {manual} kept; the automatic score went {before} → {after}"},
    "flag_late": {"ko": "늦은 제출: {detail}", "en": "late: {detail}"},
    "late_detail": {"ko": "마감보다 {delay} 늦음, 감점 {penalty}점", "en": "{delay} after the due date, penalty {penalty} points"},
    "unit_days": {"ko": "{n}일", "en": "{n} d"},
    "unit_hours": {"ko": "{n}시간", "en": "{n} h"},
    "unit_minutes": {"ko": "{n}분", "en": "{n} min"},
    "not_graded_note": {"ko": "자동 채점하지 못한 제출물입니다", "en": "This submission could not be autograded"},
    # details of flags, said in the reader's language (kaikit.i18n.say)
    "detail_empty_file": {"ko": "빈 파일", "en": "empty file"},
    "detail_not_json": {"ko": "JSON 형식이 아님: {error}", "en": "not valid JSON: {error}"},
    "detail_not_notebook": {"ko": "Jupyter 노트북이 아님 (셀이 없음)", "en": "not a Jupyter notebook (no cells)"},
    "detail_nbformat": {"ko": "nbformat {version} 형식은 읽을 수 없음 (4가 필요)",
                        "en": "nbformat {version} is not supported (expected 4)"},
    "detail_malformed": {"ko": "망가진 노트북: {error}", "en": "malformed notebook: {error}"},
    "detail_converted": {"ko": "nbformat {version} → 4", "en": "nbformat {version} → 4"},
    "detail_no_answer_cell": {"ko": "이 과제의 답 셀이 하나도 없음", "en": "no answer cell of this assignment"},
    "detail_other_cells": {"ko": "이 과제의 답 셀이 하나도 없음, 다른 노트북의 셀이 있음: {cells}",
                           "en": "no answer cell of this assignment; found cells of another notebook: {cells}"},
    "detail_whole_notebook": {"ko": "노트북 전체", "en": "the whole notebook"},
    "detail_a_cell": {"ko": "어느 셀", "en": "a cell"},
    "detail_checksum": {"ko": "nbgrader가 테스트 셀의 체크섬이 바뀐 것을 찾음", "en": "nbgrader reported a changed checksum"},
    "flag_no_notebook": {"ko": "제출 폴더에 노트북이 없음 (필요한 파일: {detail}): 0점",
                         "en": "no notebook in the submission folder (expected {detail}): 0 points"},
    "flag_several_notebooks": {"ko": "노트북이 여러 개라 채점할 것을 알 수 없음 ({detail}): 0점. 채점할 파일의 이름을 바꾸세요",
                               "en": "several notebooks, none named for the assignment ({detail}): 0 points; rename the one to grade"},
    "flag_renamed_file": {"ko": "폴더에 하나뿐인 노트북을 다른 이름 그대로 채점함: {detail}",
                          "en": "graded the folder's only notebook, named differently: {detail}"},
    "flag_patched_library": {"ko": "테스트가 쓰는 라이브러리 함수를 바꿔치기함: {detail}",
                             "en": "replaced a library function the tests use: {detail}"},
    "feedback_done": {"ko": "피드백 {count}개 → {path}", "en": "{count} feedback files → {path}"},
    "feedback_not_graded_yet": {"ko": "아직 채점하지 않아 피드백을 만들지 않은 학생: {students} (먼저 kaikit grade {assignment})",
                                "en": "No feedback for students not graded yet: {students} (run kaikit grade {assignment} first)"},
    # export
    "export_student": {"ko": "학생 {count}명", "en": "{count} student"},
    "export_students": {"ko": "학생 {count}명", "en": "{count} students"},
    "export_done": {"ko": "{students}의 점수를 {path}에 썼습니다 (과제: {assignments}).",
                    "en": "Wrote grades for {students} to {path} (assignments: {assignments})."},
    "export_left_out": {"ko": "제출물이 하나도 없는 과제는 뺐습니다: {assignments} (넣으려면 --assignment로 지정하세요).",
                        "en": "Left out the assignments with no submission yet: {assignments} (name them with "
                              "--assignment to include them)."},
    "export_not_in_roster": {"ko": "명단에 없는 {students}({names})의 점수는 {path}에 따로 썼습니다.",
                             "en": "{students} not in the roster ({names}): their grades are in {path}."},
    "export_no_submission": {"ko": "{assignment}: 명단의 {students}이 제출하지 않아 빈칸으로 두었습니다: {names}",
                             "en": "{assignment}: no submission from {students} in the roster (left empty): {names}"},
    "export_late": {"ko": "늦은 제출: {student}, {assignment}, 마감보다 {delay} 늦음, 점수 {raw} − 감점 {penalty} = {score}",
                    "en": "Late: {student}, {assignment}, {delay} after the due date; score {raw} − penalty {penalty} "
                          "= {score}"},
    "export_nothing": {"ko": "내보낼 점수가 없습니다: 성적부(gradebook)에 제출물이 있는 과제가 아직 없습니다 "
                             "(먼저 kaikit grade 과제이름).",
                       "en": "Nothing to export: no assignment has a submission in the gradebook yet (run kaikit grade "
                             "ASSIGNMENT first)."},
    "export_unknown_assignment": {"ko": "성적부(gradebook)에 '{assignment}' 과제가 없습니다.{suggestion} 있는 과제: {available}",
                                  "en": "There is no assignment '{assignment}' in the gradebook.{suggestion} "
                                        "Assignments: {available}"},
    "export_unknown_format": {"ko": "알 수 없는 형식 '{format}'입니다. 다음 중 하나를 고르세요: {choices}",
                              "en": "Unknown format '{format}': choose one of {choices}"},
    "export_needs_roster": {"ko": "{format} 형식에는 학생마다 LMS의 id를 잇는 명단이 필요합니다 (--roster roster.csv).",
                            "en": "The {format} format needs a roster (--roster roster.csv) to give each student the "
                                  "LMS's id."},
    "export_roster_columns": {"ko": "{path}: 명단에는 student_id 열(nbgrader의 학생 id)이 있어야 합니다. 있는 열: {columns}",
                              "en": "{path}: a roster needs a student_id column (the nbgrader student id); it has "
                                    "{columns}"},
    "export_roster_empty_id": {"ko": "{path} {line}번째 줄: student_id가 비어 있습니다.",
                               "en": "{path}, line {line}: empty student_id"},
    "export_roster_twice": {"ko": "{path} {line}번째 줄: student_id '{student}'이(가) 두 번 나옵니다.",
                            "en": "{path}, line {line}: student_id '{student}' appears twice"},
    # check my work (student copy)
    "status_unchecked": {"ko": "여기서는 확인하지 않음", "en": "not checked here"},
    "check_unchecked": {"ko": "숨겨진 테스트는 강사가 채점할 때 실행됩니다.", "en": "Hidden tests run when your instructor grades."},
    "check_total_visible": {
        "ko": "여기서 확인한 부분: {points} / {max_points}점 · 숨겨진 테스트가 있는 {hidden}점은 강사가 채점할 때 확인됩니다",
        "en": "Checked here: {points} / {max_points} points; {hidden} points with hidden tests are checked when your "
              "instructor grades",
    },
    "check_part": {"ko": "문제 {number}", "en": "Part {number}"},
    "check_part_hidden": {"ko": "{part} (숨겨진 테스트 포함)", "en": "{part} (with hidden tests)"},
    "check_hidden_failed_function": {
        "ko": "숨겨진 테스트를 통과하지 못했습니다. 다른 입력이나 극단적인 경우에도 함수가 맞게 동작하는지 확인하세요.",
        "en": "A hidden test failed: check that your function works for other inputs and edge cases too.",
    },
    "check_hidden_failed_value": {
        "ko": "숨겨진 테스트를 통과하지 못했습니다. 값이 아직 맞지 않습니다. 무엇을 세는지(어떤 행, 어떤 기간인지)와 단위를 확인하세요.",
        "en": "A hidden test failed: the value is not right yet. Check what you count (which rows, which years) and the units.",
    },
    "check_hidden_failed_chart": {
        "ko": "숨겨진 테스트를 통과하지 못했습니다. 차트가 아직 맞지 않습니다. 어떤 행을 그리는지, 축의 값과 단위를 확인하세요.",
        "en": "A hidden test failed: the chart is not right yet. Check which rows you plot, and each axis's values and units.",
    },
    "check_answer_error": {"ko": "{part}의 답 셀에서 오류가 났습니다{line}: {error}",
                           "en": "Your answer to {part} raised an error{line}: {error}"},
    "check_line": {"ko": " ({line}번째 줄)", "en": " (line {line})"},
    "check_lesson": {"ko": "이 노트북은 연습문제가 아니라 수업입니다: {path}. 채점할 답이 없습니다. 연습문제는 exercises/ 폴더에 있습니다.",
                     "en": "This is a lesson, not an exercise: {path}. There are no answers to check; the exercises are "
                           "in exercises/."},
    "check_unknown_assignment": {"ko": "이 키트에 없는 연습문제 이름입니다: {name}.{suggestion} 연습문제: {available}.",
                                 "en": "There is no exercise called {name} in this kit.{suggestion} Exercises: {available}."},
    "check_name_option": {"ko": " 파일 이름과 상관없이 채점하려면 --assignment 다음에 연습문제 이름을 쓰세요.",
                          "en": " To check it whatever the file is called, give the exercise with --assignment NAME."},
    "check_assignment_from_name": {
        "ko": "파일 이름({path})이 연습문제 이름과 달라서, 이름에 들어 있는 연습문제 {assignment} 기준으로 채점했습니다.",
        "en": "The file name ({path}) is not an exercise's name; it contains {assignment}, so it was checked as {assignment}.",
    },
    "interrupted": {"ko": "중단했습니다.", "en": "Interrupted."},
    "check_timeout": {"ko": "셀마다 주어진 시간 안에 끝나지 않았습니다. 끝나지 않는 반복문이 있는지 확인하세요.",
                      "en": "It did not finish in the time each cell is given: look for a loop that never ends."},
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
    parts = [(days, "unit_days"), (hours, "unit_hours")] if days else [(hours, "unit_hours"), (minutes, "unit_minutes")]
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
    """The message ``key`` in the current language, with ``values`` filled in."""
    return MESSAGES[key][get_language()].format(**values)
