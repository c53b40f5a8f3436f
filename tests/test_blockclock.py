"""Time slices: the block clock (isa/blockclock.py) and the count-limited
fallback count the same instructions, exactly at every kernel entry, and a
machine gives the same output on both and the same statistics run after
run on each."""

import pytest

from isa import blockclock
from isa.pmap import PROT_READ, PROT_WRITE, PROT_EXEC
from isa.x86 import RBX, T_PAGEFLT

from isa_harness import Bare, CODE
from conftest import boot, checks_passed, find_program, TEST_ENV

DATA = 0x600000
PATHS = ["block clock", "count"]


def use_path(monkeypatch, path):
    """Make the cores built from now on use one of the two slice paths."""
    if path == "count":
        monkeypatch.setattr(blockclock, "library", lambda progress=True: None)
    elif blockclock.library() is None:
        pytest.fail("the block clock library could not be built here")


@pytest.fixture(params=PATHS)
def bare(request, monkeypatch):
    use_path(monkeypatch, request.param)
    b = Bare(cores=1)
    assert (b.cores[0].clock is not None) == (request.param == "block clock")
    yield b
    b.close()


def test_a_loop_ending_in_a_syscall_is_counted_exactly(bare):
    core = bare.run("mov ecx, 500\nl: dec ecx\njnz l\nsyscall")
    assert core.instructions() == 2 * 500 + 3     # + iretq on the trampoline


def test_a_slice_stops_at_its_budget_and_knows_what_ran(bare):
    core = bare.run("l: inc rbx\njmp l", count=1001)
    # iretq, then RBX iterations of two instructions: no more, no fewer.
    assert core.instructions() == 1 + 2 * core.regs[RBX]
    assert 1001 <= core.instructions() <= 1002


def count_at_faults(bare):
    """Map the missing page on a fault; return the list of instruction
    counts the fault handler saw."""
    seen = []

    def fix(core, vector, addr, error):
        seen.append(core.instructions())
        bare.map(addr & ~0xFFF, PROT_READ | PROT_WRITE)
        return True

    bare.fault_fixer = fix
    return seen


def test_a_fault_in_the_middle_of_a_block_counts_what_ran(bare):
    seen = count_at_faults(bare)
    core = bare.run(f"mov ecx, 10\nl: dec ecx\njnz l\nmov rbx, 1\nmov rax, [{DATA:#x}]\n"
                    "mov rdx, 2\nsyscall")
    # iretq, mov, 20 in the loop, mov rbx: the faulting load has not run.
    assert seen == [23]
    assert core.instructions() == 26
    assert bare.traps[0][0] == T_PAGEFLT


def test_a_fault_on_the_first_instruction_of_a_block(bare):
    seen = count_at_faults(bare)
    core = bare.run(f"mov rbx, 1\njmp l\nl: mov rax, [{DATA:#x}]\nmov rdx, 2\nsyscall")
    assert seen == [3]          # iretq, mov, jmp
    assert core.instructions() == 6


def test_faults_page_after_page_count_exactly(bare):
    """The zero-fill loop shape: a store faults on every page."""
    seen = count_at_faults(bare)
    core = bare.run(f"mov rdi, {DATA:#x}\nmov ecx, 8\nl: mov byte ptr [rdi], 1\n"
                    "add rdi, 4096\ndec ecx\njnz l\nsyscall")
    assert seen == [3 + 4 * i for i in range(8)]
    assert core.instructions() == 1 + 2 + 4 * 8 + 1


def test_counts_follow_code_rewritten_in_place(bare):
    """Same address, same length, other instructions: flush_translations
    (what the kernel does after reusing a code page) drops the counts."""
    core = bare.run("nop\nnop\nnop\nnop\nsyscall")
    assert core.instructions() == 6
    bare.load("mov eax, eax\nmov eax, eax\nsyscall")     # also 6 bytes
    core.flush_translations()
    core.run(core.prepare_user_entry(bare.pmap, CODE, CODE), 1000)
    assert core.instructions() == 4


def test_counts_follow_a_remapped_page(bare):
    """Other code mapped at the same address (a shootdown): new counts."""
    core = bare.run("nop\nnop\nnop\nnop\nsyscall")
    pa = bare.phys.alloc_zeroed_frame()
    bare.phys.write(pa, bytes.fromhex("89c089c00f05"))   # mov eax,eax x2; syscall
    bare.pmap.enter(CODE, pa, PROT_READ | PROT_EXEC)
    core.run(core.prepare_user_entry(bare.pmap, CODE, CODE), 1000)
    assert core.instructions() == 4


def _run_machine(argv, seed):
    rootfs_tree = pytest.importorskip("minikern.build").ensure_userland(progress=False)
    machine, out, messages = boot(rootfs=rootfs_tree, seed=seed)
    try:
        image, argv0 = find_program(argv[0], rootfs_tree)
        status = machine.run_image(image, [argv0] + argv[1:], TEST_ENV)
        clocks = [ci.clock for ci in machine.kernel.sched.cpus]
        switches = [ci.switches for ci in machine.kernel.sched.cpus]
        return status, bytes(out), messages, clocks, switches
    finally:
        machine.close()


PIPELINE = ["/bin/sh", "-c", "seq 1 3000 | grep 7 | wc -l; /usr/tests/sysabi | tail -1"]


@pytest.mark.parametrize("seed", [0, 5])
def test_both_paths_give_the_same_output_and_each_is_deterministic(monkeypatch, seed):
    block = [_run_machine(PIPELINE, seed) for _ in range(2)]
    use_path(monkeypatch, "count")
    count = [_run_machine(PIPELINE, seed) for _ in range(2)]
    assert block[0] == block[1]
    assert count[0] == count[1]
    status, out, messages = block[0][:3]
    assert (status, messages) == (0, [])
    assert out.split()[0] == b"813"
    checks_passed(out.decode())
    assert count[0][:3] == block[0][:3]


def test_a_compiler_that_fails_means_count_slices_and_one_line(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("MINIKERN_CACHE", str(tmp_path))
    monkeypatch.setattr(blockclock, "compiler", lambda: ["false"])
    monkeypatch.setattr(blockclock, "_loaded", None)
    assert blockclock.library() is None
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and err[0].startswith("minikern: building the block clock")
    assert "block clock unavailable" in err[1] and "count-limited slices" in err[1]
    b = Bare(cores=1)
    try:
        assert b.cores[0].clock is None
        core = b.run("mov ecx, 5\nl: dec ecx\njnz l\nsyscall")
        assert core.instructions() == 13
    finally:
        b.close()
