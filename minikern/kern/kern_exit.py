"""exit(2) and wait4(2): a process ends, by exit or by a signal, and its
parent collects the status (kern_exit.c).  exit ends every thread of the
process; wait4 waits for processes, never for threads."""

import struct

from ..sys.tracepoint import TP_PROC_EXIT
from .copy import copyout
from ..sys.errno import Errno, ECHILD, EINVAL, EJUSTRETURN
from .kern_resource import RUSAGE, pack_rusage, usage_of
from .kern_synch import tsleep, unsleep, wakeup
from .kern_time import itimers_cancel
from ..sys.proc import (SZOMB, SSLEEP, P_CONTINUED, PS_EXITING, PS_STOPPED, PS_WAITED,
                        PS_ZOMBIE)
from ..sys.signal import SIGCHLD, SIGCONT, SIGHUP, SIGSEGV
from ..sys.wait import WNOHANG, WUNTRACED, WCONTINUED, _WCONTINUED
from .kern_proc import pgrp_members, pgrp_orphaned
from .proc import wait_status_exited, wait_status_signaled, wait_status_stopped
from .signalvar import sigpost
from .sys_futex import futex_exit, futex_wake_all


def sys_exit(p, rval):
    exit1(p, rval & 0xFF, 0)
    return EJUSTRETURN


def sys___threxit(p, notdead):
    """End the calling thread.  If notdead is not NULL, 0 is stored there
    and the futex waiters on it are woken (pthread_join waits on it); a
    bad pointer there is a SIGSEGV for the process, as on OpenBSD.  The
    last thread's exit is the process's exit(0)."""
    pr = p.p_p
    if notdead:
        try:
            copyout(p, bytes(4), notdead)
            futex_wake_all(p, notdead)
        except Errno:
            sigpost(pr, SIGSEGV)
    if len(pr.ps_threads) == 1:
        exit1(p, 0, 0)
    else:
        thread_exit(p)
    return EJUSTRETURN


def exit1(p, code, sig):
    """End the process of thread p, every thread of it, and turn it into a
    zombie (OpenBSD's exit1 with EXIT_NORMAL).  Its address space is torn
    down once no thread of it is on a core (the MMU may still be walking
    its page tables until then)."""
    pr = p.p_p
    if pr.ps_flags & (PS_EXITING | PS_ZOMBIE):
        return
    kernel = p.kernel
    pr.ps_flags |= PS_EXITING
    pr.ps_xstat = wait_status_signaled(sig) if sig else wait_status_exited(code)
    on_core = False
    for q in list(pr.ps_threads):
        on_core |= q.p_cpu is not None
        thread_exit(q)
    itimers_cancel(pr)
    groups = _unorphaned_groups(pr)
    if pr.ps_fd is not None:
        pr.ps_fd.close_all()
    if pr.ps_cwd is not None:
        pr.ps_cwd.vrele()
        pr.ps_cwd = None
    pr.ps_flags |= PS_ZOMBIE
    _reparent_children(pr)
    for pgid in groups:
        if pgrp_orphaned(kernel, pgid):
            orphanpg(kernel, pgid)
    if not on_core:
        kernel.reap_vmspace(pr)     # else when its thread leaves the core
    parent = pr.ps_pptr
    if parent is None or parent.ps_flags & PS_ZOMBIE:
        kernel.reap(pr)             # nobody will wait for it
    else:
        sigpost(parent, SIGCHLD)
        wakeup(kernel, parent)
    if TP_PROC_EXIT.listeners:
        TP_PROC_EXIT.fire(kernel, pr)


def thread_exit(p):
    """End thread p: off any sleep queue, off its core at once if it is on
    one, out of its process (its usage is folded into the process's)."""
    kernel = p.kernel
    if p.p_stat == SSLEEP:
        unsleep(kernel, p)
    futex_exit(p)
    p.p_stat = SZOMB
    if p.p_cpu is not None:
        p.p_cpu.core.stop()
    pr = p.p_p
    pr.ps_threads.remove(p)
    pr.ps_syscalls += p.p_syscalls
    pr.ps_faults += p.p_faults
    kernel.threads.pop(p.p_tid, None)


def _unorphaned_groups(pr):
    """The groups pr's exit may orphan (its own, its children's) that are
    not orphaned yet, in a deterministic order."""
    groups = dict.fromkeys([pr.ps_pgid] + [c.ps_pgid for c in pr.ps_children])
    return [pgid for pgid in groups if not pgrp_orphaned(pr.kernel, pgid)]


def orphanpg(kernel, pgid):
    """Group pgid has just become orphaned.  A stopped member could wait
    for ever: nobody is left to continue it.  So, as POSIX asks (and
    OpenBSD's orphanpg does), every member gets SIGHUP and then SIGCONT."""
    members = pgrp_members(kernel, pgid)
    if any(q.ps_flags & PS_STOPPED for q in members):
        for q in members:
            sigpost(q, SIGHUP)
            sigpost(q, SIGCONT)


def _reparent_children(pr):
    """Orphans go to init (pid 1), or, with no init, are reaped by the
    kernel as they exit."""
    kernel = pr.kernel
    init = kernel.procs.get(1)
    if init is pr or (init is not None and init.ps_flags & PS_ZOMBIE):
        init = None
    for child in pr.ps_children:
        child.ps_pptr = init
        if init is not None:
            init.ps_children.append(child)
            if child.ps_flags & PS_ZOMBIE:
                wakeup(kernel, init)
        elif child.ps_flags & PS_ZOMBIE:
            kernel.reap(child)
    pr.ps_children = []


def sys_wait4(p, pid, status, options, rusage):
    """Collect a child that has exited; with WUNTRACED also report one
    that has stopped, with WCONTINUED one that has been continued (each
    once, the child staying a child)."""
    if options & ~(WNOHANG | WUNTRACED | WCONTINUED):
        raise Errno(EINVAL)
    candidates = [c for c in p.p_p.ps_children if _matches(p, c, pid)]
    if not candidates:
        raise Errno(ECHILD)
    for child in candidates:
        if child.ps_flags & PS_ZOMBIE:
            return _collect(p, child, status, rusage)
        if options & WUNTRACED and child.ps_flags & PS_STOPPED \
                and not child.ps_flags & PS_WAITED:
            child.ps_flags |= PS_WAITED
            return _report(p, child, wait_status_stopped(child.ps_xsig), status, rusage)
        main = child.ps_mainproc
        if options & WCONTINUED and main.p_flag & P_CONTINUED:
            main.p_flag &= ~P_CONTINUED
            return _report(p, child, _WCONTINUED, status, rusage)
    if options & WNOHANG:
        return 0
    return tsleep(p, p.p_p, "wait")


def _matches(p, child, pid):
    if pid == -1:
        return True
    if pid > 0:
        return child.ps_pid == pid
    if pid == 0:
        return child.ps_pgid == p.p_p.ps_pgid
    return child.ps_pgid == -pid


def _report(p, child, wstatus, status, rusage):
    """A stop or a continue: the status word, and no usage (zeros), as
    OpenBSD's wait4 reports them."""
    if status:
        copyout(p, struct.pack("<i", wstatus), status)
    if rusage:
        copyout(p, bytes(RUSAGE.size), rusage)
    return child.ps_pid


def _collect(p, child, status, rusage):
    if status:
        copyout(p, struct.pack("<i", child.ps_xstat), status)
    # The child's whole usage: its own and that of the children it reaped.
    usage = usage_of(child)
    usage.add(child.ps_cru)
    if rusage:
        copyout(p, pack_rusage(usage), rusage)
    # LAB syscall BEGIN: add the reaped child's usage to its parent's children's (ps_cru)
    p.p_p.ps_cru.add(usage)
    # LAB syscall STARTER
    # LAB syscall END
    p.p_p.ps_children.remove(child)
    p.kernel.reap(child)
    return child.ps_pid
