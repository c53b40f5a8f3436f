"""Shared fixtures.  `run_guest` boots a small machine, runs one guest
program with the given standard input and returns what it printed;
`checks_passed` reads a guest test suite's report."""

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from minikern import build                      # noqa: E402
from minikern.dev.cons import Console           # noqa: E402
from minikern.kern.proc import status_to_shell  # noqa: E402
from minikern.machine import Machine            # noqa: E402
from minikern.programs import find_program      # noqa: E402
from minikern.uvm.uvm_check import uvm_check    # noqa: E402

TEST_BOOTTIME_NS = 1_700_000_000 * 10**9
TEST_ENV = ["PATH=/bin:/usr/bin:/sbin", "HOME=/", "TERM=dumb"]


@dataclass
class GuestResult:
    status: int             # exit status as a shell reports it (128 + signal)
    output: bytes           # everything written to the console
    messages: list = field(default_factory=list)    # kernel messages
    machine: object = None

    @property
    def text(self):
        return self.output.decode(errors="replace")


# The line that ends a guest suite's checks (userland/tests/check.h's report());
# usertests puts its own name and each suite's name in front.
CHECK_SUMMARY = re.compile(r"(?:[\w-]+: )?(\d+) passed, (\d+) failed")
CHECK_FAILED = re.compile(r"\bFAIL\b")


def checks_passed(text):
    """Assert that the guest suite whose output is text ran checks and that
    none failed: its last "N passed, M failed" line says M == 0 and N > 0,
    and no check line says FAIL.  A failure shows the failing check lines.
    Returns N, the number of checks that passed."""
    lines = text.splitlines()
    summaries = [m for m in map(CHECK_SUMMARY.fullmatch, lines) if m]
    assert summaries, "no 'N passed, M failed' line; the output ends:\n" + text[-2000:]
    passed, failed = int(summaries[-1][1]), int(summaries[-1][2])
    failing = [line for line in lines if CHECK_FAILED.search(line)]
    assert failed == 0 and not failing, \
        f"{summaries[-1][0]}; the failing checks:\n" + "\n".join(failing)
    assert passed > 0, "the suite ran no check: " + summaries[-1][0]
    return passed


@pytest.fixture(scope="session")
def rootfs():
    return build.ensure_userland(progress=False)


def boot(cores=2, memory=64 << 20, seed=0, stdin=b"", rootfs=None, giant=False):
    """A machine whose console is captured (and whose root file system is
    the host tree rootfs, or empty).  Witness is on: a lock-order reversal
    fails the test that caused it."""
    out = bytearray()
    messages = []
    machine = Machine(cores=cores, memory=memory, seed=seed,
                      console=Console(output=out.extend, input_bytes=stdin),
                      boottime_ns=TEST_BOOTTIME_NS, log=messages.append,
                      prefault=False, rootfs=rootfs, giant=giant, witness=True)
    return machine, out, messages


@pytest.fixture
def run_guest(rootfs):
    machines = []

    def run(argv, stdin=b"", cores=2, memory=64 << 20, seed=0, env=None, giant=False):
        machine, out, messages = boot(cores, memory, seed, stdin, rootfs, giant)
        machines.append(machine)
        image, argv0 = find_program(argv[0], rootfs)
        status = machine.run_image(image, [argv0] + list(argv[1:]),
                                   TEST_ENV if env is None else env)
        assert status is not None, "every process sleeps and nothing can wake them"
        problems = uvm_check(machine.kernel)
        assert not problems, "VM invariants broken:\n" + "\n".join(problems[:20])
        assert machine.kernel.witness.reversals == []
        return GuestResult(status_to_shell(status), bytes(out), messages, machine)

    yield run
    for machine in machines:
        machine.close()


@pytest.fixture
def syscall_fault(monkeypatch, tmp_path):
    """inject(number): system call `number` raises RuntimeError from now on
    (a kernel bug, put in the kernel's dispatch table for the test).
    Panic traceback files go to tmp_path, which inject returns."""
    from minikern.kern import init_sysent
    monkeypatch.setenv("MINIKERN_PANIC_DIR", str(tmp_path))
    sysent = init_sysent.SYSENT
    kept = {}

    def inject(number):
        _, *rest = kept.setdefault(number, sysent[number])

        def broken_handler(p, *args):
            raise RuntimeError("injected fault")
        sysent[number] = (broken_handler, *rest)
        return tmp_path

    yield inject
    for number, entry in kept.items():
        sysent[number] = entry


SYS_write = 4


@pytest.fixture
def broken_write(syscall_fault):
    """write(2) raises; traceback files go to the folder returned."""
    return syscall_fault(SYS_write)
