"""Process identity and process groups (OpenBSD's kern_prot.c)."""

from ..sys.errno import Errno, EINVAL, ESRCH, EPERM


def sys_getpid(p):
    return p.pid


def sys_getppid(p):
    return p.parent.pid if p.parent is not None else 1


def sys_getpgrp(p):
    return p.pgid


def sys_setpgid(p, pid, pgid):
    """Move a process (p itself or a child) into a process group, as a
    shell does for each job."""
    if pgid < 0:
        raise Errno(EINVAL)
    target = p if pid in (0, p.pid) else p.kernel.procs.get(pid)
    if target is None:
        raise Errno(ESRCH)
    if target is not p and target.parent is not p:
        raise Errno(ESRCH)
    target.pgid = pgid or target.pid
    return 0


def sys_setsid(p):
    if any(q.pgid == p.pid for q in p.kernel.procs.values() if q is not p):
        raise Errno(EPERM)
    p.sid = p.pgid = p.pid
    return p.pid


# minikern has one user, root (uid 0, gid 0), as a single-user teaching
# machine; the calls exist so ordinary programs run unchanged.

def suser(p):
    """Refuse (EPERM) unless p runs as the superuser, as OpenBSD's suser()
    does before a privileged operation (reboot, ...).  Every process here
    is root, so the check passes; it marks where privilege is needed."""
    if sys_geteuid(p) != 0:
        raise Errno(EPERM)


def sys_getuid(p):
    return 0


def sys_geteuid(p):
    return 0


def sys_getgid(p):
    return 0


def sys_getegid(p):
    return 0
