"""Process identity and process groups (OpenBSD's kern_prot.c)."""

from ..sys.errno import Errno, EINVAL, ESRCH, EPERM


def sys_getpid(p):
    return p.p_p.ps_pid


def sys_getthrid(p):
    """The calling thread's id (OpenBSD's getthrid)."""
    return p.p_tid


def sys___set_tcb(p, tcb):
    """Set the calling thread's TCB pointer, the base of its FS segment,
    through which libc finds the thread's own data (TLS, errno)."""
    p.p_md.set_tcb(p.p_cpu.core, tcb)
    return 0


def sys___get_tcb(p):
    return p.p_md.tcb(p.p_cpu.core)


def sys_getppid(p):
    return p.p_p.ps_pptr.ps_pid if p.p_p.ps_pptr is not None else 1


def sys_getpgrp(p):
    return p.p_p.ps_pgid


def sys_setpgid(p, pid, pgid):
    """Move a process (p itself or a child) into a process group, as a
    shell does for each job."""
    if pgid < 0:
        raise Errno(EINVAL)
    pr = p.p_p
    target = pr if pid in (0, pr.ps_pid) else p.kernel.procs.get(pid)
    if target is None:
        raise Errno(ESRCH)
    if target is not pr and target.ps_pptr is not pr:
        raise Errno(ESRCH)
    target.ps_pgid = pgid or target.ps_pid
    return 0


def sys_setsid(p):
    pr = p.p_p
    if any(q.ps_pgid == pr.ps_pid for q in p.kernel.procs.values() if q is not pr):
        raise Errno(EPERM)
    pr.ps_sid = pr.ps_pgid = pr.ps_pid
    return pr.ps_pid


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
