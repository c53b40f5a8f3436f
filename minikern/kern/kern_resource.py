"""Resource limits and usage: getrlimit(2), setrlimit(2) and getrusage(2)
(OpenBSD's kern_resource.c).

Each process has, per resource, a soft limit (rlim_cur, what is enforced)
and a hard limit (rlim_max, the most the soft limit may be raised to).
They are inherited at fork and kept across exec.  The kernel enforces:

    RLIMIT_NPROC    fork fails with EAGAIN once the processes reach it
    RLIMIT_NOFILE   new descriptors are numbered below it (EMFILE)
    RLIMIT_DATA     anonymous memory: mmap fails with ENOMEM past it, and
                    exec refuses a program whose data and bss exceed it
    RLIMIT_STACK    the size of the stack exec maps

The other limits OpenBSD has are kept and reported, not enforced.  Every
limit is also clamped to what the system can give (the process table, the
descriptor table, MAXSSIZ), as OpenBSD's dosetrlimit clamps.  RLIMIT_DATA
starts with the machine's memory as its soft limit (OpenBSD's DFLDSIZ
and login.conf's datasize play that part), so an allocation larger than
the machine could ever give fails at once with ENOMEM (malloc returns
NULL) instead of the process being killed when it touches too much of
it.  The hard limit is unlimited: memory is lazy, and a program that
maps far more than it touches (a sparse array) raises its soft limit,
as `ulimit -d unlimited` does.

minikern has one user, root.  OpenBSD lets root raise a hard limit; here
nobody may (EPERM), so that a limit a shell sets holds for everything it
starts: a limit any program could lift would protect nothing.

getrusage(2) reports the CPU time a process has used, split into user
time (its own instructions) and system time (the kernel working for it:
system calls, page faults, context switches), from the scheduler's
virtual-time accounting (kern_sched.py charges each slice to the process
that ran it), and its page faults.  RUSAGE_CHILDREN is the sum over the
children it has waited for (and theirs): wait4 adds a child's usage to
its parent's ps_cru as it reaps it, as OpenBSD's ruadd does.
"""

import struct

from .copy import copyin, copyout
from ..sys.clock import cycles_to_ns
from ..sys.errno import Errno, EINVAL, EPERM
from ..sys.errno import ENOSYS  # noqa: F401 (the lab syscall starter answers it)
from ..sys.resource import (RLIMIT_DATA, RLIMIT_STACK, RLIMIT_NPROC, RLIMIT_NOFILE, RLIM_NLIMITS,
                            RLIM_INFINITY, MAXSSIZ, RUSAGE_SELF, RUSAGE_CHILDREN,
                            RUSAGE_THREAD, Rusage)
from .kern_descrip import NOFILE

RLIMIT = struct.Struct("<QQ")      # struct rlimit: rlim_cur, rlim_max
# struct rusage on amd64 (144 bytes): ru_utime and ru_stime, two struct
# timevals (tv_sec, tv_usec), then 14 longs, ru_maxrss to ru_nivcsw;
# ru_minflt is the fifth of them.  minikern fills the times and ru_minflt.
RUSAGE = struct.Struct("<qqqq14q")
RU_LONGS = 14
RU_MINFLT = 4


def system_ceilings(kernel):
    """The most each enforced limit can be: resource -> bytes or count."""
    return {RLIMIT_STACK: MAXSSIZ, RLIMIT_NOFILE: NOFILE,
            RLIMIT_NPROC: kernel.maxproc}


def default_limits(kernel):
    """The limits of the first process (OpenBSD's process0 in init_main.c):
    each enforced one at the system's ceiling, RLIMIT_DATA's soft limit at
    the machine's memory, the others unlimited.  A
    tuple of (cur, max) per resource; a process's limits are replaced,
    never changed in place, so fork can share them."""
    ceilings = system_ceilings(kernel)
    limits = [(ceilings.get(r, RLIM_INFINITY),) * 2 for r in range(RLIM_NLIMITS)]
    limits[RLIMIT_DATA] = (kernel.dfldsiz, RLIM_INFINITY)
    return tuple(limits)


def sys_getrlimit(p, which, rlp):
    which = _resource(which)
    copyout(p, RLIMIT.pack(*p.p_p.ps_limit[which]), rlp)
    return 0


def sys_setrlimit(p, which, rlp):
    which = _resource(which)
    cur, hard = RLIMIT.unpack(copyin(p, rlp, RLIMIT.size))
    cur, hard = min(cur, RLIM_INFINITY), min(hard, RLIM_INFINITY)
    if cur > hard:
        raise Errno(EINVAL)
    if hard > p.p_p.ps_limit[which][1]:
        raise Errno(EPERM)
    ceiling = system_ceilings(p.kernel).get(which, RLIM_INFINITY)
    hard = min(hard, ceiling)
    cur = min(cur, hard)
    limits = list(p.p_p.ps_limit)
    limits[which] = (cur, hard)
    p.p_p.ps_limit = tuple(limits)
    if which == RLIMIT_NOFILE:
        p.p_p.ps_fd.nofile = cur
    return 0


def _resource(which):
    if not 0 <= which < RLIM_NLIMITS:
        raise Errno(EINVAL)
    return which


def sys_getrusage(p, who, rusage):
    # LAB syscall BEGIN: choose the usage `who` names (EINVAL for any other), copy it out
    if who == RUSAGE_SELF:
        usage = usage_of(p.p_p)
    elif who == RUSAGE_THREAD:
        usage = thread_usage(p)
    elif who == RUSAGE_CHILDREN:
        usage = p.p_p.ps_cru
    else:
        raise Errno(EINVAL)
    copyout(p, pack_rusage(usage), rusage)
    return 0
    # LAB syscall STARTER
    #| raise Errno(ENOSYS)
    # LAB syscall END


def usage_of(pr):
    """Process pr's own usage so far (not its children's), as a Rusage."""
    # LAB syscall BEGIN: pr's usage from its accounting, the slice running now included
    user, system = pr.ps_cycles - pr.ps_sys_cycles, pr.ps_sys_cycles
    for p in pr.ps_threads:
        ci = p.p_cpu
        if ci is not None:
            # Running now: the scheduler charges the slice only when it ends.
            system += ci.kernel_cycles
            user += ci.slice_cycles() - ci.kernel_cycles
    return Rusage(user_cycles=user, sys_cycles=system, minflt=pr.usage().faults)
    # LAB syscall STARTER
    #| return Rusage()
    # LAB syscall END


def thread_usage(p):
    """The calling thread's own usage (RUSAGE_THREAD), its running slice
    included."""
    ci = p.p_cpu
    system = p.p_sys_cycles + ci.kernel_cycles
    user = p.p_cycles + ci.slice_cycles() - system
    return Rusage(user_cycles=user, sys_cycles=system, minflt=p.p_faults)


def pack_rusage(usage):
    """The struct rusage the user sees for a Rusage."""
    # LAB syscall BEGIN: cycles to struct timevals; the bytes of struct rusage
    longs = [0] * RU_LONGS
    longs[RU_MINFLT] = usage.minflt
    return RUSAGE.pack(*_timeval(usage.user_cycles), *_timeval(usage.sys_cycles), *longs)
    # LAB syscall STARTER
    #| return bytes(RUSAGE.size)
    # LAB syscall END


def _timeval(cycles):
    """(tv_sec, tv_usec) for a span of virtual cycles, rounded down."""
    usec = cycles_to_ns(cycles) // 1000
    return usec // 1_000_000, usec % 1_000_000
