"""poll(2) and select(2) (issue 12): pipes, the console, files and /dev
nodes, timeouts on virtual time, EINTR, POLLHUP/POLLNVAL, bad arguments.
The guest program is userland/tests/polltest.c."""

from conftest import checks_passed


def test_polltest_passes(run_guest):
    r = run_guest(["/usr/tests/polltest"], stdin=b"typed\n")
    checks_passed(r.text)
    assert r.status == 0


def test_polltest_on_one_core_and_another_seed(run_guest):
    for cores, seed in ((1, 0), (2, 5)):
        checks_passed(run_guest(["/usr/tests/polltest"], cores=cores, seed=seed).text)

