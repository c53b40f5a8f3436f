"""Stack backtraces of a user process (OpenBSD's db_trace.c).

Each frame is unwound with the DWARF call frame information the
compiler left in .debug_frame: at a given pc it says how to compute the
frame's canonical frame address (CFA: the stack pointer just before the
call) from a register, and where the return address and the saved
registers are relative to it.  Code without CFI (assembly: the system
call stubs, crt0's _start) is taken to be a leaf that has not moved the
stack pointer, when that gives a return address into a function, and
otherwise unwinds through the frame-pointer chain.  Memory is read without faulting
anything in, so a backtrace changes nothing.
"""

from .db_access import read_u64

# DWARF register numbers on x86-64 (System V psABI, figure 3.36).
DWARF_REGS = ["rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp",
              "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"]
RETURN_ADDRESS = 16
MAX_FRAMES = 64


def backtrace(p, regs, symtab):
    """The pc of each frame, innermost first; regs is {name: value}
    as the process will resume."""
    regs = dict(regs)
    frames = []
    pc = regs["rip"]
    for depth in range(MAX_FRAMES):
        frames.append(pc)
        # A caller's pc is a return address: look up the call itself.
        caller = _unwind(p, regs, symtab, pc if depth == 0 else pc - 1, depth == 0)
        if caller is None:
            break
        pc = regs["rip"] = caller
        if symtab is None or symtab.symbol_at(pc) is None:
            break
    return frames


def _unwind(p, regs, symtab, pc, innermost):
    """Turn regs into the caller's registers; its pc, or None at the end."""
    rule = symtab.frame_rule(pc) if symtab is not None else None
    if rule is None:
        if innermost and symtab is not None:
            ret = read_u64(p, regs["rsp"])
            sym = symtab.symbol_at(ret) if ret is not None else None
            if sym is not None and sym.kind == "func":
                regs["rsp"] += 8        # a leaf: the return address on top
                return ret
        return _unwind_frame_pointer(p, regs)
    cfa_reg, cfa_offset, saved = rule
    if cfa_reg >= len(DWARF_REGS):
        return None
    cfa = regs[DWARF_REGS[cfa_reg]] + cfa_offset
    ret = read_u64(p, cfa + saved.get(RETURN_ADDRESS, -8))
    for reg, offset in saved.items():
        if reg < len(DWARF_REGS):
            value = read_u64(p, cfa + offset)
            if value is not None:
                regs[DWARF_REGS[reg]] = value
    regs["rsp"] = cfa
    return ret or None


def _unwind_frame_pointer(p, regs):
    rbp = regs["rbp"]
    if not rbp:
        return None
    ret = read_u64(p, rbp + 8)
    saved_rbp = read_u64(p, rbp)
    if ret is None or saved_rbp is None:
        return None
    regs["rsp"] = rbp + 16
    regs["rbp"] = saved_rbp
    return ret or None
