"""``appraise doc``: the scheme handbook (考核方案) of the worked example, word for word in
both languages; its HTML (self-contained, printable, escaped) and Markdown (valid tables);
every shipped example and template; a scheme with errors gives no handbook."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise import i18n, load_scheme
from appraise.cli import main
from appraise.report.handbook import handbook_text

ROOT = Path(__file__).resolve().parent.parent
SCHEME = "schemes/examples/sales_company.yaml"
SHIPPED = sorted([*ROOT.glob("schemes/examples/*.yaml"), *ROOT.glob("schemes/templates/*.yaml")])
SHIPPED = [p for p in SHIPPED if not p.name.endswith(".tests.yaml")]


def doc(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["doc", *args], env={"APPRAISE_LANG": "", **(env or {})})
    i18n.set_language("en")
    return result.exit_code, result.stdout, result.stderr


def section(text: str, heading: str) -> str:
    """From ``heading`` to the next heading of its level or above."""
    lines = text.split("\n")
    start = lines.index(heading)
    level = len(heading) - len(heading.lstrip("#"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("#")
                and len(lines[i]) - len(lines[i].lstrip("#")) <= level), len(lines))
    return "\n".join(lines[start:end]).rstrip("\n") + "\n"


GENERAL_ZH = """\
## 一、总则

**考核目的：**本方案规定各岗位的考核指标及其计算方法、计分规则、权重与目标值，以及考核总分对应的考核等级和绩效系数。

**考核对象：**下列岗位的在岗人员。

| 部门 | 岗位 | 考核表 | 人数 |
|---|---|---|---:|
| 华东智联销售有限公司 | 总经理 | 总经理考核表 | 1 |
| 销售中心 | 销售总监 | 销售总监考核表 | 1 |
| 市场部 | 市场总监 | 市场总监考核表 | 1 |
| 大客户部 | 大客户经理 | 大客户经理考核表 | 3 |
| 销售部 | 销售代表 | 销售代表考核表 | 5 |

**考核周期：**每个考核期（月度、季度或年度）按该期的数据计分。
"""


SALES_REP_ZH = """\
### 销售代表（销售部）

**考核表：**销售代表考核表

| 维度 | 考核指标 | 指标定义 | 计算公式 | 权重 | 目标值 | 计分规则 |
|---|---|---|---|---:|---|---|
| 财务 | 销售目标完成率 | 实际销售额 / 目标销售额 | 销售额 | 40% | 1,200,000；部分人员另有个人目标（见下表） | 达到目标值得 100 分；每超出目标 1% 加 1.3 分；每低于目标 1% 扣 0.3 分；最高 120 分；最低 0 分。 |
| 客户 | 新客户数量 | 首单金额不低于50,000元的新签客户，每家客户只计一次 | 新客户数 | 15% | 15 | 得分 = 实际值 ÷ 目标值 × 100；最高 120 分。 |
| 财务 | 货款回笼率 |  | 回款额 ÷ 销售额 × 100 | 20% | — | 按实际值所在档位计分，见下表。 |
| 财务 | 销售成本率 |  | 销售费用 ÷ 销售额 × 100 | 10% | 20% | 不高于目标值得 100 分；每超出目标 1 个百分点 扣 10 分；最低 0 分。 |
| 客户 | 客户满意度 | 季度客户满意度调查得分（0-100） | 客户满意度 | 10% | — | 按下表分值点计分，两点之间按直线插值；70 及以下得 0 分；90 及以上得 100 分；最高 100 分。 |
| 学习与成长 | 团队协作 | 直接上级评价 | 团队协作 | 5% | — | 由考核人按“四级评价 Four-level rating”评价，按评价等级计分，见下表。 |
|  | 合计 |  |  | 100% |  |  |

**维度权重：**财务 70%、客户 25%、学习与成长 5%

**货款回笼率计分标准**

| 实际值 | 得分 |
|---|---:|
| ≥ 95% | 100 |
| ≥ 90% 且 < 95% | 80 |
| ≥ 85% 且 < 90% | 60 |
| < 85% | 0 |

**客户满意度计分标准**

| 实际值 | 得分 |
|---:|---:|
| 70 | 0 |
| 90 | 100 |

**团队协作计分标准**

| 评价等级 | 说明 | 得分 |
|---|---|---:|
| A 优秀 | 远超岗位要求，是团队的榜样 | 100 |
| B 良好 | 达到并部分超过岗位要求 | 80 |
| C 合格 | 基本达到岗位要求 | 60 |
| D 待改进 | 未达到岗位要求 | 40 |

**加分项、扣分项与否决项**

| 项目 | 类别 | 指标定义 | 计数依据 | 计分规则 |
|---|---|---|---|---|
| 重大合同失误 | 扣分项 | 经法务确认的重大合同失误，每起计一次 | 重大合同失误次数 | 每发生一次从总分中扣 5 分；累计不超过 20 分。 |
| 严重违纪（一票否决） | 一票否决 | 经公司通报的严重违纪事件 | 严重违纪次数 | 发生任何一次，考核总分计为 0（一票否决）。 |

**个人目标值**

| 工号 | 姓名 | 考核指标 | 个人目标值 |
|---|---|---|---|
| SR05 | 吴昊 | 销售目标完成率 | 1,000,000 |
"""  # noqa: E501


GRADES_ZH = """\
## 四、考核等级与绩效系数

| 等级 | 名称 | 考核总分 | 绩效系数 |
|---|---|---|---:|
| A | 优秀 | ≥ 95 | 1.2 |
| B | 良好 | ≥ 85 且 < 95 | 1.0 |
| C | 合格 | ≥ 70 且 < 85 | 0.8 |
| D | 待改进 | ≥ 60 且 < 70 | 0.5 |
| E | 不合格 | < 60 | 0 |

**绩效奖金：**绩效奖金 = 奖金基数 × 考核等级对应的绩效系数。

**奖金基数：**20,000 CNY；岗位或个人另有规定的，从其规定。

- 总经理：60,000 CNY
- 销售总监：40,000 CNY
- 大客户经理：30,000 CNY
- 市场总监：30,000 CNY
"""


ROUNDING_ZH = """\
## 五、计算与取整

**取整规则：**计算过程中保留全部精度；得分保留 2 位小数，金额保留 2 位小数，按四舍五入处理（2.675 记为 2.68）。恰好等于档位或等级分界值的，视为达到该分界值。
"""  # noqa: E501


GENERAL_EN = """\
## 1. General

**Purpose:** This scheme sets out, for each post, the indicators it is appraised on, how each is measured and scored, their weights and targets, and how the total gives a grade and a performance coefficient.

**Who is appraised:** The people on the posts below.

| Unit | Post | Scorecard | People |
|---|---|---|---:|
| 华东智联销售有限公司 | 总经理 | 总经理考核表 | 1 |
| 销售中心 | 销售总监 | 销售总监考核表 | 1 |
| 市场部 | 市场总监 | 市场总监考核表 | 1 |
| 大客户部 | 大客户经理 | 大客户经理考核表 | 3 |
| 销售部 | 销售代表 | 销售代表考核表 | 5 |

**Appraisal period:** Each period (a month, a quarter or a year) is scored from that period's figures.
"""  # noqa: E501


SALES_REP_EN = """\
### 销售代表 (销售部)

**Scorecard:** 销售代表考核表

| Perspective | Indicator | Definition | Formula | Weight | Target | Scoring rule |
|---|---|---|---|---:|---|---|
| Financial | 销售目标完成率 | 实际销售额 / 目标销售额 | 销售额 | 40% | 1,200,000; some people have their own (see below) | 100 points at the target; each 1% above the target adds 1.3 points; each 1% below the target takes off 0.3 points; at most 120 points; at least 0 points. |
| Customer | 新客户数量 | 首单金额不低于50,000元的新签客户，每家客户只计一次 | 新客户数 | 15% | 15 | Points = the actual value ÷ the target × 100; at most 120 points. |
| Financial | 货款回笼率 |  | 回款额 ÷ 销售额 × 100 | 20% | — | Points by the band the actual value falls in, as in the table. |
| Financial | 销售成本率 |  | 销售费用 ÷ 销售额 × 100 | 10% | 20% | 100 points at or under the target; each 1 percentage point above the target takes off 10 points; at least 0 points. |
| Customer | 客户满意度 | 季度客户满意度调查得分（0-100） | 客户满意度 | 10% | — | Points read from the table, on a straight line between two rows; 0 points at or below 70; 100 points at or above 90; at most 100 points. |
| Learning and growth | 团队协作 | 直接上级评价 | 团队协作 | 5% | — | Points by the reviewer's rating on the scale 四级评价 Four-level rating, as in the table. |
|  | Sum |  |  | 100% |  |  |

**Perspective weights:** Financial 70%, Customer 25%, Learning and growth 5%

**货款回笼率: scoring table**

| Actual value | Points |
|---|---:|
| ≥ 95% | 100 |
| ≥ 90% and < 95% | 80 |
| ≥ 85% and < 90% | 60 |
| < 85% | 0 |

**客户满意度: scoring table**

| Actual value | Points |
|---:|---:|
| 70 | 0 |
| 90 | 100 |

**团队协作: scoring table**

| Rating | Description | Points |
|---|---|---:|
| A 优秀 | 远超岗位要求，是团队的榜样 | 100 |
| B 良好 | 达到并部分超过岗位要求 | 80 |
| C 合格 | 基本达到岗位要求 | 60 |
| D 待改进 | 未达到岗位要求 | 40 |

**Bonus items, deductions and vetoes**

| Item | Kind | Definition | Counted | Scoring rule |
|---|---|---|---|---|
| 重大合同失误 | Deduction | 经法务确认的重大合同失误，每起计一次 | 重大合同失误次数 | 5 points off the total for each occurrence; 20 points at most in all. |
| 严重违纪（一票否决） | One-vote veto | 经公司通报的严重违纪事件 | 严重违纪次数 | Any occurrence sets the total to 0 (one-vote veto). |

**People's own targets**

| Id | Full name | Indicator | Own target |
|---|---|---|---|
| SR05 | 吴昊 | 销售目标完成率 | 1,000,000 |
"""  # noqa: E501


GRADES_EN = """\
## 4. Grades and coefficients

| Grade | Name | Total | Coefficient |
|---|---|---|---:|
| A | 优秀 | ≥ 95 | 1.2 |
| B | 良好 | ≥ 85 and < 95 | 1.0 |
| C | 合格 | ≥ 70 and < 85 | 0.8 |
| D | 待改进 | ≥ 60 and < 70 | 0.5 |
| E | 不合格 | < 60 | 0 |

**Bonus:** Performance bonus = bonus base × the coefficient of the grade.

**Bonus base:** 20,000 CNY, unless the post or the person has its own.

- 总经理: 60,000 CNY
- 销售总监: 40,000 CNY
- 大客户经理: 30,000 CNY
- 市场总监: 30,000 CNY
"""


ROUNDING_EN = """\
## 5. Calculation and rounding

**Rounding:** Figures are kept at full precision through the calculation; points are shown to 2 decimal places and money to 2, rounded half up (2.675 is 2.68). A value exactly on an edge of a band or grade counts as reaching it.
"""  # noqa: E501


@pytest.mark.parametrize(("lang", "heading", "expected"), [
    ("zh", "## 一、总则", GENERAL_ZH),
    ("zh", "### 销售代表（销售部）", SALES_REP_ZH),
    ("zh", "## 四、考核等级与绩效系数", GRADES_ZH),
    ("zh", "## 五、计算与取整", ROUNDING_ZH),
    ("en", "## 1. General", GENERAL_EN),
    ("en", "### 销售代表 (销售部)", SALES_REP_EN),
    ("en", "## 4. Grades and coefficients", GRADES_EN),
    ("en", "## 5. Calculation and rounding", ROUNDING_EN),
])
def test_the_worked_example_handbook_word_for_word(lang: str, heading: str,
                                                   expected: str) -> None:
    code, out, err = doc(SCHEME, "--lang", lang)
    assert (code, err) == (0, "")
    assert section(out, heading) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", ["| 销售额 | 元 | 开票收入，扣除退货；按开票日期计入当期 |",
            "| 新客户数 | 家 | 首单金额不低于50,000元的新签客户，每家客户只计一次 |",
            "| 团队协作 | 四级评价 Four-level rating | 直接上级评价 |"]),
    ("en", ["| 销售额 | yuan | 开票收入，扣除退货；按开票日期计入当期 |",
            "| 新客户数 | customers | 首单金额不低于50,000元的新签客户，每家客户只计一次 |",
            "| 团队协作 | 四级评价 Four-level rating | 直接上级评价 |"]),
])
def test_a_unit_of_measure_is_named_in_the_handbook_s_language(lang: str,
                                                               expected: list[str]) -> None:
    _code, out, _err = doc(SCHEME, "--lang", lang)
    lines = out.split("\n")
    assert [line for line in lines if line.startswith(("| 销售额 ", "| 新客户数 ", "| 团队协作 "))
            and line.count("|") == 4] == expected


def test_an_english_handbook_names_a_field_by_its_english_name() -> None:
    _code, out, _err = doc("schemes/templates/sales_team.yaml", "--lang", "en")
    assert section(out, "## 2. Data fields").split("\n")[6:8] == [
        "| Revenue | yuan |  |", "| Cash collected | yuan |  |"]
    _code, out, _err = doc("schemes/templates/sales_team.yaml", "--lang", "zh")
    assert section(out, "## 二、数据项定义").split("\n")[6:8] == [
        "| 销售额 | 元 |  |", "| 回款额 | 元 |  |"]


def test_the_handbook_parts_in_order() -> None:
    code, out, _ = doc(SCHEME, "--lang", "zh")
    assert code == 0
    assert [line for line in out.split("\n") if line.startswith("#")] == [
        "# 华东智联销售有限公司 2026年度绩效考核方案", "## 一、总则", "## 二、数据项定义",
        "## 三、各岗位考核指标", "### 总经理（华东智联销售有限公司）", "### 销售总监（销售中心）",
        "### 市场总监（市场部）", "### 大客户经理（大客户部）", "### 销售代表（销售部）",
        "## 四、考核等级与绩效系数", "## 五、计算与取整"]


class Shape(HTMLParser):
    """The tags of a page, the text of its headings and whether it holds a script."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.headings: list[str] = []
        self.current: str | None = None
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "html":
            self.lang = dict(attrs).get("lang") or ""
        if tag in ("h1", "h2", "h3"):
            self.current = ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3") and self.current is not None:
            self.headings.append(f"{tag}: {self.current}")
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current += data


def test_the_html_handbook_is_one_printable_page_without_scripts(tmp_path: Path) -> None:
    target = tmp_path / "handbook.html"
    assert doc(SCHEME, "--lang", "zh", "-o", str(target)) == (0, "", "")
    page = target.read_text(encoding="utf-8")
    shape = Shape()
    shape.feed(page)
    assert page.startswith("<!DOCTYPE html>\n")
    assert shape.lang == "zh-CN"
    assert "script" not in shape.tags and "link" not in shape.tags and "img" not in shape.tags
    assert "@page { size: A4;" in page and "@media print" in page
    assert '"Noto Sans CJK SC"' in page and '"Microsoft YaHei"' in page
    assert shape.headings[:4] == ["h1: 华东智联销售有限公司 2026年度绩效考核方案", "h2: 一、总则",
                                  "h2: 二、数据项定义", "h2: 三、各岗位考核指标"]
    _, markdown, _ = doc(SCHEME, "--lang", "zh")
    tables = len(re.findall(r"^\|---", markdown, flags=re.MULTILINE))
    assert shape.tags.count("table") == tables == 26
    assert shape.tags.count("h3") == 5


HOSTILE = "<script>alert(1)</script> | *x* & [y](z)"


def hostile_scheme(tmp_path: Path) -> Path:
    text = (ROOT / SCHEME).read_text(encoding="utf-8")
    text = text.replace("label: 销售代表考核表", f"label: '{HOSTILE}'")
    text = text.replace("label: 新客户数量", f"label: '{HOSTILE} 2'")
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_text_of_the_scheme_is_escaped_in_html(tmp_path: Path) -> None:
    code, page, _ = doc(str(hostile_scheme(tmp_path)), "--format", "html")
    assert code == 0
    assert "<script>" not in page
    assert "<p class=\"lead\"><b>Scorecard:</b> &lt;script&gt;alert(1)&lt;/script&gt; | *x* " \
        "&amp; [y](z)</p>" in page
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt; | *x* &amp; [y](z) 2</td>" in page


def test_every_text_of_the_scheme_is_escaped_in_markdown(tmp_path: Path) -> None:
    code, text, _ = doc(str(hostile_scheme(tmp_path)), "--format", "md")
    assert code == 0
    assert "**Scorecard:** &lt;script>alert(1)&lt;/script> \\| \\*x\\* &amp; \\[y\\](z)\n" \
        in text
    row = next(line for line in text.split("\n") if "2 | 首单金额" in line)
    assert row.startswith("| Customer | &lt;script>alert(1)&lt;/script> \\| \\*x\\* &amp; "
                          "\\[y\\](z) 2 | ")


def cells(line: str) -> int:
    """The cells of a Markdown table row: its pipes that are not escaped, less one."""
    return len(re.findall(r"(?<!\\)\|", line)) - 1


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_scheme_gives_a_handbook_in_both_languages(path: Path) -> None:
    scheme = load_scheme(path)
    try:
        for language in ("en", "zh"):
            i18n.set_language(language)
            text = handbook_text(scheme, "md")
            page = handbook_text(scheme, "html")
            assert text.startswith(f"# {scheme.label}\n")
            assert page.count("<table") == page.count("</table>") == text.count("\n|---")
            table: list[str] = []
            for line in [*text.split("\n"), ""]:
                if line.startswith("|"):
                    table.append(line)
                    continue
                if table:  # each row as wide as the heading row
                    assert {cells(row) for row in table} == {cells(table[0])}, table
                table = []
    finally:
        i18n.set_language("en")


def test_the_format_follows_the_file_name_unless_said(tmp_path: Path) -> None:
    for name, start in (("a.html", "<!DOCTYPE html>"), ("a.htm", "<!DOCTYPE html>"),
                        ("a.md", "# 华东智联"), ("a.txt", "# 华东智联")):
        assert doc(SCHEME, "-o", str(tmp_path / name))[0] == 0
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)
    assert doc(SCHEME, "--format", "html", "-o", str(tmp_path / "b.md"))[0] == 0
    assert (tmp_path / "b.md").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    code, out, _ = doc(SCHEME)
    assert (code, out.split("\n")[2]) == (0, "## 1. General")


def test_the_language_is_the_option_then_the_environment_then_the_scheme(
        tmp_path: Path) -> None:
    assert doc(SCHEME, env={"APPRAISE_LANG": "zh"})[1].split("\n")[2] == "## 一、总则"
    assert doc(SCHEME, "--lang", "en", env={"APPRAISE_LANG": "zh"})[1].split("\n")[2] == \
        "## 1. General"
    chinese = tmp_path / "zh.yaml"
    chinese.write_text((ROOT / SCHEME).read_text(encoding="utf-8").replace(
        "currency: CNY", "currency: CNY\nlanguage: zh"), encoding="utf-8")
    assert doc(str(chinese), env={"LANG": "C"})[1].split("\n")[2] == "## 一、总则"
    before = CliRunner().invoke(main, ["--lang", "zh", "doc", SCHEME], env={"APPRAISE_LANG": ""})
    i18n.set_language("en")
    assert before.stdout == doc(SCHEME, "--lang", "zh")[1]


def test_a_scheme_with_errors_gives_no_handbook(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text((ROOT / SCHEME).read_text(encoding="utf-8").replace(
        "{indicator: teamwork, weight: 5}", "{indicator: teamwork, weight: 6}"),
        encoding="utf-8")
    target = tmp_path / "handbook.html"
    code, out, err = doc(str(broken), "-o", str(target))
    assert (code, out) == (1, "")
    assert err == (
        f"{broken}:257:5: error: scorecards.sales_rep.items: weights of scorecard 'sales_rep' "
        "add up to 101%, expected 100% (1% too many) (adjust the weights)\n")
    assert not target.exists()
    target.write_text("kept", encoding="utf-8")
    assert doc(str(broken), "-o", str(target))[0] == 1
    assert target.read_text(encoding="utf-8") == "kept"
    assert sorted(os.listdir(tmp_path)) == ["broken.yaml", "handbook.html"]


def test_the_handbook_is_never_written_over_its_scheme(tmp_path: Path) -> None:
    scheme = tmp_path / "s.yaml"
    scheme.write_text((ROOT / SCHEME).read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = doc(str(scheme), "-o", str(scheme))
    assert code == 2
    assert scheme.read_text(encoding="utf-8") == (ROOT / SCHEME).read_text(encoding="utf-8")
    assert "scheme" in err


def test_doc_loads_neither_the_data_nor_the_scoring_stage(tmp_path: Path) -> None:
    out = tmp_path / "modules.txt"
    code = ("import atexit, sys\nfrom appraise.cli import main\n"
            "atexit.register(lambda: open(sys.argv.pop(), 'w').write('\\n'.join(sorted("
            "m for m in sys.modules if m.startswith('appraise.')))))\n"
            "main(sys.argv[1:-1], prog_name='appraise')\n")
    done = subprocess.run([sys.executable, "-c", code, "doc", SCHEME, "-o",
                           str(tmp_path / "h.md"), str(out)], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    loaded = out.read_text(encoding="utf-8").split("\n")
    assert [m for m in loaded if m.startswith(("appraise.data", "appraise.scoring"))] == []
    assert [m for m in loaded if m.startswith("appraise.report.")] == [
        "appraise.report.handbook", "appraise.report.handbook_cards",
        "appraise.report.handbook_doc",
        "appraise.report.handbook_formula", "appraise.report.handbook_rules",
        "appraise.report.handbook_year"]


def test_the_scheme_description_opens_the_handbook(tmp_path: Path) -> None:
    described = tmp_path / "d.yaml"
    described.write_text((ROOT / SCHEME).read_text(encoding="utf-8").replace(
        "currency: CNY", "description: |\n  适用于公司全体销售人员。\n  自2026年1月1日起施行。\n"
        "currency: CNY"), encoding="utf-8")
    code, out, _ = doc(str(described), "--lang", "zh")
    assert code == 0
    assert out.split("\n")[:4] == ["# 华东智联销售有限公司 2026年度绩效考核方案", "",
                                   "适用于公司全体销售人员。 自2026年1月1日起施行。", ""]
    code, page, _ = doc(str(described), "--format", "html")
    assert "<p>适用于公司全体销售人员。<br>自2026年1月1日起施行。</p>" in page


def test_a_field_rated_by_several_raters_says_how_they_are_combined() -> None:
    shown = {lang: doc("schemes/examples/cascade_company.yaml", "--lang", lang)[1]
             for lang in ("en", "zh")}
    rows = {lang: next(line for line in text.split("\n") if line.startswith("| 团队协作 |"))
            for lang, text in shown.items()}
    assert rows == {
        "en": "| 团队协作 |  | 360度评价：本人、直接上级、三位同事，各按1-5分打分; "
              "rated by several raters, weighted: self 10%, manager 60%, peer 30%; "
              "in a group of three or more, the highest and the lowest rating are dropped; "
              "moved in a straight line from 1 to 5 onto 0 to 100 | averaged |",
        "zh": "| 团队协作 |  | 360度评价：本人、直接上级、三位同事，各按1-5分打分；"
              "多人评分，按权重计算：self 10%、manager 60%、peer 30%；"
              "同一组评分人达到三人及以上时，去掉一个最高分和一个最低分；"
              "由 1～5 分按线性比例换算为 0～100 分 | 各月平均 |"}


def test_a_scheme_of_customers_says_what_it_appraises() -> None:
    code, out, _ = doc("schemes/examples/customers.yaml", "--lang", "zh")
    assert code == 0
    assert "**考核对象：**考核数据所列的每一个客户，按下列考核表考核。\n" in out
    assert [line for line in out.split("\n") if line.startswith("### ")] == ["### 重点客户"]


def test_an_html_handbook_is_not_written_to_a_terminal() -> None:
    import pty

    parent, child = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "appraise", "doc", SCHEME, "--format",
                               "html", "--lang", "en"], cwd=ROOT, stdout=child,
                              stderr=subprocess.PIPE, text=True, check=False)
    finally:
        os.close(child)
        os.close(parent)
    assert (done.returncode, done.stderr) == (2, "error: an HTML handbook is a file: give -o "
                                                 "handbook.html, or --format md to read it here\n")


CALIBRATED_ZH = """\
## 四、考核等级与绩效系数

| 等级 | 名称 | 考核总分 | 绩效系数 |
|---|---|---|---:|
| A | 优秀 | ≥ 95 | 1.2 |
| B | 良好 | ≥ 85 且 < 95 | 1.0 |
| C | 合格 | ≥ 70 且 < 85 | 0.8 |
| D | 待改进 | ≥ 60 且 < 70 | 0.5 |
| E | 不合格 | < 60 | 0 |

**绩效奖金：**绩效奖金 = 奖金基数 × 考核等级对应的绩效系数。

**奖金基数：**48,000 CNY；岗位或个人另有规定的，从其规定。

- 总经理：240,000 CNY
- 华北总监：160,000 CNY
- 华南总监：160,000 CNY
- 北京经理：96,000 CNY
- 天津经理：96,000 CNY
- 广州经理：96,000 CNY
- 深圳经理：96,000 CNY

奖金基数为年度金额，各考核期按所含月数折算发放。

**奖金池：**各单位的年度奖金池（各考核期按所含月数折算）按“奖金基数 × 绩效系数”的比例分配给本单位人员，精确到分，各人金额之和与奖金池完全相等。

| 部门 | 年度奖金池 |
|---|---:|
| 华南销售中心 | 1,200,000 CNY |

**强制分布：**在每个部门内进行强制分布（人数不少于 5 人时适用）；名额为该范围人数乘以比例，四舍五入取整。按排名从高到低，超出名额的人员依次调至下一等级；强制分布只会调低等级，不会调高。

- A 级及以上不超过 20%
- C 级及以下不少于 10%
"""  # noqa: E501


CALIBRATED_EN = """\
## 4. Grades and coefficients

| Grade | Name | Total | Coefficient |
|---|---|---|---:|
| A | 优秀 | ≥ 95 | 1.2 |
| B | 良好 | ≥ 85 and < 95 | 1.0 |
| C | 合格 | ≥ 70 and < 85 | 0.8 |
| D | 待改进 | ≥ 60 and < 70 | 0.5 |
| E | 不合格 | < 60 | 0 |

**Bonus:** Performance bonus = bonus base × the coefficient of the grade.

**Bonus base:** 48,000 CNY, unless the post or the person has its own.

- 总经理: 240,000 CNY
- 华北总监: 160,000 CNY
- 华南总监: 160,000 CNY
- 北京经理: 96,000 CNY
- 天津经理: 96,000 CNY
- 广州经理: 96,000 CNY
- 深圳经理: 96,000 CNY

The bonus bases are yearly; a period pays its share of the months.

**Bonus pools:** Each unit's yearly pool (a period's is its share of the months) is shared out among its people in proportion to bonus base × coefficient, to the cent; the shares add up to the pool exactly.

| Unit | Yearly pool |
|---|---:|
| 华南销售中心 | 1,200,000 CNY |

**Calibration (forced distribution):** Grades are calibrated within each department, in groups of at least 5 people; a quota is a share of the group's size, rounded half up to a number of people. Best ranked first, people beyond a quota move to the grade below; quotas only ever move people down.

- at most 20% of the people may hold grade A or better
- at least 10% of the people hold grade C or worse
"""  # noqa: E501


AWARDS_ZH = """\
## 五、评优奖项

| 奖项 | 评比依据 | 评比范围 | 名额 | 评比周期 |
|---|---|---|---|---|
| 月度销售冠军 | 销售目标完成率 | 全公司 | 前 1 名（并列者同获） | 每月 |
| 门店之星 | 考核总分 | 本人所在部门 | 前 10% | 每个考核期 |
"""


AWARDS_EN = """\
## 5. Awards

| Award | Ranked by | Within | Winners | Period |
|---|---|---|---|---|
| 月度销售冠军 | 销售目标完成率 | the whole company | the first 1, ties included | every month |
| 门店之星 | the total | each person's unit | the top 10% | each period |
"""


GATES_ZH = """\
**考核门槛**

| 门槛 | 条件 | 结果 |
|---|---|---|
| 销售额完成率低于80%，不发奖金 | 销售目标完成率的达成率 < 80 | 不发放绩效奖金（仍评定等级） |
| 回款率低于85%，销售额得分封顶100 | 回款率的实际值 < 85 | 销售目标完成率得分（加权前）最高为 100 分 |
"""  # noqa: E501


GATES_EN = """\
**Gates**

| Gate | Condition | Then |
|---|---|---|
| 销售额完成率低于80%，不发奖金 | the achievement of 销售目标完成率 < 80 | no bonus is paid (the grade is still given) |
| 回款率低于85%，销售额得分封顶100 | the value of 回款率 < 85 | the points of 销售目标完成率 are at most 100, before weighting |
"""  # noqa: E501


CASCADE_ZH = """\
## 六、目标分解

### 销售额目标 Revenue

销售目标完成率、本单位销售目标完成率：华夏优选年度目标 150,000,000，按月分解并逐级分解至各单位；个人目标为其在该单位任职月份所分得的部分。

**各月分解比例**

| 月份 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| 比例 | 6.67% | 6.67% | 6.67% | 8.33% | 8.33% | 8.33% | 8.33% | 8.33% | 8.33% | 10% | 10% | 10% |

**目标分解表（按单位、人员与季度）**

| 单位 / 人员 | 分解方式 | 一季度 | 二季度 | 三季度 | 四季度 | 全年 |
|---|---|---:|---:|---:|---:|---:|
| 华夏优选 | 按比例 | 30,000,000 | 37,500,000 | 37,500,000 | 45,000,000 | 150,000,000 |
| 　华北销售中心 | 指定金额 | 16,500,000 | 20,625,000 | 20,625,000 | 24,750,000 | 82,500,000 |
| 　　北京销售部 | 平均分配 | 9,000,000 | 11,250,000 | 11,250,000 | 13,500,000 | 45,000,000 |
| 　　　王海涛（B01） |  | 1,083,333.33 | 1,250,000 | 1,250,000 | 1,500,000 | 5,083,333.33 |
"""  # noqa: E501


CASCADE_EN = """\
## 6. The cascade of targets

### 销售额目标 Revenue

销售目标完成率, 本单位销售目标完成率: a yearly target of 150,000,000 for 华夏优选, phased over the months and split down the organisation; a person's target is their share for the months they are in the unit.

**Phasing over the months**

| Month | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| Share | 6.67% | 6.67% | 6.67% | 8.33% | 8.33% | 8.33% | 8.33% | 8.33% | 8.33% | 10% | 10% | 10% |

**Targets by unit, person and quarter**

| Unit / person | Split | Q1 | Q2 | Q3 | Q4 | Year |
|---|---|---:|---:|---:|---:|---:|
| 华夏优选 | by shares | 30,000,000 | 37,500,000 | 37,500,000 | 45,000,000 | 150,000,000 |
| 　华北销售中心 | by amounts | 16,500,000 | 20,625,000 | 20,625,000 | 24,750,000 | 82,500,000 |
| 　　北京销售部 | evenly | 9,000,000 | 11,250,000 | 11,250,000 | 13,500,000 | 45,000,000 |
| 　　　王海涛 (B01) |  | 1,083,333.33 | 1,250,000 | 1,250,000 | 1,500,000 | 5,083,333.33 |
"""  # noqa: E501


def part(text: str, heading: str, lines: int | None = None) -> str:
    shown = section(text, heading)
    return shown if lines is None else "\n".join(shown.split("\n")[:lines]) + "\n"


def table_after(text: str, caption: str) -> str:
    lines = text.split("\n")
    start = lines.index(caption)
    end = start + 2
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "\n".join(lines[start:end]) + "\n"


@pytest.mark.parametrize(("lang", "heading", "expected"), [
    ("zh", "## 四、考核等级与绩效系数", CALIBRATED_ZH),
    ("en", "## 4. Grades and coefficients", CALIBRATED_EN),
])
def test_pools_and_calibration_in_words(lang: str, heading: str, expected: str) -> None:
    assert part(doc("schemes/examples/cascade_company.yaml", "--lang", lang)[1],
                heading) == expected


@pytest.mark.parametrize(("lang", "heading", "expected"), [
    ("zh", "## 六、目标分解", CASCADE_ZH),
    ("en", "## 6. The cascade of targets", CASCADE_EN),
])
def test_the_cascade_by_unit_person_and_quarter(lang: str, heading: str,
                                                expected: str) -> None:
    assert part(doc("schemes/examples/cascade_company.yaml", "--lang", lang)[1], heading,
                20) == expected


@pytest.mark.parametrize(("lang", "heading", "expected"), [
    ("zh", "## 五、评优奖项", AWARDS_ZH),
    ("en", "## 5. Awards", AWARDS_EN),
])
def test_awards_in_words(lang: str, heading: str, expected: str) -> None:
    assert part(doc("schemes/templates/store_sales.yaml", "--lang", lang)[1],
                heading) == expected


@pytest.mark.parametrize(("lang", "caption", "expected"), [
    ("zh", "**考核门槛**", GATES_ZH),
    ("en", "**Gates**", GATES_EN),
])
def test_gates_in_words(lang: str, caption: str, expected: str) -> None:
    assert table_after(doc("schemes/templates/sales_manager.yaml", "--lang", lang)[1],
                       caption) == expected
