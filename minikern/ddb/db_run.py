"""Breakpoints and single-stepping of user processes (OpenBSD's db_break.c
and db_run.c), through the cores' code watches (isa/cpu.py).

A breakpoint is a watch on one address on every core; it stops the core
before that instruction runs if the process on the core is the one the
breakpoint is for.  Unicorn only calls a watch for instructions in its
address range, so a machine without breakpoints runs exactly as fast as
before, and one with breakpoints pays only at those addresses.

Stepping runs one time slice of a process with a watch on every user
instruction that stops the core after N of them; the watch is removed
right after, so later slices run at full speed again.
"""

from isa.x86 import USER_MAX

from ..sys.proc import SRUN
from ..kern.subr_prf import panic_on_exception
from .db_regs import saved_rip


class Debugger:
    def __init__(self, machine):
        self.machine = machine
        self.breakpoints = {}       # (pid, va) -> the watch handle on each core
        self.passing = set()        # (pid, va): resume over this one once
        self.hit = None             # (proc, va) of the breakpoint that stopped us

    # -- breakpoints --------------------------------------------------

    def add(self, pid, va):
        if (pid, va) in self.breakpoints:
            return
        self.breakpoints[pid, va] = [core.watch_code(self._on_breakpoint, va, va + 1)
                                     for core in self.machine.cores]

    def remove(self, pid, va):
        handles = self.breakpoints.pop((pid, va), None)
        if handles is None:
            return False
        for core, handle in zip(self.machine.cores, handles):
            core.unwatch_code(handle)
        return True

    def _on_breakpoint(self, core, address):
        p = core.ci.curproc
        if p is None or (p.pid, address) not in self.breakpoints:
            return
        if (p.pid, address) in self.passing:
            self.passing.discard((p.pid, address))
            return
        self.hit = (p, address)
        core.stop_before(address)

    def before_run(self):
        """A process stopped at a breakpoint goes on past it."""
        self.hit = None
        if not self.breakpoints:
            return
        for p in self.machine.kernel.procs.values():
            if p.vmspace is not None and (p.pid, saved_rip(p)) in self.breakpoints:
                self.passing.add((p.pid, saved_rip(p)))

    # -- stepping -----------------------------------------------------------

    def step(self, p, n):
        """Run p alone for n user instructions (fewer if it sleeps or
        exits); return how many ran."""
        sched = self.machine.kernel.sched
        if p.state != SRUN:
            raise ValueError(f"process {p.pid} is {p.state}, not runnable")
        ci = min(sched.cpus, key=lambda c: (c.clock, c.index))
        done = [0]

        def on_instruction(core, address):
            if address >= USER_MAX:         # the kernel's way into user mode
                return
            if done[0] == n:
                core.stop_before(address)
            else:
                done[0] += 1

        self.before_run()
        handle = ci.core.watch_code(on_instruction)
        sched.runq.remove(p)
        try:
            with panic_on_exception(self.machine.kernel):
                sched.run_slice(ci, p)
        finally:
            ci.core.unwatch_code(handle)
        return done[0]
