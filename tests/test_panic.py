"""A kernel panic is a panic: a Python exception escaping the kernel halts
the machine with one `panic:` line (process, system call or trap, seed),
the traceback goes to a file, and the REPL survives to inspect it.

The faults are injected through the kernel's own Python API: a system
call handler that raises, installed in the dispatch table for the test."""

import io
import re

import pytest

from isa.x86 import T_PAGEFLT
from minikern import cli
from minikern.kern.subr_prf import KernelPanic, MachineHalted, PANIC_EXIT_STATUS
from minikern.programs import find_program
from shell.repl import Repl

from conftest import boot


def test_a_syscall_exception_is_one_line_and_a_file(broken_write, rootfs):
    machine, out, _ = boot(seed=7, rootfs=rootfs)
    image, argv0 = find_program("hello", rootfs)
    with pytest.raises(KernelPanic) as info:
        machine.run_image(image, [argv0])
    line = str(info.value)
    assert re.fullmatch(r"panic: RuntimeError: injected fault \[syscall write, "
                        r"pid 1 \(hello\), seed 7\] \(traceback: (\S+)\)", line), line
    path = info.value.traceback_path
    assert path.parent == broken_write and str(path) in line
    text = path.read_text()
    assert "in broken_handler" in text and text.rstrip().endswith(
        "RuntimeError: injected fault")
    assert out == b""
    with pytest.raises(MachineHalted):     # halted: it does not run again
        machine.run()
    machine.close()


def test_a_trap_exception_names_the_trap(monkeypatch, tmp_path, rootfs):
    monkeypatch.setenv("MINIKERN_PANIC_DIR", str(tmp_path))
    machine, _, _ = boot(rootfs=rootfs)
    for core in machine.cores:
        kernel_trap = core.trap_handler

        def trap(core, vector, addr, error, kernel_trap=kernel_trap):
            if vector == T_PAGEFLT:
                raise KeyError(addr)
            kernel_trap(core, vector, addr, error)
        core.trap_handler = trap
    image, argv0 = find_program("hello", rootfs)
    with pytest.raises(KernelPanic) as info:
        machine.run_image(image, [argv0])
    assert "[trap T_PAGEFLT, pid 1 (hello), seed 0]" in str(info.value)
    machine.close()


def test_minikern_run_exits_with_the_panic_status(broken_write, rootfs, capsys):
    assert cli.main(["run", "hello"]) == PANIC_EXIT_STATUS
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1 and err.startswith("panic: RuntimeError")


def test_the_repl_survives_a_panic_and_inspects_the_machine(broken_write, rootfs):
    out, err = io.StringIO(), io.StringIO()
    repl = Repl(cores=2, memory="64M", out=out, err=err)
    try:
        repl.execute("run hello")
        lines = err.getvalue().splitlines()
        assert len(lines) == 1 and lines[0].startswith(
            "panic: RuntimeError: injected fault [syscall write, pid 1 (hello)")
        repl.execute("ps")
        assert re.search(r"^ +1 +100001 +0 +1 onproc .* /bin/hello$", out.getvalue(), re.M)
        repl.execute("regs 1")
        assert re.search(r"rax 0000000000000004", out.getvalue())   # SYS_write
        repl.execute("vm 1")
        assert "text" in out.getvalue()
        repl.execute("run hello")
        assert err.getvalue().splitlines()[-1] == (
            "run: the machine has panicked (syscall write): boot a new one")
    finally:
        repl.close()


def test_a_signal_delivery_exception_names_the_signal(monkeypatch, tmp_path, rootfs):
    from minikern.kern import kern_sig
    monkeypatch.setenv("MINIKERN_PANIC_DIR", str(tmp_path))

    def broken_sendsig(p, core, sig, act):
        raise ValueError("injected fault")
    monkeypatch.setattr(kern_sig, "sendsig", broken_sendsig)
    machine, _, _ = boot(rootfs=rootfs)
    image, argv0 = find_program("sigtest", rootfs)
    with pytest.raises(KernelPanic) as info:
        machine.run_image(image, [argv0])
    assert re.search(r"\[delivery of signal \d+, pid \d+ \(sigtest\), seed 0\]",
                     str(info.value))
    machine.close()
