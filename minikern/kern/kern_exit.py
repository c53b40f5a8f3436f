"""exit(2) and wait4(2): a process ends, by exit or by a signal, and its
parent collects the status (kern_exit.c)."""

import struct

from ..sys.tracepoint import TP_PROC_EXIT
from .copy import copyout
from ..sys.errno import Errno, ECHILD, EINVAL, EJUSTRETURN
from .kern_resource import RUSAGE, pack_rusage, usage_of
from .kern_synch import tsleep, wakeup, wakeup_proc
from .kern_time import itimers_cancel
from ..sys.proc import SZOMB, SSLEEP, SSTOP, P_CONTINUED, PS_WAITED
from ..sys.signal import SIGCHLD, SIGCONT, SIGHUP
from ..sys.wait import WNOHANG, WUNTRACED, WCONTINUED, _WCONTINUED
from .kern_proc import pgrp_members, pgrp_orphaned
from .proc import wait_status_exited, wait_status_signaled, wait_status_stopped
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
    groups = _unorphaned_groups(p)
    p.state = SZOMB
    _reparent_children(p)
    for pgid in groups:
        if pgrp_orphaned(kernel, pgid):
            orphanpg(kernel, pgid)
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


def _unorphaned_groups(p):
    """The groups p's exit may orphan (its own, its children's) that are
    not orphaned yet, in a deterministic order."""
    groups = dict.fromkeys([p.pgid] + [c.pgid for c in p.children])
    return [pgid for pgid in groups if not pgrp_orphaned(p.kernel, pgid)]


def orphanpg(kernel, pgid):
    """Group pgid has just become orphaned.  A stopped member could wait
    for ever: nobody is left to continue it.  So, as POSIX asks (and
    OpenBSD's orphanpg does), every member gets SIGHUP and then SIGCONT."""
    members = pgrp_members(kernel, pgid)
    if any(q.state == SSTOP for q in members):
        for q in members:
            sigpost(q, SIGHUP)
            sigpost(q, SIGCONT)


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
    """Collect a child that has exited; with WUNTRACED also report one
    that has stopped, with WCONTINUED one that has been continued (each
    once, the child staying a child)."""
    if options & ~(WNOHANG | WUNTRACED | WCONTINUED):
        raise Errno(EINVAL)
    candidates = [c for c in p.children if _matches(p, c, pid)]
    if not candidates:
        raise Errno(ECHILD)
    for child in candidates:
        if child.state == SZOMB:
            return _collect(p, child, status, rusage)
        if (options & WUNTRACED and child.state == SSTOP
                and not child.ps_flags & PS_WAITED):
            child.ps_flags |= PS_WAITED
            return _report(p, child, wait_status_stopped(child.ps_xsig), status, rusage)
        if options & WCONTINUED and child.p_flag & P_CONTINUED:
            child.p_flag &= ~P_CONTINUED
            return _report(p, child, _WCONTINUED, status, rusage)
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


def _report(p, child, wstatus, status, rusage):
    """A stop or a continue: the status word, and no usage (zeros), as
    OpenBSD's wait4 reports them."""
    if status:
        copyout(p, struct.pack("<i", wstatus), status)
    if rusage:
        copyout(p, bytes(RUSAGE.size), rusage)
    return child.pid


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
