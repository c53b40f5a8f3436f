"""fork(2): a new process that is a copy of its parent, and __tfork(2): a
new thread of the caller's process (kern_fork.c).

fork copies the address space by inheritance (uvmspace_fork): private
memory becomes copy-on-write, no page is copied now.  The child has one
thread, a copy of the one that called fork (the others are not copied,
as POSIX says): it resumes from the same `syscall` instruction with 0 in
RAX; the parent gets the child's pid.

__tfork shares everything of the process with the new thread; only the
registers are its own: the caller's, returning 0 from the call, on the
stack and with the TCB (FS base) the caller gave.
"""

import struct

from ..sys.tracepoint import TP_PROC_FORK
from ..uvm.uvm_map import uvmspace_fork
from ..sys.errno import Errno, EAGAIN, EINVAL
from ..sys.resource import lim_cur, RLIMIT_NPROC
from .copy import copyin, copyout
from .proc import Process, Proc

# struct __tfork (OpenBSD's <sys/proc.h>): tf_tcb, tf_tid, tf_stack.
TFORK = struct.Struct("<QQQ")


def sys_fork(p):
    return fork1(p).ps_pid


def fork1(p):
    kernel = p.kernel
    pr = p.p_p
    # The process table's size bounds the host; RLIMIT_NPROC counts every
    # process, as they all belong to minikern's one user.
    if len(kernel.procs) >= min(kernel.maxproc, lim_cur(p, RLIMIT_NPROC)):
        raise Errno(EAGAIN)
    vmspace = uvmspace_fork(pr.ps_vmspace, kernel.locore.kernel_pmap)
    child = Process(kernel, kernel.allocpid(), pr.ps_comm, parent=pr)
    child.ps_vmspace = vmspace
    _copy_process(pr, child)
    q = proc_new(child)
    q.p_sigmask = p.p_sigmask
    q.p_sigstk = p.p_sigstk
    # cpu_fork: the child's registers are the caller's, returning 0.
    q.p_md.cpu_fork(p.p_cpu.core)
    pr.ps_children.append(child)
    kernel.procs[child.ps_pid] = child
    kernel.sched.setrunnable(q, kernel.now())
    if TP_PROC_FORK.listeners:
        TP_PROC_FORK.fire(kernel, pr, child)
    return child


def _copy_process(pr, child):
    """What a child process inherits besides its memory."""
    child.ps_fd = pr.ps_fd.copy()
    child.ps_cwd = pr.ps_cwd
    if child.ps_cwd is not None:
        child.ps_cwd.vref()
    child.ps_umask = pr.ps_umask
    child.ps_limit = pr.ps_limit
    child.ps_argv = list(pr.ps_argv)
    child.ps_image = pr.ps_image
    child.ps_sid = pr.ps_sid
    child.ps_pgid = pr.ps_pgid
    child.ps_sigacts = dict(pr.ps_sigacts)
    child.ps_sigcookie = pr.ps_sigcookie    # the signal frames on its stack are valid
    child.ps_traced = pr.ps_traced          # ktrace -i: children are traced too


def sys___tfork(p, param, psize):
    """Start a new thread in p's process: it begins where this call
    returns, with 0 in RAX, RSP = tf_stack and FS base = tf_tcb; its
    thread id is stored at tf_tid (if not NULL) before it can run, and
    returned to the caller.  A psize beyond the struct is EINVAL; a
    shorter one leaves the missing fields 0 (OpenBSD's rule)."""
    if psize > TFORK.size:
        raise Errno(EINVAL)
    raw = copyin(p, param, psize) + bytes(TFORK.size - psize)
    tcb, tidp, stack = TFORK.unpack(raw)
    return thread_fork(p, tcb, tidp, stack).p_tid


def thread_fork(p, tcb, tidp, stack):
    kernel = p.kernel
    if len(kernel.threads) >= kernel.maxthread:
        raise Errno(EAGAIN)
    tid = kernel.alloctid()
    if tidp:
        copyout(p, struct.pack("<i", tid), tidp)    # EFAULT: no thread made
    q = proc_new(p.p_p, tid)
    q.p_sigmask = p.p_sigmask
    q.p_md.cpu_tfork(p.p_cpu.core, stack, tcb)
    # Its threads may now fault and map at once on several cores: the
    # map lock is contended from here on (uvm_map.VmMap).
    p.p_p.ps_vmspace.map.lock.private = False
    kernel.sched.setrunnable(q, kernel.now())
    return q


def proc_new(pr, tid=None):
    """A new thread of pr (not yet runnable), with thread id tid (a
    fresh one by default)."""
    kernel = pr.kernel
    p = Proc(pr, kernel.alloctid() if tid is None else tid)
    pr.ps_threads.append(p)
    if pr.ps_mainproc is None:
        pr.ps_mainproc = p
    kernel.threads[p.p_tid] = p
    return p
