"""isa/fpu.py against the CPU itself: the fxsave area the kernel builds
from the emulated CPU's storage must be what the `fxsave` instruction
stores, and an area the kernel loads must be what `fxsave` then finds."""

import random
import struct

import pytest

from isa.pmap import PROT_READ, PROT_WRITE
from isa.x86 import RAX, RIP

from isa_harness import Bare

DATA = 0x600000
SETUP = """
fld1
fldpi
fldl2e
fldz
mov rax, 0x1122334455667788
movq xmm3, rax
mov rax, 0x99aabbccddeeff00
movq xmm15, rax
punpcklqdq xmm15, xmm3
mov dword ptr [rbx + 512], 0x3f80
ldmxcsr [rbx + 512]
mov word ptr [rbx + 520], 0x0a7f
fldcw [rbx + 520]
"""


@pytest.fixture
def bare():
    b = Bare(cores=1)
    b.data = b.map(DATA, PROT_READ | PROT_WRITE)
    b.map(DATA + 0x1000, PROT_READ | PROT_WRITE)
    yield b
    b.close()


def _fxsave_in_guest(bare, core):
    """Continue the parked core with `fxsave [rbx]`; return what it stored."""
    core.run(core.regs[RIP], 1000)
    return bytes(bare.phys.mem[bare.data:bare.data + 512])


def test_kernel_fxsave_matches_the_instruction(bare):
    core = bare.run(SETUP + "syscall\nfxsave [rbx]\nsyscall", regs=[(3, DATA)])
    area = core.fxsave()
    assert len(area) == 512
    assert _fxsave_in_guest(bare, core) == area
    assert area[0:2] == b"\x7f\x0a" and area[24:28] == b"\x80\x3f\0\0"   # FCW, MXCSR


def test_kernel_fxrstor_loads_what_the_instruction_then_stores(bare):
    core = bare.run(SETUP + "syscall\nfxsave [rbx]\nsyscall", regs=[(3, DATA)])
    rng = random.Random(17)
    area = bytearray(512)
    area[0:2] = (0x067F).to_bytes(2, "little")          # round down, 53-bit
    area[2:4] = (3 << 11 | 0x0041).to_bytes(2, "little")
    area[4] = 0b10110001
    area[8:16] = rng.randbytes(8)                       # FIP
    area[24:28] = (0x1F80 | 0x6000 | 0x8000).to_bytes(4, "little")
    area[28:32] = (0xFFFF).to_bytes(4, "little")
    for i in range(8):
        area[32 + 16 * i:42 + 16 * i] = rng.randbytes(10)
    area[160:416] = rng.randbytes(256)
    core.fxrstor(bytes(area))
    assert core.fxsave() == area
    assert _fxsave_in_guest(bare, core) == area


def test_a_loaded_mxcsr_rounds_the_next_sse_instruction(bare):
    core = bare.run("syscall\ncvtsd2si rax, xmm0\nsyscall")
    area = bytearray(core.fxsave())
    area[24:28] = (0x5F80).to_bytes(4, "little")        # round up
    area[160:168] = struct.pack("<d", 2.5)              # to nearest even: 2
    core.fxrstor(bytes(area))
    core.run(core.regs[RIP], 1000)
    assert bare.syscalls[-1][RAX] == 3
