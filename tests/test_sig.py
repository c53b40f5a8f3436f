"""Signals and sleeping (issue 17's regressions): interrupted sleepers and
their timeouts, the bounds of nanosleep, the signal frame on the user
stack, sigaltstack, fork in a handler and forged sigcontexts.  The guest
program is userland/tests/sigtest.c."""

from minikern.sys.clock import MAXTIME

from conftest import checks_passed


def test_sigtest_passes(run_guest):
    r = run_guest(["/usr/tests/sigtest"])
    checks_passed(r.text)
    assert r.status == 0
    # The processes killed on purpose: three with no stack to run a
    # handler on, five whose sigreturn failed (EINVAL: the ud2 after it in
    # sigcode), two whose sigreturn was forged outright.
    messages = "\n".join(r.messages)
    assert messages.count("SIGILL: no usable stack") == 3
    assert messages.count(f"SIGILL at {r.machine.kernel.sigcode_va + 10:#x}") == 5
    assert messages.count("SIGILL: sigreturn with a forged sigcontext") == 1
    assert messages.count("SIGILL: sigreturn not called from sigcode") == 1
    assert len(r.messages) == 10
    kernel = r.machine.kernel
    assert kernel.timeouts == [] and kernel.sleepq == {}


def test_virtual_time_ends_at_maxtime(run_guest):
    r = run_guest(["/usr/tests/sigtest"])
    clocks = [ci.clock for ci in r.machine.kernel.sched.cpus]
    assert MAXTIME <= max(clocks) < MAXTIME + MAXTIME // 1000


def test_sigtest_other_seeds_and_one_core(run_guest):
    for cores, seed in ((1, 0), (4, 7)):
        r = run_guest(["/usr/tests/sigtest"], cores=cores, seed=seed)
        checks_passed(r.text)
