"""Lab syscall: a new system call end to end, getrusage(2).

The table line (syscalls.master), the libc stub generated from it, the
header (<sys/resource.h>) and rusagetest.c are given; the student writes
the kernel's side: the handler, the usage of a process from the
scheduler's accounting, struct rusage's bytes, and wait4 adding a reaped
child's usage to its parent's.  Graded by rusagetest.c, one part a test,
and by tracing its `trace` part as ktrace would (the tracer decodes the
call from its table line).
"""

import re

from minikern.kern.kern_ktrace import Tracer
from minikern.lab.spec import Failure, Lab, Test, all_passed, exit_status
from minikern.programs import find_program
from minikern.sys.clock import CPU_HZ

RUSAGETEST = "rusagetest.c"
TRACE_BUDGET_S = 1.0        # virtual seconds the traced rerun may take

# What the tracer must show for rusagetest's `trace` part: each call
# decoded from its table line (who as an int, the pointer), and its result.
EXPECTED_TRACE = [
    (r"getrusage\(-1,0x[0-9a-f]+", r"getrusage 0$"),
    (r"getrusage\(7,0x[0-9a-f]+", r"getrusage -1 errno 22 EINVAL$"),
    (r"getrusage\(0,0x0\)", r"getrusage -1 errno 14 EFAULT$"),
]


def traced_lines(run):
    """Run rusagetest's `trace` part again on the test's machine, traced
    (what `lab grade --trace` and ktrace show)."""
    lines = []
    image, argv0 = find_program(str(run.ctx.lab_dir / RUSAGETEST), run.ctx.rootfs)
    machine = run.machine
    p = machine.spawn(image, [argv0, "trace"], ["PATH=/bin:/usr/bin"])
    p.ps_traced = Tracer(lines.append)
    start = max(ci.clock for ci in machine.kernel.sched.cpus)
    budget = start + int(TRACE_BUDGET_S * CPU_HZ)
    machine.run(until=lambda: p.ps_xstat is not None or
                max(ci.clock for ci in machine.kernel.sched.cpus) > budget)
    if p.ps_xstat is None:
        raise Failure("the traced run of rusagetest trace did not finish")
    return lines


def getrusage_traced(run):
    """Each getrusage call appears with its arguments, then its result."""
    lines = [line for line in traced_lines(run) if "getrusage" in line]
    at = 0
    for call, result in EXPECTED_TRACE:
        found = next((i for i in range(at, len(lines)) if re.search(call, lines[i])), None)
        if found is None:
            raise Failure(f"trace: no call matching /{call}/ (getrusage lines: "
                          f"{lines[at:at + 4]})")
        after = next((i for i in range(found + 1, len(lines))
                      if re.search(result, lines[i])), None)
        if after is None:
            raise Failure(f"trace: {lines[found].strip()!r} is not followed by a result "
                          f"matching /{result}/ (got {lines[found + 1:found + 3]})")
        at = after + 1


def part(name, points, summary, *more_checks, needs=()):
    return Test(name, points, summary, [RUSAGETEST, name],
                [exit_status(0), all_passed(), *more_checks], needs=list(needs))


LAB = Lab(
    name="syscall",
    summary="a new system call end to end: getrusage(2) from virtual-time accounting",
    builds_on="the trap path (minikern/arch/amd64/trap.py, kern/syscalls.master)",
    files=["minikern/kern/kern_resource.py", "minikern/kern/kern_exit.py"],
    tests=[
        part("self", 40, "RUSAGE_SELF: user and system time add up to the CPU-time "
             "clock; loops, calls and faults land where they belong"),
        part("children", 30, "RUSAGE_CHILDREN: waited-for children (and grandchildren) "
             "only; wait4's rusage", needs=["self"]),
        part("errors", 20, "a bad `who` is EINVAL; NULL, kernel and unmapped "
             "pointers are EFAULT"),
        part("trace", 10, "the tracer decodes each call and its result",
             getrusage_traced),
    ],
)
