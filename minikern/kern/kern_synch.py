"""Sleeping and waking up (OpenBSD's kern_synch.c).

A system call that must wait calls tsleep(p, chan): the process leaves
its core and sleeps on the wait channel `chan` (any hashable object: the
parent process for wait4, a pipe for its readers...).  tsleep returns
ERESTART, which the system call returns: when the process next runs, the
`syscall` instruction executes again and the call looks at the world
anew.  wakeup(chan) makes every sleeper on chan runnable.

A sleep may have a deadline in virtual time (nanosleep): the scheduler
wakes the sleeper when the cores' clocks reach it.
"""

import heapq

from .errno import ERESTART
from .proc import SSLEEP


def tsleep(p, chan, wmesg, deadline=None):
    """Put p to sleep on chan; the caller returns the result (ERESTART)."""
    kernel = p.kernel
    p.state = SSLEEP
    p.wchan = chan
    p.wmesg = wmesg
    kernel.sleepq.setdefault(chan, []).append(p)
    if deadline is not None:
        kernel.timeouts_seq += 1
        heapq.heappush(kernel.timeouts, (deadline, kernel.timeouts_seq, p, chan))
    return ERESTART


def wakeup(kernel, chan):
    """Make every process sleeping on chan runnable, now."""
    sleepers = kernel.sleepq.pop(chan, None)
    if not sleepers:
        return
    now = kernel.now()
    for p in sleepers:
        if p.state == SSLEEP and p.wchan == chan:
            _unsleep(kernel, p, now)


def wakeup_proc(kernel, p, at=None):
    """Wake one process whatever it sleeps on (a signal, a timeout)."""
    if p.state != SSLEEP:
        return
    queue = kernel.sleepq.get(p.wchan)
    if queue is not None and p in queue:
        queue.remove(p)
        if not queue:
            del kernel.sleepq[p.wchan]
    _unsleep(kernel, p, kernel.now() if at is None else at)


def _unsleep(kernel, p, at):
    p.wchan = None
    p.wmesg = ""
    kernel.sched.setrunnable(p, at)


def run_timeouts(kernel, now):
    """Wake the sleepers whose deadline is at or before now; return the
    next deadline still pending (or None)."""
    timeouts = kernel.timeouts
    while timeouts and timeouts[0][0] <= now:
        deadline, _, p, chan = heapq.heappop(timeouts)
        if p.state == SSLEEP and p.wchan == chan:
            wakeup_proc(kernel, p, deadline)
    return timeouts[0][0] if timeouts else None


def sys_sched_yield(p):
    """Give the core to another runnable process (end this time slice)."""
    p.core.core.stop()
    return 0
