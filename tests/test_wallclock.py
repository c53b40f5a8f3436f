"""Wall-clock mode: on a terminal an idle machine lets virtual time wait
for the host's clock (`sleep 1` takes a second); pipes, tests and
--seed replays keep the fast, deterministic jump; --realtime and
--no-realtime choose.  Two tests measure a second of wall time (under
`minikern run` on a terminal, and in the REPL); the rest wait on state or
check a bound that only a jump can meet."""

import io
import subprocess
import sys
import time

import pytest

from minikern import cli
from minikern.dev.cons import Console
from minikern.sys.clock import CPU_HZ
from minikern.machine import Machine
from minikern.programs import find_program
from shell.repl import Repl

from test_tty import run_in_pty

SLEEP = [sys.executable, "-m", "minikern", "run"]
LONG = 30       # seconds of guest sleep that a fast-forwarding run never waits


def _pty_run(options, seconds):
    began = time.monotonic()
    out, status = run_in_pty(SLEEP + options + ["/bin/sleep", str(seconds)], [],
                             wait=LONG + 15, ready=b"", done=None)
    return time.monotonic() - began, status, out


def _piped_run(options, seconds):
    began = time.monotonic()
    r = subprocess.run(SLEEP + options + ["/bin/sleep", str(seconds)],
                       stdin=subprocess.PIPE, capture_output=True, timeout=LONG + 15)
    return time.monotonic() - began, r.returncode, r.stderr


def test_sleep_on_a_terminal_takes_wall_time(rootfs):
    took, status, out = _pty_run([], 1)
    assert status == 0, out
    assert took >= 1.0


def test_no_realtime_on_a_terminal_jumps_ahead(rootfs):
    took, status, out = _pty_run(["--no-realtime"], LONG)
    assert status == 0, out
    assert took < LONG


def test_pipes_jump_ahead(rootfs):
    took, status, err = _piped_run([], LONG)
    assert status == 0, err
    assert took < LONG


@pytest.mark.parametrize("options, on_a_terminal, waits", [
    ([], True, True),                       # a person is there
    ([], False, False),                     # a pipe, a test
    (["--seed", "3"], True, False),         # a replay stays deterministic
    (["--realtime"], False, True),
    (["--realtime", "--seed", "3"], False, True),
    (["--no-realtime"], True, False),
])
def test_when_time_waits_for_the_wall_clock(options, on_a_terminal, waits):
    args = cli._parser().parse_args(["run", *options, "/bin/sleep", "1"])
    assert cli.wall_clock(args, on_a_terminal) is waits


def _sleep_on(rootfs, realtime):
    machine = Machine(memory=64 << 20, rootfs=rootfs, realtime=realtime,
                      console=Console(output=bytearray().extend, input_bytes=b""))
    try:
        image, argv0 = find_program("/bin/sleep", rootfs)
        p = machine.spawn(image, [argv0, "1"])
        machine.run(until=lambda: p.ps_xstat is not None)
        clocks = max(ci.clock for ci in machine.kernel.sched.cpus)
        return p.ps_xstat, p.ps_cycles, clocks
    finally:
        machine.close()


def test_the_sleeper_wakes_at_the_same_virtual_instant_in_both_modes(rootfs):
    fast = _sleep_on(rootfs, realtime=False)
    felt = _sleep_on(rootfs, realtime=True)
    assert fast == felt             # status, the sleeper's cycles, the clock
    assert fast[2] >= CPU_HZ


def test_a_background_sleeper_does_not_hold_the_repl_prompt(rootfs):
    out, err = io.StringIO(), io.StringIO()
    repl = Repl(cores=2, memory="64M", out=out, err=err, realtime=True)
    try:
        began = time.monotonic()
        for line in (f"spawn /bin/sleep {LONG}", "run /bin/echo hi", "ps"):
            repl.execute(line)
        assert time.monotonic() - began < LONG
        assert "hi\n" in out.getvalue()
        assert f"sleep {LONG}" in out.getvalue().split("hi\n")[1]
        began = time.monotonic()
        repl.execute("run /bin/sleep 1")
        assert time.monotonic() - began >= 1.0
        assert err.getvalue() == ""
    finally:
        repl.close()


def _shell_on_a_terminal(options):
    argv = SLEEP + options + ["/bin/sh", "-i"]
    out, status = run_in_pty(argv, [(b"sleep 1000 &\r", b"$ "), (b"ps\r", b"$ "), b"exit\r"],
                             wait=15, ready=b"$ ", done=None)
    assert status == 0, out
    return out.split(b"$ ps")[1]


def test_a_background_sleep_is_still_running_at_the_next_ps(rootfs):
    assert b" S       0:00.00 sleep" in _shell_on_a_terminal([])
    # Fast-forwarding, the shell's wait for a line lets the 1000 s pass.
    assert b" Z       0:00.00 sleep" in _shell_on_a_terminal(["--no-realtime"])


def test_continue_in_wall_clock_mode_stops_when_everyone_sleeps(rootfs):
    out, err = io.StringIO(), io.StringIO()
    repl = Repl(cores=2, memory="64M", out=out, err=err, realtime=True)
    try:
        began = time.monotonic()
        for line in (f"spawn /bin/sleep {LONG}", "spawn /bin/echo hi", "continue", "ps"):
            repl.execute(line)
        assert time.monotonic() - began < LONG
        assert "echo: done" in out.getvalue()
        assert "sleeping  nanosleep" in out.getvalue()
        assert err.getvalue() == ""
    finally:
        repl.close()
