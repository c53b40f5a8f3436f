"""fork(2): a new process that is a copy of its parent (kern_fork.c).

The address space is copied by inheritance (uvmspace_fork): private
memory becomes copy-on-write, no page is copied now.  The child resumes
from the same `syscall` instruction with 0 in RAX; the parent gets the
child's pid.
"""

from ..sys.tracepoint import TP_PROC_FORK
from ..uvm.uvm_map import uvmspace_fork
from ..sys.errno import Errno, EAGAIN
from ..sys.resource import lim_cur, RLIMIT_NPROC
from .proc import Proc


def sys_fork(p):
    return fork1(p).pid


def fork1(p):
    kernel = p.kernel
    # The process table's size bounds the host; RLIMIT_NPROC counts every
    # process, as they all belong to minikern's one user.
    if len(kernel.procs) >= min(kernel.maxproc, lim_cur(p, RLIMIT_NPROC)):
        raise Errno(EAGAIN)
    vmspace = uvmspace_fork(p.vmspace, kernel.locore.kernel_pmap)
    child = Proc(kernel, kernel.allocpid(), p.comm, parent=p)
    child.vmspace = vmspace
    child.fd = p.fd.copy()
    child.cwd = p.cwd
    if child.cwd is not None:
        child.cwd.vref()
    child.umask = p.umask
    child.limits = p.limits
    child.argv = list(p.argv)
    child.image = p.image
    child.sid = p.sid
    child.pgid = p.pgid
    child.sigacts = dict(p.sigacts)
    child.sigmask = p.sigmask
    child.sigstk = p.sigstk
    child.sigcookie = p.sigcookie   # the signal frames on its stack are valid
    child.traced = p.traced         # ktrace -i: children are traced too
    # cpu_fork: the child's registers are the parent's, returning 0.
    child.p_md.cpu_fork(p.p_cpu.core)
    p.children.append(child)
    kernel.procs[child.pid] = child
    kernel.sched.setrunnable(child, kernel.now())
    if TP_PROC_FORK.listeners:
        TP_PROC_FORK.fire(kernel, p, child)
    return child
