"""The handbook as a document: headings, paragraphs, lists and tables, written once and
rendered as GitHub-flavoured Markdown or as one self-contained HTML page (no scripts, a
print style for A4, a font stack for Chinese).

Every text a scheme wrote is escaped where it lands: in Markdown, the characters that
would start emphasis, a link, a tag or a new cell; in HTML, everything ``html.escape``
escapes. The words of the handbook itself pass through the same escaping.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    level: int  # 1: the title; 2: a part; 3: a post or a section within a part; 4: a table
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    lead: str = ""  # a word set in bold before the text ("考核周期：")


@dataclass(frozen=True)
class Bullets:
    items: Sequence[str]


@dataclass(frozen=True)
class Table:
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    right: tuple[int, ...] = ()  # the columns of numbers, aligned right
    caption: str = ""


Block = Heading | Paragraph | Bullets | Table


@dataclass
class Document:
    title: str
    language: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)


# -- Markdown ---------------------------------------------------------------------------------

_MARKDOWN = re.compile(r"([\\`*_\[\]|#~])")
_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_BLOCK_START = re.compile(r"^([-+>=]|\d+(?=[.)]))")  # would start a list, a quote, a heading


def md_text(text: str) -> str:
    """Text as Markdown shows it literally, on one line."""
    escaped = _MARKDOWN.sub(r"\\\1", text)
    escaped = _TAG.sub("&lt;", escaped.replace("&", "&amp;"))
    return " ".join(escaped.split("\n")).strip(" \t\r")


def md_line(text: str) -> str:
    """Text as a paragraph or a list item of its own: nothing at its start makes it a list,
    a quote or a heading."""
    return _BLOCK_START.sub(lambda m: m[1] + "\\" if m[1][0].isdigit() else "\\" + m[1],
                            md_text(text))


def _md_table(table: Table) -> list[str]:
    width = len(table.headers)
    lines = ["| " + " | ".join(md_text(h) for h in table.headers) + " |",
             "|" + "|".join("---:" if i in table.right else "---" for i in range(width)) + "|"]
    for row in table.rows:
        cells = [md_text(c) for c in row] + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def markdown(doc: Document) -> str:
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            out += ["#" * block.level + " " + md_text(block.text), ""]
        elif isinstance(block, Paragraph):
            lead = f"**{md_text(block.lead)}**" if block.lead else ""
            if block.lead.rstrip().endswith((":", ".")):  # English: a space after the lead
                lead += " "
            out += [lead + (md_text(block.text) if lead else md_line(block.text)), ""]
        elif isinstance(block, Bullets):
            out += [f"- {md_line(item)}" for item in block.items] + [""]
        else:
            if block.caption:
                out += [f"**{md_text(block.caption)}**", ""]
            out += [*_md_table(block), ""]
    return "\n".join(out).rstrip("\n") + "\n"


# -- HTML -------------------------------------------------------------------------------------

_STYLE = """\
:root { color-scheme: light; }
body { font-family: "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
  "Source Han Sans SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif;
  color: #1f2328; line-height: 1.6; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.7rem; text-align: center; margin-bottom: 1.5rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #1f4e79; padding-bottom: .2rem;
  margin-top: 2rem; color: #1f4e79; }
h3 { font-size: 1.1rem; margin-top: 1.5rem; }
h4 { font-size: 1rem; margin: 1rem 0 .4rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
caption { text-align: left; font-weight: bold; padding: .3rem 0; }
th, td { border: 1px solid #8c959f; padding: .3rem .5rem; vertical-align: top;
  text-align: left; }
th { background: #dde7f0; }
td.n, th.n { text-align: right; white-space: nowrap; }
td:first-child, th:first-child { white-space: nowrap; }
table.narrow { width: auto; min-width: 50%; }
p.lead b { margin-right: .3rem; }
@page { size: A4; margin: 18mm 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { page-break-after: avoid; break-after: avoid; }
  h3, h4 { page-break-after: avoid; break-after: avoid; }
  table { page-break-inside: auto; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  thead { display: table-header-group; }
  th { background: #dde7f0 !important; -webkit-print-color-adjust: exact;
    print-color-adjust: exact; }
}
"""


def h(text: str) -> str:
    """Text as HTML shows it literally; a line break stays one."""
    return html.escape(text, quote=True).replace("\n", "<br>")


def _html_table(table: Table) -> list[str]:
    def cell(tag: str, i: int, text: str) -> str:
        kind = ' class="n"' if i in table.right else ""
        return f"<{tag}{kind}>{h(text)}</{tag}>"

    # A captioned table of two or three columns (a scoring table) need not span the page.
    narrow = table.caption and len(table.headers) <= 3
    out = ['<table class="narrow">' if narrow else "<table>"]
    if table.caption:
        out.append(f"<caption>{h(table.caption)}</caption>")
    out.append("<thead><tr>" + "".join(cell("th", i, t) for i, t in enumerate(table.headers))
               + "</tr></thead>")
    out.append("<tbody>")
    for row in table.rows:
        out.append("<tr>" + "".join(cell("td", i, t) for i, t in enumerate(row)) + "</tr>")
    return [*out, "</tbody>", "</table>"]


def as_html(doc: Document) -> str:
    lang = "zh-CN" if doc.language == "zh" else "en"
    out = ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{h(doc.title)}</title>", f"<style>\n{_STYLE}</style>", "</head>", "<body>"]
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append(f"<h{block.level}>{h(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            if block.lead:
                lead = block.lead.rstrip()
                space = " " if lead.endswith((":", ".")) else ""
                out.append(f'<p class="lead"><b>{h(lead)}</b>{space}{h(block.text)}</p>')
            else:
                out.append(f"<p>{h(block.text)}</p>")
        elif isinstance(block, Bullets):
            out += ["<ul>", *(f"<li>{h(item)}</li>" for item in block.items), "</ul>"]
        else:
            out += _html_table(block)
    return "\n".join([*out, "</body>", "</html>"]) + "\n"
