"""No module imports from a higher layer (negotiator.LAYERS): every import of every module, read
from its source, function-local ones included; only imports for type checkers are left out."""

from __future__ import annotations

import ast
from pathlib import Path

import negotiator
from negotiator import APP, LAYERS

ROOT = Path(negotiator.__file__).resolve().parent
TOP = len(LAYERS) + 1  # the app, above every domain; the core is 0


def _module_name(path: Path) -> str:
    parts = ("negotiator", *path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _rank(module: str) -> int:
    """0 for the core, 1… for the domains' layers, TOP for the app."""
    if module in APP:
        return TOP
    parts = module.split(".")
    if len(parts) == 1 or not (ROOT / parts[1]).is_dir() or parts[1] == "jobs":
        return 0  # a top-level module (or the package itself), or jobs' engine
    ranks = {name: rank for rank, layer in enumerate(LAYERS, start=1) for name in layer}
    # A module named on its own sits where it is named, else where its package is.
    for name in (".".join(parts[1:3]), parts[1]):
        if name in ranks:
            return ranks[name]
    raise AssertionError(f"{module}: its package is in no layer of negotiator.LAYERS")


def _type_checking_only(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return isinstance(test, ast.Name | ast.Attribute) and ast.unparse(test).endswith(
        "TYPE_CHECKING"
    )


def _imports(tree: ast.AST):  # noqa: ANN202
    """(line, imported module) for every import, at any depth, outside `if TYPE_CHECKING:`."""
    for node in ast.iter_child_nodes(tree):
        if _type_checking_only(node):
            continue
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level:
            yield node.lineno, "." * node.level + (node.module or "")  # refused below
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                # `from negotiator.jobs import schedule` imports the submodule, not the package.
                sub = f"{node.module}.{alias.name}"
                yield node.lineno, sub if sub in MODULES else node.module
        yield from _imports(node)


def _upward_imports() -> list[str]:
    found = []
    for module, path in MODULES.items():
        own = _rank(module)
        for line, imported in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if imported.startswith("."):
                found.append(f"{module}:{line} imports {imported}: relative, so unchecked")
            elif imported.split(".")[0] == "negotiator" and _rank(imported) > own:
                found.append(f"{module}:{line} imports {imported}")
    return found


def test_no_module_imports_from_a_higher_layer():
    assert _upward_imports() == []


def test_the_check_sees_function_local_imports_and_skips_type_checking_ones():
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from negotiator.agreements.models import Agreement\n"
        "def f():\n    from negotiator.meetings import round_controls\n"
        "    from . import forms\n"
    )
    imported = [name for _line, name in _imports(ast.parse(source))]
    assert imported == ["typing", "negotiator.meetings.round_controls", "."]
    assert _rank("negotiator.meetings.round_controls") > _rank("negotiator.negotiation.services")


def test_every_package_has_a_layer_and_every_named_module_exists():
    packages = {m.split(".")[1] for m in MODULES if m.count(".") >= 2}
    placed = {name for layer in LAYERS for name in layer}
    assert packages - {p for p in placed if "." not in p} == {"jobs"}  # jobs is core
    assert {f"negotiator.{m}" for m in placed if "." in m} <= MODULES.keys()
    assert set(APP) <= MODULES.keys()
