"""Next year's targets from last year's figures as the history store keeps them
(rollforward --store URL --period P): the same new scheme as from the data file itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, SCHEME

from appraise.cli import main


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "history.sqlite")
    url: str = request.getfixturevalue("pg_url")
    return url


def test_targets_from_the_stores_figures_are_those_from_the_data(store: str,
                                                                  tmp_path: Path) -> None:
    kept = CliRunner().invoke(main, ["score", str(SCHEME), "--data", str(DATA), "--store", store,
                                     "-q", "--format", "csv"])
    assert kept.exit_code == 0
    from_store = CliRunner().invoke(main, ["rollforward", str(SCHEME), "--to", "2027",
                                           "--growth", "10%", "--store", store, "--period",
                                           "2026-Q1", "-o", str(tmp_path / "a.yaml")])
    from_data = CliRunner().invoke(main, ["rollforward", str(SCHEME), "--to", "2027",
                                          "--growth", "10%", "--from-actuals", str(DATA), "-o",
                                          str(tmp_path / "b.yaml")])
    assert (from_store.exit_code, from_data.exit_code) == (0, 0)
    assert (tmp_path / "a.yaml").read_bytes() == (tmp_path / "b.yaml").read_bytes()
    assert from_store.output.replace(f"{store} (2026-Q1)", str(DATA)) == from_data.output
    assert "  line 347: people.SR01.targets: added → {revenue_achievement: 1518000, " \
           "new_customer_count: 14} (revenue_achievement: 1380000 in 2026-Q1 +10%; " \
           "new_customer_count: 13 in 2026-Q1 +10%; 14.3 rounded half up to whole numbers)\n" \
           in from_store.output


@pytest.mark.parametrize(("args", "said"), [
    (["--store", "h.sqlite"], ("Error: --store and --period go together: the figures of one "
                               "period kept in the store\n",
                               "错误：--store 和 --period 须一起给出：即历史库中某一个期间的"
                               "数据\n")),
    (["--store", "h.sqlite", "--period", "2026-Q1", "--from-actuals", str(DATA)],
     ("Error: give --from-actuals or --store, not both\n",
      "错误：--from-actuals 和 --store 只能给出其一\n"))])
def test_the_store_and_its_period_go_together(args: list[str], said: tuple[str, str],
                                              tmp_path: Path) -> None:
    for lang, words in zip(("en", "zh"), said, strict=True):
        done = CliRunner().invoke(main, ["rollforward", str(SCHEME), "--to", "2027",
                                         "--growth", "10%", *args, "-o",
                                         str(tmp_path / "a.yaml"), "--lang", lang])
        assert done.exit_code == 2
        assert done.output.endswith(words)


def test_a_period_the_store_does_not_keep(tmp_path: Path) -> None:
    store = str(tmp_path / "history.sqlite")
    assert CliRunner().invoke(main, ["score", str(SCHEME), "--data", str(DATA), "--store",
                                     store, "-q", "--format", "csv"]).exit_code == 0
    for lang, said in (("en", f"{store}: error: no period '2026' is kept here (the store "
                              "keeps: 2026-Q1)\n"),
                       ("zh", f"{store}: 错误：历史库中没有期间“2026”（历史库中有：2026-Q1）\n")):
        done = CliRunner().invoke(main, ["rollforward", str(SCHEME), "--to", "2027", "--growth",
                                         "10%", "--store", store, "--period", "2026", "-o",
                                         str(tmp_path / "a.yaml"), "--lang", lang])
        assert (done.exit_code, done.output) == (1, said)
        assert not (tmp_path / "a.yaml").exists()
