"""Threads (issue 15): struct process and struct proc, __tfork, __threxit,
futex, thrkill, and threads against exit, execve, fork, signals and
wait4.  The guest side is thrtest.c, run over cores and seeds."""

import re

import pytest

from conftest import boot, checks_passed, find_program


@pytest.mark.parametrize("cores,seed", [(4, 0), (1, 0), (2, 5), (4, 7), (8, 2)])
def test_thrtest_passes(run_guest, cores, seed):
    r = run_guest(["/usr/tests/thrtest"], cores=cores, seed=seed)
    checks_passed(r.text)
    assert r.status == 0
    # The one crash thrtest causes on purpose (a thread's fault kills its process):
    assert len(r.messages) == 1 and "SIGSEGV at 0x10 in fault" in r.messages[0]


def test_no_thread_or_futex_is_left_behind(run_guest):
    r = run_guest(["/usr/tests/thrtest"], cores=4)
    kernel = r.machine.kernel
    assert kernel.procs == {} and kernel.threads == {}
    assert kernel.sleepq == {} and kernel.futexes == {}


def test_a_seed_gives_the_same_threaded_run(run_guest):
    a = run_guest(["/usr/tests/thrtest"], cores=4, seed=9)
    b = run_guest(["/usr/tests/thrtest"], cores=4, seed=9)
    assert a.output == b.output
    ka, kb = a.machine.kernel, b.machine.kernel
    assert [(c.clock, c.busy_cycles, c.switches) for c in ka.sched.cpus] == \
           [(c.clock, c.busy_cycles, c.switches) for c in kb.sched.cpus]
    assert ka.lockstats["vmmaplk"].acquisitions == kb.lockstats["vmmaplk"].acquisitions


def test_the_threads_of_one_process_run_on_several_cores(run_guest):
    r = run_guest(["/usr/tests/thrtest"], cores=4)
    busy = [c.busy_cycles for c in r.machine.kernel.sched.cpus]
    assert all(b > 0 for b in busy)


def test_the_repl_shows_breaks_and_steps_one_thread(rootfs):
    from test_repl import Session
    s = Session()
    try:
        out, _ = s("spawn /usr/tests/thrtest spin", "break 1 spin")
        assert re.search(r"^breakpoint: pid 1 at 0x[0-9a-f]+ <spin>", out, re.M), out
        hits = []
        for _ in range(2):                      # two of the three spinners get there
            out, _ = s("continue")
            hit = re.search(r"^breakpoint: pid 1 thread (1000\d\d) \(thrtest\) at", out, re.M)
            assert hit, out
            hits.append(int(hit[1]))
        first = hits[-1]
        other = ({100002, 100003, 100004} - set(hits)).pop()    # not at spin yet
        out, _ = s("ps")
        assert re.search(r"^ +1 +- +0 +1 +4 thr ", out, re.M), out
        assert re.search(r"^ +100001 +sleeping +fsleep ", out, re.M), out
        for tid in hits:
            assert re.search(rf"^ +{tid} +runnable ", out, re.M), out
        out, _ = s(f"regs {first}")
        assert re.search(r"rip [0-9a-f]{16} .*<spin>", out), out
        out, _ = s(f"step {first} 3")
        assert re.search(r"^=> [0-9a-f]{16} <spin\+0x[0-9a-f]+>", out, re.M), out
        # A breakpoint for one thread stops that thread only.
        out, _ = s("unbreak 1 spin", f"break {other} spin", "continue")
        assert f"breakpoint: pid 1 thread {other} (thrtest) at" in out, out
        s(f"unbreak {other} spin", "kill 1 KILL")
        out, _ = s("ps")
        assert "thrtest" not in out
    finally:
        s.repl.close()


def test_ktrace_names_the_thread_and_lockstat_the_map_lock(rootfs):
    from minikern.ddb.db_interface import map_lock_stats
    from minikern.kern.kern_ktrace import Tracer
    lines = []
    machine, _, _ = boot(cores=4, rootfs=rootfs)
    try:
        image, argv0 = find_program("/usr/tests/thrtest", rootfs)
        pr = machine.spawn(image, [argv0])
        pr.ps_traced = Tracer(lines.append, ["getthrid"])
        machine.run(until=lambda: len(pr.ps_threads) == 5)     # the lock test's 4 workers
        assert [pid for pid, _, _ in map_lock_stats(machine.kernel)] == [pr.ps_pid]
        machine.run(until=lambda: pr.ps_xstat is not None)
        kernel = machine.kernel
        assert kernel.lockstats["amaplk"].acquisitions > 0     # threads fault one amap
        assert kernel.lockstats["vmmaplk"].contended > 0   # test_map_churn's threads
    finally:
        machine.close()
    names = {line.split()[0] for line in lines if " CALL  getthrid" in line}
    assert "1" in names                                     # while it had one thread
    assert any(re.fullmatch(r"1/1000\d\d", name) for name in names), names
