"""The kernel running real guest programs: the syscall layer's error
handling, exec's checks, crashes turned into signals, determinism."""

import re
import struct

import pytest

from minikern.sys.errno import Errno, ENOEXEC
from minikern.sys.proc import PS_ZOMBIE
from minikern.kern.kern_exec import ExecFormatError, read_elf
from minikern.kern.proc import status_to_shell
from minikern.sys.resource import RLIM_INFINITY

from conftest import boot, checks_passed


def test_hello(run_guest):
    r = run_guest(["/bin/hello"])
    assert r.status == 0
    assert r.output == b"hello, world\n"


def test_echo_arguments(run_guest):
    assert run_guest(["echo", "a", "b  c"]).output == b"a b  c\n"
    assert run_guest(["echo", "-n", "x"]).output == b"x"


def test_syscall_layer_errors(run_guest):
    r = run_guest(["/usr/tests/sysabi"])
    checks_passed(r.text)
    assert r.status == 0
    assert r.messages == []


@pytest.mark.parametrize("mode, signal, status", [
    ("s", "SIGSEGV", 139),      # NULL-ish pointer read
    ("w", "SIGSEGV", 139),      # write to text
    ("x", "SIGSEGV", 139),      # execute data (NX)
    ("k", "SIGSEGV", 139),      # read kernel memory
    ("h", "SIGSEGV", 139),      # privileged instruction: #GP
    ("u", "SIGILL", 132),       # ud2
    ("d", "SIGFPE", 136),       # divide by zero
    ("b", "SIGTRAP", 133),      # int3
    ("i", "SIGSEGV", 139),      # int $0x80: its gate is DPL 0, so #GP
    ("p", "SIGSEGV", 139),      # int $14 is a #GP too, not a page fault
    ("o", "SIGSEGV", 139),      # out at CPL 3 with IOPL 0: #GP
    ("n", "SIGSEGV", 139),      # in, likewise
    ("e", "SIGILL", 132),       # sysenter: #UD on AMD64 in long mode
    ("r", "SIGILL", 132),       # rdrand: not in this CPU model (cpuid says so)
])
def test_crashes_become_signals(run_guest, mode, signal, status):
    r = run_guest(["/usr/tests/crash", mode])
    assert r.status == status
    assert len(r.messages) == 1
    assert r.messages[0].startswith(f"pid 1 (crash): {signal} at 0x")
    # Where: the function and source line; code run from data has neither.
    place = r"\(rip 0x[0-9a-f]+\)" if mode == "x" else r"in main \(crash\.c:\d+\)"
    assert re.search(f" {place}$", r.messages[0])


def test_the_machine_goes_on_after_a_crash(rootfs):
    machine, out, messages = boot()
    image = (rootfs / "usr/tests/crash").read_bytes()
    hello = (rootfs / "bin/hello").read_bytes()
    crashed = machine.spawn(image, ["crash", "s"])
    fine = machine.spawn(hello, ["hello"])
    machine.run()
    assert crashed.ps_xstat == 11 and fine.ps_xstat == 0
    assert out == b"hello, world\n"
    machine.close()


def test_out_of_memory_kills_only_the_guest(rootfs):
    machine, _, messages = boot(memory=8 << 20, rootfs=rootfs)
    # No data size limit (else malloc fails first, at the machine's memory):
    # the out-of-memory killer is what this is about.
    machine.kernel.dfldsiz = RLIM_INFINITY
    image = (rootfs / "usr/tests/crash").read_bytes()
    assert status_to_shell(machine.run_image(image, ["crash", "m"])) == 137
    assert messages == ["pid 1 (crash): killed: out of memory"]
    assert machine.kernel.pages.uvmexp.oom_kills == 1
    machine.close()


def test_runs_are_deterministic(run_guest):
    a = run_guest(["/usr/tests/sysabi"])
    b = run_guest(["/usr/tests/sysabi"])
    assert a.output == b.output
    ka, kb = a.machine.kernel, b.machine.kernel
    assert [ci.clock for ci in ka.sched.cpus] == [ci.clock for ci in kb.sched.cpus]


def test_all_pages_come_back_after_exit(run_guest):
    r = run_guest(["/usr/tests/sysabi"])
    kernel = r.machine.kernel
    assert kernel.pages.uvmexp.active == 0
    assert kernel.pages.free + kernel.pages.uvmexp.wired == kernel.pages.uvmexp.npages


# -- exec's checks ---------------------------------------------------------------

def _hello(rootfs):
    return (rootfs / "bin/hello").read_bytes()


def test_exec_rejects_non_elf():
    with pytest.raises(ExecFormatError, match="not an ELF file"):
        read_elf(b"#!/bin/sh\necho hi\n")


def _loaded_bytes_end(image):
    """Where the last loadable segment's file bytes end."""
    phoff, = struct.unpack_from("<Q", image, 32)
    phentsize, phnum = struct.unpack_from("<HH", image, 54)
    end = 0
    for i in range(phnum):
        p_type, _, p_offset, _, _, p_filesz = struct.unpack_from(
            "<IIQQQQ", image, phoff + i * phentsize)
        if p_type == 1:
            end = max(end, p_offset + p_filesz)
    return end


def test_exec_rejects_truncated_file(rootfs):
    image = _hello(rootfs)
    with pytest.raises(ExecFormatError, match="truncated"):
        read_elf(image[:_loaded_bytes_end(image) - 1])
    with pytest.raises(ExecFormatError):
        read_elf(image[:40])


def test_exec_rejects_other_machines(rootfs):
    image = bytearray(_hello(rootfs))
    struct.pack_into("<H", image, 18, 183)      # e_machine = EM_AARCH64
    with pytest.raises(ExecFormatError, match="not x86-64"):
        read_elf(bytes(image))


def test_exec_rejects_32_bit_and_shared_objects(rootfs):
    image = bytearray(_hello(rootfs))
    image[4] = 1                                # ELFCLASS32
    with pytest.raises(ExecFormatError):
        read_elf(bytes(image))
    image = bytearray(_hello(rootfs))
    struct.pack_into("<H", image, 16, 3)        # ET_DYN
    with pytest.raises(ExecFormatError, match="not a static executable"):
        read_elf(bytes(image))


def test_exec_format_error_is_enoexec():
    with pytest.raises(Errno) as info:
        read_elf(b"")
    assert info.value.errno == ENOEXEC


def test_exec_maps_segments_with_their_protections(rootfs):
    from isa.pmap import PROT_READ, PROT_WRITE, PROT_EXEC
    machine, _, _ = boot()
    p = machine.spawn(_hello(rootfs), ["hello"])
    entries = p.ps_vmspace.map.entries
    text = [e for e in entries if e.name == "text"]
    data = [e for e in entries if e.name == "data"]
    assert text and all(e.prot == PROT_READ | PROT_EXEC for e in text)
    assert data and all(e.prot == PROT_READ | PROT_WRITE for e in data)
    assert entries[-1].name == "stack"
    machine.run()
    machine.close()


def test_rdtsc_reads_the_virtual_clock(run_guest):
    """rdtsc/rdtscp return the core's virtual cycles: the same seed gives
    the same values, byte for byte (userland/tests/tsctest.c)."""
    a = run_guest(["/usr/tests/tsctest"], seed=3)
    b = run_guest(["/usr/tests/tsctest"], seed=3)
    checks_passed(a.text)
    assert a.output == b.output


def test_a_slice_that_dies_before_running_costs_no_instructions(rootfs):
    """A process killed on its way back to user mode (postsig's default
    action) runs no instruction: its slice must not count the instructions
    of the slice before it again."""
    from minikern.kern.kern_sig import prsignal, SIGTERM
    machine, out, messages = boot(cores=1, rootfs=rootfs)
    pr = machine.spawn((rootfs / "bin/yes").read_bytes(), ["yes"])
    p = pr.ps_mainproc
    sched = machine.kernel.sched
    ci = sched.cpus[0]
    for _ in range(3):
        sched.run_slice(ci, p)
    assert ci.core.instructions() > 100_000     # yes ran a full slice
    prsignal(pr, SIGTERM)
    before = ci.clock
    sched.run_slice(ci, p)
    assert pr.ps_xstat is not None and pr.ps_flags & PS_ZOMBIE
    assert ci.clock - before < 100_000
    machine.close()
