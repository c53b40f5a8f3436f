"""Job control (issue 16): stopped processes, SIGCONT, wait4's WUNTRACED
and WCONTINUED, SIGCHLD for a stop, orphaned process groups.  The guest
program is userland/tests/jobtest.c."""

from conftest import checks_passed


def test_jobtest_passes(run_guest):
    r = run_guest(["/usr/tests/jobtest"])
    checks_passed(r.text)
    assert r.status == 0
    assert r.machine.kernel.sleepq == {}


def test_jobtest_other_seeds_and_one_core(run_guest):
    for cores, seed in ((1, 0), (4, 7)):
        r = run_guest(["/usr/tests/jobtest"], cores=cores, seed=seed)
        checks_passed(r.text)
