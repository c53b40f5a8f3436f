"""Start-up measurements of the emulator's private state (done once per
host process, on a scratch 2 MiB machine, about a tenth of a second).

They are facts about Unicorn's private state, re-derived on the Unicorn
that is actually installed instead of hard-coded:

  old_exception   QEMU's "exception in flight" field.  Unicorn never clears
                  it (issue #1883), so the second #PF would arrive as a
                  double fault; the #PF hook writes -1 there.  Found as the
                  slot that holds -1 before the first fault and 14 during it.
  error_code      the #PF error code (P/W/U/I bits), which has no register
                  in the API; 112 bytes before old_exception.  Verified: a
                  user read of a missing page must read 4, a write 6.
  cr2             the faulting address: the qword that holds it in the hook.
  features        the CPU model's feature words (QEMU's env->features, a
                  u64 each, in cpuid's order: leaf 1 edx, leaf 1 ecx, leaf 7
                  ebx): the words that hold what cpuid reports.  Cores clear
                  RDRAND and RDSEED there (isa/cpu.py); verified: cpuid then
                  hides RDRAND and rdrand is #UD.
  counter         instructions retired in the current emu_start when a
                  count is set (uc->emu_counter): the word of the uc struct
                  that equals the known length of two test loops.  Only
                  the count-limited slices use it, where the block clock
                  (isa/blockclock.py) could not be built.
"""

import ctypes
import os
import struct
from dataclasses import dataclass

from .cpu import Core
from unicorn import x86_const as X

from .envaccess import (CalibrationError, context_size, read_bytes,
                        CC_SRC_INDEX, CC_OP_I32_INDEX, CC_OP_EFLAGS)
from .locore import Locore
from .physmem import PhysicalMemory
from .pmap import Pmap, PROT_READ, PROT_WRITE, PROT_EXEC
from .x86 import PAGE_MASK, PAGE_SIZE, T_PAGEFLT

CODE_VA = 0x400000
STACK_VA = 0x7FFF0000
MISSING_VA = 0x600000

MOV_RAX_FROM_MISSING = bytes.fromhex("488b042500006000")    # mov rax,[0x600000]
MOV_RAX_TO_MISSING2 = bytes.fromhex("4889042500106000")     # mov [0x601000],rax
SYSCALL = bytes.fromhex("0f05")


def _loop(n):
    """mov ecx, n; 1: dec ecx; jnz 1b; syscall  (2n + 2 instructions)."""
    return b"\xb9" + struct.pack("<I", n) + bytes.fromhex("ffc975fc") + SYSCALL


@dataclass(frozen=True)
class Calibration:
    old_exception_offset: int
    error_code_offset: int
    cr2_offset: int
    counter_offset: int
    features_offset: int


_cached = None


def calibration():
    """The measurements for this process's Unicorn (computed once)."""
    global _cached
    if _cached is None:
        _cached = _measure()
    return _cached


class _Scratch:
    def __init__(self):
        self.phys = PhysicalMemory(2 << 20)
        self.locore = Locore(self.phys)
        self.core = Core(self.phys, self.locore, 0, None)
        self.core._counter = ctypes.c_size_t(0)
        self.pmap = Pmap(self.phys, self.locore.kernel_pmap)
        self.code_pa = self._map(CODE_VA, PROT_READ | PROT_EXEC)
        self.stack_pa = self._map(STACK_VA, PROT_READ | PROT_WRITE)
        self.size = context_size(self.core.uc)

    def _map(self, va, prot):
        pa = self.phys.alloc_zeroed_frame()
        self.pmap.enter(va, pa, prot)
        return pa

    def run_user(self, code, count=10_000):
        self.phys.zero_frame(self.code_pa)
        self.phys.write(self.code_pa, code)
        self.core.uc.ctl_flush_tb()
        start = self.core.prepare_user_entry(self.pmap, CODE_VA, STACK_VA + PAGE_SIZE)
        self.core.uc.emu_start(start, 1 << 63, 0, count)

    def env(self):
        return read_bytes(self.core.env_address, self.size)

    def close(self):
        self.core.close()


def _measure():
    s = _Scratch()
    try:
        _verify_flag_fields(s)
        old_exc, err, cr2 = _find_fault_fields(s)
        counter = _find_counter(s)
        features = _find_feature_words(s)
        cal = Calibration(old_exc, err, cr2, counter, features)
        _verify_faults(s, cal)
        _verify_no_rdrand(s)
        return cal
    finally:
        s.close()


def _verify_flag_fields(s):
    """The carry flag of a syscall's return is written straight into the
    lazily-computed flags: check that the fields are where we think."""
    core = s.core
    for flags, carry in ((0x8D7, 0x8D5), (0x202, 0)):
        core.uc.reg_write(X.UC_X86_REG_EFLAGS, flags)
        if (core.regs[CC_SRC_INDEX] != carry
                or core._env_i32[CC_OP_I32_INDEX] != CC_OP_EFLAGS):
            raise CalibrationError("lazy flag fields not where expected")
    core._env_i32[CC_OP_I32_INDEX] = CC_OP_EFLAGS
    core.regs[CC_SRC_INDEX] = 1
    if not core.uc.reg_read(X.UC_X86_REG_EFLAGS) & 1:
        raise CalibrationError("writing the carry flag directly failed")


def _find_fault_fields(s):
    before = s.env()
    inside = []

    def on_trap(core, vector, addr, error):
        inside.append((vector, s.env()))
        core.stop()

    s.core.trap_handler = on_trap
    s.run_user(MOV_RAX_FROM_MISSING)
    if not inside or inside[0][0] != T_PAGEFLT:
        raise CalibrationError("the calibration fault did not arrive as #PF")
    during = inside[0][1]
    slots = [off for off in range(0, len(before) - 3, 4)
             if before[off:off + 4] == b"\xff\xff\xff\xff"
             and during[off:off + 4] == struct.pack("<i", T_PAGEFLT)]
    if not slots:
        raise CalibrationError("exception-in-flight field not found")
    old_exc = slots[-1]
    err = old_exc - 112
    if struct.unpack_from("<i", during, err)[0] != 4:
        raise CalibrationError("#PF error code not found where expected")
    addr = struct.pack("<Q", MISSING_VA)
    cr2 = [off for off in range(0, len(during) - 7, 8)
           if during[off:off + 8] == addr and before[off:off + 8] != addr]
    if not cr2:
        raise CalibrationError("CR2 not found in the CPU state")
    return old_exc, err, cr2[0]


def _uc_words(uc):
    fd = os.open("/proc/self/mem", os.O_RDONLY)
    try:
        return os.pread(fd, 8192, uc._uch.value)
    finally:
        os.close(fd)


def _find_counter(s):
    s.core.trap_handler = lambda core, *a: core.stop()
    s.core.syscall_handler = lambda core: core.stop()
    candidates = None
    for n in (1000, 3333):
        s.run_user(_loop(n), count=1_000_000)
        expected = struct.pack("<Q", 2 * n + 3)     # + iretq on the trampoline
        words = _uc_words(s.core.uc)
        found = {off for off in range(0, len(words) - 7, 8)
                 if words[off:off + 8] == expected}
        candidates = found if candidates is None else candidates & found
    if not candidates or len(candidates) != 1:
        raise CalibrationError("instruction counter not found in the uc struct")
    return candidates.pop()


# cpuid leaf 1 and leaf 7 (ecx 0), the registers kept in r8, r9, r10.
CPUID_FEATURES = bytes.fromhex(
    "b801000000"        # mov eax, 1
    "0fa2"              # cpuid
    "4989c8"            # mov r8, rcx
    "4989d1"            # mov r9, rdx
    "b807000000"        # mov eax, 7
    "31c9"              # xor ecx, ecx
    "0fa2"              # cpuid
    "4989da"            # mov r10, rbx
) + SYSCALL
RDRAND_EAX = bytes.fromhex("0fc7f0")
CR4_OSXSAVE_CPUID_BIT = 1 << 27     # leaf 1 ecx reports CR4.OSXSAVE here
ENV_SCAN = 16384


def _cpuid_features(s):
    seen = []
    s.core.syscall_handler = lambda core: (seen.append(list(core.regs[8:11])), core.stop())
    s.run_user(CPUID_FEATURES)
    if not seen:
        raise CalibrationError("the cpuid calibration code did not finish")
    return seen[0]          # leaf 1 ecx, leaf 1 edx, leaf 7 ebx


def _find_feature_words(s):
    ecx1, edx1, ebx7 = _cpuid_features(s)
    env = read_bytes(s.core.env_address, ENV_SCAN)
    for off in range(0, ENV_SCAN - 24, 8):
        words = struct.unpack_from("<3Q", env, off)
        if (words[0] == edx1 and words[2] == ebx7
                and words[1] & ~CR4_OSXSAVE_CPUID_BIT == ecx1 & ~CR4_OSXSAVE_CPUID_BIT):
            return off
    raise CalibrationError("CPU feature words not found")


def _verify_no_rdrand(s):
    """After the core hid them, cpuid must not report RDRAND and rdrand
    must be an invalid opcode."""
    s.core.uc.ctl_flush_tb()
    if _cpuid_features(s)[0] & (1 << 30):
        raise CalibrationError("RDRAND still reported by cpuid")
    seen = []
    s.core.trap_handler = lambda core, vector, *a: (seen.append(vector), core.stop())
    s.run_user(RDRAND_EAX + SYSCALL)
    if seen[:1] != [6]:
        raise CalibrationError(f"rdrand did not raise #UD: {seen}")


def _verify_faults(s, cal):
    """Two faults in a row must both arrive as #PF with the right codes."""
    s.core._set_calibration(cal)
    seen = []

    def on_trap(core, vector, addr, error):
        seen.append((vector, addr, error))
        if vector != T_PAGEFLT or len(seen) > 4:
            core.stop()
            return
        s.pmap.enter(addr & ~PAGE_MASK, s.phys.alloc_zeroed_frame(), PROT_READ | PROT_WRITE)

    s.core.trap_handler = on_trap
    s.run_user(MOV_RAX_FROM_MISSING + MOV_RAX_TO_MISSING2 + SYSCALL)
    want = [(T_PAGEFLT, MISSING_VA, 4), (T_PAGEFLT, MISSING_VA + PAGE_SIZE, 6)]
    if seen != want:
        raise CalibrationError(f"fault calibration check failed: {seen}")
