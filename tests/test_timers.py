"""The scheduler's clocks the kernel's timers depend on (the timers
themselves: timertest in test_posix_kernel.py)."""

from conftest import boot
from minikern.sys.clock import CPU_HZ


def test_a_polling_process_does_not_freeze_the_timeouts(rootfs):
    """Regression (FINDINGS-old "scheduler"): a parent polling with
    sched_yield on one core while the other core is idle held now() (the
    earliest core clock) still, so its child's 2 ms usleep never ended.
    Virtual time is bounded here: the run must end well before 1 s."""
    machine, out, _ = boot(cores=2, rootfs=rootfs)
    image = (rootfs / "usr/tests/timertest").read_bytes()
    p = machine.spawn(image, ["timertest", "yieldwait"])
    busiest = lambda: max(ci.clock for ci in machine.kernel.sched.cpus)  # noqa: E731
    machine.run(until=lambda: p.ps_xstat is not None or busiest() > CPU_HZ)
    assert p.ps_xstat == 0 and out == b"child 7\n"
    assert busiest() < CPU_HZ // 100          # about the 2 ms of the sleep
    machine.close()
