"""The import layering of README's "How the kernel is laid out", checked
on the source: every module of isa/, minikern/ and shell/ is parsed (no
import runs) and each import statement read, those inside functions too.

A cycle or an upward import hidden in a function still couples the
modules; it only moves the failure from import time to some later call.
So a function-level import of a minikern module is refused outright;
one of an optional or heavy third-party module (matplotlib, keystone...)
is fine, and is not looked at here.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("isa", "minikern", "shell")

@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int
    in_function: bool


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules():
    """Module name -> path, for every module of the three packages."""
    return {module_name(p): p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


def _targets(node, importer, is_package, modules):
    """The modules of ours an import statement names: `from a import b`
    names a, and a.b too when b is a module rather than a name in a."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name in modules]
    if node.level:
        base = importer.split(".")
        base = base[:len(base) - node.level + (1 if is_package else 0)]
        package = ".".join(base + ([node.module] if node.module else []))
    else:
        package = node.module
    names = [package] + [f"{package}.{alias.name}" for alias in node.names]
    return [name for name in names if name in modules]


def _function_level(tree):
    """ids of the import statements inside a function or class body."""
    inside = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for sub in ast.walk(node):
                if isinstance(sub, (ast.Import, ast.ImportFrom)):
                    inside.add(id(sub))
    return inside


def module_imports(name, text, is_package, modules):
    """The imports of modules (a set of names) in module name's source."""
    tree = ast.parse(text, name)
    inside = _function_level(tree)
    imports = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for target in _targets(node, name, is_package, modules):
                if target != name:
                    imports.append(Import(name, target, node.lineno, id(node) in inside))
    return imports


def all_imports(modules):
    return [i for name, path in modules.items()
            for i in module_imports(name, path.read_text(), path.name == "__init__.py", modules)]


MODULES = all_modules()
IMPORTS = all_imports(MODULES)


def import_cycles(imports):
    """The strongly connected components of more than one module
    (Tarjan's algorithm, iterative: the graph is a few hundred nodes)."""
    graph = {}
    for i in imports:
        graph.setdefault(i.importer, set()).add(i.imported)
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(frozenset(component))
    return cycles


def _show(imports):
    return "\n".join(f"  {i.importer} line {i.line} imports {i.imported}" for i in imports)


def test_the_parser_sees_imports_at_both_levels():
    """The checks below are only as good as this: known imports of each
    kind are found (a top-level one, a relative one, one in a function;
    the tree has no function-level import of ours left, so that one is
    found in a made-up module)."""
    edges = {(i.importer, i.imported): i.in_function for i in IMPORTS}
    assert edges[("minikern.uvm.uvm_fault", "minikern.sys.errno")] is False
    assert edges[("minikern.kern.kern_exec", "minikern.uvm.uvm_map")] is False
    made_up = "from .proc import Proc\n\ndef exit1(p):\n    from .kern_sig import psignal\n"
    assert [(i.imported, i.line, i.in_function) for i in module_imports(
        "minikern.kern.kern_exit", made_up, False, MODULES)] \
        == [("minikern.kern.proc", 1, False), ("minikern.kern.kern_sig", 4, True)]
    assert import_cycles([Import("a", "b", 1, False), Import("b", "c", 1, True),
                          Import("c", "a", 1, False), Import("c", "d", 1, False)]) \
        == [frozenset("abc")]


def test_no_import_cycles():
    cycles = import_cycles(IMPORTS)
    assert not cycles, "import cycles:\n" + "\n".join(
        "  " + " -> ".join(sorted(c)) for c in cycles)


def test_no_function_level_imports_of_the_kernel():
    """Not to hide a cycle, not to defer a layering question."""
    hidden = [i for i in IMPORTS if i.in_function and i.imported.startswith("minikern")]
    assert not hidden, "function-level imports of minikern modules:\n" + _show(hidden)


def _outside(package, allowed):
    """The imports of package's modules that reach outside the allowed
    packages (prefixes of module names)."""
    return [i for i in IMPORTS
            if (i.importer == package or i.importer.startswith(package + "."))
            and not any(i.imported == a or i.imported.startswith(a + ".") for a in allowed)]


@pytest.mark.parametrize("package, allowed", [
    # The emulated machine knows nothing of the kernel that runs on it.
    ("isa", ["isa"]),
    # The base layer: what everything else shares, depending on nothing.
    ("minikern.sys", ["minikern.sys", "isa"]),
    # uvm: the base layer and the machine, never kern/, dev/, fs/ or ddb/.
    ("minikern.uvm", ["minikern.uvm", "minikern.sys", "isa"]),
])
def test_layer_imports_only_below_it(package, allowed):
    wrong = _outside(package, allowed)
    assert not wrong, f"{package} may import only {', '.join(allowed)}:\n" + _show(wrong)
