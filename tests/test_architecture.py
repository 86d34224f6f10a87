"""The package's shape: layers whose imports only go down, and no import cycle.

docs/architecture.md draws the layers.  Every import of a claimledger
module counts, the ones inside functions too (kept there for start-up
time), so an import moved into a function cannot hide a cycle."""
import ast
from pathlib import Path


PACKAGE = Path(__file__).resolve().parent.parent / "src" / "claimledger"

# lowest first: a module may import its own layer and the ones before it
LAYERS = [
    ("reading sources", ["claimledger.sources", "claimledger.fetch"]),
    ("extraction and normalisation", ["claimledger.normalize", "claimledger.extract", "claimledger.models"]),
    ("the store", ["claimledger.store"]),
    ("provenance", ["claimledger.provenance"]),
    ("pipelines", ["claimledger.ingest", "claimledger.merge", "claimledger.cluster"]),
    ("interfaces", ["claimledger.cli", "claimledger.display", "claimledger.export", "claimledger.serve",
                    "claimledger.desk", "claimledger.__main__"]),
]
# SQL text a feature keeps and the store's views run: it imports nothing, so any layer may read it
TEXT_ONLY = {"claimledger.provenance.sql"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def resolve(module: str, is_package: bool, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The claimledger modules an import statement loads."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "claimledger"]
    if node.level:
        base = module.split(".")
        if not is_package:
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if target.split(".")[0] != "claimledger":
        return []
    found = []
    for alias in node.names:  # "from . import review" loads the module claimledger.<pkg>.review
        sub = f"{target}.{alias.name}"
        found.append(sub if sub in MODULES else target)
    return found


def imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                edges.update(resolve(module, path.name == "__init__.py", node))
        graph[module] = {e for e in edges if e != module}
    return graph


def layer(module: str) -> int:
    for i, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return i
    raise AssertionError(f"{module} is in no layer: add it to LAYERS and docs/architecture.md")


def test_every_module_is_in_a_layer():
    for module in MODULES:
        if module != "claimledger":
            layer(module)


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for module, targets in graph.items():
        if module == "claimledger":
            continue
        for target in targets:
            if target in TEXT_ONLY or target == "claimledger":
                continue
            if layer(target) > layer(module):
                found.append(f"{module} ({LAYERS[layer(module)][0]}) imports {target} "
                             f"({LAYERS[layer(target)][0]})")
    return found


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of imports, as the modules on it, or None."""
    state: dict[str, int] = {}  # 1 on the path being walked, 2 done
    path: list[str] = []

    def walk(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state:
                cycle = walk(target)
                if cycle:
                    return cycle
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state:
            cycle = walk(module)
            if cycle:
                return cycle
    return None


def test_imports_only_go_down_the_layers():
    upward = upward_imports(imports())
    assert not upward, "\n".join(upward)


def test_text_only_modules_import_nothing_of_the_package():
    graph = imports()
    for module in TEXT_ONLY:
        assert not graph[module], f"{module} imports {graph[module]}"


def test_there_is_no_import_cycle():
    cycle = find_cycle(imports())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_store_knows_nothing_of_linking():
    linking = {"claimledger.provenance.linking", "claimledger.provenance.blocks",
               "claimledger.provenance.signature", "claimledger.provenance.relations"}
    for module, targets in imports().items():
        if module.startswith("claimledger.store"):
            assert not targets & linking, f"{module} imports {targets & linking}"


def test_an_upward_import_and_a_cycle_are_found():
    graph = imports()
    graph["claimledger.store.opening"] = graph["claimledger.store.opening"] | {"claimledger.provenance.linking"}
    assert upward_imports(graph) == ["claimledger.store.opening (the store) imports "
                                     "claimledger.provenance.linking (provenance)"]
    cycle = find_cycle(graph)  # linking imports the store, which now imports linking
    assert cycle and "claimledger.provenance.linking" in cycle and cycle[0] == cycle[-1]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
