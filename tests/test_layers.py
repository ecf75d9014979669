"""The house keeps its layers: each package imports only the layers below it, no module imports
itself in a circle, the pipeline's functions stay readable, and `import plantool.model` loads no
pipeline. The table below is the one place the layers are written down (plantool/__init__.py
draws the same map for people)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "plantool"

# A module of the first column may import plantool modules of its own layer and of these layers
# only; the most specific prefix applies (readers are a leaf inside the pipeline).
LAYERS: dict[str, tuple[str, ...]] = {
    "plantool.errors": (),
    "plantool.model": (),
    "plantool.rules": ("plantool.errors", "plantool.model"),
    "plantool.pipeline.readers": ("plantool.errors",),
    "plantool.pipeline": ("plantool.errors", "plantool.model", "plantool.rules", "plantool.pipeline.readers"),
    "plantool.analysis": ("plantool.errors", "plantool.model", "plantool.rules"),
    "plantool.output": ("plantool.errors", "plantool.model", "plantool.rules", "plantool.analysis"),
    "plantool.workflows": (
        "plantool.errors",
        "plantool.model",
        "plantool.rules",
        "plantool.pipeline",
        "plantool.pipeline.readers",
        "plantool.analysis",
        "plantool.output",
    ),
    "plantool.commands": (
        "plantool.errors",
        "plantool.model",
        "plantool.rules",
        "plantool.pipeline",
        "plantool.pipeline.readers",
        "plantool.analysis",
        "plantool.output",
        "plantool.workflows",
    ),
    "plantool.cli": ("plantool.errors", "plantool.commands"),
}
# The package's own face: it names the public functions lazily, and __main__ calls the CLI.
ENTRY = ("plantool", "plantool.__main__")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(source: str, *, runtime_only: bool = False) -> list[tuple[int, str]]:
    """The plantool modules a source imports (line, module), anywhere in it: at the top, inside
    functions, and (unless `runtime_only`) under TYPE_CHECKING."""
    tree = ast.parse(source)
    skipped: set[int] = set()
    if runtime_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skipped.update(id(n) for n in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "plantool":
                found += [(node.lineno, f"plantool.{a.name}") for a in node.names]
            elif node.module.startswith("plantool."):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("plantool")]
    return found


def _layer(module: str) -> str | None:
    matches = [layer for layer in LAYERS if module == layer or module.startswith(layer + ".")]
    return max(matches, key=len) if matches else None


def forbidden_imports(module: str, source: str) -> list[str]:
    """Each import of `source` (the code of `module`) that reaches above or beside its layer."""
    if module in ENTRY:
        return []
    layer = _layer(module)
    if layer is None:
        return [f"{module}: in no layer; add it to the LAYERS table"]
    allowed = (layer, *LAYERS[layer])
    problems = []
    for line, imported in _imports(source):
        target = _layer(imported)
        if target is not None and target != layer and target not in LAYERS[layer]:
            problems.append(f"{module}:{line} imports {imported} ({target} is not below {layer})")
        elif target is None and not any(imported == a or imported.startswith(a + ".") for a in allowed):
            problems.append(f"{module}:{line} imports {imported}, which is in no layer")
    return problems


def _sources() -> dict[str, str]:
    return {_module_name(p): p.read_text(encoding="utf-8") for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_imports_only_the_layers_below_it() -> None:
    problems = [p for module, source in _sources().items() for p in forbidden_imports(module, source)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("plantool.model", "from plantool.pipeline import extract"),
        ("plantool.analysis.diff", "from plantool.pipeline.targets import build_targets"),
        ("plantool.output.render", "from plantool.workflows.inputs import load_document"),
        ("plantool.pipeline.readers.pdf", "from plantool.rules import load_rules"),
        ("plantool.rules.schema", "import plantool.analysis.match"),
        ("plantool.cli", "from plantool.pipeline import extract"),
    ],
)
def test_a_forbidden_import_is_caught(module: str, line: str) -> None:
    """The check is no formality: one added forbidden import (even inside a function) fails it."""
    source = _sources()[module]
    assert forbidden_imports(module, source) == []
    tampered = source + f"\n\ndef _added() -> None:\n    {line}\n"
    assert forbidden_imports(module, tampered), f"{line} in {module} went unnoticed"


def test_no_import_circle() -> None:
    """No module imports itself back through others (imports made at run time, lazy ones too)."""
    sources = _sources()
    graph = {m: {i for _, i in _imports(s, runtime_only=True) if i in sources and i != m} for m, s in sources.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    assert not circles, circles


def test_pipeline_functions_stay_readable() -> None:
    """No function of the pipeline above cyclomatic complexity 20, as radon counts it."""
    from radon.complexity import cc_visit

    too_complex = [
        f"{path.relative_to(ROOT)}:{block.lineno} {block.fullname} ({block.complexity})"
        for path in sorted((PACKAGE / "pipeline").rglob("*.py"))
        for block in cc_visit(path.read_text(encoding="utf-8"))
        if block.complexity > 20
    ]
    assert not too_complex, too_complex


def test_the_contract_loads_no_pipeline() -> None:
    """`import plantool.model` (the output contract) loads nothing else of plantool."""
    code = "import sys, plantool.model; print(sorted(m for m in sys.modules if m.startswith('plantool')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['plantool', 'plantool.model']"
