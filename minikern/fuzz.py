"""minikern fuzz: a campaign of random system calls against the kernel.

The calls come from guest processes (userland/tests/fuzz.c, built with the
userland), driven by the table the build generates from syscalls.master,
so the kernel is attacked through its real entry, the `syscall`
instruction, with the values a hostile program would use.  This side
boots the machine, runs the campaign and judges it:

  * a Python exception escaping the kernel is a panic (kern/subr_prf.py):
    the seed, the command that replays it and the last system calls are
    printed (kept by a ktrace ring buffer on every fuzzing process: the
    fuzz mode pays for it, the ordinary system call path does not);
  * afterwards no process may be left, uvm_check must find nothing wrong
    (page references, PTEs, the page accounting) and witness no lock
    order reversal.

Everything is deterministic: the same options replay the same campaign.
"""

import time
from collections import deque
from dataclasses import dataclass, field

from .dev.cons import Console
from .kern.kern_ktrace import Tracer, call_result, format_call, format_result, thread_name
from .kern.proc import status_to_shell
from .kern.subr_prf import KernelPanic, PANIC_EXIT_STATUS
from .machine import Machine, parse_size
from .programs import find_program
from .uvm.uvm_check import uvm_check

FUZZER = "/usr/tests/fuzz"
RING_SIZE = 32          # system calls kept for a panic report
BOOTTIME_NS = 1_700_000_000 * 10**9     # fixed: the clock is part of a replay


class SyscallRing(Tracer):
    """A ktrace tracer that formats nothing: it keeps the raw values of the
    last system calls (all processes together) and counts them."""

    def __init__(self, size=RING_SIZE):
        super().__init__(emit=None)
        self.ring = deque(maxlen=size)
        self.calls = 0

    def call(self, p, entry, code, args):
        self.calls += 1
        self.ring.append([p, p.p_p.ps_comm, entry, code, args, None])

    def ret(self, p, core, entry, name):
        for record in reversed(self.ring):
            if record[0] is p:
                record[5] = call_result(p, core)
                return

    def lines(self):
        """The calls kept, oldest first, kdump style."""
        out = []
        for p, comm, entry, code, args, result in self.ring:
            call = format_call(p, entry, code, args)
            name = entry.name if entry is not None else f"#{code}"
            done = format_result(entry, name, *result) if result else "(no return)"
            out.append(f"{thread_name(p):>6} {comm:<8} {call} = {done.removeprefix(name + ' ')}")
        return out


@dataclass
class FuzzResult:
    calls: int = 0                  # system calls made by the campaign
    seconds: float = 0.0            # host time it took
    processes: int = 0              # processes created
    console_bytes: int = 0          # what the guest wrote to its console
    status: int = None              # the coordinator's exit status
    problems: list = field(default_factory=list)    # broken invariants
    panic: KernelPanic = None
    last_calls: list = field(default_factory=list)  # on a panic

    @property
    def clean(self):
        return self.panic is None and not self.problems

    @property
    def calls_per_second(self):
        return self.calls / self.seconds if self.seconds else 0.0


def run_fuzz(rootfs, cores=2, procs=4, seed=0, calls=10_000, memory=64 << 20,
             giant=False):
    """Run one campaign on a fresh machine and return its FuzzResult."""
    result = FuzzResult()

    def count_output(data):
        result.console_bytes += len(data)

    machine = Machine(cores=cores, memory=memory, seed=seed,
                      console=Console(output=count_output, input_bytes=b""),
                      boottime_ns=BOOTTIME_NS, log=lambda message: None,
                      prefault=False, rootfs=rootfs, giant=giant, witness=True)
    try:
        _campaign(machine, result, rootfs, procs, seed, calls)
    finally:
        machine.close()
    return result


def _campaign(machine, result, rootfs, procs, seed, calls):
    kernel = machine.kernel
    image, argv0 = find_program(FUZZER, rootfs)
    ring = SyscallRing()
    coordinator = machine.spawn(image, [argv0, str(seed), str(calls), str(procs)])
    coordinator.ps_traced = ring           # and every process it forks
    started = time.perf_counter()
    try:
        machine.run(until=lambda: coordinator.ps_xstat is not None)
    except KernelPanic as e:
        result.panic = e
        result.last_calls = ring.lines()
    result.seconds = time.perf_counter() - started
    result.calls = ring.calls
    result.processes = kernel._nextpid - 1
    if result.panic is None:
        result.status = coordinator.ps_xstat
        _judge(kernel, coordinator, result)


def _judge(kernel, coordinator, result):
    """After the campaign: nothing left running, and the books balance."""
    problems = result.problems
    if coordinator.ps_xstat is None:
        problems.append("the campaign stopped: every process sleeps for ever")
        return
    if status_to_shell(coordinator.ps_xstat):
        problems.append(f"the coordinator ended with status "
                        f"{status_to_shell(coordinator.ps_xstat)}")
    kernel.reap(coordinator)
    left = [p for p in kernel.procs.values()]
    if left:
        problems.append(f"processes left after the campaign: {left}")
    problems += uvm_check(kernel)
    problems += [f"witness: {r}" for r in kernel.witness.reversals]


def replay_command(args):
    giant = " --giant" if args.giant else ""
    return (f"minikern fuzz --cores {args.cores} --mem {args.mem} --procs {args.procs} "
            f"--seed {args.seed} --calls {args.calls}{giant}")


def main(args, rootfs):
    """`minikern fuzz`: run a campaign, say how it went; the exit status
    is 0 if clean, PANIC_EXIT_STATUS on a panic, 1 if an invariant broke."""
    print(f"minikern fuzz: {args.cores} cores, {args.procs} processes, "
          f"seed {args.seed}, {args.calls} calls", flush=True)
    r = run_fuzz(rootfs, cores=args.cores, procs=args.procs, seed=args.seed,
                 calls=args.calls, memory=parse_size(args.mem), giant=args.giant)
    print(f"{r.calls} system calls in {r.seconds:.1f} s: "
          f"{r.calls_per_second:,.0f} calls/s; {r.processes} processes; "
          f"{r.console_bytes} bytes of guest console output (not shown)")
    if r.panic is not None:
        print(r.panic)
        print("the last system calls, oldest first:")
        for line in r.last_calls:
            print("  " + line)
    for problem in r.problems[:20]:
        print(f"broken: {problem}")
    if r.clean:
        print("clean: no panic; uvm_check, witness and the page accounting hold")
        return 0
    print(f"replay: {replay_command(args)}")
    return PANIC_EXIT_STATUS if r.panic is not None else 1
