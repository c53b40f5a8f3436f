"""exit(2) and wait4(2): a process ends, by exit or by a signal, and its
parent collects the status (kern_exit.c)."""

import struct

from ..sys.tracepoint import TP_PROC_EXIT
from .copy import copyout
from ..sys.errno import Errno, ECHILD, EINVAL, EJUSTRETURN
from .kern_resource import pack_rusage, usage_of
from .kern_synch import tsleep, wakeup, wakeup_proc
from .kern_time import itimers_cancel
from ..sys.proc import SZOMB, SSLEEP
from ..sys.signal import SIGCHLD
from ..sys.wait import WNOHANG, WUNTRACED
from .proc import wait_status_exited, wait_status_signaled
from .signalvar import sigpost


def sys_exit(p, rval):
    exit1(p, rval & 0xFF, 0)
    return EJUSTRETURN


def exit1(p, code, sig):
    """Turn p into a zombie.  Its address space is torn down once it is off
    its core (the MMU may still be walking its page tables until then)."""
    if p.state == SZOMB:
        return
    kernel = p.kernel
    p.xstat = wait_status_signaled(sig) if sig else wait_status_exited(code)
    if p.fd is not None:
        p.fd.close_all()
    if p.cwd is not None:
        p.cwd.vrele()
        p.cwd = None
    if p.state == SSLEEP:
        wakeup_proc(kernel, p)      # off its sleep queue first
    itimers_cancel(p)
    p.state = SZOMB
    _reparent_children(p)
    if p.p_cpu is not None:
        p.p_cpu.core.stop()
    else:
        kernel.reap_vmspace(p)
    parent = p.parent
    if parent is None or parent.state == SZOMB:
        kernel.reap(p)              # nobody will wait for it
    else:
        sigpost(parent, SIGCHLD)
        wakeup(kernel, parent)
    if TP_PROC_EXIT.listeners:
        TP_PROC_EXIT.fire(kernel, p)


def _reparent_children(p):
    """Orphans go to init (pid 1), or, with no init, are reaped by the
    kernel as they exit."""
    kernel = p.kernel
    init = kernel.procs.get(1)
    if init is p or (init is not None and init.state == SZOMB):
        init = None
    for child in p.children:
        child.parent = init
        if init is not None:
            init.children.append(child)
            if child.state == SZOMB:
                wakeup(kernel, init)
        elif child.state == SZOMB:
            kernel.reap(child)
    p.children = []


def sys_wait4(p, pid, status, options, rusage):
    if options & ~(WNOHANG | WUNTRACED):
        raise Errno(EINVAL)
    candidates = [c for c in p.children if _matches(p, c, pid)]
    if not candidates:
        raise Errno(ECHILD)
    for child in candidates:
        if child.state == SZOMB:
            return _collect(p, child, status, rusage)
    if options & WNOHANG:
        return 0
    return tsleep(p, p, "wait")


def _matches(p, child, pid):
    if pid == -1:
        return True
    if pid > 0:
        return child.pid == pid
    if pid == 0:
        return child.pgid == p.pgid
    return child.pgid == -pid


def _collect(p, child, status, rusage):
    if status:
        copyout(p, struct.pack("<i", child.xstat), status)
    # The child's whole usage: its own and that of the children it reaped.
    usage = usage_of(child)
    usage.add(child.p_cru)
    if rusage:
        copyout(p, pack_rusage(usage), rusage)
    # LAB syscall BEGIN: add the reaped child's usage to its parent's children's (p_cru)
    p.p_cru.add(usage)
    # LAB syscall STARTER
    # LAB syscall END
    p.children.remove(child)
    p.kernel.reap(child)
    return child.pid
