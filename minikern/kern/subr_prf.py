"""panic(): the kernel found itself in a state it cannot go on from.

OpenBSD's panic() (sys/kern/subr_prf.c) prints `panic: message` on the
console and stops the machine, leaving it for the debugger.  Here a
kernel bug shows up as a Python exception escaping a system call, a
trap handler or the scheduler's loop; panic() turns it into the same
thing:

  * one line, `panic: ...`, naming the exception, the process, the system
    call or trap it was in, and the machine's seed (enough to replay it);
  * the full traceback written to a file (never to the user's terminal),
    whose path the line gives;
  * the machine halted: it can still be inspected (ps, vm, regs ...), but
    it refuses to run again (a new machine must be booted).

The kernel entry the exception came through is read back from the
traceback's frames (arch/amd64/trap.py: syscall's `code`, trap's
`vector`), so the hot paths pay nothing for this.
"""

import os
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

from isa import x86
from ..build import cache_dir
from .syscalls import syscall_table

# What a panicked `minikern run` exits with (not a signal's 128 + N).
PANIC_EXIT_STATUS = 125

TRAP_NAMES = {value: name for name, value in vars(x86).items()
              if name.startswith("T_") and isinstance(value, int)}


class KernelPanic(Exception):
    """The machine panicked.  str() is the one-line message."""

    def __init__(self, line, where, proc, traceback_path):
        super().__init__(line)
        self.line = line
        self.where = where              # "syscall rename", "trap T_PAGEFLT", ...
        self.proc = proc                # the Proc it happened in, or None
        self.traceback_path = traceback_path


class MachineHalted(Exception):
    """Asked to run a machine that has panicked."""


def panic_dir():
    """Where traceback files go: $MINIKERN_PANIC_DIR, else the cache's
    panics/ folder (beside the built userland)."""
    if os.environ.get("MINIKERN_PANIC_DIR"):
        return Path(os.environ["MINIKERN_PANIC_DIR"])
    return cache_dir() / "panics"


def panic(kernel, exc):
    """Halt the kernel on exception exc (a kernel bug); raise KernelPanic."""
    where, proc = kernel_entry(kernel, exc)
    who = f"pid {proc.p_p.ps_pid} ({proc.p_p.ps_comm})" if proc is not None else "no process"
    message = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    path = _write_traceback(kernel, exc, f"{message} in {where}, {who}")
    line = (f"panic: {message} [{where}, {who}, seed {kernel.seed}] "
            f"(traceback: {path})")
    kernel.panicked = KernelPanic(line, where, proc, path)
    raise kernel.panicked from exc


@contextmanager
def panic_on_exception(kernel):
    """Run the machine inside this: an exception escaping the kernel is a
    panic.  A machine that has panicked does not run again."""
    refuse_if_panicked(kernel)
    try:
        yield
    except (KernelPanic, MachineHalted, KeyboardInterrupt):
        raise
    except Exception as e:
        panic(kernel, e)


def refuse_if_panicked(kernel):
    if kernel.panicked is not None:
        raise MachineHalted(f"the machine has panicked ({kernel.panicked.where}): "
                            "boot a new one")
    if kernel.shutdown is not None:
        raise MachineHalted(f"the machine has shut down (reboot(2): {kernel.shutdown}): "
                            "boot a new one")


def kernel_entry(kernel, exc):
    """(what the kernel was doing, the process) when exc was raised: the
    innermost system call, trap or signal delivery in its traceback, else
    the scheduler."""
    where, proc = "scheduler", None
    for frame, _ in traceback.walk_tb(exc.__traceback__):
        code, local = frame.f_code, frame.f_locals
        if code.co_name in ("syscall", "ktrace_syscall") and "code" in local:
            where = f"syscall {_syscall_name(local['code'])}"
        elif code.co_name == "trap" and "vector" in local:
            vector = local["vector"]
            where = f"trap {TRAP_NAMES.get(vector, vector)}"
        elif code.co_name == "postsig" and "sig" in local:
            where = f"delivery of signal {local['sig']}"
        else:
            continue
        proc = local.get("p", proc)
    if proc is None and kernel.curcpu is not None:
        proc = kernel.curcpu.curproc
    return where, proc


def _syscall_name(code):
    for entry in syscall_table():
        if entry.number == code:
            return entry.name
    return f"#{code}"


def _write_traceback(kernel, exc, summary):
    directory = panic_dir()
    directory.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = directory / f"panic-{stamp}-{os.getpid()}-{id(kernel) & 0xFFFF:04x}.txt"
    text = [f"panic: {summary}\n",
            f"machine: {len(kernel.cores)} cores, seed {kernel.seed}, "
            f"giant lock {'on' if kernel.giant else 'off'}\n\n"]
    text += traceback.format_exception(exc)
    path.write_text("".join(text))
    return path
