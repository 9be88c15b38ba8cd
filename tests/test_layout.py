"""The shape of the engine: imports flow only down the pipeline, nothing is too big to read,
and every rule kind the JSON Schema admits is in the one table of rules."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from appraise.report.words import LANGUAGES
from appraise.rules import RULES, step_words

ENGINE = Path(__file__).resolve().parent.parent / "engine"

#: The stages, in the order the pipeline runs: a module may import from its own stage and
#: from those before it, never from one after it.
STAGES = ["lazy", "i18n", "diagnostics", "numbers", "load", "formula", "rules", "model", "year",
          "build", "sources", "data", "scoring", "report", "store", "rollforward", "cases",
          "__init__",
          "cli_term", "cli_io", "cli", "__main__"]


def stage_of(module: str) -> str:
    """The stage of ``appraise.x.y`` (or of ``appraise`` itself: the public API); a command
    in a module of its own (``appraise.cli_<name>``) is of the command's stage."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1].startswith("cli_") and parts[1] not in ("cli_io", "cli_term"):
        return "cli"
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ENGINE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(["appraise", *parts])


def imports(path: Path) -> set[str]:
    """The modules of appraise that ``path`` imports, absolute."""
    package = module_name(path) if path.name == "__init__.py" else \
        module_name(path).rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")[:len(package.split(".")) - node.level + 1]
            target = ".".join([*base, node.module] if node.module else base)
            folder = ENGINE.joinpath(*target.split(".")[1:])
            submodules = {alias.name for alias in node.names
                          if (folder / alias.name).is_dir()
                          or (folder / f"{alias.name}.py").exists()}
            found.update(f"{target}.{name}" for name in submodules)
            if len(submodules) < len(node.names):  # names from the module (or package) itself
                found.add(target)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("appraise"):
            found.add(node.module or "")
    return found


MODULES = sorted(ENGINE.rglob("*.py"))


def test_imports_flow_only_down_the_pipeline() -> None:
    upstream = []
    for path in MODULES:
        here = STAGES.index(stage_of(module_name(path)))
        for target in imports(path):
            if STAGES.index(stage_of(target)) > here:
                upstream.append(f"{module_name(path)} imports {target}")
    assert upstream == []


def test_no_module_imports_itself_round_a_cycle() -> None:
    graph = {module_name(p): {t for t in imports(p) if t != module_name(p)} for p in MODULES}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, set()) - seen:
            seen.add(nxt)
            if nxt == goal or reaches(nxt, goal, seen):
                return True
        return False

    assert sorted(m for m in graph if reaches(m, m, set())) == []


def test_no_module_is_much_over_400_lines_and_no_class_over_about_150() -> None:
    long_modules, long_classes = [], []
    for path in MODULES:
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 400:
            long_modules.append(str(path.relative_to(ENGINE)))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None \
                    and node.end_lineno - node.lineno >= 160:
                long_classes.append(f"{path.relative_to(ENGINE)}: {node.name}")
    assert (long_modules, long_classes) == ([], [])


def test_the_schema_admits_exactly_the_rule_kinds_in_rules() -> None:
    schema = json.loads((ENGINE.parent / "schemas" / "scheme.schema.json").read_text("utf-8"))
    kinds = schema["$defs"]["rule"]["properties"]["kind"]["enum"]
    assert sorted(kinds) == sorted(RULES)
    assert sorted(k.removesuffix("_rule") for k in schema["$defs"] if k.endswith("_rule")) \
        == sorted(RULES)


def test_every_step_of_every_rule_kind_has_words_in_every_language() -> None:
    for kind in RULES.values():
        assert kind.words, kind.kind
        for step, words in kind.words.items():
            assert step_words(step) == words
            assert sorted(words) == sorted(LANGUAGES), step


def test_the_command_offers_exactly_the_languages_the_words_are_in() -> None:
    from appraise.cli import explain

    lang = next(p for p in explain.params if p.name == "lang")
    assert list(lang.type.choices) == list(LANGUAGES)  # type: ignore[attr-defined]
