"""Entry into the kernel from user mode: system calls and exceptions.

These two functions are the hot paths.  They run inside Unicorn's hooks,
between two guest instructions, and read the user registers straight from
the emulated CPU (core.regs), so a null system call costs about a
microsecond of host time.  Keep them short: no logging, no introspection.
"""

from isa.pmap import PROT_READ, PROT_WRITE, PROT_EXEC
from isa.x86 import (RAX, RDI, RSI, RDX, R10, R8, R9, RIP, T_PAGEFLT,
                     T_DIVIDE, T_BPTFLT, T_PRIVINFLT, T_PROTFLT, T_ARITHTRAP,
                     T_XMMFLT, T_ALIGNFLT, T_TRCTRAP, T_STKFLT, T_SEGNPFLT,
                     PGEX_W, PGEX_I)

from ..uvm.uvm_fault import uvm_fault
from ..uvm.uvm_map import VM_MAXUSER_ADDRESS
from ..uvm.uvm_pdaemon import uvm_oom
from ..sys.errno import Errno, ENOSYS, ENOMEM, ENOSPC, ERESTART, EJUSTRETURN
from .init_sysent import SYSENT, NSYSENT
from ..sys.clock import COST_SYSCALL, COST_TRAP
from .kern_ktrace import ktrace_syscall
from .kern_sig import (SIGSEGV, SIGFPE, SIGILL, SIGTRAP, SIGBUS, SIGNAL_NAMES,
                       trapsignal)
from ..sys.proc import SZOMB

# The signal each exception becomes (OpenBSD amd64 trap.c).
TRAP_SIGNALS = {
    T_DIVIDE: SIGFPE, T_ARITHTRAP: SIGFPE, T_XMMFLT: SIGFPE,
    T_PRIVINFLT: SIGILL, T_BPTFLT: SIGTRAP, T_TRCTRAP: SIGTRAP,
    T_PROTFLT: SIGSEGV, T_STKFLT: SIGSEGV, T_SEGNPFLT: SIGSEGV,
    T_ALIGNFLT: SIGBUS,
}


def syscall(core):
    """The `syscall` instruction: OpenBSD amd64 ABI, number in RAX,
    arguments in RDI, RSI, RDX, R10, R8, R9.  Calls not marked NOLOCK in
    syscalls.master run under the kernel lock (all of them in giant mode)."""
    ci = core.ci
    p = ci.curproc
    if p.traced:                # ktrace: the one check an untraced call pays
        return ktrace_syscall(core, p, syscall)
    r = core.regs
    code = r[RAX]
    before = ci.kernel_cycles
    ci.kernel_cycles = before + COST_SYSCALL
    p.syscalls += 1
    ent = SYSENT[code] if code < NSYSENT else None
    if ent is None:
        core.set_syscall_return(ENOSYS, 1)
        return
    fn, nargs, nolock, decode = ent
    kernel = ci.kernel
    if nolock and not kernel.giant:
        spin = 0
        rv = _call(core, fn, nargs, decode, p, r)
    else:
        spin = kernel.kernel_lock.enter()
        try:
            rv = _call(core, fn, nargs, decode, p, r)
        finally:
            kernel.kernel_lock.leave()
    stats = kernel.syscall_stats[code]     # lockstat: calls, cycles, spin
    stats[0] += 1
    stats[1] += ci.kernel_cycles - before
    stats[2] += spin
    if rv >= 0:
        core.set_syscall_return(rv & 0xFFFF_FFFF_FFFF_FFFF, 0)
    elif rv == ERESTART:
        # Run the syscall again when the process next runs (it slept).
        p.restart_rip = r[RIP]
        core.stop()
    # EJUSTRETURN: the handler has set the registers itself.
    if ci.clock + ci.retired.value + ci.kernel_cycles >= ci.slice_end:
        core.stop()             # the time slice is used up: preempt


def _call(core, fn, nargs, decode, p, r):
    """Call the handler with its arguments from the registers, each
    converted to its C type if its entry says so (init_sysent); an Errno
    becomes the error return (carry set) right here."""
    try:
        if nargs == 0:
            return fn(p)
        if decode is None:      # every argument is its register as it is
            if nargs == 1:
                return fn(p, r[RDI])
            if nargs == 2:
                return fn(p, r[RDI], r[RSI])
            if nargs == 3:
                return fn(p, r[RDI], r[RSI], r[RDX])
            if nargs == 4:
                return fn(p, r[RDI], r[RSI], r[RDX], r[R10])
            if nargs == 5:
                return fn(p, r[RDI], r[RSI], r[RDX], r[R10], r[R8])
            return fn(p, r[RDI], r[RSI], r[RDX], r[R10], r[R8], r[R9])
        d = decode              # one converter per argument, by its C type
        if nargs == 1:
            return fn(p, d[0](r[RDI]))
        if nargs == 2:
            return fn(p, d[0](r[RDI]), d[1](r[RSI]))
        if nargs == 3:
            return fn(p, d[0](r[RDI]), d[1](r[RSI]), d[2](r[RDX]))
        if nargs == 4:
            return fn(p, d[0](r[RDI]), d[1](r[RSI]), d[2](r[RDX]), d[3](r[R10]))
        if nargs == 5:
            return fn(p, d[0](r[RDI]), d[1](r[RSI]), d[2](r[RDX]), d[3](r[R10]),
                      d[4](r[R8]))
        return fn(p, d[0](r[RDI]), d[1](r[RSI]), d[2](r[RDX]), d[3](r[R10]),
                  d[4](r[R8]), d[5](r[R9]))
    except Errno as e:
        core.set_syscall_return(e.errno, 1)
        return EJUSTRETURN


def trap(core, vector, addr, error):
    """An exception in user mode: a page fault is resolved by uvm_fault,
    anything else (or a fault uvm refuses) becomes a signal."""
    ci = core.ci
    p = ci.curproc
    if p is None or p.state == SZOMB or p.trap_pending:
        core.stop()         # dying, or its handler is about to run
        return
    ci.kernel_cycles += COST_TRAP
    if vector == T_PAGEFLT:
        p.faults += 1
        access = (PROT_WRITE if error & PGEX_W else
                  PROT_EXEC if error & PGEX_I else PROT_READ)
        sig = SIGSEGV
        if addr < VM_MAXUSER_ADDRESS:
            kernel = ci.kernel
            if kernel.giant:
                kernel.kernel_lock.enter()
            try:
                uvm_fault(p.vmspace, addr, access)
                if ci.now() >= ci.slice_end:
                    core.stop()     # the time slice is used up: preempt
                return
            except Errno as e:
                if e.errno == ENOMEM:
                    # Someone dies; if not p, its fault runs again now.
                    uvm_oom(kernel, p)
                    return
                if e.errno == ENOSPC:
                    sig = SIGBUS    # a shared file mapping's file system is full
            finally:
                if kernel.giant:
                    kernel.kernel_lock.leave()
        if p.vmspace.fault_log is not None:
            p.vmspace.fault_log.append((addr, access, SIGNAL_NAMES[sig]))
    else:
        sig = TRAP_SIGNALS.get(vector, SIGBUS)
    trapsignal(p, sig, addr, core.regs[RIP])


def rdtsc(core):
    """What rdtsc and rdtscp read at CPL 3: the core's virtual cycle clock,
    so the same run reads the same values (never the host's counter)."""
    return core.ci.now()
