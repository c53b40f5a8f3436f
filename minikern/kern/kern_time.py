"""clock_gettime(2), nanosleep(2) and the interval timers (setitimer(2),
getitimer(2)) on virtual time (OpenBSD's kern_time.c).

CLOCK_MONOTONIC and CLOCK_UPTIME count the calling core's virtual cycles
since boot; CLOCK_REALTIME adds the boot time.  CPU-time clocks count the
cycles the process itself has used.  All of them are deterministic: the
same program sees the same times on every run.

A process has three interval timers.  ITIMER_REAL counts virtual time
and sends SIGALRM: a kernel timeout (kern_synch.py) that the scheduler
fires when the cores' clocks reach it.  ITIMER_VIRTUAL counts the
process's user time and sends SIGVTALRM, ITIMER_PROF its user and system
time and sends SIGPROF; the scheduler charges them at the end of each
time slice (itimer_charge), as OpenBSD's hardclock charges them on each
clock tick, so they expire within a slice (1/3 ms) of their time.
"""

import struct

from ..arch.amd64.frame import syscall_args
from .copy import copyin, copyout
from ..sys.errno import Errno, EINTR, EINVAL
from ..sys.clock import CPU_HZ, MAXTIME, cycles_to_ns
from ..sys.proc import PS_ZOMBIE
from ..sys.signal import SIGALRM, SIGVTALRM, SIGPROF
from .kern_synch import tsleep, timeout_add, timeout_del
from .signalvar import sigpost
from ..sys.time import (CLOCK_REALTIME, CLOCK_PROCESS_CPUTIME_ID, CLOCK_MONOTONIC,
                        CLOCK_THREAD_CPUTIME_ID, CLOCK_UPTIME, CLOCK_BOOTTIME,
                        ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF)

# struct itimerval: it_interval then it_value, each a struct timeval
# (tv_sec, tv_usec), as OpenBSD amd64 lays it out.
ITIMERVAL = struct.Struct("<qqqq")
ITIMER_MAX_SEC = 100_000_000        # OpenBSD's itimerfix: larger is EINVAL
ITIMER_SIGNALS = {ITIMER_REAL: SIGALRM, ITIMER_VIRTUAL: SIGVTALRM, ITIMER_PROF: SIGPROF}


def sys_clock_gettime(p, clock_id, tp):
    ns = clock_ns(p, clock_id)
    copyout(p, struct.pack("<qq", ns // 1_000_000_000, ns % 1_000_000_000), tp)
    return 0


def clock_ns(p, clock_id):
    ci = p.p_cpu
    if clock_id in (CLOCK_MONOTONIC, CLOCK_UPTIME, CLOCK_BOOTTIME):
        return cycles_to_ns(ci.now())
    if clock_id == CLOCK_REALTIME:
        return p.kernel.boottime_ns + cycles_to_ns(ci.now())
    if clock_id == CLOCK_PROCESS_CPUTIME_ID:
        return cycles_to_ns(p.p_p.ps_cycles + ci.slice_cycles())
    if clock_id == CLOCK_THREAD_CPUTIME_ID:
        return cycles_to_ns(p.p_cycles + ci.slice_cycles())
    raise Errno(EINVAL)


def sys_nanosleep(p, rqtp, rmtp):
    """Sleep for a span of virtual time.  The deadline is kept in the
    process across the restarts of the call, so a wakeup for another
    reason does not lengthen the sleep.  As on OpenBSD a timespec with a
    negative tv_sec or a tv_nsec outside [0, 10**9) is EINVAL; a sleep
    past the end of virtual time (sys/clock.py, MAXTIME) ends there."""
    if p.p_sleep_until is None:
        sec, nsec = struct.unpack("<qq", copyin(p, rqtp, 16))
        if sec < 0 or not 0 <= nsec < 1_000_000_000:
            raise Errno(EINVAL)
        cycles = (sec * 1_000_000_000 + nsec) * CPU_HZ // 1_000_000_000
        p.p_sleep_until = min(p.p_cpu.now() + cycles, MAXTIME)
    if p.p_cpu.now() >= p.p_sleep_until:
        p.p_sleep_until = None
        if rmtp:
            copyout(p, bytes(16), rmtp)
        return 0
    return tsleep(p, ("nanosleep", p.p_tid), "nanosleep", deadline=p.p_sleep_until)


def nanosleep_interrupted(p, core):
    """A handler is about to run while p sleeps in nanosleep, parked on
    its syscall instruction (the arguments still in the registers, the
    core at the start of a slice).  The call ends: EINTR with the time
    left stored in *rmtp, or EFAULT if rmtp is bad; 0 if the sleep was
    over anyway.  Returns that errno."""
    ns = cycles_to_ns(max(0, p.p_sleep_until - p.p_cpu.clock))
    p.p_sleep_until = None
    rmtp = syscall_args(core)[1]
    if rmtp:
        try:
            copyout(p, struct.pack("<qq", ns // 1_000_000_000, ns % 1_000_000_000), rmtp)
        except Errno as e:
            return e.errno
    return EINTR if ns else 0


# -- interval timers -------------------------------------------------------

class Itimer:
    """One armed interval timer: it expires when its clock reaches `at`
    (virtual time for ITIMER_REAL, the process's user or total cycles for
    the others) and is then re-armed `interval` cycles later (0: once).
    An ITIMER_REAL one also holds its kernel timeout."""
    __slots__ = ("at", "interval", "timeout")

    def __init__(self, at, interval):
        self.at = at
        self.interval = interval
        self.timeout = None


def sys_setitimer(p, which, itv, oitv):
    """The timers are the process's, whichever thread sets them."""
    if which not in ITIMER_SIGNALS:
        raise Errno(EINVAL)
    pr = p.p_p
    new = None
    if itv:
        interval, value = _itimerval_in(p, itv)
        if value:
            new = Itimer(_itimer_clock(pr, which) + value, interval)
    if oitv:
        copyout(p, _itimerval_out(pr, which), oitv)
    if itv:
        itimer_set(pr, which, new)
    return 0


def sys_getitimer(p, which, itv):
    if which not in ITIMER_SIGNALS:
        raise Errno(EINVAL)
    copyout(p, _itimerval_out(p.p_p, which), itv)
    return 0


def _itimerval_in(p, itv):
    """(interval, value) in cycles from a user struct itimerval; EINVAL
    for a negative or too large time or a tv_usec outside [0, 10**6)."""
    fields = ITIMERVAL.unpack(copyin(p, itv, ITIMERVAL.size))
    for sec, usec in (fields[0:2], fields[2:4]):
        if not 0 <= sec <= ITIMER_MAX_SEC or not 0 <= usec < 1_000_000:
            raise Errno(EINVAL)
    return _tv_cycles(*fields[0:2]), _tv_cycles(*fields[2:4])


def _tv_cycles(sec, usec):
    return (sec * 1_000_000 + usec) * (CPU_HZ // 1_000_000)


def _cycles_tv(cycles):
    """(tv_sec, tv_usec) for a span, rounded up to a microsecond: an armed
    timer never reads as zero, which would mean disarmed."""
    usec = -(-cycles // (CPU_HZ // 1_000_000))
    return usec // 1_000_000, usec % 1_000_000


def _itimerval_out(pr, which):
    """The struct itimerval of process pr's timer: its interval and the
    time left."""
    it = pr.ps_itimer[which]
    if it is None:
        return bytes(ITIMERVAL.size)
    left = max(1, it.at - _itimer_clock(pr, which))
    return ITIMERVAL.pack(*_cycles_tv(it.interval), *_cycles_tv(left))


def _itimer_clock(pr, which):
    """Now, on the clock timer `which` counts: virtual time, or the
    process's user or total cycles, all its threads together."""
    if which == ITIMER_REAL:
        return pr.kernel.now()
    user, total = pr.ps_cycles - pr.ps_sys_cycles, pr.ps_cycles
    for p in pr.ps_threads:
        ci = p.p_cpu
        if ci is not None:          # the running slice is charged at its end
            total += ci.slice_cycles()
            user += ci.slice_cycles() - ci.kernel_cycles
    return user if which == ITIMER_VIRTUAL else total


def itimer_set(pr, which, it):
    """Arm process pr's timer `which` with Itimer it, or disarm it (None)."""
    old = pr.ps_itimer[which]
    if old is not None and old.timeout is not None:
        timeout_del(pr.kernel, old.timeout)
    pr.ps_itimer[which] = it
    if it is not None and which == ITIMER_REAL:
        it.timeout = timeout_add(pr.kernel, min(it.at, MAXTIME), pr, realitexpire)


def realitexpire(kernel, to):
    """ITIMER_REAL's timeout (to.p is the process): SIGALRM, and the next
    period if it has one."""
    pr = to.p
    it = pr.ps_itimer[ITIMER_REAL]
    if pr.ps_flags & PS_ZOMBIE or it is None or it.timeout is not to:
        return
    sigpost(pr, SIGALRM)
    if not it.interval:
        pr.ps_itimer[ITIMER_REAL] = None
        return
    now = kernel.now()
    it.at += it.interval
    if it.at <= now:                # periods missed: the next one to come
        it.at += (now - it.at) // it.interval * it.interval + it.interval
    it.timeout = timeout_add(kernel, min(it.at, MAXTIME), pr, realitexpire)


def itimer_charge(pr):
    """The scheduler ends a slice of a thread of pr, its cycles counted:
    expire pr's ITIMER_VIRTUAL and ITIMER_PROF timers whose time has come."""
    for which in (ITIMER_VIRTUAL, ITIMER_PROF):
        it = pr.ps_itimer[which]
        if it is None:
            continue
        used = _itimer_clock(pr, which)
        if used < it.at:
            continue
        sigpost(pr, ITIMER_SIGNALS[which])
        if it.interval:
            it.at += ((used - it.at) // it.interval + 1) * it.interval
        else:
            pr.ps_itimer[which] = None


def itimers_cancel(pr):
    """Process pr exits: its ITIMER_REAL timeout goes (the others stop with it)."""
    itimer_set(pr, ITIMER_REAL, None)
