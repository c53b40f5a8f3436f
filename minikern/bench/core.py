"""The "core" suite (compute, getpid, zero-fill fault) and the "vm" suite
(zero-fill faults per second).  The guest loops are in userland/bench."""

from unicorn import x86_const as X

from isa.blockclock import library as block_clock_library
from isa.x86 import PAGE_SIZE, RDI, RSI

from .suite import Result, benchmark, scaled
from .floor import BareUnicorn
from .guest import loop_code, time_guest

SMALL_MEMORY = 16 << 20
COMPUTE_ITERATIONS = 3_000_000
COMPUTE_SEED = 88172645463325252        # the seed compute.c passes
GETPID_CALLS = 100_000
ZERO_FILL_PAGES = 16384                 # 64 MiB
FLOOR_TOUCH_VA = 0x10_0000_0000         # where the floor's loop writes
BARE = "bare Unicorn"
CEILING = f"{BARE}, no count (ceiling)"
SLICED = f"{BARE}, count-limited slices"


def _floor_run(memory, loop, regs, prepare=None, sliced=True):
    """Run a loop once on a fresh floor machine; prepare(bare) may add
    hooks first.  Returns (seconds, instructions retired; None when not
    sliced)."""
    bare = BareUnicorn(memory, loop)
    try:
        if prepare is not None:
            prepare(bare)
        seconds = bare.run(regs, sliced)
        return seconds, bare.instructions
    finally:
        bare.close()


@benchmark("core")
def compute(repeat, scale=1.0):
    """Guest compute speed, M instructions/s.  bench_compute_loop of
    /usr/bench/compute (xorshift64: 11 instructions an iteration, no memory
    access, no trap) for N iterations.  minikern: host time between the
    program's markers, alone on a fresh machine, so in the scheduler's
    slices of QUANTUM instructions (the block clock's, or count-limited
    where it could not be built) with a context switch-in between each.
    Floors, the same bytes on bare Unicorn: (a) the ceiling, one emu_start
    with no count and no hook; (b) count-limited slices of QUANTUM
    instructions, each resumed from RIP.  The instruction count is the one
    Unicorn counted in the sliced floor run (the same code on all three)."""
    n = scaled(COMPUTE_ITERATIONS, scale)
    loop = loop_code("compute", "bench_compute_loop")
    regs = [(RDI, n), (RSI, COMPUTE_SEED)]
    minikern, ceiling, sliced = [], [], []
    for _ in range(repeat):
        guest_seconds = time_guest("compute", [n], SMALL_MEMORY)
        seconds, instructions = _floor_run(SMALL_MEMORY, loop, regs)
        unsliced, _ = _floor_run(SMALL_MEMORY, loop, regs, sliced=False)
        minikern.append(instructions / guest_seconds / 1e6)
        sliced.append(instructions / seconds / 1e6)
        ceiling.append(instructions / unsliced / 1e6)
    r = Result("guest compute", "M instr/s", True, minikern,
               {CEILING: ceiling, SLICED: sliced},
               params={"iterations": n, "instructions": instructions,
                       "slices": "block clock" if _block_clock() else "count-limited"})
    r.target = "minikern >= 50% of bare Unicorn without a count"
    r.met = r.ratio(CEILING) >= 0.50
    return r


def _block_clock():
    return block_clock_library() is not None


def _read_write_rax(uc, data):
    uc.reg_read(X.UC_X86_REG_RAX)
    uc.reg_write(X.UC_X86_REG_RAX, 1)


GETPID_FLOORS = {
    f"{BARE}, empty hook": lambda uc, data: None,
    f"{BARE}, hook reg_read+reg_write RAX": _read_write_rax,
}


@benchmark("core")
def getpid(repeat, scale=1.0):
    """getpid round trip, µs a call.  bench_getpid_loop of /usr/bench/getpid:
    N iterations of `mov $SYS_getpid, %eax; syscall; dec; jnz`, the time
    per call including the loop's own instructions.  minikern: host time
    between the markers (the syscall hook, dispatch, sys_getpid, the return
    value and carry flag written back).  Floors: the same bytes on bare
    Unicorn with a syscall hook added through the binding's hook_add that
    (a) does nothing, (b) does uc.reg_read(RAX) and uc.reg_write(RAX)."""
    n = scaled(GETPID_CALLS, scale)
    loop = loop_code("getpid", "bench_getpid_loop")
    minikern, floors = [], {label: [] for label in GETPID_FLOORS}
    for _ in range(repeat):
        minikern.append(time_guest("getpid", [n], SMALL_MEMORY) / n * 1e6)
        for label, hook in GETPID_FLOORS.items():
            seconds, _ = _floor_run(SMALL_MEMORY, loop, [(RDI, n)],
                                    lambda bare: bare.on_syscall(hook))
            floors[label].append(seconds / n * 1e6)
    r = Result("getpid round trip", "µs", False, minikern, floors,
               params={"calls": n})
    r.target = "<= 2 µs"
    r.met = r.best() <= 2.0
    return r


def _zero_fill_samples(repeat, pages):
    """µs a fault on minikern and on the floor, `repeat` samples each."""
    loop = loop_code("zerofill", "bench_touch_loop")
    memory = ((pages * PAGE_SIZE + (32 << 20)) >> 21) << 21
    minikern, floor = [], []
    for _ in range(repeat):
        minikern.append(time_guest("zerofill", [pages], memory) / pages * 1e6)
        seconds, _ = _floor_run(memory, loop, [(RDI, FLOOR_TOUCH_VA), (RSI, pages)],
                                BareUnicorn.zero_fill_on_fault)
        floor.append(seconds / pages * 1e6)
    return minikern, floor, {"pages": pages, "memory": memory}


@benchmark("core")
def zero_fill(repeat, scale=1.0):
    """Anonymous zero-fill fault, µs a fault.  bench_touch_loop of
    /usr/bench/zerofill writes one byte to each of N pages of a fresh
    anonymous mmap (4 instructions a page besides the fault).  minikern:
    host time between the markers (a real #PF each page, resolved by
    uvm_fault).  Floor: the same bytes on bare Unicorn with paging and a
    minimal #PF hook added with hook_add: read CR2, take a zero frame, write
    the PTE (isa's pmap.enter), clear the exception-in-flight field with
    context save/patch/restore.  Both machines have the same RAM size,
    populated by the host before timing."""
    minikern, floor, params = _zero_fill_samples(repeat, scaled(ZERO_FILL_PAGES, scale))
    r = Result("zero-fill fault", "µs", False, minikern, {BARE: floor}, params=params)
    r.target = "<= 10 µs and <= 2x bare Unicorn"
    r.met = r.best() <= 10.0 and r.ratio(BARE) <= 2.0
    return r


@benchmark("vm")
def zero_fill_rate(repeat, scale=1.0):
    """Zero-fill faults per second (thousands): the zero-fill measurement
    of the core suite on 4x as many pages (256 MiB), as a rate."""
    minikern, floor, params = _zero_fill_samples(repeat, scaled(4 * ZERO_FILL_PAGES, scale))
    r = Result("zero-fill faults", "k faults/s", True,
               [1e3 / us for us in minikern], {BARE: [1e3 / us for us in floor]},
               params=params)
    r.target = ">= 100 k faults/s"
    r.met = r.best() >= 100
    return r
