"""The machine-dependent boundary (issue 10): the machine-independent
kernel asks arch/amd64 for registers (frame.py, struct mdproc) and the
pmap for mappings (pmap_extract, pmap_prot...), and reads neither
itself.  Checked on the source, as tests/test_layers.py does: every
module is parsed, nothing is imported."""

import ast
from pathlib import Path

from isa import x86

ROOT = Path(__file__).resolve().parent.parent
MACHINE_INDEPENDENT = ["minikern/kern", "minikern/uvm", "minikern/sys",
                       "minikern/dev", "minikern/fs"]
# Names of isa/x86.py that only machine-dependent code may use: the
# registers (RAX, RIP, SYSCALL_ARG_REGS...), RFLAGS bits, the PTE bits.
REGISTER_NAMES = {name.upper() for name in x86.REG_NAMES} | {"SYSCALL_ARG_REGS"}
MACHINE_NAMES = REGISTER_NAMES | {name for name in vars(x86)
                                  if name.startswith(("PG_", "PSL_", "PGEX_"))}


def _machine_reads(path):
    """(name, line) of each machine-dependent name path imports from
    isa.x86 or isa.envaccess, and of each `.regs` it reads."""
    tree = ast.parse(path.read_text(), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("isa.x86", "isa.envaccess"):
            found += [(alias.name, node.lineno) for alias in node.names
                      if alias.name in MACHINE_NAMES or node.module == "isa.envaccess"]
        elif isinstance(node, ast.Attribute) and node.attr == "regs":
            found.append((".regs", node.lineno))
    return found


def test_the_register_names_are_known():
    assert {"RAX", "RIP", "RSP", "R10", "SYSCALL_ARG_REGS"} <= REGISTER_NAMES
    assert "PAGE_SIZE" not in MACHINE_NAMES and "PG_RW" in MACHINE_NAMES


def test_machine_independent_kernel_reads_no_register_or_pte_bit():
    wrong = []
    for folder in MACHINE_INDEPENDENT:
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = str(path.relative_to(ROOT))
            wrong += [f"{rel}:{line}: {name}" for name, line in _machine_reads(path)]
    assert not wrong, ("machine-dependent reads outside arch/ (use arch/amd64's frame.py "
                       "or p.p_md, or isa.pmap's pmap_extract/pmap_prot):\n" + "\n".join(wrong))



def test_ddb_reads_no_pte_bit():
    """ddb is the debugger: registers are its business (through the
    Core API), page tables are not: it asks the pmap too."""
    wrong = []
    for path in sorted((ROOT / "minikern/ddb").rglob("*.py")):
        rel = str(path.relative_to(ROOT))
        wrong += [f"{rel}:{line}: {name}" for name, line in _machine_reads(path)
                  if name.startswith(("PG_", "PGEX_"))]
    assert not wrong, "PTE bits read in ddb (use isa.pmap's pmap_extract/pmap_prot):\n" + \
        "\n".join(wrong)
