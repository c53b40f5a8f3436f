"""Resource limits (OpenBSD's sys/resource.h): the resources a process
is limited in and the soft limit it is held to.  getrlimit(2) and
setrlimit(2) are kern/kern_resource.py; the names are here because uvm/
enforces RLIMIT_DATA when it maps memory."""

(RLIMIT_CPU, RLIMIT_FSIZE, RLIMIT_DATA, RLIMIT_STACK, RLIMIT_CORE, RLIMIT_RSS,
 RLIMIT_MEMLOCK, RLIMIT_NPROC, RLIMIT_NOFILE) = range(9)
RLIM_NLIMITS = 9
RLIM_INFINITY = (1 << 63) - 1

# The most stack a process can have, whatever its RLIMIT_STACK (OpenBSD's
# MAXSSIZ, from machine/vmparam.h): exec reserves this much below the
# stack's top, and setrlimit clamps RLIMIT_STACK to it.
MAXSSIZ = 8 << 20


def lim_cur(p, which):
    """The soft limit p is held to (OpenBSD's lim_cur)."""
    return p.limits[which][0]
