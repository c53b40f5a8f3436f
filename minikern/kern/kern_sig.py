"""Signals (OpenBSD's kern_sig.c and the amd64 sendsig/sigreturn).

psignal() marks a signal pending and makes sure the process notices: a
sleeper is woken, a process on a core is sent off it.  Signals are acted
on when a process returns to user mode, at the start of its next time
slice (postsig): the default action (terminate, stop, or ignore), or a
user handler, entered through a signal frame built on the user stack (the
machine-dependent part, arch/amd64/machdep.py).  The handler returns
into the "sigcode" page, which calls sigreturn(2).

A stopped process (PS_STOPPED) runs no code: its threads are on no run
queue (SSTOP); SIGKILL still ends it and SIGCONT sends it on
(signalvar.sigpost).  A system call a thread slept in runs again when it
continues.
"""

import struct
from dataclasses import dataclass

from ..arch.amd64.frame import user_sp
from ..arch.amd64.machdep import (SIGCODE, ForgedSigcontext, sendsig as md_sendsig,
                                  sigreturn as md_sigreturn)
from ..uvm.uvm_object import Pager, UvmObject
from .copy import copyin, copyout
from ..sys.errno import Errno, EINVAL, ENOMEM, EPERM, ESRCH, EINTR, EJUSTRETURN
from ..sys.proc import PS_EXITING, PS_STOPPED, PS_WAITED, PS_ZOMBIE, SSTOP
from .proc import SS_DISABLE, SigAltStack
from ..sys.signal import (  # noqa: F401 (the signal numbers, for kern/ and dev/)
    SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGEMT, SIGFPE, SIGKILL,
    SIGBUS, SIGSEGV, SIGSYS, SIGPIPE, SIGALRM, SIGTERM, SIGURG, SIGSTOP, SIGTSTP,
    SIGCONT, SIGCHLD, SIGTTIN, SIGTTOU, SIGIO, SIGWINCH, SIGINFO, SIGUSR1,
    SIGUSR2, SIGTHR, NSIG, SIGNAL_NAMES, SA_ONSTACK, SA_RESTART, SA_RESETHAND,
    SA_NODEFER, SA_NOCLDWAIT, SA_SIGINFO, SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK,
    SS_ONSTACK, MINSIGSTKSZ, SA_NOCLDSTOP)
from .signalvar import (SIG_DFL, SIG_IGN, STOPSIGS, discard_signals, sigbit, sigignored,
                        sigpending, sigpost, stop_discarded, tsigpost)
from ..ddb.db_sym import fault_place
from .kern_exit import exit1, thread_exit
from .kern_synch import tsleep, wakeup
from .kern_time import nanosleep_interrupted
from .sys_futex import futex_interrupted

UNCATCHABLE = {SIGKILL, SIGSTOP}
UNCATCHABLE_BITS = 1 << (SIGKILL - 1) | 1 << (SIGSTOP - 1)   # never blocked

# sigaltstack(2): an alternate stack for handlers that ask for it with
# SA_ONSTACK (OpenBSD's struct sigaltstack: ss_sp, ss_size, ss_flags).
SIGALTSTACK = struct.Struct("<QQi4x")


@dataclass
class SigAction:
    handler: int
    mask: int
    flags: int


# -- sending ---------------------------------------------------------------

def prsignal(pr, sig):
    """Post sig to process pr (OpenBSD's prsignal).  SIGKILL ends it here
    and now; any other signal is marked pending for one of its threads
    (signalvar.sigpost)."""
    if sig == SIGKILL:
        exit1(pr.ps_mainproc, 0, SIGKILL)
    else:
        sigpost(pr, sig)


def psignal(p, sig):
    """Post sig to the process of thread p (OpenBSD's psignal: the
    signal is the process's, whichever thread takes it)."""
    prsignal(p.p_p, sig)


def ptsignal(p, sig):
    """Post sig to thread p alone (thrkill, SIGPIPE).  SIGKILL still
    ends the whole process, as on OpenBSD."""
    if sig == SIGKILL:
        exit1(p, 0, SIGKILL)
    else:
        tsigpost(p, sig)


def _catches(p, sig):
    act = p.p_p.ps_sigacts.get(sig)
    return act is not None and act.handler not in (SIG_DFL, SIG_IGN)


def trapsignal(p, sig, addr, rip):
    """A fault in p's own code.  With a handler (and not blocked) it is
    delivered as usual; otherwise p dies, with a line saying why.  Under
    gdb, p stops at the faulting instruction first (ddb/gdbstub.py)."""
    if p.p_p.ps_debugger is not None and p.p_p.ps_debugger.trap_stop(p, sig):
        return
    if _catches(p, sig) and not p.p_sigmask & sigbit(sig):
        p.p_siglist |= sigbit(sig)
        p.p_md.post_fault(addr)
        p.p_cpu.core.stop()
        return
    p.kernel.log(f"pid {p.p_p.ps_pid} ({p.p_p.ps_comm}): {SIGNAL_NAMES[sig]} at {addr:#x} "
                 f"{fault_place(p.p_p, rip)}")
    exit1(p, 0, sig)


def sys_kill(p, pid, signum):
    if not 0 <= signum < NSIG:
        raise Errno(EINVAL)
    targets = _kill_targets(p, pid)
    if not targets:
        raise Errno(ESRCH)
    if signum:
        for pr in targets:
            prsignal(pr, signum)
    return 0


def sys_thrkill(p, tid, signum, tcb):
    """Send signum to one thread of the caller's process: tid 0 is the
    caller itself (raise(3)).  ESRCH if there is no such thread in the
    process, or tcb is not NULL and is not that thread's TCB (so a
    recycled tid cannot be hit by mistake)."""
    if not 0 <= signum < NSIG:
        raise Errno(EINVAL)
    q = p if tid == 0 else p.kernel.threads.get(tid)
    if q is None or q.p_p is not p.p_p:
        raise Errno(ESRCH)
    if tcb and q.p_md.tcb(q.p_cpu.core if q.p_cpu is not None else None) != tcb:
        raise Errno(ESRCH)
    if signum:
        ptsignal(q, signum)
    return 0


def single_thread_set(p):
    """Every other thread of p's process ends now: execve from a thread
    (OpenBSD's single_thread_set with SINGLE_EXIT).  OpenBSD has to wait
    for the others to stop at a safe point; here they are all off their
    cores already (one core at a time runs kernel code, and only p is in
    the kernel), so they are simply ended."""
    for q in list(p.p_p.ps_threads):
        if q is not p:
            thread_exit(q)


def _kill_targets(p, pid):
    """The processes kill(2)'s pid names, the dying and dead left out."""
    procs = [q for q in p.kernel.procs.values()
             if not q.ps_flags & (PS_EXITING | PS_ZOMBIE)]
    if pid > 0:
        return [q for q in procs if q.ps_pid == pid]
    if pid == 0:
        return [q for q in procs if q.ps_pgid == p.p_p.ps_pgid]
    if pid == -1:
        return [q for q in procs if q.ps_pid != 1 and q is not p.p_p]
    return [q for q in procs if q.ps_pgid == -pid]


def killpg(kernel, pgid, sig):
    for q in list(kernel.procs.values()):
        if q.ps_pgid == pgid and not q.ps_flags & (PS_EXITING | PS_ZOMBIE):
            prsignal(q, sig)


# -- the signal system calls ----------------------------------------------------

def sys_sigaction(p, signum, nsa, osa):
    if not 0 < signum < NSIG or (nsa and signum in UNCATCHABLE):
        raise Errno(EINVAL)
    old = p.p_p.ps_sigacts.get(signum, SigAction(SIG_DFL, 0, 0))
    if nsa:
        handler, mask, flags = struct.unpack("<QIi", copyin(p, nsa, 16))
        new = SigAction(handler, mask & ~UNCATCHABLE_BITS, flags)
    if osa:
        copyout(p, struct.pack("<QIi", old.handler, old.mask, old.flags), osa)
    if nsa:
        pr = p.p_p
        pr.ps_sigacts[signum] = new
        if sigignored(pr, signum):
            discard_signals(pr, sigbit(signum))
    return 0


def sys_sigprocmask(p, how, mask):
    """OpenBSD's form: the new mask by value, the old one returned."""
    mask &= ~UNCATCHABLE_BITS
    old = p.p_sigmask
    if how == SIG_BLOCK:
        p.p_sigmask |= mask
    elif how == SIG_UNBLOCK:
        p.p_sigmask &= ~mask
    elif how == SIG_SETMASK:
        p.p_sigmask = mask
    else:
        raise Errno(EINVAL)
    if sigpending(p) & ~p.p_sigmask:
        p.p_cpu.core.stop()          # something became deliverable
    return old


def sys_sigpending(p):
    return sigpending(p)


def sys_sigsuspend(p, mask):
    """Wait for a signal with mask in place; always ends in EINTR."""
    if p.p_oldmask is None:
        p.p_oldmask = p.p_sigmask
        p.p_sigmask = mask & ~UNCATCHABLE_BITS
    if sigpending(p) & ~p.p_sigmask:
        # Already pending, so no post will come to wake a sleeper: end
        # the call now; its handler runs on the way out, with the old
        # mask restored from p_oldmask as after any interrupted wait.
        p.p_cpu.core.stop()
        raise Errno(EINTR)
    return tsleep(p, ("sigsuspend", p.p_tid), "pause")


def sys_sigaltstack(p, nss, oss):
    """Set or read the alternate signal stack.  It cannot be changed
    while a handler runs on it (EPERM); a new one must be at least
    MINSIGSTKSZ bytes (ENOMEM), as on OpenBSD."""
    old = p.p_sigstk
    rsp = user_sp(p.p_cpu.core)
    if oss:
        flags = old.flags | (SS_ONSTACK if old.on_stack(rsp) else 0)
        copyout(p, SIGALTSTACK.pack(old.sp, old.size, flags), oss)
    if not nss:
        return 0
    sp, size, flags = SIGALTSTACK.unpack(copyin(p, nss, SIGALTSTACK.size))
    if old.on_stack(rsp):
        raise Errno(EPERM)
    if flags & ~SS_DISABLE:
        raise Errno(EINVAL)
    if flags & SS_DISABLE:
        p.p_sigstk = SigAltStack(old.sp, old.size, SS_DISABLE)
        return 0
    if size < MINSIGSTKSZ:
        raise Errno(ENOMEM)
    p.p_sigstk = SigAltStack(sp, size, 0)
    return 0


def execsigs(p):
    """A new program image: caught signals revert to their default
    action (ignored ones stay ignored) and the alternate stack is gone."""
    p.p_p.ps_sigacts = {sig: act for sig, act in p.p_p.ps_sigacts.items() if act.handler == SIG_IGN}
    p.p_sigstk = SigAltStack()
    p.p_p.ps_sigcookie = None


def sigexit(p, sig, why):
    """Kill p with sig, saying why on the console (OpenBSD's sigexit)."""
    p.kernel.log(f"pid {p.p_p.ps_pid} ({p.p_p.ps_comm}): {SIGNAL_NAMES[sig]}: {why}")
    exit1(p, 0, sig)


# -- delivery (on the way back to user mode) -------------------------------------------

def postsig(p, core):
    """Act on the pending, unblocked signals of p, which has just been put
    back on core.  Returns False if p does not go back to user mode: it
    died, or stopped.  A signal pending for the process is taken by p
    here, the first thread to not block it."""
    pr = p.p_p
    deliverable = (p.p_siglist | pr.ps_siglist) & ~p.p_sigmask
    while deliverable:
        sig = (deliverable & -deliverable).bit_length()
        p.p_siglist &= ~sigbit(sig)
        pr.ps_siglist &= ~sigbit(sig)
        deliverable = (p.p_siglist | pr.ps_siglist) & ~p.p_sigmask
        if sigignored(pr, sig):
            continue
        act = pr.ps_sigacts.get(sig)
        if act is None or act.handler == SIG_DFL:
            if sig not in STOPSIGS:
                exit1(p, 0, sig)
                return False
            if stop_discarded(pr, sig):     # its group was orphaned meanwhile
                continue
            proc_stop(p, sig)
            return False
        return sendsig(p, core, sig, act)
    return True


def proc_stop(p, sig):
    """Stop p's process until a SIGCONT: p now (SSTOP), its other threads
    as they would next run (kern_sched.py).  Its parent hears of it:
    wait4 with WUNTRACED reports it once, and SIGCHLD is sent unless the
    parent asked for none with SA_NOCLDSTOP."""
    pr = p.p_p
    p.p_stat = SSTOP
    pr.ps_flags = (pr.ps_flags | PS_STOPPED) & ~PS_WAITED
    pr.ps_xsig = sig
    parent = pr.ps_pptr
    if parent is None:
        return
    act = parent.ps_sigacts.get(SIGCHLD)
    if act is None or not act.flags & SA_NOCLDSTOP:
        sigpost(parent, SIGCHLD)
    wakeup(p.kernel, parent)


def sendsig(p, core, sig, act):
    """Run the handler: the frame holding what it interrupted (registers,
    FPU state, the mask to restore) goes on the user's stack."""
    _interrupt_sleep(p, core, act)
    saved_mask = p.p_oldmask if p.p_oldmask is not None else p.p_sigmask
    p.p_oldmask = None
    rsp = user_sp(core)
    try:
        md_sendsig(p, core, sig, act.handler, _altstack_top(p, rsp, act), saved_mask)
    except Errno:
        # No stack to run the handler on (a bad RSP, or a stack overflow
        # without an alternate stack): OpenBSD kills the process.
        sigexit(p, SIGILL, f"no usable stack for the {SIGNAL_NAMES[sig]} "
                f"handler (rsp {rsp:#x})")
        return False
    p.p_sigmask |= act.mask | (0 if act.flags & SA_NODEFER else sigbit(sig))
    if act.flags & SA_RESETHAND:
        p.p_p.ps_sigacts.pop(sig, None)
    return True


def _altstack_top(p, rsp, act):
    """The top of the alternate stack if the handler wants it and is not
    already on it, else None (the frame goes on the interrupted stack)."""
    stk = p.p_sigstk
    if act.flags & SA_ONSTACK and not stk.flags & SS_DISABLE and not stk.on_stack(rsp):
        return stk.sp + stk.size
    return None


def _interrupt_sleep(p, core, act):
    """A handler interrupts a sleeping system call: it is restarted after
    the handler if SA_RESTART says so, otherwise it fails with EINTR.
    sigsuspend, poll, select and futex waits always end with EINTR,
    nanosleep too (it is never restarted on OpenBSD: it reports the time
    left instead)."""
    md = p.p_md
    if not md.parked_in_syscall:
        return
    if p.p_sleep_until is not None:
        error = nanosleep_interrupted(p, core)
    elif p.p_poll_until is not None:
        p.p_poll_until = None       # poll and select: never restarted
        error = EINTR
    elif p.p_futex is not None:
        error = futex_interrupted(p)
    elif act.flags & SA_RESTART and p.p_oldmask is None:
        error = None                # RIP still points at the syscall
    else:
        error = EINTR
    md.interrupt_syscall(core, error)


def sys_sigreturn(p, scp):
    """Back from a handler: the machine-dependent part checks the
    sigcontext and has it loaded when p returns to user mode; the signal
    mask it saved is restored here.  A forged one kills p (SIGILL)."""
    try:
        mask = md_sigreturn(p, p.p_cpu.core, scp)
    except ForgedSigcontext as e:
        sigexit(p, SIGILL, e.why)
        raise Errno(e.errno) from None
    p.p_sigmask = mask & ~UNCATCHABLE_BITS
    return EJUSTRETURN


class _SigcodePager(Pager):
    def read_page(self, pgno):
        return SIGCODE if pgno == 0 else b""


def sigcode_object(pages):
    """The one page of sigcode, shared read-only by every process."""
    return UvmObject(pages, _SigcodePager())
