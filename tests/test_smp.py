"""SMP: the kernel lock and NOLOCK paths in virtual time, lockstat,
witness, migration between cores, TLB shootdowns, and the s2k15
experiment's determinism."""

from isa.pmap import PROT_READ, PROT_WRITE
from isa.x86 import PAGE_SIZE, T_PAGEFLT
from minikern.bench.smp import run_workload
from minikern.sys.lock import Lock, Witness

from conftest import boot
from isa_harness import Bare


class _Cpu:
    """Just enough of a CpuInfo for a lock: a clock and an index."""

    def __init__(self, index, clock=0):
        self.index, self.clock, self.kernel_cycles = index, clock, 0
        self.spin_cycles, self.held = 0, []

    def now(self):
        return self.clock + self.kernel_cycles


class _Kernel:
    def __init__(self):
        self.curcpu = None
        self.lockstats = {}
        self.witness = Witness()

        class Sched:
            @staticmethod
            def horizon():
                return 0
        self.sched = Sched()


def test_a_core_spins_while_another_holds_the_lock_in_virtual_time():
    kernel = _Kernel()
    lock = Lock(kernel, "test_mtx")
    a, b = _Cpu(0, 1000), _Cpu(1, 1100)
    kernel.curcpu = a
    lock.enter()
    a.kernel_cycles += 500              # held from 1000 to about 1520
    lock.leave()
    kernel.curcpu = b
    spin = lock.enter()                 # b asks at 1100: waits for a
    lock.leave()
    assert spin == a.now() - 1100
    assert lock.stats.contended == 1 and lock.stats.spin_cycles == spin
    kernel.curcpu = _Cpu(2, 5000)
    assert lock.enter() == 0            # long after: free


def test_readers_share_an_rwlock_writers_do_not():
    kernel = _Kernel()
    lock = Lock(kernel, "test_rw", "rwlock")
    a, b, c = _Cpu(0, 0), _Cpu(1, 10), _Cpu(2, 20)
    kernel.curcpu = a
    lock.enter(shared=True)
    a.kernel_cycles += 100
    lock.leave()
    kernel.curcpu = b
    assert lock.enter(shared=True) == 0
    lock.leave()
    kernel.curcpu = c
    assert lock.enter() > 0             # a writer waits for the readers


def test_witness_reports_a_lock_order_reversal_once():
    kernel = _Kernel()
    first, second = Lock(kernel, "lock_a"), Lock(kernel, "lock_b")
    kernel.curcpu = _Cpu(0)
    for outer, inner in ((first, second), (second, first), (second, first)):
        outer.enter()
        inner.enter()
        inner.leave()
        outer.leave()
    reports = kernel.witness.reversals
    assert len(reports) == 1
    assert "lock_b then lock_a" in reports[0] and "lock_a then lock_b first at" in reports[0]
    assert "test_smp.py" in reports[0]          # both call sites are named


def test_processes_migrate_between_cores_and_go_on(rootfs):
    machine, out, _ = boot(cores=2, rootfs=rootfs)
    seen = {}
    run_slice = machine.kernel.sched.run_slice

    def recording(ci, p):
        seen.setdefault(p.p_p.ps_pid, set()).add(ci.index)
        run_slice(ci, p)
    machine.kernel.sched.run_slice = recording
    image = (rootfs / "usr/bench/cc1").read_bytes()
    procs = [machine.spawn(image, ["cc1", "12", str(i)]) for i in range(3)]
    machine.run(until=lambda: all(p.ps_xstat is not None for p in procs))
    assert all(p.ps_xstat == 0 for p in procs)
    assert any(len(cores) == 2 for cores in seen.values()), seen
    assert out.count(b"cc1: 12 rounds") == 3
    machine.close()


def test_shootdown_reaches_a_core_that_has_the_map_loaded():
    bare = Bare(cores=2)
    data = 0x600000
    bare.map(data, PROT_READ | PROT_WRITE)
    core1 = bare.cores[1]
    bare.run("mov rax, [0x600000]\nsyscall\nmov rax, [0x600000]\nsyscall", core=1)
    assert bare.traps == [] and len(bare.syscalls) == 1
    bare.pmap.remove(data, data + PAGE_SIZE)    # on "another core"
    assert core1.tlb_stale
    core1.run(core1.regs[16], 100)
    assert bare.traps and bare.traps[0][0] == T_PAGEFLT and bare.traps[0][1] == data
    bare.close()


def test_the_experiment_is_deterministic_and_giant_is_worse():
    nolock = run_workload(2, giant=False, rounds=3)
    again = run_workload(2, giant=False, rounds=3)
    giant = run_workload(2, giant=True, rounds=3)
    assert nolock == again
    assert giant["kernel_lock_spin_share"] > nolock["kernel_lock_spin_share"]
    assert giant["makespan_cycles"] > nolock["makespan_cycles"]
    assert nolock["locks"] and {"name", "contended", "spin_cycles"} <= set(nolock["locks"][0])


def test_per_syscall_statistics(run_guest):
    r = run_guest(["/bin/echo", "hi"])
    stats = r.machine.kernel.syscall_stats
    write = stats[4]                    # calls, cycles, kernel-lock spin
    assert write[0] >= 1 and write[1] > 0


def test_plot_is_drawn_when_matplotlib_is_there(tmp_path):
    from minikern.bench.smp import plot
    results = [{"config": c, "cores": n, "speedup": n / (1 if c == "nolock" else 1.5)}
               for c in ("nolock", "giant") for n in (1, 2, 4)]
    path = tmp_path / "smp.png"
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert plot(results, path) is False and not path.exists()
    else:
        assert plot(results, path) is True
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
