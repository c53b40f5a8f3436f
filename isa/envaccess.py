"""Direct access to an emulated CPU's state (QEMU's CPUX86State inside
Unicorn), measured rather than assumed.

Why: every Unicorn reg_read or reg_write through the Python binding costs
about 1.8 us, so a system call that reads six arguments and writes a
result would spend ~15 us on register traffic alone.  The CPU keeps its
registers in an ordinary C struct; once we know its address, a Python
memoryview over it reads a register in tens of nanoseconds.

How the address is found, without trusting any private layout:
  1. write a distinctive value into each of the 16 general registers;
  2. a Unicorn context (uc_context_save) is a copy of that struct, so the
     values must appear in it, in order: that confirms the layout;
  3. the live struct is reached from the uc handle by a pointer; read the
     memory behind each pointer-like word of the handle (through
     /proc/self/mem, where a bad address is an error, not a crash) until
     the same 128 bytes turn up.
"""

import ctypes
import os
import struct

from unicorn import x86_const as X

GENERAL_REGS = [X.UC_X86_REG_RAX, X.UC_X86_REG_RCX, X.UC_X86_REG_RDX,
                X.UC_X86_REG_RBX, X.UC_X86_REG_RSP, X.UC_X86_REG_RBP,
                X.UC_X86_REG_RSI, X.UC_X86_REG_RDI] + [
                getattr(X, f"UC_X86_REG_R{i}") for i in range(8, 16)]

# QEMU keeps the arithmetic flags lazily: CC_OP says how to compute them
# from CC_SRC/CC_DST.  CC_OP_EFLAGS means "CC_SRC holds them as bits".
# These positions (u64 words / i32 words of the CPU state) follow QEMU's
# CPUX86State and are verified by isa.calibrate before use.
RFLAGS_INDEX = 17       # u64: eflags without the arithmetic flags
CC_SRC_INDEX = 19       # u64
CC_OP_I32_INDEX = 42    # i32
CC_OP_EFLAGS = 1
REGS_WORDS = 21         # RAX..R15, RIP, RFLAGS, CC_DST, CC_SRC, CC_SRC2

_HANDLE_SCAN = 16384        # bytes of the uc struct searched for pointers
_TARGET_SCAN = 1 << 18      # bytes searched behind each pointer
_found = None               # (offset of the pointer in uc, offset of env behind it)


class CalibrationError(RuntimeError):
    pass


def _read(fd, address, size):
    try:
        return os.pread(fd, size, address)
    except OSError:
        return b""


def context_bytes(ctx):
    address = ctypes.cast(ctx.context, ctypes.c_void_p).value
    return ctypes.string_at(address, ctx.size)


def _context_data_offset(raw, pattern):
    offset = raw.find(pattern)
    if offset < 0:
        raise CalibrationError("registers not found in a saved context")
    return offset


def context_size(uc):
    """Bytes of CPU state a context holds (the struct's saved part).
    The registers get marker values first: a fresh core's are all zero,
    and zeros would match elsewhere in the context's header."""
    saved = [uc.reg_read(r) for r in GENERAL_REGS]
    for i, r in enumerate(GENERAL_REGS):
        uc.reg_write(r, 0x6D6B_0000_0000_0000 | (i * 0x0101_0101))
    try:
        raw = context_bytes(uc.context_save())
        return len(raw) - _context_data_offset(raw, _pattern(uc))
    finally:
        for r, v in zip(GENERAL_REGS, saved):
            uc.reg_write(r, v)


def _pattern(uc):
    return b"".join(struct.pack("<Q", uc.reg_read(r)) for r in GENERAL_REGS)


def _is_live(fd, uc, base):
    """A copy of the registers (a saved context, freed memory) also holds
    the pattern; the live state is the one that follows a new write."""
    probe = 0x6D6B_4C49_5645_0000 | (base & 0xFFFF)
    old = uc.reg_read(X.UC_X86_REG_RBX)
    uc.reg_write(X.UC_X86_REG_RBX, probe)
    seen = _read(fd, base + 8 * 3, 8)
    uc.reg_write(X.UC_X86_REG_RBX, old)
    return seen == struct.pack("<Q", probe)


def _candidate(fd, handle, field, delta, pattern):
    raw = _read(fd, handle + field, 8)
    if len(raw) != 8:
        return None
    base = struct.unpack("<Q", raw)[0] + delta
    return base if _read(fd, base, len(pattern)) == pattern else None


def locate_cpu_state(uc):
    """Host address of the live CPU state (its general registers first)."""
    saved = [uc.reg_read(r) for r in GENERAL_REGS]
    for i, r in enumerate(GENERAL_REGS):
        uc.reg_write(r, 0x6D6B_0000_0000_0000 | (i * 0x0101_0101))
    pattern = _pattern(uc)
    raw = context_bytes(uc.context_save())
    _context_data_offset(raw, pattern)      # confirms the register order
    handle = uc._uch.value
    fd = os.open("/proc/self/mem", os.O_RDONLY)
    try:
        base = None
        if _found is not None:
            base = _candidate(fd, handle, *_found, pattern)
            if base is not None and not _is_live(fd, uc, base):
                base = None
        if base is None:
            base = _search(fd, uc, handle, pattern)
    finally:
        os.close(fd)
    for r, v in zip(GENERAL_REGS, saved):
        uc.reg_write(r, v)
    return base


def _search(fd, uc, handle, pattern):
    global _found
    words = _read(fd, handle, _HANDLE_SCAN)
    for field in range(0, len(words) - 7, 8):
        pointer = struct.unpack_from("<Q", words, field)[0]
        if pointer < 0x10000 or pointer >= 1 << 47:
            continue
        window = _read(fd, pointer, _TARGET_SCAN)
        delta = window.find(pattern)
        while delta >= 0:
            if _is_live(fd, uc, pointer + delta):
                _found = (field, delta)
                return pointer + delta
            delta = window.find(pattern, delta + 8)
    raise CalibrationError("the emulated CPU's register file was not found")


def u64_view(address, count):
    array = (ctypes.c_uint64 * count).from_address(address)
    return memoryview(array).cast("B").cast("Q")


def i32_view(address, count):
    array = (ctypes.c_int32 * count).from_address(address)
    return memoryview(array).cast("B").cast("i")


def read_u64(address):
    return ctypes.c_uint64.from_address(address).value


def read_bytes(address, size):
    return ctypes.string_at(address, size)
