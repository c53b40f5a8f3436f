"""The interactive guest shell on a real (pseudo-)terminal (issue 16):
job control (^Z, jobs, fg, bg, the reports of stopped and finished
jobs) and the line editor (ksh's emacs mode: arrows, history, ^A ^E ^K
^U ^W ^B ^F ^D, backspace)."""

import os
import sys

from test_tty import run_in_pty

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SH = [sys.executable, "-m", "minikern", "run", "/bin/sh", "-i"]
UP, LEFT = b"\x1b[A", b"\x1b[D"
PAGE_UP = b"\x1b[5~"            # a key the editor does not use


def sh_session(keys):
    """Type keys into an interactive sh, each (key, answer) waiting for
    its answer as a person waits for the prompt; end with ^D."""
    out, status = run_in_pty(SH, keys + [b"\x04"], wait=60, ready=b"$ ", done=b"$ \r\n")
    return out.replace(b"\r\n", b"\n"), status


def test_control_z_jobs_bg_fg(rootfs):
    out, status = sh_session([
        (b"sleep 100\r", b"sleep 100\r\n"), (b"\x1a", b"$ "),
        (b"jobs\r", b"$ "), (b"bg\r", b"$ "), (b"jobs\r", b"$ "),
        (b"fg %1\r", b"sleep 100\r\n"), (b"\x03", b"$ "),
        (b"cat | cat\r", b"cat | cat\r\n"), (b"\x1a", b"$ "),
        (b"fg\r", b"cat | cat\r\n"), (b"through a pipe\r", b"through a pipe\r\n"),
        (b"\x04", b"$ "),
        (b"true &\r", b"$ "), (b"echo next\r", b"Done"),
    ])
    assert status == 0, out
    assert b"$ sleep 100\n^Z\n[1]+ Stopped  sleep 100\n$ " in out
    assert b"$ jobs\n[1]+ Stopped  sleep 100\n" in out
    assert b"$ bg\n[1] sleep 100 &\n" in out
    assert b"$ jobs\n[1]+ Running  sleep 100\n" in out
    assert b"$ fg %1\nsleep 100\n^C\n$ " in out
    # A pipeline is one job: both stop, both continue, and the terminal
    # follows the job (cat reads what is typed).
    assert b"^Z\n[1]+ Stopped  cat | cat\n" in out
    assert b"through a pipe\nthrough a pipe\n" in out
    assert b"$ echo next\nnext\n[1] Done  true\n$ " in out


def test_line_editing(rootfs):
    out, status = sh_session([
        (b"echo helo" + LEFT + b"l\r", b"hello\r\n$ "),           # insert mid-line
        (UP + b"\x17bye\r", b"bye\r\n$ "),                       # history, ^W
        (b"garbage" + PAGE_UP + b"\x15echo clean\r", b"clean\r\n$ "),  # ^U after an escape
        (b"echo keepDROP" + LEFT * 4 + b"\x0b\r", b"keep\r\n$ "),   # ^K
        (b"cho x\x01e\x05y\r", b"xy\r\n$ "),                     # ^A, ^E
        (b"echo abX\x02\x04\x06c\r", b"abc\r\n$ "),              # ^B, ^D deletes, ^F
        (b"echo abc\x7f\x7fZ\r", b"aZ\r\n$ "),                   # backspace
    ])
    assert status == 0, out
    for line in (b"hello", b"bye", b"clean", b"keep", b"xy", b"abc", b"aZ"):
        assert b"\n" + line + b"\n$ " in out
    assert b"5~" not in out and b"garbage" not in out.split(b"clean")[-1]
    assert b"DROP\n" not in out


def _readme_session():
    """The README's job-control session: the block after 'types this session'."""
    with open(os.path.join(ROOT, "README.md")) as f:
        text = f.read()
    return text[text.index("types this session"):].split("```\n")[1]


def test_the_readme_job_control_session(rootfs):
    """Each "$ command" line is typed, each ^Z or ^C line is that key;
    what the shell prints must be the README's block."""
    lines = _readme_session().splitlines()
    keys = []
    for i, line in enumerate(lines[:-1]):
        key = {"^Z": b"\x1a", "^C": b"\x03"}.get(line)
        if key is None and not line.startswith("$ "):
            continue
        key = key or line[2:].encode() + b"\r"
        following = lines[i + 1]
        answer = b"$ " if following.startswith("$") else following.encode()
        keys.append((key, answer))
    out, status = sh_session(keys)
    assert status == 0, out
    assert out.decode() == _readme_session()   # ^D at the last prompt ends its line
