"""The layering holds: extract is pure, warehouse is DuckDB only, imports run flows -> extract/warehouse."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
FORBIDDEN = {
    "extract": {"prefect", "duckdb", "aiohttp", "httpx", "flows", "warehouse", "requests", "urllib.request", "socket"},
    "warehouse": {"prefect", "aiohttp", "httpx", "flows", "extract", "requests"},
}


def imported_modules(package: str) -> list[tuple[str, str]]:
    """(file, module) for every import statement in a package's source."""
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(str(path.relative_to(ROOT)), a.name) for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.append((str(path.relative_to(ROOT)), node.module))
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_static_imports_respect_layers(package):
    bad = [
        (f, m) for f, m in imported_modules(package)
        if any(m == x or m.startswith(x + ".") for x in FORBIDDEN[package])
    ]
    assert bad == []


@pytest.mark.parametrize("package, banned", [("extract", ("prefect", "duckdb", "aiohttp", "httpx")),
                                             ("warehouse", ("prefect", "aiohttp", "httpx"))])
def test_importing_a_layer_pulls_in_nothing_forbidden(package, banned):
    # Import every module of the package in a fresh interpreter and look at what got loaded.
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in (ROOT / package).rglob("*.py")
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"print(sorted(b for b in {banned!r} if b in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
