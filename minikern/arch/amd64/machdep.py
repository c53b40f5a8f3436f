"""The amd64 signal frame: sendsig, sigreturn and the sigcode page
(OpenBSD's arch/amd64/amd64/machdep.c and locore.S).

sendsig builds the frame on the user stack (or the alternate stack) and
enters the handler.  From the top down:

    fxsave area   512 bytes: FPU and SSE registers (isa/fpu.py)
    siginfo       136 bytes, in a 144-byte slot
    sigcontext    OpenBSD amd64's struct sigcontext (232 bytes, 240 slot):
                  the general registers, RIP, CS, RFLAGS, RSP, SS, a pointer
                  to the fxsave area, the signal mask and a cookie
    return address: sigcode, which calls sigreturn(sigcontext)

All that the interrupted code needs to resume is in that frame, in the
process's own memory: a child forked inside a handler returns from it
too, a handler may longjmp out and never return, handlers nest.

The frame is user memory, so sigreturn trusts nothing in it (as
OpenBSD's sys_sigreturn): the call must come from sigcode and the cookie
(the frame's address xor a per-process secret) must match, or the process
is killed with SIGILL (ForgedSigcontext: kern_sig kills it); the flags a
program cannot set with popf, a CS or SS that is not the user's, or a RIP
outside user space are EINVAL; MXCSR loses its reserved bits.  What is
loaded is only ever user-mode state.  The machine-independent half (the
signal mask, the choice of stack, the kill) is in kern/kern_sig.py.
"""

import struct

from isa.fpu import FXSAVE_SIZE, initial_fxsave
from isa.locore import GUCODE_SEL, GUDATA_SEL
from isa.x86 import (RAX, RBX, RCX, RDX, RSI, RDI, RBP, RSP, R8, R9, R10,
                     R11, R12, R13, R14, R15, RIP, PSL_USER)

from ...kern.copy import copyin, copyout
from ...kern.syscalls import syscall_number
from ...sys.errno import Errno, EFAULT, EINVAL, EPERM
from ...uvm.uvm_map import VM_MAXUSER_ADDRESS

# sigcode: where a handler returns to.  At entry RSP points at the
# sigcontext, so:  mov rdi, rsp; mov eax, SYS_sigreturn; syscall; ud2
# (if sigreturn fails, the ud2 ends the process with SIGILL).
SIGCODE = (bytes.fromhex("4889e7")
           + b"\xb8" + syscall_number("sigreturn").to_bytes(4, "little")
           + bytes.fromhex("0f05" "0f0b"))
SIGCODE_SYSCALL = 8         # offset of the syscall instruction in SIGCODE

# struct sigcontext: 15 general registers, gs fs es ds trapno err, rip cs
# rflags rsp ss, sc_fpstate, an unused int, sc_mask, sc_cookie.  sc_mask
# is an int in C; it is packed as the unsigned 32 bits of the mask, since
# signal 32's bit is the int's sign bit.
SIGCONTEXT = struct.Struct("<26QQiIQ")
SC_REGS = [RDI, RSI, RDX, RCX, R8, R9, R10, R11, R12, R13, R14, R15, RBP, RBX, RAX]
SC_RIP, SC_CS, SC_RFLAGS, SC_RSP, SC_SS, SC_FPSTATE, SC_MASK, SC_COOKIE = \
    21, 22, 23, 24, 25, 26, 28, 29
SC_COOKIE_OFFSET = SIGCONTEXT.size - 8
SIGCONTEXT_SLOT = 240
SIGINFO = struct.Struct("<iii4xQ")      # si_signo, si_code, si_errno, si_addr
SIGINFO_SLOT = 144                      # sizeof(siginfo_t) 136, rounded to 16

# RFLAGS bits a program may change itself (popf at CPL 3 with IOPL 0):
# the arithmetic flags, TF, DF, AC and ID.  Never IF, IOPL, NT, VM, VIF, VIP.
PSL_C, PSL_PF, PSL_AF, PSL_Z, PSL_N, PSL_T = 0x1, 0x4, 0x10, 0x40, 0x80, 0x100
PSL_D, PSL_V, PSL_RF, PSL_AC, PSL_ID = 0x400, 0x800, 0x10000, 0x40000, 0x200000
PSL_USERCHANGE = (PSL_C | PSL_PF | PSL_AF | PSL_Z | PSL_N | PSL_T | PSL_D |
                  PSL_V | PSL_AC | PSL_ID)

RED_ZONE = 128              # bytes below RSP a function may use without moving it


class ForgedSigcontext(Exception):
    """sigreturn was not called the way sigcode calls it, or its frame is
    not one sendsig wrote: the process is to be killed (SIGILL)."""

    def __init__(self, why, errno):
        super().__init__(why)
        self.why = why
        self.errno = errno      # what the call fails with, should it return


def sendsig(p, core, sig, handler, altstack_top, mask):
    """Write the frame and point the CPU at the handler: on the alternate
    stack if altstack_top is given, else below the red zone of the
    interrupted code's stack; 16-byte aligned.  mask is the signal mask
    sigreturn restores.  Raises Errno(EFAULT) if the stack cannot take
    the frame (the registers are then untouched)."""
    r = core.regs
    top = altstack_top if altstack_top is not None else r[RSP] - RED_ZONE
    top &= 0xFFFF_FFFF_FFFF_FFF0        # a wild RSP stays a bad address
    fpstate = top - FXSAVE_SIZE
    siginfo = fpstate - SIGINFO_SLOT
    scp = siginfo - SIGCONTEXT_SLOT
    if p.p_p.ps_sigcookie is None:
        p.p_p.ps_sigcookie = p.kernel.sigcookies.getrandbits(64)
    md = p.p_md
    sc = SIGCONTEXT.pack(*[r[i] for i in SC_REGS],
                         GUDATA_SEL, GUDATA_SEL, GUDATA_SEL, GUDATA_SEL, 0, 0,
                         r[RIP], GUCODE_SEL, core.rflags(), r[RSP], GUDATA_SEL,
                         fpstate, 0, mask, scp ^ p.p_p.ps_sigcookie)
    info = SIGINFO.pack(sig, 0, 0, md.trap_addr)
    frame = b"".join((struct.pack("<Q", p.kernel.sigcode_va), sc.ljust(SIGCONTEXT_SLOT, b"\0"),
                      info.ljust(SIGINFO_SLOT, b"\0"), core.fxsave()))
    copyout(p, frame, scp - 8)
    r[RDI], r[RSI], r[RDX] = sig, siginfo, scp
    r[RSP] = scp - 8                # the return address: sigcode
    r[RIP] = handler
    # The handler starts as the ABI wants a function to: DF clear, and
    # neither single-stepping nor alignment checks inherited.
    core.set_rflags(core.rflags() & ~(PSL_T | PSL_D | PSL_AC))
    md.trap_addr = 0
    md.trap_pending = False         # the fault's handler runs now


def sigreturn(p, core, scp):
    """Back from a handler: check the sigcontext at scp and have it loaded
    when p next returns to user mode (MdProc.switch_in).  Returns the
    signal mask it holds.  Raises ForgedSigcontext (kill p) or Errno."""
    if core.regs[RIP] != p.kernel.sigcode_va + SIGCODE_SYSCALL:
        raise ForgedSigcontext("sigreturn not called from sigcode", EPERM)
    sc = SIGCONTEXT.unpack(copyin(p, scp, SIGCONTEXT.size))
    if p.p_p.ps_sigcookie is None or sc[SC_COOKIE] != scp ^ p.p_p.ps_sigcookie:
        raise ForgedSigcontext("sigreturn with a forged sigcontext (bad cookie)", EFAULT)
    if (sc[SC_RFLAGS] & ~(PSL_USERCHANGE | PSL_RF) != PSL_USER
            or sc[SC_CS] != GUCODE_SEL or sc[SC_SS] != GUDATA_SEL
            or sc[SC_RIP] >= VM_MAXUSER_ADDRESS):
        raise Errno(EINVAL)
    fx = copyin(p, sc[SC_FPSTATE], FXSAVE_SIZE) if sc[SC_FPSTATE] else initial_fxsave()
    copyout(p, bytes(8), scp + SC_COOKIE_OFFSET)    # a frame is good for one return
    regs = [(reg, sc[i]) for i, reg in enumerate(SC_REGS)]
    regs += [(RIP, sc[SC_RIP]), (RSP, sc[SC_RSP])]
    p.p_md.set_resume_regs(regs, sc[SC_RFLAGS] & PSL_USERCHANGE | PSL_USER, fx)
    core.stop()
    return sc[SC_MASK]
