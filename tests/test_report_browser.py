"""The HTML report as a person sees it: opened in headless Chromium, every chart drawn, no
error in the console, the Chinese in a Chinese font (not boxes), and what a scheme or data
file wrote shown as text, never run. tests/setup.sh installs the browser and the fonts; a
machine without them fails these tests rather than skipping them.

The screenshot of the Chinese report is kept in artefacts/report-zh.png.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, EXAMPLES, ROOT, SCHEME

from appraise import i18n
from appraise.cli import main
from appraise.report import html_report
from appraise.report.html_charts import charts

ARTEFACTS = ROOT / "artefacts"
CASCADE, MONTHS = EXAMPLES / "cascade_company.yaml", EXAMPLES / "2026-months.csv"
# as a person types them, from the repository (the page names its files)
SHOWN = {path: str(path.relative_to(ROOT)) for path in (SCHEME, DATA, CASCADE, MONTHS)}

# Put first in the page's <head>: every error of the page (thrown, rejected, or written
# to the console as an error or warning) kept in a list.
COLLECTOR = """<script>
window.__problems = [];
window.addEventListener("error", function (e) {
  window.__problems.push("error: " + (e.message || (e.target && e.target.outerHTML)));
}, true);
window.addEventListener("unhandledrejection", function (e) {
  window.__problems.push("rejected: " + e.reason);
});
["error", "warn"].forEach(function (kind) {
  var original = console[kind];
  console[kind] = function () {
    window.__problems.push(kind + ": " + Array.prototype.join.call(arguments, " "));
    original.apply(console, arguments);
  };
});
</script>"""

# Put last in the page's <body>: once the page has loaded, what a person would see,
# written into <pre id="probe"> as JSON for --dump-dom to show.
PROBE = """<script>
window.addEventListener("load", function () {
  setTimeout(function () {
    function pixels(text) {  // the text drawn in the page's own font, as pixels
      var canvas = document.createElement("canvas");
      canvas.width = 160; canvas.height = 60;
      var context = canvas.getContext("2d");
      context.font = "40px " + getComputedStyle(document.body).fontFamily;
      context.fillText(text, 4, 48);
      return Array.prototype.join.call(context.getImageData(0, 0, 160, 60).data, "");
    }
    var context = document.createElement("canvas").getContext("2d");
    context.font = "40px " + getComputedStyle(document.body).fontFamily;
    function searched() {  // the cards left when a person types into the search box
      var box = document.getElementById("search");
      box.value = "SEARCH";
      box.dispatchEvent(new Event("input"));
      return Array.prototype.map.call(document.querySelectorAll("#people-list .who"),
                                      function (who) { return who.textContent; });
    }
    function more() {  // the cards listed after "show more", and whether it is still there
      var button = document.getElementById("more");
      var hidden = [button.hidden];
      button.click();
      return [hidden[0], document.querySelectorAll("#people-list .person").length,
              button.hidden];
    }
    var probe = new FontFace("probe", 'local("Noto Sans CJK SC")');
    var done = function (local) {
      var plots = Array.prototype.map.call(document.querySelectorAll(".js-plotly-plot"),
        function (plot) {
          return {id: plot.id, svgs: plot.querySelectorAll(".main-svg").length,
                  marks: plot.querySelectorAll(".point, .bars path").length};
        });
      var out = document.createElement("pre");
      out.id = "probe";
      out.textContent = JSON.stringify({
        problems: window.__problems, plots: plots, local: local,
        width: context.measureText("考核得分").width,
        differ: pixels("考") !== pixels("核"),
        font: getComputedStyle(document.querySelector("h1")).fontFamily,
        title: document.title,
        cards: document.querySelectorAll("#people-list .person").length,
        images: document.querySelectorAll("#people-list img, .js-plotly-plot img").length,
        heading: document.querySelector("h1").textContent,
        searched: searched(), more: more()});
      document.body.appendChild(out);
    };
    probe.load().then(function () { done(true); }, function () { done(false); });
  }, 500);
});
</script>"""


def browser() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("the report's tests need Chromium (chromium or chromium-browser on PATH) "
                    "and the fonts-noto-cjk fonts: run tests/setup.sh")
    return found


def chromium(tmp_path: Path, page: Path, *how: str) -> subprocess.CompletedProcess[str]:
    """Chromium, headless, on ``page``, with its own profile in ``tmp_path``."""
    command = [browser(), "--headless", "--disable-gpu", "--hide-scrollbars",
               "--no-first-run", "--disable-extensions", "--mute-audio",
               "--disable-dev-shm-usage",  # a container's /dev/shm is often too small
               f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=15000",
               *(["--no-sandbox"] if os.geteuid() == 0 else []), *how, page.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done


def report(tmp_path: Path, *args: str, name: str = "report.html") -> Path:
    out = tmp_path / name
    result = CliRunner().invoke(main, ["report", *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def seen(tmp_path: Path, page: Path, search: str = "") -> dict[str, object]:
    """What the probe found in ``page`` (a copy with the collector and the probe in it),
    and the cards listed when ``search`` is typed into the search box."""
    html = page.read_text(encoding="utf-8")
    probed = tmp_path / f"probed-{page.name}"
    probed.write_text(html.replace("<head>\n", "<head>\n" + COLLECTOR + "\n", 1)
                      .replace("</body>", PROBE.replace("SEARCH", search) + "\n</body>", 1),
                      encoding="utf-8")
    dom = chromium(tmp_path, probed, "--dump-dom").stdout
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, flags=re.S)
    assert found is not None, dom[-2000:]
    text = found.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"') \
        .replace("&amp;", "&")
    probe: dict[str, object] = json.loads(text)
    probe["dom"] = dom
    return probe


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


def test_the_chinese_report_renders_every_chart_in_a_chinese_font(tmp_path: Path) -> None:
    page = report(tmp_path, SHOWN[CASCADE], "--data", SHOWN[MONTHS], "--period", "2026-Q1",
                  "--lang", "zh")
    probe = seen(tmp_path, page, search="晓")
    assert probe["searched"] == ["SD01 钟晓岚", "B06 杨晓燕", "T06 胡晓红", "G04 郑晓彤",
                                 "S04 曾晓雯"]
    assert probe["problems"] == []
    from appraise import load_scheme, score_file

    result = score_file(load_scheme(str(CASCADE)), str(MONTHS), "2026-Q1")
    expected = [f"chart-{c.id}" for c in charts(result)]
    assert expected == ["chart-grades", "chart-units", "chart-totals", "chart-achievement"]
    plots = probe["plots"]
    assert isinstance(plots, list)
    assert [p["id"] for p in plots] == expected
    for plot in plots:  # each drawn: plotly's svg layers, and a mark for each bar or bin
        assert plot["svgs"] >= 2 and plot["marks"] >= 3, plot
    assert probe["heading"] == "绩效考核报告"
    assert probe["title"] == "绩效考核报告: 华夏优选销售有限公司 2026年度绩效考核方案 — " \
        "2026-Q1 (2026-01 至 2026-03)"
    assert probe["cards"] == 39 and probe["more"] == [True, 5, True]
    # Legible: the first Chinese font of the page is on the machine, two characters are
    # drawn differently (missing glyphs are all the same box), a character a full em wide
    assert probe["local"] is True
    assert str(probe["font"]).startswith('"Noto Sans CJK SC"')
    assert probe["differ"] is True
    assert probe["width"] == pytest.approx(160, abs=0.5)
    ARTEFACTS.mkdir(exist_ok=True)
    shot = ARTEFACTS / "report-zh.png"
    shot.unlink(missing_ok=True)
    chromium(tmp_path, page, "--window-size=1280,2400", f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000


def test_the_english_report_of_a_plain_period_renders_without_a_problem(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_report, "PAGE", 4)
    page = report(tmp_path, SHOWN[SCHEME], "--data", SHOWN[DATA], "--lang", "en")
    probe = seen(tmp_path, page, search="sR0")
    assert probe["problems"] == []
    assert probe["searched"] == ["SR02 李娜", "SR01 张伟", "SR05 吴昊", "SR03 刘洋"]
    assert probe["more"] == [False, 6, True]  # four of six shown, then all six
    assert [p["id"] for p in probe["plots"]] == [  # type: ignore[attr-defined]
        "chart-grades", "chart-units", "chart-totals", "chart-achievement"]
    assert probe["heading"] == "Appraisal report"
    assert probe["cards"] == 4


def test_names_and_labels_that_look_like_markup_are_shown_as_text_and_run_nothing(
        tmp_path: Path) -> None:
    trap = "<img src=x onerror=\"document.title='pwned'\">"
    script = "<script>document.title='pwned'</script>"
    scheme = tmp_path / "scheme.yaml"
    scheme.write_text(SCHEME.read_text(encoding="utf-8").replace(
        "  sales_dept:\n    label: 销售部\n",
        f"  sales_dept:\n    label: {json.dumps('销售部' + trap)}\n", 1), encoding="utf-8")
    data = tmp_path / "data.csv"
    data.write_text(DATA.read_text(encoding="utf-8").replace(
        "SR01,张伟,", f"SR01,\"{script.replace(chr(34), chr(34) * 2)}\",", 1).replace(
        "SR02,李娜,", f"SR02,\"{trap.replace(chr(34), chr(34) * 2)}\",", 1), encoding="utf-8")
    page = report(tmp_path, str(scheme), "--data", str(data), "--lang", "en")
    probe = seen(tmp_path, page)
    assert probe["problems"] == []
    assert probe["title"] == "Appraisal report: 华东智联销售有限公司 2026年度绩效考核方案 — " \
        "2026-Q1"
    assert probe["images"] == 0 and probe["cards"] == 12
    dom = str(probe["dom"])
    # the cards show the names as written (escaped in the dumped DOM, as text is)
    assert '<span class="who">SR01 &lt;script&gt;document.title=\'pwned\'&lt;/script&gt;' \
        '</span>' in dom
    assert '<span class="who">SR02 &lt;img src=x onerror="document.title=\'pwned\'"&gt;' \
        '</span>' in dom
    # the unit's label, on the unit chart's axis, as text
    assert "销售部&lt;img src=x onerror=\"document.title='pwned'\"&gt;" in dom
