"""Breakpoints and single-stepping of user processes (OpenBSD's db_break.c
and db_run.c), through the cores' code watches (isa/cpu.py).

A breakpoint is a watch on one address on every core; it stops the core
before that instruction runs if the thread on the core is the one the
breakpoint is for: a breakpoint set for a pid stops every thread of that
process, one set for a thread id only that thread.  Unicorn only calls a watch for instructions in its
address range, so a machine without breakpoints runs exactly as fast as
before, and one with breakpoints pays only at those addresses.

Stepping runs one time slice of a thread with a watch on every user
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
        self.breakpoints = {}       # (pid or tid, va) -> the watch handle on each core
        self.passing = set()        # (tid, va): resume over this one once
        self.hit = None             # (thread, va) of the breakpoint that stopped us

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
        if p is None or not self._breaks(p, address):
            return
        if (p.p_tid, address) in self.passing:
            self.passing.discard((p.p_tid, address))
            return
        self.hit = (p, address)
        core.stop_before(address)

    def _breaks(self, p, address):
        """Does a breakpoint at address stop thread p?"""
        return ((p.p_tid, address) in self.breakpoints
                or (p.p_p.ps_pid, address) in self.breakpoints)

    def before_run(self):
        """A thread stopped at a breakpoint goes on past it."""
        self.hit = None
        if not self.breakpoints:
            return
        for p in self.machine.kernel.threads.values():
            if p.p_p.ps_vmspace is not None and self._breaks(p, saved_rip(p)):
                self.passing.add((p.p_tid, saved_rip(p)))

    # -- stepping -----------------------------------------------------------

    def step(self, p, n):
        """Run p alone for n user instructions (fewer if it sleeps or
        exits); return how many ran."""
        sched = self.machine.kernel.sched
        if p.p_stat != SRUN:
            raise ValueError(f"thread {p.p_tid} of process {p.p_p.ps_pid} is {p.p_stat}, not runnable")
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
