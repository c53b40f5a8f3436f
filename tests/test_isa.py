"""The machine-dependent layer on its own: CPL 3, page faults with their
real error codes, the syscall ABI, exceptions, migration between cores.
Guest code is assembled with keystone; no kernel is involved."""

import pytest

from isa.locore import KERNBASE
from isa.pmap import PROT_READ, PROT_WRITE
from isa.x86 import (PAGE_SIZE, RAX, RBX, RDI, RSI, RDX, R10, R8, R9, RIP,
                     T_PAGEFLT, T_PRIVINFLT, T_DIVIDE, T_BPTFLT, T_PROTFLT,
                     PGEX_P, PGEX_W, PGEX_U, PGEX_I)

from isa_harness import Bare, CODE

DATA = 0x600000


@pytest.fixture
def bare():
    b = Bare(cores=2)
    yield b
    b.close()


def test_user_read_of_missing_page_is_pf_with_user_bit(bare):
    bare.run(f"mov rax, [{DATA:#x}]")
    assert bare.traps == [(T_PAGEFLT, DATA, PGEX_U)]


def test_user_write_of_missing_page_has_write_bit(bare):
    bare.run(f"mov qword ptr [{DATA + 8:#x}], 1")
    assert bare.traps == [(T_PAGEFLT, DATA + 8, PGEX_U | PGEX_W)]


def test_write_to_read_only_page_is_a_protection_fault(bare):
    bare.map(DATA, PROT_READ)
    bare.run(f"mov rax, [{DATA:#x}]\nmov qword ptr [{DATA:#x}], 1")
    assert bare.traps == [(T_PAGEFLT, DATA, PGEX_P | PGEX_W | PGEX_U)]


def test_user_read_of_supervisor_page_faults(bare):
    bare.map(DATA, PROT_READ | PROT_WRITE, user=False)
    bare.run(f"mov rax, [{DATA:#x}]")
    assert bare.traps == [(T_PAGEFLT, DATA, PGEX_P | PGEX_U)]


def test_kernel_pages_are_out_of_reach_of_cpl3(bare):
    bare.run(f"mov rax, {KERNBASE:#x}\nmov rbx, [rax]")
    assert bare.traps == [(T_PAGEFLT, KERNBASE, PGEX_P | PGEX_U)]


def test_executing_a_no_execute_page_is_an_instruction_fetch_fault(bare):
    bare.map(DATA, PROT_READ | PROT_WRITE)
    bare.run(f"mov rax, {DATA:#x}\njmp rax")
    assert bare.traps == [(T_PAGEFLT, DATA, PGEX_P | PGEX_U | PGEX_I)]


def test_ten_thousand_consecutive_faults_in_one_run(bare):
    def fix(core, vector, addr, error):
        bare.map(addr & ~0xFFF, PROT_READ | PROT_WRITE)
        return True
    bare.fault_fixer = fix
    bare.run(f"""
        mov rax, {0x10000000:#x}
        mov rcx, 10000
    next:
        mov qword ptr [rax], rcx
        add rax, 4096
        dec rcx
        jnz next
        syscall
    """, count=10_000_000)
    assert len(bare.traps) == 10000
    assert {t[0] for t in bare.traps} == {T_PAGEFLT}
    assert {t[2] for t in bare.traps} == {PGEX_U | PGEX_W}
    assert bare.traps[-1][1] == 0x10000000 + 9999 * PAGE_SIZE
    assert len(bare.syscalls) == 1
    assert bare.phys.read(bare.pmap.extract(0x10000000), 8) == (10000).to_bytes(8, "little")


def test_syscall_arguments_result_and_carry(bare):
    def reply(core, regs):
        if regs[RAX] == 20:
            core.set_syscall_return(1234, 0)
        elif regs[RAX] == 3:
            core.set_syscall_return(9, 1)       # EBADF, carry set
        else:
            core.stop()
    bare.syscall_reply = reply
    bare.run("""
        mov rax, 20
        mov rdi, 11
        mov rsi, 12
        mov rdx, 13
        mov r10, 14
        mov r8, 15
        mov r9, 16
        syscall
        setc bl
        mov r12, rax
        mov rax, 3
        syscall
        setc bh
        mov r13, rax
        mov rax, 99
        syscall
    """)
    first, second, last = bare.syscalls
    assert [first[r] for r in (RAX, RDI, RSI, RDX, R10, R8, R9)] == [20, 11, 12, 13, 14, 15, 16]
    assert first[RIP] == CODE + 0x31          # RIP of the syscall instruction itself
    assert last[12] == 1234 and last[13] == 9
    assert last[RBX] & 0xFFFF == 0x0100        # bl = 0 (no carry), bh = 1 (carry)


@pytest.mark.parametrize("source, vector", [
    ("ud2", T_PRIVINFLT),
    ("xor ecx, ecx\nmov eax, 1\ncdq\nidiv ecx", T_DIVIDE),
    ("cli", T_PROTFLT),
    ("hlt", T_PROTFLT),
    ("mov rax, cr3", T_PROTFLT),
])
def test_exceptions_reach_the_kernel_with_their_vector(bare, source, vector):
    bare.run(source)
    assert bare.traps and bare.traps[0][0] == vector


def test_breakpoint_is_reported(bare):
    bare.run("nop\nint3")
    assert bare.traps[0][0] == T_BPTFLT


def test_a_process_context_migrates_to_another_core_at_cpl3(bare):
    bare.map(DATA, PROT_READ, user=False)
    core0, core1 = bare.cores
    bare.run("mov rbx, 77\nsyscall\nadd rbx, 1\nsyscall\nmov rax, [0x600000]")
    context = core0.save()
    core0.deactivate()
    start = core1.restore(context, bare.pmap)
    core1.run(start, 1000)
    assert [s[RBX] for s in bare.syscalls] == [77, 78]
    core1.run(core1.regs[RIP], 1000)
    assert bare.traps == [(T_PAGEFLT, DATA, PGEX_P | PGEX_U)]


def test_instruction_counter_counts_a_known_loop(bare):
    core = bare.run("mov ecx, 500\nl: dec ecx\njnz l\nsyscall")
    assert core.instructions() == 2 * 500 + 3     # + iretq on the trampoline


def test_time_slices_end_after_count_instructions(bare):
    core = bare.run("l: inc rbx\njmp l", count=1001)
    assert 1000 <= core.instructions() <= 1002
    assert core.regs[RBX] == 500


def test_faults_still_arrive_after_a_slice_ran_out(bare):
    """A run that ends on its instruction count must not leave an exception
    in flight that turns the next page fault into a double fault."""
    core = bare.run("mov ecx, 100000\nl: dec ecx\njnz l\nmov rax, [0x600000]", count=1000)
    for _ in range(3):
        core.run(core.regs[RIP], 1000)
    core.run(core.regs[RIP], 1_000_000)
    assert bare.traps == [(T_PAGEFLT, DATA, PGEX_U)]


# -- what Unicorn lets through and the CPU model must not ---------------------

@pytest.mark.parametrize("source, vector, error", [
    ("int 0x80", T_PROTFLT, 0x80 * 8 + 2),     # gate DPL 0: #GP(vector, IDT)
    ("int 14", T_PROTFLT, 14 * 8 + 2),         # not a page fault
    ("int 3", T_BPTFLT, 0),                    # DPL 3 gate: allowed
    ("mov dx, 0x80\nin al, dx", T_PROTFLT, 0),  # I/O at CPL 3, IOPL 0
    ("mov dx, 0x80\nout dx, al", T_PROTFLT, 0),
    ("mov dx, 0x80\nmov rdi, 0x600000\ninsb", T_PROTFLT, 0),
    ("mov dx, 0x80\nmov rsi, 0x600000\noutsb", T_PROTFLT, 0),
    ("sysenter", T_PRIVINFLT, 0),              # #UD on AMD64 in long mode
    ("rdrand eax", T_PRIVINFLT, 0),            # hidden from this CPU model
    ("rdseed eax", T_PRIVINFLT, 0),
])
def test_privileged_instructions_fault_at_cpl3(bare, source, vector, error):
    bare.map(DATA, PROT_READ | PROT_WRITE)
    errors = []
    bare.cores[0].trap_handler = lambda core, v, addr, e: (
        bare.traps.append((v, addr, e)), errors.append(e), core.stop())
    code = bare.load("nop\n" + source + "\nud2")
    last = CODE + len(code) - 2 - len(bare_insn(source))
    core = bare.cores[0]
    core.run(core.prepare_user_entry(bare.pmap, CODE, 0x7FFF1000), 1000)
    assert bare.traps[0][0] == vector
    assert errors[0] == error
    if vector != T_BPTFLT:
        assert bare.traps[0][1] == last          # reported at the instruction


def bare_insn(source):
    """The bytes of the last instruction of source."""
    from isa.asm import assemble
    return assemble(source.splitlines()[-1], CODE)


def test_rdtsc_reads_the_kernels_clock(bare):
    core = bare.cores[0]
    core.rdtsc_handler = lambda c: 0x1_2345_6789
    bare.run("rdtsc\nmov r8, rax\nmov r9, rdx\nrdtscp\nsyscall")
    regs = bare.syscalls[0]
    assert (regs[8], regs[9]) == (0x2345_6789, 1)
    assert (regs[RDX] << 32 | regs[RAX]) == 0x1_2345_678A     # never reads the same twice
    assert regs[1] == core.index                              # rcx: TSC_AUX
