"""The scheduler: run queue, time slices and the cores' virtual clocks.

Deterministic by construction: one host thread steps the cores, always
giving the next slice to the core whose virtual clock is furthest behind
(ties go to the lower core number), and a process becomes runnable at the
virtual instant its previous slice ended.  The same program, input and
seed therefore give the same schedule on every run.  Two threads on two
cores (of one process or of two) both advance in virtual time as if they
ran in parallel.

Guest atomics.  Stepping the cores in turn is also what makes a LOCK-
prefixed instruction (lock cmpxchg, lock xadd: every C11 atomic and the
futex locks of libc) atomic across cores.  Unicorn does not make them
atomic between instances running at once in several host threads (the
shared notes, unicorn.md), but here only one core executes at any moment,
and a slice always ends on an instruction boundary: the block clock stops
the core between two translated blocks, a count-limited run between two
instructions, a system call hook after its instruction, and an exception
before its instruction has any effect (a faulting instruction is retried
whole).  So no other core's instruction can fall between the read and the
write of a locked one.  thrtest.c's counter checks it on 4 cores.
"""

import random
import time
from collections import deque

from ..sys.clock import COST_SWITCH, CPU_HZ
from .kern_sig import postsig
from .kern_synch import run_timeouts
from .kern_time import itimer_charge
from ..sys.time import ITIMER_VIRTUAL, ITIMER_PROF
from ..sys.proc import SRUN, SONPROC, SSTOP, SZOMB, PS_STOPPED, PS_ZOMBIE
from ..sys.tracepoint import TP_SCHED_ON_CPU, TP_SCHED_OFF_CPU

QUANTUM = 1_000_000     # cycles in a time slice (1/3 ms at 3 GHz)


class CpuInfo:
    """The kernel's per-core data (OpenBSD's struct cpu_info)."""

    def __init__(self, core, kernel):
        self.core = core
        self.kernel = kernel
        self.index = core.index
        self.curproc = None
        self.clock = 0              # virtual cycles, at the start of the slice
        self.kernel_cycles = 0      # charged during the current slice
        self.busy_cycles = 0
        self.idle_cycles = 0
        self.switches = 0
        self.spin_cycles = 0        # spent spinning on locks
        self.slice_end = 0          # virtual time at which the slice is over
        self.held = []              # locks held now (in a kernel section)
        self.retired = core.retired_counter()   # live instruction count
        core.ci = self

    def slice_cycles(self):
        """Cycles spent so far in the slice that is running now."""
        return self.core.instructions() + self.kernel_cycles

    def now(self):
        return self.clock + self.retired.value + self.kernel_cycles


class Scheduler:
    def __init__(self, kernel, cores, seed=0):
        self.kernel = kernel
        self.cpus = [CpuInfo(core, kernel) for core in cores]
        self.runq = deque()
        self._rng = random.Random(seed)
        self.seed = seed
        # Wall-clock mode (interactive machines): when every core is idle,
        # virtual time waits for the host's clock instead of jumping ahead.
        self.realtime = False

    def setrunnable(self, p, at):
        p.p_stat = SRUN
        p.p_ready_at = at
        self.runq.append(p)

    def now(self):
        """The present, seen from outside any core: the earliest clock."""
        return min(ci.clock for ci in self.cpus)

    def horizon(self):
        """The earliest virtual time at which any core may still run
        kernel code: the running core's slice start, a runnable process's
        start, or a sleeper's deadline.  Nothing can happen before it."""
        floor = self.now()
        times = [max(p.p_ready_at, floor) for p in self.runq]
        ci = self.kernel.curcpu
        if ci is not None:
            times.append(ci.clock)
        if self.kernel.timeouts:
            times.append(self.kernel.timeouts[0][0])
        return min(times) if times else floor

    def idle(self):
        """Nothing can run now: the run queue is empty and no sleeper's
        deadline has come (only time or input could wake someone)."""
        timeouts = self.kernel.timeouts
        return not self.runq and not (timeouts and timeouts[0][0] <= self.now())

    def _quantum(self):
        """The slice length; a non-zero seed varies it reproducibly so that
        races between processes show up in different interleavings."""
        if self.seed == 0:
            return QUANTUM
        return QUANTUM // 2 + self._rng.randrange(QUANTUM)

    def _choose_cpu(self, p):
        return min(self.cpus, key=lambda ci: (max(ci.clock, p.p_ready_at), ci.index))

    def run(self, until=None):
        """Run threads until `until()` is true or nothing can run."""
        kernel = self.kernel
        while until is None or not until():
            if self.runq or not self.realtime:
                # An idle core's clock must not hold time back: nothing can
                # happen before the horizon, so a core behind it was idle
                # until then (else a process polling on one core keeps
                # now() and so every timeout where the idle core stopped).
                self._idle_until(self.horizon())
            if kernel.timeouts:
                run_timeouts(kernel, self.now())
            kernel.console.poll(kernel)
            if not self.runq and not self._wait_for_something():
                return
            p = self.runq.popleft()
            if p.p_stat != SRUN:
                continue            # killed while it waited in the queue
            if p.p_p.ps_flags & PS_STOPPED:
                p.p_stat = SSTOP    # its process stopped: it waits for SIGCONT
                continue
            self.run_slice(self._choose_cpu(p), p)

    def _wait_for_something(self):
        """Nothing is runnable: let virtual time jump to the next timeout,
        or wait for console input.  False if nothing can ever happen."""
        kernel = self.kernel
        if self.realtime:
            return self._wait_wall_clock()
        if kernel.timeouts:
            run_timeouts(kernel, kernel.timeouts[0][0])
            return bool(self.runq)
        return kernel.wait_for_input()

    def _wait_wall_clock(self):
        """The wall-clock twin of the jump above: a person watches, so an
        idle machine lets as much host time pass as the virtual gap to the
        next timeout (cycles / CPU_HZ), waking early when the console's
        host input arrives.  The idle cores' clocks then move on by the
        wall time that really passed, so `sleep 3` takes three seconds."""
        kernel = self.kernel
        while not self.runq:
            start = self.now()
            deadline = kernel.timeouts[0][0] if kernel.timeouts else None
            seconds = None if deadline is None else max(0, deadline - start) / CPU_HZ
            began = time.monotonic()
            if not kernel.wait_for_input(seconds) and deadline is None:
                return False            # nothing can ever happen
            passed = int((time.monotonic() - began) * CPU_HZ)
            now = start + passed if deadline is None else min(start + passed, deadline)
            self._idle_until(now)
            if kernel.timeouts:
                run_timeouts(kernel, now)
        return True

    def _idle_until(self, t):
        """Every core that is behind t has been idle until t."""
        for ci in self.cpus:
            if ci.clock < t:
                ci.idle_cycles += t - ci.clock
                ci.clock = t

    def run_slice(self, ci, p):
        core = ci.core
        if ci.clock < p.p_ready_at:
            ci.idle_cycles += p.p_ready_at - ci.clock
            ci.clock = p.p_ready_at
        if p.p_lastcpu is not ci:
            ci.switches += 1
        p.p_stat = SONPROC
        p.p_cpu = ci
        p.p_lastcpu = ci
        ci.curproc = p
        ci.kernel_cycles = COST_SWITCH
        core.clear_instructions()
        self.kernel.curcpu = ci
        if TP_SCHED_ON_CPU.listeners:
            TP_SCHED_ON_CPU.fire(self.kernel, ci, p)
        start = self._return_to_user(core, p)
        if start is not None:
            # A slice is QUANTUM cycles of virtual time.  Guest instructions
            # are counted by the core (isa/blockclock.py: block by block, so
            # the slice may end a few instructions late, the same ones on
            # every run); kernel time is checked on every return to user
            # mode (trap.py), as a real kernel checks for a pending
            # reschedule there.
            quantum = self._quantum()
            ci.slice_end = ci.clock + quantum
            core.run(start, quantum)
        self.kernel.curcpu = None
        elapsed = ci.slice_cycles()
        ci.clock += elapsed
        ci.busy_cycles += elapsed
        p.p_cycles += elapsed
        p.p_sys_cycles += ci.kernel_cycles
        pr = p.p_p
        pr.ps_cycles += elapsed
        pr.ps_sys_cycles += ci.kernel_cycles
        ci.curproc = None
        ci.kernel_cycles = 0
        p.p_cpu = None
        if TP_SCHED_OFF_CPU.listeners:
            TP_SCHED_OFF_CPU.fire(self.kernel, ci, p)
        self._after_slice(ci, p)
        if pr.ps_itimer[ITIMER_VIRTUAL] or pr.ps_itimer[ITIMER_PROF]:
            itimer_charge(pr)       # SIGVTALRM, SIGPROF when their time has come

    def _return_to_user(self, core, p):
        """Load p's registers and act on its pending signals (the way back
        to user mode).  The address to start at, or None if p died."""
        md = p.p_md
        start = md.switch_in(core, p.p_p.ps_vmspace.pmap)
        if start is not None:
            return start                # a fresh image: its first instruction
        if (p.p_siglist | p.p_p.ps_siglist) & ~p.p_sigmask and not postsig(p, core):
            return None
        return md.resume(core)

    def _after_slice(self, ci, p):
        core = ci.core
        pr = p.p_p
        if p.p_stat == SZOMB:
            if pr.ps_flags & PS_ZOMBIE:
                core.deactivate()
                self.kernel.reap_vmspace(pr)
            return
        if pr.ps_old_vmspace is not None:
            core.deactivate()       # off the old page tables, then free them
            pr.ps_old_vmspace.destroy()
            pr.ps_old_vmspace = None
        p.p_md.switch_out(core)     # a syscall that slept runs again
        if p.p_stat == SONPROC:
            self.setrunnable(p, ci.clock)
