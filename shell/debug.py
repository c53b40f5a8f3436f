"""Breakpoints and single-stepping, with Unicorn code hooks.

A breakpoint is a hook on one address on every core; it stops the core
before that instruction runs if the process on the core is the one the
breakpoint is for.  Unicorn only calls a hook for instructions in its
address range, so a machine without breakpoints runs exactly as fast as
before, and one with breakpoints pays only at those addresses.

Stepping runs one time slice of a process with a hook on every user
instruction that stops the core after N of them; the hook is removed
right after, and the translated code flushed, so later slices run at
full speed again.
"""

from unicorn import UC_HOOK_CODE
from unicorn.x86_const import UC_X86_REG_RIP

from isa.x86 import USER_MAX
from minikern.sys.proc import SRUN
from minikern.kern.subr_prf import panic_on_exception

from .symbols import place


def saved_rip(p):
    """Where p will resume (its saved context, or its entry point)."""
    if p.p_md.context is not None:
        return p.p_md.context.reg_read(UC_X86_REG_RIP)
    return p.p_md.entry[0]


class Debugger:
    def __init__(self, machine):
        self.machine = machine
        self.breakpoints = {}       # (pid, va) -> the hook handle on each core
        self.passing = set()        # (pid, va): resume over this one once
        self.hit = None             # (proc, va) of the breakpoint that stopped us

    # -- breakpoints --------------------------------------------------

    def add(self, pid, va):
        if (pid, va) in self.breakpoints:
            return
        self.breakpoints[pid, va] = [
            core.uc.hook_add(UC_HOOK_CODE, self._on_breakpoint, core, va, va)
            for core in self.machine.cores]
        self._flush()

    def remove(self, pid, va):
        handles = self.breakpoints.pop((pid, va), None)
        if handles is None:
            return False
        for core, handle in zip(self.machine.cores, handles):
            core.uc.hook_del(handle)
        self._flush()
        return True

    def _flush(self):
        """Drop translated code, so the hooks apply to code already run."""
        for core in self.machine.cores:
            core.uc.ctl_flush_tb()

    def _on_breakpoint(self, uc, address, size, core):
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
        if not self.breakpoints:
            return
        for p in self.machine.kernel.procs.values():
            if p.vmspace is not None and (p.pid, saved_rip(p)) in self.breakpoints:
                self.passing.add((p.pid, saved_rip(p)))

    def describe_hit(self):
        p, va = self.hit
        return f"breakpoint: pid {p.pid} ({p.comm}) at {va:#x}{place(p, va)}"

    # -- stepping -----------------------------------------------------------

    def step(self, p, n):
        """Run p alone for n user instructions (fewer if it sleeps or
        exits); return how many ran."""
        sched = self.machine.kernel.sched
        if p.state != SRUN:
            raise ValueError(f"process {p.pid} is {p.state}, not runnable")
        ci = min(sched.cpus, key=lambda c: (c.clock, c.index))
        done = [0]

        def on_instruction(uc, address, size, data):
            if address >= USER_MAX:         # the kernel's way into user mode
                return
            if done[0] == n:
                ci.core.stop_before(address)
            else:
                done[0] += 1

        self.before_run()
        uc = ci.core.uc
        handle = uc.hook_add(UC_HOOK_CODE, on_instruction)
        uc.ctl_flush_tb()
        sched.runq.remove(p)
        try:
            with panic_on_exception(self.machine.kernel):
                sched.run_slice(ci, p)
        finally:
            uc.hook_del(handle)
            uc.ctl_flush_tb()
        return done[0]
