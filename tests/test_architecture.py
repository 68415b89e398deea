"""The package's layout as rules: which part may import which, so the data's path reads one way.

Data goes sources → ingest → database → metrics → present → charts/export → ui and pages. A part is a subpackage
(``ingest``, ``sources``, ``metrics`` ...) or one of the shared modules at the package root. Every import counts,
including those inside functions. The rules are what the code does now; a new import that crosses them is a design
change to make here on purpose, not by accident.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sectorscope"

# The shared base at the package root: settings, the database, the data model and its code lists, published
# reference figures, the filter selection, map extents, rounding as shown, lists in words. They import only each
# other.
BASE = {"config", "db", "schema", "codes", "references", "extent", "filters", "rounding", "words"}

# part -> the parts (or "part.module") it may import, besides itself. Subpackages only; root modules are below.
ALLOWED: dict[str, set[str]] = {
    "metrics": BASE,
    "present": BASE | {"metrics"},
    "charts": BASE | {"metrics", "present"},
    "release": BASE | {"metrics", "present"},
    # A load refreshes the public release and each person's part in the WIOA indicators (metrics.wioa); every new
    # database starts with the U.S. counties (sources.geo).
    "ingest": BASE | {"release", "sources.geo", "metrics"},
    "sources": BASE | {"ingest"},
    # A public deck reads the protected release, never the person-level tables.
    "export": BASE | {"metrics", "present", "charts", "release"},
    "commands": BASE | {"metrics", "present", "charts", "release", "ingest", "sources", "export"},
    "ui": BASE | {"metrics", "present", "charts", "release", "ingest", "sources", "export"},
}
ROOT_MODULES: dict[str, set[str]] = {
    **{name: BASE for name in BASE},
    "cli": BASE | {"commands", "ingest"},
    "__main__": {"cli"},
    "__init__": set(),
}
# app.py and pages/ may use any part except the command line.
PAGES_MAY_NOT_IMPORT = {"commands", "cli", "__main__"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 2 else parts)


def _part(module: str) -> str:
    """``sectorscope.ingest.load`` -> ``ingest``; ``sectorscope.db`` -> ``db``; ``sectorscope`` -> ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imported_modules(path: Path) -> set[str]:
    """Every ``sectorscope`` module ``path`` imports, anywhere in the file (``from sectorscope import x`` -> x)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "sectorscope"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "sectorscope":
            found |= {_submodule_or_package(node.module, alias.name) for alias in node.names}
    return found


def _submodule_or_package(module: str, name: str) -> str:
    """``from sectorscope.sources import geo`` imports ``sectorscope.sources.geo``; ``from x import f``, ``x``."""
    candidate = ROOT.joinpath(*module.split("."), name)
    return f"{module}.{name}" if candidate.with_suffix(".py").exists() or candidate.is_dir() else module


def _allowed(rules: set[str], target: str) -> bool:
    parts = target.split(".")
    return parts[1] in rules or ".".join(parts[1:3]) in rules


def _package_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_belongs_to_a_known_part():
    parts = {_part(_module_name(path)) for path in _package_files()}
    unknown = parts - set(ALLOWED) - set(ROOT_MODULES)
    assert unknown == set(), f"put these in a subpackage, or add them to the rules here: {sorted(unknown)}"


@pytest.mark.parametrize("path", _package_files(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_each_part_imports_only_what_its_layer_allows(path):
    source = _part(_module_name(path))
    rules = ALLOWED.get(source, ROOT_MODULES.get(source, set()))
    crossing = sorted(target for target in _imported_modules(path)
                      if _part(target) != source and not _allowed(rules, target))
    assert crossing == [], f"{source} may import {sorted(rules)}"


def test_pages_do_not_reach_for_the_command_line():
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py")]:
        reached = {target for target in _imported_modules(path) if _part(target) in PAGES_MAY_NOT_IMPORT}
        assert reached == set(), f"{path.name} imports {sorted(reached)}"


def test_no_import_cycles_between_modules():
    # Module-level imports only: a cycle there fails at import time, whichever module is imported first.
    graph: dict[str, set[str]] = {}
    for path in _package_files():
        names = set()
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ImportFrom) and node.module == "sectorscope":
                names |= {f"sectorscope.{alias.name}" for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("sectorscope."):
                names.add(node.module)
                names |= {f"{node.module}.{alias.name}" for alias in node.names}
            elif isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names if alias.name.startswith("sectorscope.")}
        graph[_module_name(path)] = names
    modules = set(graph)
    graph = {module: {name for name in names if name in modules and name != module} for module, names in graph.items()}

    cycles = []
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                cycles.append([*trail[trail.index(target):], target] if target in trail else [module, target])
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def _dataframe_calls(path: Path) -> list[ast.Call]:
    """Every ``<something>.dataframe(...)`` call in a module (``st.dataframe``, a column's ``.dataframe``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "dataframe"]


def test_every_table_on_screen_shows_a_missing_value_as_a_dash_not_none():
    """Streamlit draws a missing cell as "None" unless told otherwise, which reads as "none", a zero: the WIOA
    table's rates over no one, a county's interval over too few, a grant's unstated end date. Every grid on screen
    sets ``placeholder=MISSING`` ("–")."""
    modules = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted(PACKAGE.rglob("*.py"))]
    calls = [(path, call) for path in modules for call in _dataframe_calls(path)]
    assert len(calls) >= 10
    for path, call in calls:
        placeholder = next((keyword.value for keyword in call.keywords if keyword.arg == "placeholder"), None)
        assert isinstance(placeholder, ast.Name) and placeholder.id == "MISSING", (path.name, call.lineno)


def test_lists_in_words():
    from sectorscope.words import in_a_list

    assert [in_a_list(items) for items in ([], ["a"], ["a", "b"], ["a", "b", "c"])] == ["", "a", "a and b",
                                                                                     "a, b and c"]


@pytest.mark.parametrize(("phrase", "said"), [
    ("industrial maintenance", "an industrial maintenance"), ("IT support", "an IT support"), ("HVAC", "an HVAC"),
    ("LPN bridge", "an LPN bridge"), ("CNA", "a CNA"), ("CDL-A", "a CDL-A"), ("welding", "a welding"),
    ("Adams County plastics plant", "an Adams County plastics plant"), ("utility", "a utility"),
    ("electrical", "an electrical")])
def test_a_nouns_article_is_the_one_said(phrase, said):
    """The demo's systems changes read "launched a industrial maintenance certificate", "a IT support" (a reviewer)."""
    from sectorscope.words import with_article

    assert with_article(phrase) == said


def _articles_chosen(path: Path) -> list[int]:
    """The lines of ``path`` that choose between "a" and "an" themselves: a conditional expression one of whose
    branches is the word "an" (``"an" if ... else "a"``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.IfExp) and any(
        isinstance(branch, ast.Constant) and branch.value in ("an", "an ") for branch in (node.body, node.orelse))]


def test_one_rule_chooses_a_nouns_article():
    """Validation had its own "an" before a vowel letter beside ``words.with_article`` (which says "a utility", "an
    HVAC"): a second rule to drift from the first, as the Employer page's ("an Utilities partnership"). Only
    ``words`` chooses an article."""
    modules = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *_package_files()]
    choosing = {path.relative_to(ROOT).as_posix(): lines for path in modules
                if path.name != "words.py" and (lines := _articles_chosen(path))}
    assert choosing == {}
    assert _articles_chosen(PACKAGE / "words.py")  # the scan finds the one rule
