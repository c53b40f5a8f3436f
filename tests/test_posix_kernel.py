"""The kernel half of issue 12, each a guest suite with known answers:
timertest (setitimer, getitimer, alarm, ualarm, SIGALRM against blocking
calls), polltest (poll, select), fsattrtest (symbolic links, chmod, chown,
file times, the *at calls, flock, uname, times) and unixtest (SIGSYS,
ENOMEM for huge allocations, /tmp, /etc), on two cores, one core and
another seed (userland/tests/)."""

import pytest

from conftest import checks_passed

SUITES = ["timertest", "polltest", "fsattrtest", "unixtest"]


@pytest.mark.parametrize("cores, seed", [(2, 0), (1, 0), (2, 7)])
@pytest.mark.parametrize("suite", SUITES)
def test_guest_suite_passes(run_guest, suite, cores, seed):
    r = run_guest([f"/usr/tests/{suite}"], cores=cores, seed=seed)
    checks_passed(r.text)
    assert r.status == 0
