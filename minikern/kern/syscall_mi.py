"""The machine-independent half of a system call (OpenBSD's
sys/syscall_mi.h mi_syscall): find the call's table entry, take the
kernel lock unless the call is NOLOCK, run the handler, account for it.

The machine-dependent entry (arch/amd64/trap.py syscall) reads the call
number, sets the return value, and hands the handler its arguments
through arch/amd64/frame.py.  This is the hot path of every system
call: no logging, no introspection.
"""

from ..arch.amd64.frame import syscall_call, syscall_error
from ..sys.clock import COST_SYSCALL
from ..sys.errno import ENOSYS
from ..sys.lock import KERNEL_LOCK, KERNEL_UNLOCK
from ..sys.signal import SIGSYS
from ..sys.tracepoint import TP_SYSCALL_ENTRY, TP_SYSCALL_RETURN
from .init_sysent import SYSENT, NSYSENT
from .signalvar import tsigpost


def mi_syscall(core, p, code):
    """Run system call `code` for p, the process on core.  Returns the
    handler's value, ERESTART or EJUSTRETURN (an error is already set in
    the registers: EJUSTRETURN).  Calls not marked NOLOCK in
    syscalls.master run under the kernel lock (all of them in giant mode)."""
    ci = core.ci
    before = ci.kernel_cycles
    ci.kernel_cycles = before + COST_SYSCALL
    p.p_syscalls += 1
    ent = SYSENT[code] if code < NSYSENT else None
    if ent is None:
        return sys_nosys(core, p)
    fn, nargs, nolock, decode = ent
    kernel = ci.kernel
    if TP_SYSCALL_ENTRY.listeners:
        TP_SYSCALL_ENTRY.fire(kernel, p, code)
    if nolock and not kernel.giant:
        spin = 0
        rv = syscall_call(core, fn, nargs, decode, p)
    else:
        spin = KERNEL_LOCK(kernel)
        try:
            rv = syscall_call(core, fn, nargs, decode, p)
        finally:
            KERNEL_UNLOCK(kernel)
    stats = kernel.syscall_stats[code]     # lockstat: calls, cycles, spin
    stats[0] += 1
    stats[1] += ci.kernel_cycles - before
    stats[2] += spin
    if TP_SYSCALL_RETURN.listeners:
        TP_SYSCALL_RETURN.fire(kernel, p, code, rv)
    return rv


def sys_nosys(core, p):
    """A number with no system call (OpenBSD's sys_nosys): SIGSYS, whose
    default action kills the process, and ENOSYS if a handler returns."""
    tsigpost(p, SIGSYS)      # the calling thread's, as a trap's
    return syscall_error(core, ENOSYS)
