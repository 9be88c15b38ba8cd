"""``appraise report``: the HTML page's parts and numbers (the overview's equal to what
score's JSON gives), its words in both languages, what a scheme or data file wrote kept
as text, the page self-contained, and bad input ending as score's does, with nothing
written. What a browser makes of the page: tests/test_report_browser.py."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise import i18n
from appraise.cli import main
from appraise.report import html_report as page

SCHEME, DATA = "schemes/examples/sales_company.yaml", "schemes/examples/2026-Q1.csv"
CASCADE, MONTHS = "schemes/examples/cascade_company.yaml", "schemes/examples/2026-months.csv"


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def made(tmp_path: Path, *args: str) -> str:
    out = tmp_path / "report.html"
    code, output = run("report", *args, "-o", str(out))
    assert code == 0, output
    return out.read_text(encoding="utf-8")


def records(html: str) -> list[list[str | None]]:
    found = re.search(r'<script type="application/json" id="people-data">(.*?)</script>', html)
    assert found is not None
    people: list[list[str | None]] = json.loads(found.group(1))
    return people


def headings(html: str) -> list[str]:
    return re.findall(r"<h[123]>(.*?)</h[123]>", html)


def stats(html: str) -> dict[str, str]:
    return dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html))


def test_the_overview_equals_what_score_gives(tmp_path: Path) -> None:
    _code, output = run("score", SCHEME, "--data", DATA, "--format", "json")
    scored = json.loads(output[output.index("{"):])
    people = scored["people"]
    html = made(tmp_path, SCHEME, "--data", DATA, "--lang", "en")
    totals = [Decimal(str(p["total"])).quantize(Decimal("0.01")) for p in people]
    average = (sum(totals) / len(totals)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    bonus = sum(Decimal(str(p["bonus"])) for p in people)
    assert stats(html) == {"People": str(len(people)), "Average total": str(average),
                           "Total bonus": f"{bonus:,.2f} CNY"}
    assert stats(html) == {"People": "12", "Average total": "82.85",
                           "Total bonus": "324,000.00 CNY"}
    grades = Counter(f"{p['grade']} {p['grade_label']}" for p in people)
    rows = re.findall(r'<tr><td>(.*?)</td><td class="n">(\d+)</td><td class="n">(.*?)</td>',
                      html)
    assert rows == [("A 优秀", "4", "33.3%"), ("B 良好", "3", "25.0%"), ("C 合格", "4", "33.3%"),
                    ("D 待改进", "0", "0.0%"), ("E 不合格", "1", "8.3%")]
    assert {g: int(n) for g, n, _ in rows if int(n)} == dict(grades)
    assert f'<td class="fingerprint">{scored["scheme"]["fingerprint"]}</td>' in html
    assert f'<td class="fingerprint">{scored["data"]["fingerprint"]}</td>' in html
    assert "<tr><th>Scheme</th><td>华东智联销售有限公司 2026年度绩效考核方案 " \
        "(huadong_sales_2026)</td></tr><tr><th>Period</th><td>2026-Q1</td></tr>" \
        "<tr><th>Scheme file</th><td>schemes/examples/sales_company.yaml</td></tr>" in html


def test_each_persons_card_is_the_table_line_and_the_words_explain_prints(
        tmp_path: Path) -> None:
    html = made(tmp_path, SCHEME, "--data", DATA, "--lang", "zh")
    people = records(html)
    assert [p[0] for p in people] == ["GM01", "SD01", "KA03", "KA01", "KA02", "SR02", "SR01",
                                      "SR05", "SR03", "SR06", "SR04", "MD01"]  # as the table
    sr01 = next(p for p in people if p[0] == "SR01")
    _code, explained = run("explain", SCHEME, "--data", DATA, "--person", "SR01", "--lang", "zh")
    assert sr01[:7] == ["SR01", "张伟", "销售代表，销售部", "94.80", "B 良好", "20,000.00 CNY",
                        "排名 2/6"]
    assert sr01[7] == explained[explained.index("张伟（SR01）"):]
    assert next(p for p in people if p[0] == "SR04")[3:5] == ["0.00 否决", "E 不合格"]


def test_a_scheme_kept_by_month_is_reported_for_a_period(tmp_path: Path) -> None:
    html = made(tmp_path, CASCADE, "--data", MONTHS, "--period", "2026-Q1", "--lang", "en")
    assert "<title>Appraisal report: 华夏优选销售有限公司 2026年度绩效考核方案 — 2026-Q1 " \
        "(2026-01 to 2026-03)</title>" in html
    assert stats(html) == {"People": "39", "Average total": "88.04",
                           "Total bonus": "645,600.00 CNY"}
    people = records(html)
    assert len(people) == 39 and people[3][:7] == [
        "B05", "陈宇航", "北京销售代表, 北京销售部", "105.33", "A 优秀", "14,400.00 CNY",
        "rank 1 of 10"]
    assert str(people[3][7]).startswith("陈宇航 (B05) — 北京销售代表, 北京销售部\n")


def test_the_words_of_the_page_in_english_and_in_chinese(tmp_path: Path) -> None:
    english = made(tmp_path, SCHEME, "--data", DATA, "--lang", "en")
    assert headings(english) == [
        "Appraisal report", "Overview", "Charts", "Grade distribution",
        "Average total by unit", "Distribution of totals", "Target achievement by indicator",
        "Scorecards"]
    assert '<html lang="en">' in english
    assert '<input type="search" id="search" placeholder="Search by id or name" ' \
        'aria-label="Search by id or name">' in english
    assert "<p class=\"note\">Open a scorecard to see every step of the score, as appraise " \
        "explain shows it.</p>" in english
    chinese = made(tmp_path, SCHEME, "--data", DATA, "--lang", "zh")
    assert headings(chinese) == ["绩效考核报告", "总览", "图表", "等级分布", "各部门平均总分",
                                 "总分分布", "各指标目标达成情况", "个人考核表"]
    assert '<html lang="zh-CN">' in chinese
    assert stats(chinese) == {"人数": "12", "平均总分": "82.85",
                              "奖金总额": "324,000.00 CNY"}
    assert "<thead><tr><th>等级</th><th>人数</th><th>占比</th></tr></thead>" in chinese
    assert "<tr><th>考核方案</th><td>" in chinese and "<tr><th>数据指纹</th>" in chinese
    assert "<p class=\"note\">展开考核表可查看每一步得分明细，与 appraise explain 的说明一致。" \
        "</p>" in chinese
    assert '"x":["A \\u4f18\\u79c0"' in chinese  # the grades, as the scheme names them
    assert "7 \\u4eba\\u4e2d 5 \\u4eba\\u8fbe\\u6807" in chinese  # 7 人中 5 人达标


def test_the_scheme_can_choose_the_language(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("APPRAISE_LANG", raising=False)
    monkeypatch.setenv("LANG", "C")
    scheme = tmp_path / "scheme.yaml"
    text = Path(SCHEME).read_text(encoding="utf-8")
    scheme.write_text(text.replace("appraise: 1\n", "appraise: 1\nlanguage: zh\n", 1),
                      encoding="utf-8")
    assert headings(made(tmp_path, str(scheme), "--data", DATA))[0] == "绩效考核报告"
    assert headings(made(tmp_path, str(scheme), "--data", DATA, "--lang", "en"))[0] == \
        "Appraisal report"


def test_what_the_scheme_and_data_wrote_is_text_not_markup(tmp_path: Path) -> None:
    trap = "<img src=x onerror=alert(1)>"
    scheme = tmp_path / "scheme.yaml"
    scheme.write_text(Path(SCHEME).read_text(encoding="utf-8").replace(
        "label: 华东智联销售有限公司 2026年度绩效考核方案",
        f"label: \"方案</title><script>alert(1)</script>{trap}\"", 1).replace(
        "  sales_dept:\n    label: 销售部\n", f"  sales_dept:\n    label: \"销售部{trap}\"\n",
        1), encoding="utf-8")
    data = tmp_path / "data.csv"
    data.write_text(Path(DATA).read_text(encoding="utf-8").replace(
        "SR01,张伟,", "SR01,</script><script>alert(1)</script>,", 1), encoding="utf-8")
    html = made(tmp_path, str(scheme), "--data", str(data))
    assert "<script>alert(1)" not in html and "<img" not in html
    assert "<title>Appraisal report: 方案&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" \
        "&lt;img src=x onerror=alert(1)&gt; — 2026-Q1</title>" in html
    assert '["SR01","\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",' \
        '"销售代表, 销售部\\u003cimg src=x onerror=alert(1)\\u003e",' in html
    assert records(html)[6][:3] == ["SR01", "</script><script>alert(1)</script>",
                                    f"销售代表, 销售部{trap}"]
    # to plotly, the unit's label goes as text it shows as written (&lt; is its "<")
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html
    # the only <script> elements are the page's own
    assert re.findall(r"<script[^>]*>", html) == [
        '<script type="application/json" class="chart-data" data-chart="chart-grades">',
        '<script type="application/json" class="chart-data" data-chart="chart-units">',
        '<script type="application/json" class="chart-data" data-chart="chart-totals">',
        '<script type="application/json" class="chart-data" data-chart="chart-achievement">',
        '<script type="application/json" id="people-data">',
        '<script type="application/json" id="report-words">', "<script>", "<script>"]


def test_the_page_needs_nothing_from_the_network(tmp_path: Path) -> None:
    from plotly.offline import get_plotlyjs

    html = made(tmp_path, SCHEME, "--data", DATA, "--lang", "en")
    bundle = get_plotlyjs()
    assert html.count(bundle) == 1 and "</script" not in bundle.lower()
    outside = html.replace(bundle, "")
    assert re.findall(r"(?:src|href)=\"([^\"#][^\"]*)\"", outside) == []
    assert "https://" not in outside and "http://" not in outside


def test_above_the_limit_the_cards_are_listed_without_their_explanations(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from appraise import load_scheme, score_file

    result = score_file(load_scheme(SCHEME), DATA, None)
    i18n.set_language("en")
    html = "".join(page.html_report(result, traces=5))
    assert [p[7] for p in records(html)] == [None] * 12
    assert '<p class="note">This period has 12 people: the page holds each one\'s ' \
        "explanation for up to 5. For anybody&#x27;s, run appraise explain with --person.</p>" \
        not in html
    assert "<p class=\"note\">This period has 12 people: the page holds each one&#x27;s " \
        "explanation for up to 5. For anybody&#x27;s, run appraise explain with --person." \
        "</p>" in html
    i18n.set_language("zh")
    html = "".join(page.html_report(result, traces=5))
    assert "<p class=\"note\">本期共 12 人：得分明细最多收录 5 人。如需查看任何人的明细，请运行 " \
        "appraise explain 并指定 --person。</p>" in html


def test_bad_input_ends_as_score_does_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    bad = tmp_path / "bad.csv"
    bad.write_text(Path(DATA).read_text(encoding="utf-8").replace("1380000", "lots", 1),
                   encoding="utf-8")
    code, output = run("report", SCHEME, "--data", str(bad), "-o", str(out))
    assert code == 1 and not out.exists()
    assert output.splitlines()[0] == (
        f"{bad}:7:5: error: SR01.revenue: expected a number, found 'lots' (write digits only, "
        "e.g. 1380000 or 1,380,000; no units or % signs)")
    code, output = run("report", SCHEME, "--data", DATA, "-o", str(out), "--strict")
    assert code == 1 and not out.exists()
    code, output = run("report", CASCADE, "--data", MONTHS, "-o", str(out))
    assert code == 2 and not out.exists()
    assert output.splitlines()[-1] == "Error: this scheme is kept by month: choose a period " \
        "with --period (2026-03, 2026-Q1, 2026-H1, 2026, 2026-YTD-05 or 2026-YTD)"
    code, output = run("report", SCHEME, "--data", DATA, "-o", DATA)
    assert code == 2
    assert output.splitlines()[-1] == (
        "Error: Invalid value for '-o' / '--output': 'schemes/examples/2026-Q1.csv' is the "
        "same file as --data 'schemes/examples/2026-Q1.csv': writing there would destroy "
        "the data; write the output to another file")
    assert list(tmp_path.iterdir()) == [bad]


TEXTS = ["100.12% · 5 of 7 met", "122.48% · 4 of 4 met", "90.00% · 3 of 6 met",
         "96.88% · 6 of 8 met", "110.00% · 1 of 1 met"]


def test_each_indicators_targets_met_are_counted_from_the_values_score_gives(
        tmp_path: Path) -> None:
    from appraise import load_scheme

    scheme = load_scheme(SCHEME)
    _code, output = run("score", SCHEME, "--data", DATA, "--format", "json")
    items = [i for p in json.loads(output[output.index("{"):])["people"]
             for i in p["indicators"]
             if i["target"] is not None and i["target"]["base"] and
             isinstance(i["value"], float)]
    met: Counter[str] = Counter()
    scored: Counter[str] = Counter()
    shares: dict[str, list[float]] = {}
    for item in items:
        scored[item["indicator"]] += 1
        shares.setdefault(item["indicator"], []).append(
            item["value"] / item["target"]["base"] * 100)
        direction = scheme.indicators[item["indicator"]].direction
        value, target = item["value"], item["target"]["base"]
        met[item["indicator"]] += value <= target if direction == "lower_is_better" \
            else value >= target
    html = made(tmp_path, SCHEME, "--data", DATA, "--lang", "en")
    chart = re.search(r'data-chart="chart-achievement">(.*?)</script>', html)
    assert chart is not None
    bars = json.loads(chart.group(1))["data"][0]
    labels = {scheme.indicators[i].label: i for i in scored}
    order = [i for i in scheme.indicators if i in scored]
    assert [labels[y] for y in bars["y"]] == order
    assert [t.split(" · ")[1] for t in bars["text"]] == [
        f"{met[i]} of {scored[i]} met" for i in order]
    assert [float(t.split("% · ")[0]) for t in bars["text"]] == [
        float(Decimal(repr(sum(shares[i]) / len(shares[i]))).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP)) for i in order]
    assert bars["text"] == TEXTS


def test_a_scheme_that_counts_another_schemes_subjects_takes_their_data(
        tmp_path: Path) -> None:
    html = made(tmp_path, "schemes/examples/customer_sales.yaml", "--data",
                "schemes/examples/customer_sales-2026-Q1.csv", "--subjects",
                "customers=schemes/examples/customers-2026-Q1.csv", "--lang", "en")
    ka02 = next(p for p in records(html) if p[0] == "KA02")
    assert str(ka02[7]).endswith(
        "Counted from customers.yaml (schemes/examples/customers-2026-Q1.csv, 2026-Q1), the "
        "customers KA02 looks after:\n"
        "   vip_customers (VIP客户数), grade VIP: 1 — C005 宁波海润贸易\n"
        "   key_customers (重点客户数), grade VIP or 一级: 1 — C005 宁波海润贸易 (VIP)\n"
        "   weak_customers (待改进客户数), grade 二级 or 其它: 2 — C003 杭州云帆电子 (二级), "
        "C004 南京恒通物流 (其它)\n")
    code, output = run("report", "schemes/examples/customer_sales.yaml", "--data",
                       "schemes/examples/customer_sales-2026-Q1.csv", "-o",
                       str(tmp_path / "other.html"))
    assert code == 1 and not (tmp_path / "other.html").exists()
    assert output == (
        "schemes/examples/customer_sales.yaml: error: subjects.customers: this scheme counts "
        "the subjects 'customers' that customers.yaml appraises, but no data is given for them "
        "(give their data file with --subjects customers=FILE)\n")


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "Error: the report is an HTML file, not text for the terminal: give the file to "
           "write with -o, e.g. -o report.html"),
    ("zh", "错误：报告是 HTML 文件，不能输出到终端：请用 -o 指定要写入的文件，例如 "
           "-o report.html")])
def test_the_terminal_is_refused_in_the_runs_language(lang: str, message: str) -> None:
    import os
    import subprocess
    import sys

    pty = pytest.importorskip("pty")  # a terminal to write to: POSIX only
    for given in ([], ["-o", "-"]):
        terminal, screen = pty.openpty()
        try:
            done = subprocess.run([sys.executable, "-m", "appraise", "report", SCHEME, "--data",
                                   DATA, "--lang", lang, *given], stdout=screen,
                                  stderr=subprocess.PIPE, text=True, timeout=120, check=False)
        finally:
            os.close(screen)
            os.close(terminal)
        assert done.returncode == 2
        assert done.stderr.splitlines()[-1] == message


def test_plotly_and_the_report_are_loaded_by_the_report_alone(tmp_path: Path) -> None:
    import subprocess
    import sys

    from test_packaging import loaded_by, reporters

    code = "import sys, appraise.cli; print(sorted(m for m in sys.modules if 'plotly' in m))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout == "[]\n"
    assert not [m for m in loaded_by(tmp_path, "score", SCHEME, "--data", DATA)
                if m.startswith("appraise.report.html")]
    assert reporters(loaded_by(tmp_path, "report", SCHEME, "--data", DATA, "-o",
                               str(tmp_path / "r.html"))) == [
        "explain", "explain_cards", "explain_tail", "html_charts", "html_figures", "html_page",
        "html_report", "json_values", "layout", "subjects", "words"]


def test_quiet_leaves_out_the_warnings_and_writes_the_same_page(tmp_path: Path) -> None:
    said, quiet = tmp_path / "said.html", tmp_path / "quiet.html"
    loud = CliRunner().invoke(main, ["report", SCHEME, "--data", DATA, "-o", str(said)])
    hushed = CliRunner().invoke(main, ["report", SCHEME, "--data", DATA, "-o", str(quiet), "-q"])
    assert (loud.exit_code, hushed.exit_code) == (0, 0)
    assert loud.stderr == (
        "schemes/examples/2026-Q1.csv:12:1: warning: SR06: person 'SR06' is not in the "
        "scheme's people, and is scored on post 'sales_rep', as the data says (add them under "
        "people: in the scheme, or correct the id)\n")
    assert hushed.stderr == ""
    assert quiet.read_bytes() == said.read_bytes()
