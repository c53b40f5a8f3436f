"""The amd64 system call ABI, read from the trap frame (the register half
of OpenBSD's arch/amd64/amd64/trap.c syscall()).

A call arrives with its number in RAX and its arguments in RDI, RSI, RDX,
R10, R8, R9 (R10 rather than RCX, which `syscall` overwrites with the
return address).  It returns its value in RAX with the carry flag clear,
or an errno in RAX with the carry flag set (libc's stubs test the flag).
The registers are the emulated CPU's own (core.regs), read and written in
place: syscall_call is on the hot path of every system call.
"""

from isa.envaccess import CC_SRC_INDEX
from isa.x86 import RAX, RDI, RSI, RDX, R10, R8, R9, RSP, SYSCALL_ARG_REGS

from ...sys.errno import Errno, EJUSTRETURN


def syscall_call(core, fn, nargs, decode, p):
    """Call handler fn for p with its arguments from the registers, each
    converted to its C type if its table entry says so (init_sysent); an
    Errno becomes the error return (carry set) right here, EJUSTRETURN."""
    r = core.regs
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


def syscall_error(core, errno):
    """Fail the system call in progress with errno (carry set)."""
    core.set_syscall_return(errno, 1)
    return EJUSTRETURN


def syscall_number(core):
    """The number of the system call in progress."""
    return core.regs[RAX]


def syscall_args(core):
    """The six argument registers of the call in progress, raw (ktrace
    shows them; a parked call's are still there for its restart)."""
    r = core.regs
    return [r[reg] for reg in SYSCALL_ARG_REGS]


def syscall_result(core):
    """(value, failed) of the call that has just returned: RAX and the
    carry flag (CF lives in QEMU's lazy-flags word CC_SRC inside a hook)."""
    r = core.regs
    return r[RAX], r[CC_SRC_INDEX] & 1


def user_sp(core):
    """The user stack pointer of the process on core."""
    return core.regs[RSP]
