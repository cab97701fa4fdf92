"""The import rule of the layout (README, "Layout"), kept by walking every module's imports with ast.

pages -> ui -> intake -> {analysis, store, loaders} -> {formatting, units} -> domain. A module may import its own
layer and any layer below, never above, never a sibling layer; only pages/ and ui/ import streamlit; only
store/ imports SQLAlchemy; no module reaches into another module's private name (`_x`). Command-line
entry points (`*/__main__.py` and their argument parsers) sit on top, like dashboard.py.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Rank of each layer: higher may import lower. Siblings share a rank and may not import each other.
LAYERS: dict[str, int] = {
    "dashboard": 6,
    "pages": 6,
    "admin": 6,  # admin/: the `python -m admin` command line, an entry point
    "ui": 5,
    "intake": 4,
    "reports": 4,  # reports/: the Sở's consolidated Word report and workbook, no drawing
    "analysis": 3,
    "store": 3,
    "loaders": 3,
    "formatting": 1,
    "units": 1,  # units/: provinces and agencies through time (issue 15), data read by every layer above
    "domain": 0,
}
ENTRY_POINTS = {"dashboard", "pages", "admin"}
STREAMLIT_LAYERS = {"dashboard", "pages", "ui"}
SQLALCHEMY_LAYERS = {"store"}
# Command lines sit above everything they drive; they must still not import streamlit.
CLI_FILES = ("__main__.py", "cli.py")


@dataclass(frozen=True)
class Violation:
    file: str
    line: int
    why: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.why}"


def layer_of_module(module: str) -> str | None:
    head = module.split(".")[0]
    return head if head in LAYERS else None


def layer_of_file(path: Path) -> str:
    rel = path.relative_to(ROOT)
    return rel.parts[0].removesuffix(".py")


def is_cli(path: Path) -> bool:
    return path.name in CLI_FILES


def project_files() -> list[Path]:
    files = [ROOT / "dashboard.py", ROOT / "domain.py", ROOT / "formatting.py"]
    for folder in ("pages", "admin", "ui", "intake", "reports", "analysis", "store", "loaders", "units"):
        if (ROOT / folder).is_dir():
            files += sorted(p for p in (ROOT / folder).rglob("*.py") if "migrations" not in p.parts)
    return [f for f in files if f.exists()]


def imported_modules(tree: ast.AST, path: Path) -> list[tuple[str, int, list[str]]]:
    """(module, line, imported names) for every import, relative ones resolved against the file's package."""
    package = list(path.relative_to(ROOT).with_suffix("").parts[:-1])
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            out.append((module, node.lineno, [alias.name for alias in node.names]))
    return out


def check_file(path: Path) -> list[Violation]:
    rel = str(path.relative_to(ROOT))
    mine = layer_of_file(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
    found: list[Violation] = []
    for module, line, names in imported_modules(tree, path):
        head = module.split(".")[0]
        if head == "streamlit" and mine not in STREAMLIT_LAYERS:
            found.append(Violation(rel, line, f"{mine} imports streamlit (only pages/ and ui/ may)"))
        if head == "sqlalchemy" and mine not in SQLALCHEMY_LAYERS:
            found.append(Violation(rel, line, f"{mine} imports sqlalchemy (only store/ may)"))
        private = [n for n in names if n.startswith("_") and not n.startswith("__")]
        if private and layer_of_module(module) and module.split(".")[0] != mine:
            found.append(Violation(rel, line, f"imports the private name(s) {', '.join(private)} of {module}"))
        theirs = layer_of_module(module)
        if theirs is None or theirs == mine or is_cli(path):
            continue
        if theirs in ENTRY_POINTS:
            found.append(Violation(rel, line, f"{mine} imports the entry point {module}"))
        elif LAYERS[theirs] > LAYERS[mine]:
            found.append(Violation(rel, line, f"{mine} imports {module}, a higher layer"))
        elif LAYERS[theirs] == LAYERS[mine]:
            found.append(Violation(rel, line, f"{mine} imports {module}, a sibling layer"))
    found += private_attribute_uses(tree, rel)
    return found


def private_attribute_uses(tree: ast.AST, rel: str) -> list[Violation]:
    """`module._name` where module is a project module imported into this file."""
    aliases: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases |= {(a.asname or a.name).split(".")[0] for a in node.names if layer_of_module(a.name)}
        elif isinstance(node, ast.ImportFrom) and node.module and layer_of_module(node.module):
            aliases |= {a.asname or a.name for a in node.names}
    return [
        Violation(rel, node.lineno, f"uses the private name {node.value.id}.{node.attr}")
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in aliases
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
    ]


def test_every_import_follows_the_layer_rule():
    violations = [v for path in project_files() for v in check_file(path)]
    assert not violations, "layer rule broken:\n" + "\n".join(map(str, violations))


@pytest.mark.parametrize(
    ("file", "source", "expected"),
    [
        ("loaders/bad.py", "import streamlit as st\n", "imports streamlit"),
        ("domain.py", "from store import Store\n", "higher layer"),
        ("analysis/bad.py", "from store import database\n", "sibling layer"),
        ("intake/bad.py", "from ui import charts\n", "higher layer"),
        ("ui/bad.py", "import pages.budget\n", "entry point"),
        ("analysis/bad.py", "import sqlalchemy\n", "imports sqlalchemy"),
        ("pages/bad.py", "from ui import charts\nx = charts._hidden\n", "private name charts._hidden"),
        ("loaders/extract/bad.py", "from ..records import _private\n", None),  # same layer: allowed
    ],
)
def test_the_rule_catches_each_kind_of_violation(tmp_path, file, source, expected):
    fake_root = tmp_path
    target = fake_root / file
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source, encoding="utf-8")
    globals()["ROOT"], saved = fake_root, ROOT
    try:
        found = check_file(target)
    finally:
        globals()["ROOT"] = saved
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1 and expected in found[0].why, found
        assert found[0].file == file and found[0].line >= 1
