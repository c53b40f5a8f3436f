"""The REPL's terminal while a guest runs (issue 16): the host terminal is
raw and the keys reach the guest's line discipline as under `minikern
run`, so ^D is end of file once, ^\\ is the guest's SIGQUIT, ^C shows once,
^Z never suspends the REPL, and a guest that turns off ICANON and ECHO
reads every key unechoed.  Driven through a pseudo-terminal, as a person
would type."""

import os
import pty
import re
import signal
import sys
import termios

import pytest

from test_repl import ROOT, _read_until, compile_guest
from test_tty import run_in_pty

PROMPT = b"minikern>"
TTYTEST = b"run /usr/tests/ttytest\r"   # one line per read(2), then "end of file"

RAWKEYS_C = r"""
#include <stdio.h>
#include <termios.h>
#include <unistd.h>
/* Turn the terminal raw and report each of three keys; exit without
   putting the terminal back, as a crashing editor would. */
int main(void) {
    struct termios t;
    unsigned char c;
    tcgetattr(0, &t);
    cfmakeraw(&t);
    tcsetattr(0, TCSANOW, &t);
    printf("raw\r\n");
    fflush(stdout);
    for (int i = 0; i < 3 && read(0, &c, 1) == 1; i++) {
        printf("key %02x\r\n", c);
        fflush(stdout);
    }
    return 0;
}
"""


@pytest.fixture(scope="module")
def rawkeys(tmp_path_factory):
    return compile_guest(tmp_path_factory, "rawkeys", RAWKEYS_C)


@pytest.fixture(autouse=True)
def terminal_env(monkeypatch):
    """The REPL's environment on the pseudo-terminal (inherited)."""
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("PROMPT_TOOLKIT_NO_CPR", "1")
    monkeypatch.setenv("PYTHONPATH", ROOT)


def repl_in_pty(keys):
    """Type keys into the REPL on a pseudo-terminal (each (key, answer)
    waits for the answer); the last key should end it.  (output, status)."""
    argv = [sys.executable, "-m", "minikern", "--mem", "64M"]
    return run_in_pty(argv, keys, wait=60, ready=PROMPT, done=None)


def between(out, start, end):
    """The output from the first start after the last end before it."""
    i = out.index(start)
    return out[i:out.index(end, i + len(start))]


def test_keys_reach_the_guest_line_discipline(rootfs, rawkeys):
    out, status = repl_in_pty([
        # ^D is end of file for one read, not for the next program.
        (TTYTEST, b"mine: 1"), (b"one\r", b"read 4: [one"), (b"\x04", PROMPT),
        (TTYTEST, b"mine: 1"), (b"two\r", b"read 4: [two"), (b"\x04", PROMPT),
        # ^\ is the guest's SIGQUIT; the REPL goes on.
        (TTYTEST, b"mine: 1"), (b"\x1c", PROMPT),
        # ^C: the guest's SIGINT, shown once.
        (TTYTEST, b"mine: 1"), (b"\x03", PROMPT),
        # ^Z stops the job (the REPL is its shell: SIGSTOP, as its group
        # is orphaned) and never the REPL; fg continues it where it was.
        (TTYTEST, b"mine: 1"), (b"z\x1a", b"'fg 5' continues it"), (b"fg 5\r", b"fg 5"),
        (b"zz\r", b"read 3:"), (b"\x04", PROMPT),
        # A raw guest reads every key unechoed, ^C and ^D included; the
        # next program finds the terminal as it was.
        (f"run {rawkeys}\r".encode(), b"raw"), (b"q", b"key 71"),
        (b"\x03", b"key 03"), (b"\x04", PROMPT),
        (TTYTEST, b"mine: 1"), (b"three\r", b"read 6: [three"), (b"\x04", PROMPT),
        b"quit\r"])
    assert status == 0, out
    assert out.count(b"end of file") == 4
    assert b"read 4: [two\r\n]" in out              # ^D did not stick
    assert b"pid 3 (ttytest): killed by SIGQUIT" in out
    interrupted = between(out, b"pid 4 (ttytest)", PROMPT)
    assert interrupted.startswith(b"pid 4 (ttytest): killed by SIGINT")
    typed_c = out[out.index(b"mine: 1", out.index(b"SIGQUIT")):out.index(b"pid 4 (")]
    assert typed_c.count(b"^C") == 1 and b"SIGINT to" not in out
    assert b"z^Z\r\n[5] ttytest: stopped by SIGSTOP ('fg 5' continues it)" in out
    assert b"read 3: [zz\r\n]" in out          # ^Z threw "z" away
    raw = between(out, b"raw\r\n", PROMPT)
    assert re.match(rb"raw\r\nkey 71\r\nkey 03\r\nkey 04\r\n", raw), raw
    assert b"q" not in raw.replace(b"key 71", b"")  # not echoed
    assert b"three\r\nread 6: [three\r\n]" in out   # echoed, a line at a time


def test_the_host_terminal_is_given_back_when_minikern_is_killed(rootfs):
    """SIGTERM to the REPL while a guest holds the raw terminal: the
    modes are put back before minikern dies of it."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(sys.executable, [sys.executable, "-m", "minikern", "--mem", "64M"])
    try:
        cooked = termios.tcgetattr(fd)[3] & (termios.ICANON | termios.ECHO)
        _read_until(fd, rb"minikern>")
        os.write(fd, TTYTEST)
        _read_until(fd, rb"mine: 1")
        lflag = termios.tcgetattr(fd)[3]
        assert not lflag & (termios.ICANON | termios.ECHO)     # raw for the guest
        os.kill(pid, signal.SIGTERM)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == -signal.SIGTERM        # died of SIGTERM
        assert termios.tcgetattr(fd)[3] & (termios.ICANON | termios.ECHO) == cooked
    finally:
        os.close(fd)
