"""Job control (issue 16): stopped processes, SIGCONT, wait4's WUNTRACED
and WCONTINUED, SIGCHLD for a stop, orphaned process groups, and the
terminal's rules for background groups (SIGTTIN, SIGTTOU, TOSTOP, ^Z).
The guest program is userland/tests/jobtest.c."""

from conftest import checks_passed
from minikern.dev.tty import LineDiscipline
from minikern.sys.signal import SIGTSTP

TYPED = b"typed line\n"     # what jobtest's background reader gets


def test_jobtest_passes(run_guest):
    r = run_guest(["/usr/tests/jobtest"], stdin=TYPED)
    checks_passed(r.text)
    assert r.status == 0
    assert r.text.count("bg write\n") == 2     # without TOSTOP, and ignoring SIGTTOU
    assert r.machine.kernel.sleepq == {}


def test_jobtest_other_seeds_and_one_core(run_guest):
    for cores, seed in ((1, 0), (4, 7)):
        r = run_guest(["/usr/tests/jobtest"], stdin=TYPED, cores=cores, seed=seed)
        checks_passed(r.text)


def test_control_z_stops_the_foreground_group():
    echoed, signals = bytearray(), []
    ld = LineDiscipline(True, echoed.extend, signals.append)
    ld.input(b"half\x1a")
    assert signals == [SIGTSTP]
    assert echoed.endswith(b"^Z")
    ld.input(b"new\n")
    assert ld.read(100) == b"new\n"     # the line typed before ^Z is gone


def test_ps_shows_a_stopped_process(run_guest):
    r = run_guest(["/bin/sh", "-c", "sleep 5 & kill -STOP $!; sleep 0; ps; "
                   "kill -CONT $!; kill -TERM $!; wait; echo done"])
    stopped = [line.split() for line in r.text.splitlines() if line.endswith(" sleep")]
    assert [fields[2] for fields in stopped] == ["T"]     # STAT T: stopped (SSTOP)
    assert r.text.endswith("done\n") and r.status == 0
