"""The "startup" suite: how long a user waits, warm (the userland and
the block clock already built, the host's file cache warm).

  * `minikern run hello`: a new host process, the machine booted, the
    program run, the machine torn down, the process gone;
  * the REPL's prompt: `minikern` on a pseudo-terminal until the prompt
    `minikern>` appears (the machine booted, prompt_toolkit started).

Each is a fresh Python process, timed from the host; the floor is the same
Python starting and exiting (`python -c pass`), what no Python program can
beat.  One untimed run first warms the caches.
"""

import os
import pty
import resource
import select
import subprocess
import sys
import time
from pathlib import Path

from .. import build
from .suite import Result, benchmark
from .guest import BenchError

HELLO_TARGET_S = 0.5
PROMPT_TARGET_S = 1.0
PYTHON = "python -c pass"
PROMPT = b"minikern>"      # prompt_toolkit draws the space by moving the cursor
TIMEOUT_S = 60


def _environment():
    """Run this checkout's minikern, with the same cache."""
    root = str(Path(__file__).resolve().parents[2])
    path = os.environ.get("PYTHONPATH")
    return dict(os.environ, PYTHONPATH=root + (os.pathsep + path if path else ""),
                MINIKERN_CACHE=str(build.cache_dir()), TERM="xterm",
                PROMPT_TOOLKIT_NO_CPR="1")


def _timed(argv):
    """(wall seconds, CPU seconds, output) of a finished command."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=_environment(), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate(timeout=TIMEOUT_S)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise BenchError(f"{' '.join(argv[2:])} failed: {err.decode()[-200:]}")
    return seconds, _children_cpu_delta(), out


_children_cpu_seen = 0.0


def _children_cpu_delta():
    """CPU seconds of the children reaped since the last call (this
    process runs one at a time)."""
    global _children_cpu_seen
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = usage.ru_utime + usage.ru_stime
    delta, _children_cpu_seen = total - _children_cpu_seen, total
    return delta


def run_hello():
    seconds, cpu, out = _timed([sys.executable, "-m", "minikern", "run", "hello"])
    if b"hello, world" not in out:
        raise BenchError(f"minikern run hello printed {out!r}")
    return seconds, cpu


def python_start():
    return _timed([sys.executable, "-c", "pass"])[:2]


def repl_prompt():
    """(seconds from starting `minikern` on a terminal to its prompt, CPU
    seconds of the whole session); then it is told to quit."""
    _children_cpu_delta()
    master, slave = pty.openpty()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "minikern"], env=_environment(),
                            stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    seen = b""
    try:
        while PROMPT not in seen:
            ready, _, _ = select.select([master], [], [], TIMEOUT_S)
            if not ready:
                raise BenchError(f"no REPL prompt after {TIMEOUT_S} s: {seen[-200:]!r}")
            try:
                seen += os.read(master, 4096)
            except OSError:
                raise BenchError(f"the REPL ended before its prompt: {seen[-200:]!r}")
        seconds = time.perf_counter() - started
        os.write(master, b"quit\r")
        proc.wait(timeout=TIMEOUT_S)
        return seconds, _children_cpu_delta()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)


def _against_python(name, measure, repeat, target):
    """A Result: `repeat` warm samples of measure() beside Python's own
    start-up, with the target in seconds (wall; CPU seconds in params,
    which the load of other processes does not inflate)."""
    _children_cpu_delta()
    measure()                                   # warm
    python_start()
    runs = [measure() for _ in range(repeat)]
    python = [python_start() for _ in range(repeat)]
    r = Result(name, "s", False, [wall for wall, _ in runs],
               {PYTHON: [wall for wall, _ in python]},
               params={"cpu_s": [cpu for _, cpu in runs],
                       "python_cpu_s": [cpu for _, cpu in python]})
    r.target = f"<= {target:g} s"
    r.met = r.best() <= target
    return r


@benchmark("startup")
def hello(repeat, scale=1.0):
    """`minikern run hello`, warm, seconds (a new Python process each)."""
    return _against_python("minikern run hello", run_hello, repeat, HELLO_TARGET_S)


@benchmark("startup")
def prompt(repeat, scale=1.0):
    """The REPL's prompt on a terminal, warm, seconds."""
    return _against_python("REPL prompt", repl_prompt, repeat, PROMPT_TARGET_S)
