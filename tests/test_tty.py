"""The console's line discipline: canonical editing, echo, signals, and
the real thing through a pseudo-terminal."""

import os
import pty
import select
import signal
import sys
import time

from minikern.dev.tty import LineDiscipline, ICANON, ECHO


def _ldisc(interactive=True):
    echoed, signals = bytearray(), []
    ld = LineDiscipline(interactive, echoed.extend, signals.append)
    return ld, echoed, signals


def test_a_line_is_ready_only_when_it_ends():
    ld, echoed, _ = _ldisc()
    ld.input(b"hel")
    assert ld.read(100) is None
    ld.input(b"lo\r")                   # ICRNL: return is newline
    assert ld.read(100) == b"hello\n"
    assert echoed == b"hello\n"


def test_erase_and_kill():
    ld, echoed, _ = _ldisc()
    ld.input(b"ab\x7fc\n")
    assert ld.read(100) == b"ac\n"
    ld.input(b"junk\x15ok\n")
    assert ld.read(100) == b"ok\n"
    assert b"\b \b" in echoed


def test_eof_character():
    ld, _, _ = _ldisc()
    ld.input(b"partial\x04\x04")
    assert ld.read(100) == b"partial"   # ^D hands out the line so far
    assert ld.read(100) == b""          # on an empty line it is end of file


def test_reads_never_cross_a_line():
    ld, _, _ = _ldisc()
    ld.input(b"one\ntwo\n")
    assert ld.read(2) == b"on"
    assert ld.read(100) == b"e\n"
    assert ld.read(100) == b"two\n"


def test_interrupt_and_quit_signal_the_foreground_group():
    ld, _, signals = _ldisc()
    ld.input(b"typed\x03")
    ld.input(b"\x1c")
    assert signals == [2, 3]
    ld.input(b"\n")
    assert ld.read(100) == b"\n"        # ^C threw the typed line away


def test_raw_passthrough_when_not_a_terminal():
    ld, echoed, signals = _ldisc(interactive=False)
    assert not ld.termios.lflag & (ICANON | ECHO)
    ld.input(b"a\x7f\x03b")
    assert ld.read(100) == b"a\x7f\x03b"
    assert echoed == b"" and signals == []


def test_guest_sees_a_terminal(run_guest):
    r = run_guest(["/usr/tests/ttytest"], stdin=b"x\ny")
    assert r.text == ("isatty 1, foreground group is mine: 1\n"
                      "read 3: [x\ny]\nend of file\n")


def run_in_pty(argv, keys, wait=15.0, ready=b"mine: 1", done=b"end of file"):
    """Run argv on a pseudo-terminal: once it printed ready, type keys; then
    read until it prints done or ends.  (output, exit status).

    A key is bytes, typed at once, or (bytes, answer): the next key waits,
    as a person would, until the program has printed answer and is asleep
    again in the host, waiting for the terminal (so that a guest idle
    until then has had its idle time).  Every wait lasts at most `wait`
    seconds; a program still running after the last is killed, so a test
    cannot hang."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(argv[0], argv)
    out = bytearray()

    def drain(seconds, until=None, since=0, then_asleep=False):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if until is not None and until in out[since:] and \
                    (not then_asleep or _asleep(pid)):
                return
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    return
                if not data:
                    return
                out.extend(data)

    drain(wait, until=ready)
    for key in keys:
        key, answer = key if isinstance(key, tuple) else (key, None)
        typed_at = len(out)
        os.write(fd, key)
        if answer is not None:
            drain(wait, until=answer, since=typed_at, then_asleep=True)
    drain(wait, until=done)
    status = _wait_or_kill(pid, wait)
    os.close(fd)
    return bytes(out), os.waitstatus_to_exitcode(status)


def _asleep(pid):
    """Is host process pid asleep (state S in /proc: blocked, here on the
    terminal or a wall-clock deadline), rather than running?"""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "S"
    except OSError:
        return True         # gone: nothing more will happen


def _wait_or_kill(pid, seconds):
    """The wait status of child pid, killed if it has not ended after
    seconds (a pidfd becomes readable when the process ends)."""
    pidfd = os.pidfd_open(pid)
    try:
        if not select.select([pidfd], [], [], seconds)[0]:
            os.kill(pid, signal.SIGKILL)
    finally:
        os.close(pidfd)
    return os.waitpid(pid, 0)[1]


def test_line_editing_through_a_pseudo_terminal(rootfs):
    argv = [sys.executable, "-m", "minikern", "run", "/usr/tests/ttytest"]
    out, status = run_in_pty(argv, [(b"ab\x7fc\r", b"read 3:"), (b"xyz\x15q\r", b"read 2:"),
                                    b"\x04"])
    assert status == 0, out
    assert b"read 3: [ac\r\n]" in out
    assert b"read 2: [q\r\n]" in out
    assert b"end of file" in out


def test_control_c_interrupts_the_guest_not_minikern(rootfs):
    argv = [sys.executable, "-m", "minikern", "run", "/usr/tests/ttytest"]
    out, status = run_in_pty(argv, [(b"ab", b"ab"), b"\x03"])
    assert status == 130, out           # 128 + SIGINT
    assert b"^C" in out
