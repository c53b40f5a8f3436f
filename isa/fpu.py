"""The FPU and SSE state of a core as an fxsave area, read from and
written to the emulated CPU's own storage.

A signal handler must not disturb the floating-point registers of the
code it interrupts, so the kernel saves them into the signal frame and
loads them back at sigreturn, in the 512-byte layout of the `fxsave`
instruction (OpenBSD's struct fxsave64):

    0   FCW  u16    control word
    2   FSW  u16    status word (TOP in bits 11-13)
    4   FTW  u8     abridged tag word: bit i set if physical register i is used
    6   FOP  u16    zero, 8 FIP u64 the last x87 instruction's address, 16 FDP
                    u64 zero (what this CPU model's fxsave stores)
    24  MXCSR u32, 28 MXCSR_MASK u32
    32  ST0..ST7    16 bytes each (80-bit values)
    160 XMM0..XMM15 16 bytes each
    416 reserved

Through the Unicorn API this is 28 register reads (about 50 us); QEMU
keeps these fields in the same CPU state struct as the general registers
(isa/envaccess.py), so the kernel reads them there.  Where each field is
is measured once, on a scratch CPU, by writing values through the API and
looking where they land, never assumed.  Control words that QEMU derives
other state from (FCW gives the x87 rounding, MXCSR the SSE rounding and
flush modes) are written through the API, which updates that state too.
"""

import struct

from unicorn import Uc, UC_ARCH_X86, UC_MODE_64
from unicorn import x86_const as X

from . import envaccess

FXSAVE_SIZE = 512
MXCSR_MASK = 0xFFFF         # the MXCSR bits this CPU model supports
FCW_INIT, MXCSR_INIT = 0x037F, 0x1F80       # after FNINIT / at reset


class FpuLayout:
    """Offsets, from the start of the general registers, of QEMU's
    fpstt (TOP), fpus (FSW without TOP), fpuc, fptags[8] (1 = empty),
    fpregs[8] (physical, 16 bytes apart), fpip, mxcsr and xmm_regs[]."""

    def __init__(self, **offsets):
        self.__dict__.update(offsets)


_layout = None


def layout():
    global _layout
    if _layout is None:
        _layout = _measure()
    return _layout


def _measure():
    uc = Uc(UC_ARCH_X86, UC_MODE_64)
    env = envaccess.locate_cpu_state(uc)
    size = envaccess.context_size(uc)

    def find(fmt, writes):
        """The one offset where every write left its expected value."""
        found = None
        for write, expected in writes:
            write()
            raw = envaccess.read_bytes(env, size)
            needle = struct.pack(fmt, *expected)
            hits, at = set(), raw.find(needle)
            while at >= 0:
                hits.add(at)
                at = raw.find(needle, at + 1)
            found = hits if found is None else found & hits
        if len(found) != 1:
            raise envaccess.CalibrationError(f"FPU field {fmt} not located ({len(found)})")
        return found.pop()

    def reg(r, v):
        return lambda: uc.reg_write(r, v)

    fpuc = find("<H", [(reg(X.UC_X86_REG_FPCW, 0x0A7F), (0x0A7F,)),
                       (reg(X.UC_X86_REG_FPCW, 0x067B), (0x067B,))])
    fpstt = find("<I", [(reg(X.UC_X86_REG_FPSW, 0x2841), (5,)),
                        (reg(X.UC_X86_REG_FPSW, 0x1182), (2,)),
                        (reg(X.UC_X86_REG_FPSW, 0x3824), (7,))])
    fpus = find("<H", [(reg(X.UC_X86_REG_FPSW, 0x2841), (0x0041,)),
                       (reg(X.UC_X86_REG_FPSW, 0x1182), (0x0182,))])
    fptags = find("8s", [(reg(X.UC_X86_REG_FPTAG, 0x0FF0), (bytes([0, 0, 1, 1, 1, 1, 0, 0]),)),
                         (reg(X.UC_X86_REG_FPTAG, 0xF00F), (bytes([1, 1, 0, 0, 0, 0, 1, 1]),))])
    fpip = find("<Q", [(reg(X.UC_X86_REG_FIP, 0x6D6B_4649_5000), (0x6D6B_4649_5000,))])
    mxcsr = find("<I", [(reg(X.UC_X86_REG_MXCSR, 0x9FC0), (0x9FC0,)),
                        (reg(X.UC_X86_REG_MXCSR, 0x3F80), (0x3F80,))])
    xmm = [find("<QQ", [(reg(getattr(X, f"UC_X86_REG_XMM{i}"), (0x6D6B << 112) | i << 64 | 0x584D4D),
                         (0x584D4D, 0x6D6B << 48 | i))]) for i in (0, 1, 15)]
    fpregs = [find("<QH", [(reg(getattr(X, f"UC_X86_REG_FP{i}"), (0x8000_6D6B_0000_0000 | i, 0x3FF0 + i)),
                            (0x8000_6D6B_0000_0000 | i, 0x3FF0 + i))]) for i in (0, 1, 7)]
    xmm_stride = xmm[1] - xmm[0]
    if xmm[2] != xmm[0] + 15 * xmm_stride or xmm_stride < 16 or fpregs != [
            fpregs[0], fpregs[0] + 16, fpregs[0] + 7 * 16]:
        raise envaccess.CalibrationError("FPU register arrays not where expected")
    if xmm[0] < fpregs[0] + 8 * 16:
        raise envaccess.CalibrationError("XMM registers before the x87 ones")
    # Structs over the register arrays: physical fpregs[0-7] (10 bytes of
    # 16 used), XMM0-15 (16 bytes of each ZMM slot), and both at once.
    xmm_fmt = ("16s" + "x" * (xmm_stride - 16)) * 15 + "16s"
    fpregs_fmt = "10s6x" * 8
    gap = "x" * (xmm[0] - fpregs[0] - 8 * 16)
    return FpuLayout(fpuc=fpuc, fpstt=fpstt, fpus=fpus, fptags=fptags, mxcsr=mxcsr,
                     fpip=fpip, xmm=xmm[0], fpregs=fpregs[0],
                     registers=struct.Struct("<" + fpregs_fmt + gap + xmm_fmt),
                     fpregs_only=struct.Struct("<" + fpregs_fmt),
                     xmm_only=struct.Struct("<" + xmm_fmt))


# The whole area in one struct: FCW FSW FTW FOP FIP FDP MXCSR MXCSR_MASK,
# ST0-ST7 (10 bytes each, padded to 16), XMM0-XMM15, the reserved tail.
FXSAVE = struct.Struct("<HHBxHQQII" + "10s6x" * 8 + "16s" * 16 + "96x")
# ftw <-> fptags[8]: QEMU keeps one byte per register, 1 when empty.
_FTW_OF_TAGS = {int.from_bytes(bytes(0 if ftw >> i & 1 else 1 for i in range(8)),
                               "little"): ftw for ftw in range(256)}
_TAGS_OF_FTW = [bytes(0 if ftw >> i & 1 else 1 for i in range(8)) for ftw in range(256)]


def fxsave(state, lay):
    """The fxsave area of a core whose CPU state is the byte view `state`."""
    top = struct.unpack_from("<I", state, lay.fpstt)[0] & 7
    fsw = struct.unpack_from("<H", state, lay.fpus)[0] & ~0x3800 | top << 11
    ftw = _FTW_OF_TAGS[struct.unpack_from("<Q", state, lay.fptags)[0]]
    regs = lay.registers.unpack_from(state, lay.fpregs)
    return FXSAVE.pack(struct.unpack_from("<H", state, lay.fpuc)[0], fsw, ftw, 0,
                       struct.unpack_from("<Q", state, lay.fpip)[0], 0,
                       struct.unpack_from("<I", state, lay.mxcsr)[0], MXCSR_MASK,
                       *regs[top:8], *regs[:top], *regs[8:])


def fxrstor(uc, state, lay, area):
    """Load an fxsave area (512 bytes, already checked by the caller: any
    bit pattern is a valid FPU state once MXCSR's reserved bits are off).
    The upper halves of the YMM/ZMM registers are cleared (no AVX here)."""
    fcw, fsw, ftw, _, fip, _, mxcsr, _, *regs = FXSAVE.unpack(area)
    mxcsr &= MXCSR_MASK
    if struct.unpack_from("<H", state, lay.fpuc)[0] != fcw:
        uc.reg_write(X.UC_X86_REG_FPCW, fcw)
    if struct.unpack_from("<I", state, lay.mxcsr)[0] != mxcsr:
        uc.reg_write(X.UC_X86_REG_MXCSR, mxcsr)
    top = fsw >> 11 & 7
    struct.pack_into("<I", state, lay.fpstt, top)
    struct.pack_into("<H", state, lay.fpus, fsw & ~0x3800)
    struct.pack_into("<Q", state, lay.fpip, fip)
    state[lay.fptags:lay.fptags + 8] = _TAGS_OF_FTW[ftw]
    lay.fpregs_only.pack_into(state, lay.fpregs, *regs[8 - top:8], *regs[:8 - top])
    lay.xmm_only.pack_into(state, lay.xmm, *regs[8:])


def initial_fxsave():
    """The state of a fresh process: empty x87 stack, zeroed registers."""
    return FXSAVE.pack(FCW_INIT, 0, 0, 0, 0, 0, MXCSR_INIT, MXCSR_MASK,
                       *[bytes(10)] * 8, *[bytes(16)] * 16)
