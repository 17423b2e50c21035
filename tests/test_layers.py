"""The layer diagram of docs/architecture.md, as a test: a module imports only its own layer and those below,
the domain apps only those before them in DOMAIN_ORDER, and no modules import each other in a circle.

Imports inside functions count too: a lazy import is still a dependency a reader must hold in their head.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sinergi"

# Lowest first. A module belongs to the first layer (from the top) whose pattern matches its dotted name.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("kernel", (r"sinergi", r"sinergi\.(clock|env|formatting|pdf|sheets|spreadsheets|tables|settings)",
                r"sinergi\.rules(\..*)?")),
    ("identity", (r"sinergi\.orgs\.(roles|models|scoping|passwords|backends)",)),
    ("platform", (r"sinergi\.(orgs|audit|jobs|regions)(\..*)?",)),
    ("domain", (r"sinergi\.(registry|receivables|enforcement|rentan|coverage|claims)(\..*)?",)),
    # Screens: the web shell and every app's views, URLs, forms, template tags and admin.
    ("presentation", (r"sinergi\.web(\..*)?", r"sinergi\..*\.(views|urls|forms|admin|templatetags)(\..*)?",
                      r"sinergi\..*\.(upload_views|upload_forms|\w+_views|\w+_forms|context_processors)")),
    # What starts things: the command line, the URL root, WSGI, the admin site, the demo, the API.
    ("entry", (r"sinergi\.(cli|clitools|urls|wsgi|admin_site)", r"sinergi\..*\.cli", r"sinergi\.demo(\..*)?",
               r"sinergi\.api(\..*)?")),
]
# Within the domain layer (screens excepted): an app imports only the apps before it. The capabilities that
# share a rank are siblings and do not import each other; what they share goes below them.
DOMAIN_ORDER: dict[str, int] = {"registry": 0, "receivables": 1, "enforcement": 2, "rentan": 2, "coverage": 2,
                                "claims": 3}


def layer_of(module: str) -> int:
    for index in range(len(LAYERS) - 1, -1, -1):
        if any(re.fullmatch(p, module) for p in LAYERS[index][1]):
            return index
    raise AssertionError(f"{module} is in no layer of tests/test_layers.py: add it to the diagram")


def domain_app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in DOMAIN_ORDER else None


@cache
def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


@cache
def imports() -> dict[str, set[tuple[str, int]]]:
    """module → {(imported module, line)} for the imports of sinergi modules, wherever they are written."""
    known = modules()
    result: dict[str, set[tuple[str, int]]] = {}
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[tuple[str, int]] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
            for target in targets:
                while target and target not in known:
                    target = target.rpartition(".")[0]
                if target and target != name and not name.startswith(target + "."):
                    found.add((target, node.lineno))
        result[name] = found
    return result


def test_every_import_goes_down_the_layers():
    wrong = []
    for module, targets in sorted(imports().items()):
        for target, line in sorted(targets):
            if layer_of(target) > layer_of(module):
                wrong.append(f"{modules()[module].relative_to(ROOT)}:{line}: {module} "
                             f"({LAYERS[layer_of(module)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})")
    assert not wrong, "Imports against the layer diagram:\n" + "\n".join(wrong)


def test_domain_apps_import_only_the_apps_before_them():
    wrong = []
    for module, targets in sorted(imports().items()):
        app = domain_app(module)
        if app is None or LAYERS[layer_of(module)][0] != "domain":
            continue
        for target, line in sorted(targets):
            other = domain_app(target)
            if other and other != app and DOMAIN_ORDER[other] >= DOMAIN_ORDER[app]:
                wrong.append(f"{modules()[module].relative_to(ROOT)}:{line}: {module} imports {target}")
    assert not wrong, "Domain imports against DOMAIN_ORDER:\n" + "\n".join(wrong)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_modules_import_each_other_in_a_circle():
    graph = {module: {target for target, _line in targets} for module, targets in imports().items()}
    assert _cycles(graph) == []


def test_the_checks_see_a_wrong_import():
    assert layer_of("sinergi.registry.services") > layer_of("sinergi.orgs.scoping")
    assert LAYERS[layer_of("sinergi.enforcement.skk.views")][0] == "presentation"
    assert LAYERS[layer_of("sinergi.rentan.cli")][0] == "entry"
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
