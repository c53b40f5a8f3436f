"""The REPL speaks symbols and source lines (minikern/ddb): breakpoints
by function and by file:line, disassembly of a function, a variable's
memory, backtraces through .debug_frame, the source around a stop, and
the kernel's crash line naming the function and line."""

import io
import re

import pytest

from minikern import build, cli
from minikern.kern.subr_prf import PANIC_EXIT_STATUS
from test_repl import Session

DEMO_C = r"""
#include <stdio.h>

int counter = 5;
int squares[4];

__attribute__((noinline)) int square(int x) {
    int y = x * x;
    return y;
}

int main(void) {
    for (int i = 0; i < 4; i++) {
        squares[i] = square(i + counter);
        counter++;
    }
    printf("counter %d square %d\n", counter, squares[3]);
    return 0;
}
"""
SQUARE_LINE = DEMO_C.splitlines().index("    int y = x * x;") + 1
COUNTER_LINE = DEMO_C.splitlines().index("        counter++;") + 1


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    directory = tmp_path_factory.mktemp("demo")
    source = directory / "demo.c"
    source.write_text(DEMO_C)
    build.compile_program([source], directory / "demo", ["-O0"])   # a line per statement
    return str(directory / "demo")


@pytest.fixture
def session(rootfs):
    s = Session()
    yield s
    s.repl.close()


def test_break_at_a_function_then_bt_regs_list(session, demo):
    session(f"spawn {demo}")
    out, err = session("break 1 square", "continue")
    assert err == ""
    assert re.search(r"^breakpoint: pid 1 at 0x[0-9a-f]+ <square>", out, re.M)
    assert re.search(r"^breakpoint: pid 1 \(demo\) at 0x[0-9a-f]+ <square>", out, re.M)
    out, _ = session("bt 1")
    frames = out.splitlines()
    assert re.match(r"#0 +[0-9a-f]{16} <square> \(demo\.c:\d+\)$", frames[0])
    assert re.match(rf"#1 +[0-9a-f]{{16}} <main\+0x[0-9a-f]+> \(demo\.c:{COUNTER_LINE - 1}\)$",
                    frames[1])
    assert any("<__start+" in f for f in frames[2:])       # libc's start, then crt0
    out, _ = session("regs 1")
    assert re.search(r"^rip [0-9a-f]{16} .* <square>", out, re.M)
    line = int(re.match(r".*\(demo\.c:(\d+)\)", frames[0])[1])
    assert SQUARE_LINE - 1 <= line <= SQUARE_LINE + 1
    out, _ = session("list 1")
    assert out.splitlines()[0].endswith("demo.c:")
    marked = [text for text in out.splitlines() if text.startswith("=>")]
    assert marked == [f"=> {line:>4}  {DEMO_C.splitlines()[line - 1]}"]


def test_break_at_a_source_line_and_examine_a_variable(session, demo):
    session(f"spawn {demo}")
    out, err = session(f"break 1 demo.c:{COUNTER_LINE}", "continue")
    assert err == ""
    assert f"(demo.c:{COUNTER_LINE})" in out
    out, _ = session("x 1 &counter")
    assert re.search(r"^counter at 0x[0-9a-f]+, 4 bytes:\n[0-9a-f]{16}  05 00 00 00 ", out, re.M)
    out, _ = session("continue", "x 1 &counter")        # one more time round
    assert re.search(r"^[0-9a-f]{16}  06 00 00 00 ", out, re.M)
    out, _ = session("x 1 squares 16")
    assert re.search(r"^[0-9a-f]{16}  19 00 00 00 31 00 00 00 00 00 00 00", out, re.M)
    out, err = session(f"unbreak 1 demo.c:{COUNTER_LINE}", "wait")
    assert "counter 9 square 121\n" in out and err == ""


def test_disas_a_function_with_its_source(session, demo):
    session(f"spawn {demo}")
    out, _ = session("x 1 &squares")        # bss not touched yet: what it will hold
    assert re.search(r"^squares at 0x[0-9a-f]+, 16 bytes:\n[0-9a-f]{16}  (00 ){16} ", out, re.M)
    out, err = session("disas 1 main")
    assert err == ""
    lines = out.splitlines()
    assert re.match(r"demo\.c:\d+: int main\(void\) \{", lines[0])
    assert re.match(r"   [0-9a-f]{16} <main>  ", lines[1])
    assert re.search(r"call 0x[0-9a-f]+ <square>$", out, re.M)
    assert re.search(r"call 0x[0-9a-f]+ <printf>$", out, re.M)
    assert re.search(r"^   [0-9a-f]{16} <main\+0x[0-9a-f]+>  .* ret$", out, re.M)
    assert not re.search(r"<(?!main)[a-z_]+\+0x[0-9a-f]+>  ", out)     # nothing past main


def test_bad_symbols_are_one_line_errors(session, demo):
    session(f"spawn {demo}")
    _, err = session("break 1 nosuch", "break 1 demo.c:999", "x 1 &nosuch", "list 1 nosuch")
    assert err.splitlines() == ["break: no symbol 'nosuch'", "break: no code at demo.c:999",
                                "x: no symbol 'nosuch'", "list: no symbol 'nosuch'"]


def test_crash_line_names_function_and_line(session):
    _, err = session("run crash s")
    assert re.fullmatch(r"pid \d+ \(crash\): SIGSEGV at 0x10 in main \(crash\.c:5\)\n", err)


def test_cc_keeps_debug_info_unless_g0(tmp_path, demo):
    from elftools.elf.elffile import ELFFile
    from minikern.cli import main
    source = tmp_path / "demo.c"
    source.write_text(DEMO_C)
    assert main(["cc", str(source), "-o", str(tmp_path / "with")]) == 0
    assert main(["cc", "-g0", "-O0", str(source), "-o", str(tmp_path / "without")]) == 0
    with open(tmp_path / "with", "rb") as f:
        elf = ELFFile(f)
        assert elf.get_section_by_name(".debug_info") is not None
        assert elf.get_section_by_name(".debug_frame") is not None     # for unwinding
    with open(tmp_path / "without", "rb") as f:
        assert ELFFile(f).get_section_by_name(".debug_info") is None


def test_debugger_memory_access_changes_nothing_else(rootfs, demo):
    """A read of an untouched page enters no PTE; a write is the process's
    own (copy-on-write: an address space sharing the page keeps its copy);
    text cannot be written; the program sees what was written."""
    from types import SimpleNamespace
    from conftest import boot
    from minikern.ddb.db_access import read_memory, write_memory
    from minikern.uvm.uvm_map import uvmspace_fork
    machine, out, _ = boot(rootfs=rootfs)
    p = machine.spawn(open(demo, "rb").read(), ["demo"])
    symtab = p.ps_image.symtab()
    counter, squares = symtab.lookup("counter").value, symtab.lookup("squares").value
    resident = p.ps_vmspace.pmap.resident
    assert read_memory(p, counter, 4) == (5).to_bytes(4, "little")
    assert read_memory(p, squares, 16) == bytes(16)             # bss: zeros
    assert read_memory(p, 0x10, 4) is None                      # nothing mapped there
    assert p.ps_vmspace.pmap.resident == resident                  # nothing faulted in
    other = uvmspace_fork(p.ps_vmspace, machine.kernel.locore.kernel_pmap)
    assert write_memory(p, counter, (42).to_bytes(4, "little"))
    assert read_memory(p, counter, 4) == (42).to_bytes(4, "little")
    assert read_memory(SimpleNamespace(ps_vmspace=other), counter, 4) == (5).to_bytes(4, "little")
    assert not write_memory(p, symtab.lookup("main").value, b"\xcc")   # text
    other.destroy()
    machine.run(until=lambda: p.ps_xstat is not None)
    assert bytes(out) == f"counter 46 square {48 * 48}\n".encode()
    machine.close()


def test_kernel_debugging_with_pdb_at_a_kernel_function():
    """The README's recipe: pdb stops in fork1 with the machine frozen."""
    import subprocess
    import sys
    from test_repl import ROOT
    done = subprocess.run(
        [sys.executable, "-m", "pdb", "-c", "import minikern.kern.kern_fork as kern_fork",
         "-c", "break kern_fork.fork1", "-c", "continue",
         "-m", "minikern", "run", "/bin/sh", "-c", "true & wait"],
        input="p p.p_p.ps_pid, p.p_p.ps_comm, kernel.now() if 'kernel' in dir() else p.kernel.now()\n"
              "continue\nquit\n",
        capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert re.search(r"kern_fork\.py\(\d+\)fork1\(\)", done.stdout), done.stdout
    assert re.search(r"^\(Pdb\) \(1, 'sh', \d+\)$", done.stdout, re.M)


def test_pdb_opens_on_a_kernel_panic(broken_write, monkeypatch, capsys, rootfs):
    """minikern run --pdb: pdb where the kernel failed, the process at hand."""
    monkeypatch.setattr("sys.stdin", io.StringIO("p p.p_p.ps_pid, p.p_p.ps_comm\nquit\n"))
    assert cli.main(["run", "--pdb", "hello"]) == PANIC_EXIT_STATUS
    out, err = capsys.readouterr()
    assert err.startswith("panic: RuntimeError: injected fault")
    assert '-> raise RuntimeError("injected fault")' in out
    assert "(Pdb) (1, 'hello')" in out


def test_trace_and_fault_lines_name_symbols(session, tmp_path):
    source = tmp_path / "hi.c"
    source.write_text('#include <unistd.h>\nchar message[] = "hi\\n";\n'
                      "int main(void) { write(1, message + 1, 2); return 0; }\n")
    out, _ = session("trace on write", f"run {source}", "trace off", "run crash w", "faults 2")
    assert re.search(r"^ +1 hi +CALL  write\(1,0x[0-9a-f]+ <message\+0x1>,2\)$", out, re.M), out
    # _start follows the ELF headers, so its address moves when they grow.
    assert re.search(r"^ +2 crash +[0-9a-f]+ write +SIGSEGV +<_start>$", out, re.M), out


def test_bt_from_a_system_call_stub(session, tmp_path):
    """The stubs are assembly without call frame information: a leaf whose
    return address is on top of the stack."""
    source = tmp_path / "stuck.c"
    source.write_text("#include <unistd.h>\n"
                      "int main(void) { int fds[2]; char c; pipe(fds);\n"
                      "    read(fds[0], &c, 1); return 0; }\n")
    out, _ = session(f"spawn {source}", "wait", "bt 1")
    frames = [line for line in out.splitlines() if line.startswith("#")]
    assert re.match(r"#0 +[0-9a-f]{16} <read\+0x[0-9a-f]+>$", frames[0]), out
    assert re.match(r"#1 +[0-9a-f]{16} <main\+0x[0-9a-f]+> \(stuck\.c:3\)$", frames[1])
    assert "<_start+" in frames[-1]


# -- the seam: shell/ sees the kernel only through ddb's db_interface --------

SHELL_MAY_IMPORT = {
    "minikern.ddb.db_interface",    # the kernel, for a debugger
    "minikern.machine",             # boot a machine
    "minikern.build", "minikern.programs",  # host side: the userland, host programs
    "isa.asm",                      # the disassembler
}


def imported_modules(path):
    """The absolute module names a Python file imports (at any level)."""
    import ast
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            if node.module == "minikern":       # from minikern import build
                names.update(f"minikern.{alias.name}" for alias in node.names)
            else:
                names.add(node.module)
    return names


def test_shell_imports_the_kernel_only_through_db_interface():
    """The layering rule for shell/: the kernel through one module (no
    kern/uvm/dev/sys import, no Unicorn, and not minikern.cli, which
    starts the REPL: no cycle)."""
    from pathlib import Path
    shell = Path(__file__).resolve().parent.parent / "shell"
    wrong = {}
    for path in sorted(shell.glob("*.py")):
        for name in imported_modules(path):
            if name.split(".")[0] in ("minikern", "isa", "unicorn", "shell") \
                    and name not in SHELL_MAY_IMPORT:
                wrong.setdefault(path.name, []).append(name)
    assert wrong == {}


def test_registers_read_and_written_through_the_seam(rootfs, demo):
    from conftest import boot
    from minikern.ddb import db_interface as ddb
    machine, out, _ = boot(rootfs=rootfs)
    pr = machine.spawn(open(demo, "rb").read(), ["demo"])
    p = pr.ps_mainproc                                   # registers are a thread's
    assert not ddb.set_user_register(p, "rbx", 1)      # never ran: no context yet
    entry = ddb.user_registers(p)["rip"]
    debugger = ddb.Debugger(machine)
    assert debugger.step(p, 3) == 3
    regs = ddb.user_registers(p)
    assert regs["rip"] != entry and ddb.saved_rip(p) == regs["rip"]
    assert ddb.set_user_register(p, "r12", 0x1234)
    assert not ddb.set_user_register(p, "cr3", 0)      # not a user register
    assert ddb.user_registers(p) == dict(regs, r12=0x1234)
    main = proc_symbol(pr, "main")
    debugger.add(pr.ps_pid, main)
    debugger.before_run()
    machine.run(until=lambda: debugger.hit is not None)
    assert debugger.hit == (p, main) and ddb.saved_rip(p) == main
    assert debugger.remove(pr.ps_pid, main) and not debugger.remove(pr.ps_pid, main)
    machine.run(until=lambda: pr.ps_xstat is not None)
    assert bytes(out) == f"counter 9 square {11 * 11}\n".encode()
    machine.close()


def proc_symbol(p, name):
    return p.ps_image.symtab().lookup(name).value
