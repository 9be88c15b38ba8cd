"""Evidence per item (得分依据 / 备注): text fields read from the data as written, shown
beside an item's score and never scored. Worked on the shipped service-quality template:
two service agents rated by a reviewer over the first quarter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import appraise.report.as_csv as as_csv
from appraise import Result, load_scheme, parse_period, read_monthly, score, validate_scheme
from appraise.cli import main
from appraise.report import explain_text, score_csv, score_json, score_table

TEMPLATE = Path("schemes/templates/service_quality.yaml")
HEADER = "id,post,period,attitude,attitude_basis,solving,solving_basis,reviewer_note," \
    "complaints,complaint_note\n"
DATA = HEADER + """\
CS01,service_agent,2026-01,A,抽检录音10通无差错,B,回访满意,,0,
CS01,service_agent,2026-02,A,抽检录音10通无差错,A,一次解决率95%,春节值班,1,客户投诉等待过长
CS01,service_agent,2026-03,B,1通未按话术，已辅导,A,一次解决率95%,,0,
CS02,service_agent,2026-01,C,"=HYPERLINK(""http://x"")",C,多次转接,新员工,2,"两次投诉：
态度生硬"
CS02,service_agent,2026-02,B,有改进,B,转接减少,  新员工  ,0,
CS02,service_agent,2026-03,B,有改进,B,转接减少,,1,
"""


def errors(text: str) -> list[str]:
    return [str(d) for d in validate_scheme("s.yaml", text.encode()).diagnostics
            if d.severity == "error"]


def test_the_template_is_valid() -> None:
    assert errors(TEMPLATE.read_text(encoding="utf-8")) == []


def test_a_text_field_takes_no_setting_for_figures() -> None:
    text = TEMPLATE.read_text(encoding="utf-8").replace(
        "  reviewer_note: {label: 质检备注, label_en: Reviewer's note, type: text}",
        "  reviewer_note: {label: 质检备注, label_en: Reviewer's note, type: text, "
        "aggregate: last, max: 3}")
    assert errors(text) == [
        "s.yaml:37:71: error: fields.reviewer_note.aggregate: field 'reviewer_note' holds "
        "text; 'aggregate' is for numbers and ratings (remove 'aggregate': the texts of "
        "several months are joined in month order)",
        "s.yaml:37:88: error: fields.reviewer_note.max: field 'reviewer_note' holds text; "
        "'max' is for numbers and ratings (remove 'max', or remove type: text to read the "
        "field as figures)"]


def test_evidence_names_text_fields() -> None:
    text = TEMPLATE.read_text(encoding="utf-8").replace(
        "evidence: {basis: solving_basis, note: reviewer_note}",
        "evidence: {basis: complaints, note: reviewr_note}").replace(
        "{indicator: complaints, evidence: {note: complaint_note}}",
        "{indicator: complaints, evidence: {note: attitude}}")
    assert errors(text) == [
        "s.yaml:55:23: error: indicators.problem_solving.evidence.basis: the basis of an item "
        "is shown as text, but field 'complaints' holds numbers (declare a field with type: "
        "text for the grounds for the score (得分依据) and name it here)",
        "s.yaml:55:41: error: indicators.problem_solving.evidence.note: unknown field "
        "'reviewr_note' (did you mean 'reviewer_note'?)",
        "s.yaml:68:50: error: scorecards.service_agent.items[2].evidence.note: the note of an "
        "item is shown as text, but field 'attitude' holds ratings (declare a field with "
        "type: text for the remark (备注) and name it here)"]


def test_evidence_is_a_basis_a_note_or_both() -> None:
    text = TEMPLATE.read_text(encoding="utf-8").replace(
        "evidence: {basis: solving_basis, note: reviewer_note}", "evidence: {}").replace(
        "evidence: {note: complaint_note}}", "evidence: {remark: complaint_note}}")
    assert errors(text) == [
        "s.yaml:55:15: error: indicators.problem_solving.evidence: needs at least 1 entry",
        "s.yaml:68:44: error: scorecards.service_agent.items[2].evidence.remark: unknown key "
        "'remark' (expected one of: basis, note)"]


def test_no_formula_or_target_reads_text() -> None:
    text = TEMPLATE.read_text(encoding="utf-8").replace(
        "    formula: complaints\n", "    formula: complaints + complaint_note\n").replace(
        "    formula: solving\n", "    formula: solving\n    target: reviewer_note * 2\n")
    assert errors(text) == [
        "s.yaml:54:13: error: indicators.problem_solving.target: the target of "
        "'problem_solving' (reviewer_note * 2) reads 'reviewer_note', which holds text, not a "
        "number (text is shown as evidence only: name 'reviewer_note' in the indicator's "
        "evidence (basis: or note:), and read number fields here)",
        "s.yaml:60:14: error: indicators.complaints.formula: the formula of 'complaints' "
        "(complaints + complaint_note) reads 'complaint_note', which holds text, not a number "
        "(text is shown as evidence only: name 'complaint_note' in the indicator's evidence "
        "(basis: or note:), and read number fields here)"]


@pytest.mark.parametrize("reference", [False, True])
def test_the_quarter_keeps_each_months_texts_once(reference: bool) -> None:
    """CS01: attitude A, A, B → last B = 80 × 50% = 40; solving B, A, A → A = 100 × 50% = 50;
    1 complaint × 5 = −5: 85.00, B, 1.0 × 24,000 × 3/12 = 6,000. CS02: B → 40, B → 40,
    3 complaints → −15: 65.00, C, 0.8 × 6,000 = 4,800. January's and February's
    得分依据 of CS01's attitude are the same text, kept once; March's is added after '；';
    CS02's 备注 '  新员工  ' is the same text as January's once stripped; a blank month
    adds nothing."""
    scheme = load_scheme(TEMPLATE)
    monthly = read_monthly("d.csv", scheme, DATA.encode(), reference=reference)
    result = score(scheme, monthly, parse_period("2026-Q1", 2026), reference=reference)
    assert [(p.person, round(p.total, 2), p.grade, p.paid) for p in result.people] == [
        ("CS01", 85.0, "B", 600_000), ("CS02", 65.0, "C", 480_000)]
    assert {p.person: [(i.id, i.basis, i.note) for i in p.segments[0].items]
            for p in result.people} == {
        "CS01": [("service_attitude", "抽检录音10通无差错；1通未按话术，已辅导", "春节值班"),
                 ("problem_solving", "回访满意；一次解决率95%", "春节值班"),
                 ("complaints", None, "客户投诉等待过长")],
        "CS02": [("service_attitude", '=HYPERLINK("http://x")；有改进', "新员工"),
                 ("problem_solving", "多次转接；转接减少", "新员工"),
                 ("complaints", None, "两次投诉：\n态度生硬")]}


@pytest.mark.parametrize("reference", [False, True])
def test_a_file_without_a_text_column_has_no_evidence(reference: bool) -> None:
    scheme = load_scheme(TEMPLATE)
    data = "id,post,period,attitude,solving,complaints\nCS01,service_agent,2026-01,A,B,0\n" \
        "CS02,service_agent,2026-01,B,B,0\n"
    monthly = read_monthly("d.csv", scheme, data.encode(), reference=reference)
    assert [str(w) for w in monthly.warnings] == [
        f"d.csv: warning: no column for the text field '{name}' ({label}): the items that "
        f"show it have no evidence (add a column headed '{name}' or '{label}' to show it)"
        for name, label in [("attitude_basis", "服务态度依据"), ("complaint_note", "投诉说明"),
                            ("reviewer_note", "质检备注"), ("solving_basis", "问题解决依据")]]
    result = score(scheme, monthly, parse_period("2026-01", 2026), reference=reference)
    assert [(i.basis, i.note) for i in result.people[0].segments[0].items] == [
        (None, None)] * 3
    assert round(result.people[0].total, 2) == 90.0


def scored(reference: bool, period: str = "2026-Q1", data: str = DATA) -> Result:
    scheme = load_scheme(TEMPLATE)
    monthly = read_monthly("d.csv", scheme, data.encode(), reference=reference)
    return score(scheme, monthly, parse_period(period, 2026), reference=reference)


def test_explain_shows_each_items_texts_on_one_line() -> None:
    result = scored(False)
    text = explain_text(result, result.person("CS02"))
    assert text.split("\n\n")[1:5] == [
        "1. Service attitude (service_attitude)\n"
        "   value:   attitude = B\n"
        "   rule:    rating: rating B → 80\n"
        "   points:  80.00 × weight 50% = 40.00\n"
        '   basis:   =HYPERLINK("http://x")；有改进\n'
        "   note:    新员工",
        "2. Problem solving (problem_solving)\n"
        "   value:   solving = B\n"
        "   rule:    rating: rating B → 80\n"
        "   points:  80.00 × weight 50% = 40.00\n"
        "   basis:   多次转接；转接减少\n"
        "   note:    新员工",
        "3. Valid complaints (complaints)\n"
        "   value:   complaints = 3\n"
        "   rule:    deduction: 3 × 5 = -15\n"
        "   deducts: 15.00 points from the total\n"
        "   note:    两次投诉： 态度生硬",
        "Weighted sum: 80.00\nDeductions:  -15.00\nTotal: 65.00"]
    zh = explain_text(result, result.person("CS01"), "zh").split("\n\n")[1]
    assert zh == ("1. 服务态度 (service_attitude)\n"
                  "   实际：attitude = B\n"
                  "   规则：rating：评级 B → 80\n"
                  "   得分：80.00 × 权重 50% = 40.00\n"
                  "   得分依据：抽检录音10通无差错；1通未按话术，已辅导\n"
                  "   备注：春节值班")


def test_explain_says_when_no_text_was_given() -> None:
    result = scored(False, "2026-01")
    items = explain_text(result, result.person("CS01")).split("\n\n")[1:4]
    assert [item.splitlines()[4:] for item in items] == [
        ["   basis:   抽检录音10通无差错", "   note:    (none given)"],
        ["   basis:   回访满意", "   note:    (none given)"],
        ["   note:    (none given)"]]
    zh = explain_text(result, result.person("CS01"), "zh").split("\n\n")[3]
    assert zh.splitlines()[-1] == "   备注：（未填写）"


@pytest.mark.parametrize("reference", [False, True])
def test_the_json_items_carry_the_texts_their_card_shows(reference: bool) -> None:
    people = json.loads(score_json(scored(reference)))["people"]
    assert [[{k: v for k, v in item.items() if k in ("indicator", "basis", "note")}
             for item in person["indicators"]] for person in people] == [
        [{"indicator": "service_attitude", "basis": "抽检录音10通无差错；1通未按话术，已辅导",
          "note": "春节值班"},
         {"indicator": "problem_solving", "basis": "回访满意；一次解决率95%", "note": "春节值班"},
         {"indicator": "complaints", "note": "客户投诉等待过长"}],
        [{"indicator": "service_attitude", "basis": '=HYPERLINK("http://x")；有改进',
          "note": "新员工"},
         {"indicator": "problem_solving", "basis": "多次转接；转接减少", "note": "新员工"},
         {"indicator": "complaints", "note": "两次投诉：\n态度生硬"}]]
    assert list(people[0]["indicators"][2])[-2:] == ["step", "note"]
    january = json.loads(score_json(scored(reference, "2026-01")))["people"][0]["indicators"]
    assert [(i.get("basis"), i["note"]) for i in january] == [
        ("抽检录音10通无差错", None), ("回访满意", None), (None, None)]


@pytest.mark.parametrize("reference", [False, True])
def test_the_csv_has_a_column_for_each_text_and_runs_none(reference: bool) -> None:
    lines = score_csv(scored(reference)).split("\n")
    assert lines[0].endswith(",service_attitude.basis,service_attitude.note,"
                             "problem_solving.basis,problem_solving.note,complaints.note")
    assert lines[1].endswith(",抽检录音10通无差错；1通未按话术，已辅导,春节值班,"
                             "回访满意；一次解决率95%,春节值班,客户投诉等待过长")
    assert "\n".join(lines[2:4]).endswith(
        ',"\'=HYPERLINK(""http://x"")；有改进",新员工,多次转接；转接减少,新员工,'
        '"两次投诉：\n态度生硬"')


def test_the_table_lists_the_texts_under_it() -> None:
    assert score_table(scored(False)).split("\n\nEvidence", 1)[1] == (
        " (得分依据 / 备注)\n\n"
        "Person  Name        Indicator         Basis                                    Note\n"
        "------  ----------  ----------------  ---------------------------------------  "
        "-------------------\n"
        "CS01    客服专员一  Service attitude  抽检录音10通无差错；1通未按话术，已辅导  春节值班\n"
        "CS01    客服专员一  Problem solving   回访满意；一次解决率95%                  春节值班\n"
        "CS01    客服专员一  Valid complaints                                           "
        "客户投诉等待过长\n"
        "CS02    客服专员二  Service attitude  =HYPERLINK(\"http://x\")；有改进           新员工\n"
        "CS02    客服专员二  Problem solving   多次转接；转接减少                       新员工\n"
        "CS02    客服专员二  Valid complaints                                           "
        "两次投诉： 态度生硬\n")


def test_a_text_on_a_terminal_is_one_line_and_at_most_200_characters() -> None:
    data = DATA.replace("回访满意", "\x1b[2J" + "很" * 300).replace(
        "春节值班", '"值班\t\r\n\n加班"')
    result = scored(False, "2026-01", data)
    lines = explain_text(result, result.person("CS01")).split("\n\n")[2].splitlines()
    assert lines[4:] == ["   basis:   [2J" + "很" * 196 + "…", "   note:    (none given)"]
    result = scored(False, "2026-02", data)
    assert explain_text(result, result.person("CS01")).split("\n\n")[1].splitlines()[-1] == \
        "   note:    值班 加班"
    assert json.loads(score_json(result))["people"][0]["indicators"][0]["note"] == \
        "值班\t\r\n\n加班"


def test_a_large_periods_csv_writes_the_texts_as_a_small_ones(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Arrow writes the CSV of 32,768 people or more: the same bytes, every text guarded."""
    result = scored(True)
    small = score_csv(result).encode()
    monkeypatch.setattr(as_csv, "ARROW_FROM", 0)
    large = b"".join(c if isinstance(c, bytes) else c.encode()
                     for c in as_csv.score_csv_chunks(result))
    assert large == small


def test_validate_names_the_place_of_a_text_in_a_formula(tmp_path: Path) -> None:
    scheme = tmp_path / "s.yaml"
    scheme.write_text(TEMPLATE.read_text(encoding="utf-8").replace(
        "    formula: complaints\n", "    formula: complaint_note\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(scheme)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"{scheme}:59:14: error: indicators.complaints.formula: the formula of 'complaints' "
        "(complaint_note) reads 'complaint_note', which holds text, not a number (text is "
        "shown as evidence only: name 'complaint_note' in the indicator's evidence (basis: "
        "or note:), and read number fields here)\n")
