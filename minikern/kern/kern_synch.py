"""Sleeping and waking up (OpenBSD's kern_synch.c).

A system call that must wait calls tsleep(p, chan): the process leaves
its core and sleeps on the wait channel `chan` (any hashable object: the
parent process for wait4, a pipe for its readers...).  tsleep returns
ERESTART, which the system call returns: when the process next runs, the
`syscall` instruction executes again and the call looks at the world
anew.  wakeup(chan) makes every sleeper on chan runnable.

poll(2) and select(2) wait on many channels at once: the poller sleeps
on its own channel and records itself on each file's channel
(selrecord, OpenBSD's struct selinfo); a wakeup of a channel wakes its
recorded pollers too (selwakeup), and poll looks at every file again.

A sleep may have a deadline in virtual time (nanosleep): a timeout (as
OpenBSD's struct timeout) that the scheduler fires when the cores' clocks
reach it.  Whatever ends the sleep first (the timeout, a wakeup, a signal,
exit) deletes the timeout, so a queued timeout always belongs to a
process that still sleeps.
"""

import heapq

from ..sys.errno import ERESTART
from ..sys.proc import SSLEEP
from ..sys.tracepoint import TP_SCHED_SLEEP, TP_SCHED_WAKEUP


class Timeout:
    """A wakeup of p due at a virtual time, or, with func, a call of
    func(kernel, timeout) then (OpenBSD's to_func: an interval timer's
    SIGALRM).  Queued in kernel.timeouts (a heap of (deadline, seq,
    timeout)) while pending; a deleted timeout stays in the heap, marked,
    until it reaches the top."""
    __slots__ = ("deadline", "p", "pending", "func")

    def __init__(self, deadline, p, func=None):
        self.deadline = deadline
        self.p = p
        self.pending = True
        self.func = func


def timeout_add(kernel, deadline, p, func=None):
    to = Timeout(deadline, p, func)
    kernel.timeouts_seq += 1        # equal deadlines fire in order queued
    heapq.heappush(kernel.timeouts, (deadline, kernel.timeouts_seq, to))
    return to


def timeout_del(kernel, to):
    """Cancel to.  The heap's top is kept pending, so that the scheduler
    can read the next deadline from it directly; when cancelled entries
    make up most of the heap, it is rebuilt without them (long sleeps
    interrupted again and again must not grow it without bound)."""
    if not to.pending:
        return
    to.pending = False
    kernel.timeouts_cancelled += 1
    timeouts = kernel.timeouts
    while timeouts and not timeouts[0][2].pending:
        heapq.heappop(timeouts)
        kernel.timeouts_cancelled -= 1
    if kernel.timeouts_cancelled > 16 and 2 * kernel.timeouts_cancelled > len(timeouts):
        timeouts[:] = [entry for entry in timeouts if entry[2].pending]
        heapq.heapify(timeouts)
        kernel.timeouts_cancelled = 0


def tsleep(p, chan, wmesg, deadline=None):
    """Put p to sleep on chan; the caller returns the result (ERESTART)."""
    kernel = p.kernel
    p.p_stat = SSLEEP
    p.p_wchan = chan
    p.p_wmesg = wmesg
    kernel.sleepq.setdefault(chan, []).append(p)
    if deadline is not None:
        p.p_sleep_to = timeout_add(kernel, deadline, p)
    if TP_SCHED_SLEEP.listeners:
        TP_SCHED_SLEEP.fire(kernel, p)
    return ERESTART


def wakeup(kernel, chan):
    """Make every thread sleeping on chan runnable, now."""
    if kernel.selwait:
        selwakeup(kernel, chan)
    sleepers = kernel.sleepq.pop(chan, None)
    if not sleepers:
        return
    now = kernel.now()
    for p in sleepers:
        if p.p_stat == SSLEEP and p.p_wchan == chan:
            _unsleep(kernel, p, now)


def selrecord(p, chan):
    """p (about to sleep in poll or select) wants a wakeup of chan too."""
    p.kernel.selwait.setdefault(chan, set()).add(p)


def selwakeup(kernel, chan):
    """Wake the pollers recorded on chan that still sleep in their poll;
    the records go (a poller that looks again records itself again)."""
    pollers = kernel.selwait.pop(chan, None)
    for p in sorted(pollers or (), key=lambda q: q.p_tid):    # deterministic order
        if p.p_stat == SSLEEP and p.p_wchan == poll_chan(p):
            wakeup_proc(kernel, p)


def poll_chan(p):
    """The channel p sleeps on in poll or select."""
    return ("poll", p.p_tid)


def wakeup_proc(kernel, p, at=None):
    """Wake one thread whatever it sleeps on (a signal, a timeout)."""
    if p.p_stat != SSLEEP:
        return
    unsleep(kernel, p)
    at = kernel.now() if at is None else at
    kernel.sched.setrunnable(p, at)
    if TP_SCHED_WAKEUP.listeners:
        TP_SCHED_WAKEUP.fire(kernel, p, at)


def unsleep(kernel, p):
    """Take sleeping p off its sleep queue and cancel its timeout: the
    sleep is over, however it ended (OpenBSD's unsleep)."""
    queue = kernel.sleepq.get(p.p_wchan)
    if queue is not None and p in queue:
        queue.remove(p)
        if not queue:
            del kernel.sleepq[p.p_wchan]
    _end_sleep(kernel, p)


def _unsleep(kernel, p, at):
    _end_sleep(kernel, p)
    kernel.sched.setrunnable(p, at)
    if TP_SCHED_WAKEUP.listeners:
        TP_SCHED_WAKEUP.fire(kernel, p, at)


def _end_sleep(kernel, p):
    if p.p_sleep_to is not None:
        timeout_del(kernel, p.p_sleep_to)
        p.p_sleep_to = None
    p.p_wchan = None
    p.p_wmesg = ""


def run_timeouts(kernel, now):
    """Wake the sleepers whose deadline is at or before now (and run the
    timeouts with a func); return the next deadline still pending (or None)."""
    timeouts = kernel.timeouts
    while timeouts and timeouts[0][0] <= now:
        to = timeouts[0][2]
        timeout_del(kernel, to)
        if to.func is not None:
            to.func(kernel, to)
            continue
        to.p.p_sleep_to = None
        wakeup_proc(kernel, to.p, to.deadline)
    return timeouts[0][0] if timeouts else None


def sys_sched_yield(p):
    """Give the core to another runnable process (end this time slice)."""
    p.p_cpu.core.stop()
    return 0
