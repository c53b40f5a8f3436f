"""Resource limits: /usr/tests/limittest checks getrlimit/setrlimit and
each enforced limit from the inside; here, what only the outside sees: a
fork bomb stops at the process table's bound and the machine goes on,
with every page back."""

from minikern.kern.kern_resource import RLIMIT_NPROC, RLIMIT_NOFILE, default_limits

from conftest import checks_passed

LIMITTEST = "/usr/tests/limittest"


def test_limittest_passes(run_guest):
    r = run_guest([LIMITTEST])
    checks_passed(r.text)
    assert r.status == 0
    [crash] = r.messages                # the program that overran its stack limit
    assert "SIGSEGV" in crash and "use_stack" in crash


def test_a_fork_bomb_stops_at_the_process_table_and_the_machine_goes_on(run_guest):
    """No limit set: the bomb fills the process table (maxproc), every
    further fork is EAGAIN, and once the bomb is over the machine is as
    it was (run_guest checks that no page leaked)."""
    r = run_guest([LIMITTEST, "bomb"], memory=128 << 20)
    assert r.status == 0, r.text
    kernel = r.machine.kernel
    reaped = int(r.text.split()[-2])
    assert reaped >= kernel.maxproc - 1            # the table was full
    assert kernel.procs == {}
    assert kernel.pages.uvmexp.active == \
        kernel.rootmount.resident_pages() + kernel.sigcode.resident


def test_the_first_process_starts_at_the_system_bounds(run_guest):
    kernel = run_guest(["/bin/true"]).machine.kernel
    limits = default_limits(kernel)
    assert limits[RLIMIT_NPROC] == (kernel.maxproc, kernel.maxproc)
    assert limits[RLIMIT_NOFILE] == (64, 64)
