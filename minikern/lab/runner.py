"""The child process of the grader: one test on a fresh machine.

    python -m minikern.lab.runner build            build the tree's userland
    python -m minikern.lab.runner test LAB TEST [--trace]
                                    (LAB: a lab's name or a lab.py file)

It runs with the tree under test first on sys.path, so the kernel, the
userland and the lab's declaration are the tree's.  Its last stdout line
is one JSON object, the verdict; the parent (grade.py) kills it when it
outlives the test's wall-clock limit, so a student's kernel that loops
or deadlocks in Python costs that test, never the grader.
"""

import collections
import json
import sys

from isa.pmap import PROT_EXEC, PROT_READ, PROT_WRITE
from minikern import build
from minikern.ddb.db_faults import FaultHistory
from minikern.dev.cons import Console
from minikern.kern.kern_ktrace import Tracer
from minikern.kern.proc import status_to_shell
from minikern.kern.subr_prf import KernelPanic
from minikern.lab import load_lab
from minikern.lab.spec import Context, Failure, Run, answers_match
from minikern.machine import Machine
from minikern.programs import DEFAULT_ENV, ProgramError, find_program
from minikern.sys.clock import CPU_HZ

BOOTTIME_NS = 1_700_000_000 * 10**9    # every test's machine boots at the same instant
TAIL_LINES = 10                        # lines of output shown with a failure
TRACE_LINES = 60
ACCESS_NAMES = {PROT_READ: "read", PROT_WRITE: "write", PROT_EXEC: "exec"}
LINE_LIMIT = 160                       # characters of an output line shown


def build_tree():
    try:
        root = build.ensure_userland(progress=False)
    except build.BuildError as e:
        return {"ok": False, "error": str(e), "output": e.output[-4000:]}
    return {"ok": True, "rootfs": str(root)}


def _stdin_of(test, ctx):
    if test.cases is not None:
        return "".join(request + "\n" for request, _ in test.cases).encode()
    data = test.stdin(ctx) if callable(test.stdin) else test.stdin
    return data.encode() if isinstance(data, str) else data


def _program(test, ctx):
    """argv[0] as find_program takes it: a NAME.c is the lab's own file."""
    first = test.argv[0]
    if first.endswith(".c") and "/" not in first:
        first = str(ctx.lab_dir / first)
    return find_program(first, ctx.rootfs)


def run_test(lab, test, trace=False):
    """The verdict of one test, as a dict (see grade.py)."""
    rootfs = build.ensure_userland(progress=False)
    ctx = Context(rootfs=rootfs, lab_dir=lab.directory)
    if callable(test.cases):
        test.cases = test.cases(ctx)        # fixed: one list for stdin and check
    out, messages = bytearray(), []
    traced = collections.deque(maxlen=TRACE_LINES)
    machine = Machine(cores=test.cores, memory=test.memory, seed=test.seed,
                      console=Console(output=out.extend, input_bytes=_stdin_of(test, ctx)),
                      boottime_ns=BOOTTIME_NS, log=messages.append, prefault=False,
                      rootfs=rootfs)
    verdict = {"passed": False, "reason": ""}
    p = None
    faults = FaultHistory(machine.kernel) if trace else None
    try:
        image, argv0 = _program(test, ctx)
        p = machine.spawn(image, [argv0] + list(test.argv[1:]),
                          DEFAULT_ENV if test.env is None else test.env)
        if trace:
            p.ps_traced = Tracer(traced.append)
            faults.watch(p)
        budget = int(test.budget_s * CPU_HZ)
        machine.run(until=lambda: p.ps_xstat is not None or _latest(machine) > budget)
        status = None if p.ps_xstat is None else status_to_shell(p.ps_xstat)
        verdict["reason"] = _judge(test, Run(status, out.decode(errors="replace"),
                                             messages, machine, ctx), budget)
        verdict["passed"] = not verdict["reason"]
    except KernelPanic as e:
        verdict["reason"] = f"kernel panic: {e}"
    except ProgramError as e:
        verdict["reason"] = f"cannot run {test.argv[0]}: {e}"
    finally:
        verdict["virtual_ms"] = round(_latest(machine) * 1000 / CPU_HZ, 3)
        verdict["tail"] = [line if len(line) <= LINE_LIMIT else line[:LINE_LIMIT] + "..."
                           for line in out.decode(errors="replace").splitlines()[-TAIL_LINES:]]
        verdict["messages"] = messages[-TAIL_LINES:]
        if trace:
            verdict["trace"] = list(traced)
            verdict["faults"] = _fault_lines(faults)
            faults.close()
        machine.close()
    return verdict


def _fault_lines(history):
    """Every watched process's faults (the test's program and its
    children): pid, address, access, how it was resolved."""
    return [f"{pid:>5} {va:#x} {ACCESS_NAMES.get(access, '?')} {how}"
            for pid, (_, log) in sorted(history.histories().items())
            for va, access, how in log]


def _latest(machine):
    """How far virtual time has gone: the clock of the core furthest on
    (an idle core's clock may stay behind)."""
    return max(ci.clock for ci in machine.kernel.sched.cpus)


def _judge(test, run, budget):
    """'' when every check passes, else the first reason."""
    if run.status is None:
        if _latest(run.machine) > budget:
            return (f"still running after its budget of {test.budget_s:g} s of "
                    "virtual time (a loop?)")
        return "never finished: every process sleeps and nothing can wake them (deadlock)"
    checks = list(test.checks)
    if test.cases is not None:
        checks.append(answers_match(test.cases))
    for check in checks:
        try:
            reason = check(run)
        except Failure as e:
            reason = str(e)
        if reason:
            return reason
    return ""


def main(argv):
    if argv[:1] == ["build"]:
        verdict = build_tree()
    elif argv[:1] == ["test"] and len(argv) in (3, 4):
        lab = load_lab(argv[1])
        verdict = run_test(lab, lab.test(argv[2]), trace="--trace" in argv[3:])
    else:
        print("usage: python -m minikern.lab.runner build | test LAB TEST [--trace]",
              file=sys.stderr)
        return 2
    sys.stdout.write("\n" + json.dumps(verdict) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
