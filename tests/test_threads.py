"""Threads (issue 15): struct process and struct proc, __tfork, __threxit,
futex, thrkill, and threads against exit, execve, fork, signals and
wait4.  The guest side is thrtest.c, run over cores and seeds."""

import pytest

from conftest import checks_passed


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
