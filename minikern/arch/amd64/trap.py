"""Entry into the kernel from user mode on amd64: system calls and
exceptions (OpenBSD's arch/amd64/amd64/trap.c).

These two functions are the hot paths.  They run inside Unicorn's hooks,
between two guest instructions, and read the user registers straight from
the emulated CPU (core.regs), so a null system call costs about a
microsecond of host time.  Keep them short: no logging, no introspection.

syscall() is the machine-dependent half of a call: the number from RAX,
the value or errno back in RAX and the carry flag, a call that sleeps
backed up to run again; kern/syscall_mi.py does the rest.  trap() decodes
an exception vector: a page fault goes to uvm_fault with the access its
error code says, any other vector becomes its signal.
"""

from isa.pmap import PROT_READ, PROT_WRITE, PROT_EXEC
from isa.x86 import (RAX, RIP, T_PAGEFLT,
                     T_DIVIDE, T_BPTFLT, T_PRIVINFLT, T_PROTFLT, T_ARITHTRAP,
                     T_XMMFLT, T_ALIGNFLT, T_TRCTRAP, T_STKFLT, T_SEGNPFLT,
                     PGEX_W, PGEX_I)

from ...kern.kern_ktrace import ktrace_syscall
from ...kern.kern_sig import (SIGSEGV, SIGFPE, SIGILL, SIGTRAP, SIGBUS, SIGNAL_NAMES,
                              trapsignal)
from ...kern.syscall_mi import mi_syscall
from ...sys.clock import COST_TRAP
from ...sys.errno import Errno, ENOMEM, ENOSPC, ERESTART
from ...sys.lock import KERNEL_LOCK, KERNEL_UNLOCK
from ...sys.proc import SZOMB
from ...sys.tracepoint import TP_UVM_FAULT
from ...uvm.uvm_fault import uvm_fault
from ...uvm.uvm_map import VM_MAXUSER_ADDRESS
from ...uvm.uvm_pdaemon import uvm_oom

# The signal each exception becomes (OpenBSD amd64 trap.c).
TRAP_SIGNALS = {
    T_DIVIDE: SIGFPE, T_ARITHTRAP: SIGFPE, T_XMMFLT: SIGFPE,
    T_PRIVINFLT: SIGILL, T_BPTFLT: SIGTRAP, T_TRCTRAP: SIGTRAP,
    T_PROTFLT: SIGSEGV, T_STKFLT: SIGSEGV, T_SEGNPFLT: SIGSEGV,
    T_ALIGNFLT: SIGBUS,
}


def syscall(core):
    """The `syscall` instruction: OpenBSD amd64 ABI, number in RAX,
    arguments in RDI, RSI, RDX, R10, R8, R9 (arch/amd64/frame.py); the
    value or errno returns in RAX, the carry flag set on error."""
    ci = core.ci
    p = ci.curproc
    if p.p_p.ps_traced:                # ktrace: the one check an untraced call pays
        return ktrace_syscall(core, p, syscall)
    code = core.regs[RAX]
    rv = mi_syscall(core, p, code)
    if rv >= 0:
        core.set_syscall_return(rv & 0xFFFF_FFFF_FFFF_FFFF, 0)
    elif rv == ERESTART:
        # Run the syscall again when the process next runs (it slept).
        p.p_md.restart_syscall(core)
        core.stop()
    # EJUSTRETURN: the registers are set already (an error, execve, sigreturn).
    if ci.clock + ci.retired.value + ci.kernel_cycles >= ci.slice_end:
        core.stop()             # the time slice is used up: preempt


def trap(core, vector, addr, error):
    """An exception in user mode: a page fault is resolved by uvm_fault,
    anything else (or a fault uvm refuses) becomes a signal."""
    ci = core.ci
    p = ci.curproc
    if p is None or p.p_stat == SZOMB or p.p_md.trap_pending:
        core.stop()         # dying, or its handler is about to run
        return
    ci.kernel_cycles += COST_TRAP
    if vector == T_PAGEFLT:
        p.p_faults += 1
        access = (PROT_WRITE if error & PGEX_W else
                  PROT_EXEC if error & PGEX_I else PROT_READ)
        sig = SIGSEGV
        if addr < VM_MAXUSER_ADDRESS:
            kernel = ci.kernel
            if kernel.giant:
                KERNEL_LOCK(kernel)
            try:
                uvm_fault(p.p_p.ps_vmspace, addr, access)
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
                    KERNEL_UNLOCK(kernel)
        if TP_UVM_FAULT.listeners:
            TP_UVM_FAULT.fire(ci.kernel, p.p_p.ps_vmspace, addr, access, SIGNAL_NAMES[sig])
    else:
        sig = TRAP_SIGNALS.get(vector, SIGBUS)
    trapsignal(p, sig, addr, core.regs[RIP])


def rdtsc(core):
    """What rdtsc and rdtscp read at CPL 3: the core's virtual cycle clock,
    so the same run reads the same values (never the host's counter)."""
    return core.ci.now()
