"""The minikern side of a benchmark: boot a fresh machine, run one of the
programs of userland/bench (/usr/bench/NAME) and time it on the host.

A program writes "bench: start" and "bench: stop" to its standard output
around the loop it measures; the console sink notes the host time of each
write, so the interval holds the loop alone (and half of each marker's
write), not the boot, the exec or the program's set-up.  It also notes the
virtual clock of the core that made each write, so the same interval is
known in virtual cycles: what a real machine with the kernel's documented
costs (sys/clock.py) would take.  The markers may come from two
processes (a parent starts, a child stops): the cores' clocks all count
the same virtual time.

`loop_code` reads a measured loop's machine code out of the program's ELF
symbol table (the labels NAME and NAME_end), so that the floor runs the
very same bytes on bare Unicorn.
"""

import io
import time
from dataclasses import dataclass

from elftools.elf.elffile import ELFFile

from .. import build
from ..dev.cons import Console
from ..machine import Machine

START_MARK = b"bench: start"
STOP_MARK = b"bench: stop"


class BenchError(RuntimeError):
    """A benchmark could not be measured (a guest failed, say)."""


def program_image(name):
    rootfs = build.ensure_userland(progress=True)
    path = rootfs / "usr" / "bench" / name
    if not path.is_file():
        raise BenchError(f"/usr/bench/{name} is missing from the userland build")
    return path.read_bytes()


def wait_for_host_memory(phys):
    """Let the off-thread population of guest RAM (isa/physmem.py) finish,
    so no timed run pays for the host's first touch of its pages."""
    if phys._populator is not None:
        phys._populator.join()


@dataclass(frozen=True)
class Interval:
    """The time between a program's two markers."""
    seconds: float          # host wall time
    cycles: int             # virtual cycles (clock.CPU_HZ a second)
    cpu_seconds: float = 0.0    # host CPU time of this process
    output: bytes = b""     # all the program printed, markers included


def time_guest(name, args, memory):
    """Seconds of host time between the markers of /usr/bench/NAME ARGS,
    run alone on a fresh default machine with `memory` bytes of RAM."""
    return measure_guest(name, args, memory).seconds


def measure_guest(name, args, memory):
    """The Interval between the markers of /usr/bench/NAME ARGS, run alone
    on a fresh default machine with `memory` bytes of RAM whose root file
    system is the built userland (so the program may exec others)."""
    image = program_image(name)
    marks = []
    output = []
    machine = None

    def sink(data):
        cycles = machine.kernel.now()
        marks.append((time.perf_counter(), cycles, bytes(data), time.process_time()))
        output.append(bytes(data))

    messages = []
    machine = Machine(memory=memory, console=Console(output=sink),
                      log=messages.append, rootfs=build.ensure_userland(progress=False))
    try:
        wait_for_host_memory(machine.phys)
        status = machine.run_image(image, [name] + [str(a) for a in args])
    finally:
        machine.close()
    text = b"".join(output).decode(errors="replace")
    if status != 0 or messages:
        raise BenchError(f"/usr/bench/{name} failed (wait status {status}): "
                         f"{' '.join(messages) or text.strip()}")
    start = [m for m in marks if m[2].startswith(START_MARK)]
    stop = [m for m in marks if m[2].startswith(STOP_MARK)]
    if len(start) != 1 or len(stop) != 1:
        raise BenchError(f"/usr/bench/{name} did not print its two markers: {text!r}")
    return Interval(stop[0][0] - start[0][0], stop[0][1] - start[0][1],
                    stop[0][3] - start[0][3], b"".join(output))


@dataclass(frozen=True)
class LoopCode:
    """A measured loop: its bytes, at `start`, and the address `end` just
    after it (the `ret` that the floor never executes)."""
    start: int
    end: int
    code: bytes


def loop_code(program, symbol):
    """The bytes between the labels `symbol` and `symbol_end` of a bench
    program, as its text segment holds them."""
    elf = ELFFile(io.BytesIO(program_image(program)))
    symtab = elf.get_section_by_name(".symtab")
    if symtab is None:
        raise BenchError(f"/usr/bench/{program} has no symbol table")
    addresses = []
    for name in (symbol, symbol + "_end"):
        found = symtab.get_symbol_by_name(name)
        if not found:
            raise BenchError(f"/usr/bench/{program} has no symbol {name}")
        addresses.append(found[0]["st_value"])
    start, end = addresses
    for segment in elf.iter_segments():
        h = segment.header
        if h.p_type == "PT_LOAD" and h.p_vaddr <= start < end <= h.p_vaddr + h.p_filesz:
            data = segment.data()
            return LoopCode(start, end, data[start - h.p_vaddr:end - h.p_vaddr])
    raise BenchError(f"{symbol} of /usr/bench/{program} is not in a loaded segment")
