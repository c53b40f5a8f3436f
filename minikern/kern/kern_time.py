"""clock_gettime(2) on virtual time.

CLOCK_MONOTONIC and CLOCK_UPTIME count the calling core's virtual cycles
since boot; CLOCK_REALTIME adds the boot time.  CPU-time clocks count the
cycles the process itself has used.  All of them are deterministic: the
same program sees the same times on every run.
"""

import struct

from ..arch.amd64.frame import syscall_args
from .copy import copyin, copyout
from ..sys.errno import Errno, EINTR, EINVAL
from ..sys.clock import CPU_HZ, MAXTIME, cycles_to_ns
from .kern_synch import tsleep
from ..sys.time import (CLOCK_REALTIME, CLOCK_PROCESS_CPUTIME_ID, CLOCK_MONOTONIC,
                        CLOCK_THREAD_CPUTIME_ID, CLOCK_UPTIME, CLOCK_BOOTTIME)


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
    if clock_id in (CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID):
        return cycles_to_ns(p.cycles + ci.slice_cycles())
    raise Errno(EINVAL)


def sys_nanosleep(p, rqtp, rmtp):
    """Sleep for a span of virtual time.  The deadline is kept in the
    process across the restarts of the call, so a wakeup for another
    reason does not lengthen the sleep.  As on OpenBSD a timespec with a
    negative tv_sec or a tv_nsec outside [0, 10**9) is EINVAL; a sleep
    past the end of virtual time (sys/clock.py, MAXTIME) ends there."""
    if p.sleep_until is None:
        sec, nsec = struct.unpack("<qq", copyin(p, rqtp, 16))
        if sec < 0 or not 0 <= nsec < 1_000_000_000:
            raise Errno(EINVAL)
        cycles = (sec * 1_000_000_000 + nsec) * CPU_HZ // 1_000_000_000
        p.sleep_until = min(p.p_cpu.now() + cycles, MAXTIME)
    if p.p_cpu.now() >= p.sleep_until:
        p.sleep_until = None
        if rmtp:
            copyout(p, bytes(16), rmtp)
        return 0
    return tsleep(p, ("nanosleep", p.pid), "nanosleep", deadline=p.sleep_until)


def nanosleep_interrupted(p, core):
    """A handler is about to run while p sleeps in nanosleep, parked on
    its syscall instruction (the arguments still in the registers, the
    core at the start of a slice).  The call ends: EINTR with the time
    left stored in *rmtp, or EFAULT if rmtp is bad; 0 if the sleep was
    over anyway.  Returns that errno."""
    ns = cycles_to_ns(max(0, p.sleep_until - p.p_cpu.clock))
    p.sleep_until = None
    rmtp = syscall_args(core)[1]
    if rmtp:
        try:
            copyout(p, struct.pack("<qq", ns // 1_000_000_000, ns % 1_000_000_000), rmtp)
        except Errno as e:
            return e.errno
    return EINTR if ns else 0
