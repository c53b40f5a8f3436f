"""Resource limits: getrlimit(2) and setrlimit(2) (OpenBSD's
kern_resource.c).

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
is unlimited at first: memory is lazy, and a process may map far more
than the machine has (it is killed if it touches too much of it).

minikern has one user, root.  OpenBSD lets root raise a hard limit; here
nobody may (EPERM), so that a limit a shell sets holds for everything it
starts: a limit any program could lift would protect nothing.
"""

import struct

from .copy import copyin, copyout
from ..sys.errno import Errno, EINVAL, EPERM
from ..sys.resource import (RLIMIT_STACK, RLIMIT_NPROC, RLIMIT_NOFILE, RLIM_NLIMITS,
                            RLIM_INFINITY, MAXSSIZ)
from .kern_descrip import NOFILE

RLIMIT = struct.Struct("<QQ")      # struct rlimit: rlim_cur, rlim_max


def system_ceilings(kernel):
    """The most each enforced limit can be: resource -> bytes or count."""
    return {RLIMIT_STACK: MAXSSIZ, RLIMIT_NOFILE: NOFILE,
            RLIMIT_NPROC: kernel.maxproc}


def default_limits(kernel):
    """The limits of the first process (OpenBSD's process0 in init_main.c):
    each enforced one at the system's ceiling, the others unlimited.  A
    tuple of (cur, max) per resource; a process's limits are replaced,
    never changed in place, so fork can share them."""
    ceilings = system_ceilings(kernel)
    return tuple((ceilings.get(r, RLIM_INFINITY),) * 2 for r in range(RLIM_NLIMITS))


def sys_getrlimit(p, which, rlp):
    which = _resource(which)
    copyout(p, RLIMIT.pack(*p.limits[which]), rlp)
    return 0


def sys_setrlimit(p, which, rlp):
    which = _resource(which)
    cur, hard = RLIMIT.unpack(copyin(p, rlp, RLIMIT.size))
    cur, hard = min(cur, RLIM_INFINITY), min(hard, RLIM_INFINITY)
    if cur > hard:
        raise Errno(EINVAL)
    if hard > p.limits[which][1]:
        raise Errno(EPERM)
    ceiling = system_ceilings(p.kernel).get(which, RLIM_INFINITY)
    hard = min(hard, ceiling)
    cur = min(cur, hard)
    limits = list(p.limits)
    limits[which] = (cur, hard)
    p.limits = tuple(limits)
    if which == RLIMIT_NOFILE:
        p.fd.nofile = cur
    return 0


def _resource(which):
    if not 0 <= which < RLIM_NLIMITS:
        raise Errno(EINVAL)
    return which
