"""Interval timers (setitimer, getitimer, alarm, ualarm: issue 12) and the
scheduler's clocks they depend on.  The guest program is
userland/tests/timertest.c."""

from conftest import boot, checks_passed
from minikern.sys.clock import CPU_HZ


def test_timertest_passes(run_guest):
    r = run_guest(["/usr/tests/timertest"])
    checks_passed(r.text)
    assert r.status == 0


def test_timertest_on_one_core_and_another_seed(run_guest):
    for cores, seed in ((1, 0), (2, 7)):
        r = run_guest(["/usr/tests/timertest"], cores=cores, seed=seed)
        checks_passed(r.text)


def test_a_polling_process_does_not_freeze_the_timeouts(rootfs):
    """Regression (FINDINGS-old "scheduler"): a parent polling with
    sched_yield on one core while the other core is idle held now() (the
    earliest core clock) still, so its child's 2 ms usleep never ended.
    Virtual time is bounded here: the run must end well before 1 s."""
    machine, out, _ = boot(cores=2, rootfs=rootfs)
    image = (rootfs / "usr/tests/timertest").read_bytes()
    p = machine.spawn(image, ["timertest", "yieldwait"])
    busiest = lambda: max(ci.clock for ci in machine.kernel.sched.cpus)  # noqa: E731
    machine.run(until=lambda: p.xstat is not None or busiest() > CPU_HZ)
    assert p.xstat == 0 and out == b"child 7\n"
    assert busiest() < CPU_HZ // 100          # about the 2 ms of the sleep
    machine.close()
