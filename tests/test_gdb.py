"""A stock gdb debugs a guest process (minikern/ddb/gdbstub.py).

Each test starts `minikern run --gdb 127.0.0.1:0 PROGRAM` (the kernel
picks a free port and says which), then drives the real gdb in batch
mode against it.  Every wait has a timeout, and whatever is still
running at the end of a test is killed."""

import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time

import pytest

from minikern import build

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMEOUT = 60

pytestmark = pytest.mark.skipif(
    shutil.which("gdb") is None,
    reason="gdb is not installed and could not be (.ci/run installs it with apt-get)")

LOOP_C = r"""#include <stdio.h>
#include <unistd.h>

int counter = 5;
int squares[4];
volatile unsigned long spins;

int square(int x) {
    int y = x * x;
    return y;
}

int main(int argc, char **argv) {
    for (int i = 0; i < 4; i++) {
        squares[i] = square(i + counter);
        counter++;
    }
    printf("counter %d square %d\n", counter, squares[3]);
    if (argc > 1 && argv[1][0] == 'l') {
        write(1, "looping\n", 8);
        for (;;) spins++;
    }
    if (argc > 1 && argv[1][0] == 's') {
        volatile int *bad = (int *)0x10;
        return *bad;
    }
    return 0;
}
"""


def line_of(text):
    return LOOP_C.splitlines().index(text) + 1


@pytest.fixture(scope="module")
def loop(tmp_path_factory):
    """The program, built at -O0 so that every statement has its line."""
    directory = tmp_path_factory.mktemp("gdb")
    (directory / "loop.c").write_text(LOOP_C)
    build.compile_program([directory / "loop.c"], directory / "loop", ["-O0"])
    return str(directory / "loop")


class Served:
    """`minikern run --gdb` of one program, waiting for gdb."""

    def __init__(self, argv, cwd=ROOT):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "minikern", "run", "--gdb", "127.0.0.1:0"] + argv,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd,
            env=dict(os.environ, PYTHONPATH=ROOT))
        self.announcement = self._read_line(self.proc.stderr)
        self.port = int(re.search(r"on 127\.0\.0\.1:(\d+) ", self.announcement)[1])

    @staticmethod
    def _read_line(stream):
        deadline = time.monotonic() + TIMEOUT
        line = b""
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([stream], [], [], left)[0]:
                raise TimeoutError(f"no line in {TIMEOUT} s (got {line!r})")
            byte = os.read(stream.fileno(), 1)     # unbuffered: select stays true
            if not byte:
                raise EOFError(f"the server ended (got {line!r})")
            line += byte
        return line.decode()

    def gdb(self, *commands, program=None, wait=True):
        """Run gdb -batch with these commands; returns its Popen (started)
        or its output (waited for)."""
        argv = ["gdb", "-nx", "-batch"] + ([program] if program else [])
        argv += ["-ex", f"target remote 127.0.0.1:{self.port}"]
        for command in commands:
            argv += ["-ex", command]
        gdb = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
        if not wait:
            return gdb
        try:
            return gdb.communicate(timeout=TIMEOUT)[0]
        finally:
            gdb.kill()

    def finish(self):
        """(exit status, output, kernel messages) of the server."""
        out, err = self.proc.communicate(timeout=TIMEOUT)
        return self.proc.returncode, out.decode(), err.decode()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate()


@pytest.fixture
def serve():
    started = []

    def start(argv, **kw):
        started.append(Served(argv, **kw))
        return started[-1]
    yield start
    for s in started:
        s.kill()


def test_break_print_step_and_backtrace(serve, loop):
    s = serve([loop])
    out = s.gdb("break main", "continue", "print argc", "print counter",
                "break loop.c:15", "continue", "print i", "step", "bt", "print x",
                "continue")
    assert re.search(r"^Breakpoint 1, main \(argc=1, argv=0x[0-9a-f]+\) at .*loop\.c:14$",
                     out, re.M), out
    assert "$1 = 1\n$2 = 5\n" in out                    # a local, a global
    assert "$3 = 0\n" in out                            # i at the first round
    step = out.index("$3 = 0\n")
    assert re.search(rf"^square \(x=5\) at .*loop\.c:{line_of('    int y = x * x;')}$",
                     out[step:], re.M)                  # stepped into square
    assert re.search(r"^#0  square \(x=5\) at .*loop\.c:\d+\n"
                     r"#1  0x[0-9a-f]+ in main \(argc=1, argv=0x[0-9a-f]+\) at .*loop\.c:15\n",
                     out, re.M)
    assert "$4 = 5\n" in out
    assert re.search(r"^Breakpoint 2, main .* at .*loop\.c:15$", out[step:], re.M)
    status, output, _ = s.finish()                      # gdb killed it on quitting
    assert status == 128 + signal.SIGKILL and output == ""


def test_watchpoint_and_changing_a_variable(serve, loop):
    s = serve([loop])
    out = s.gdb("watch counter", "continue", "delete", "set var counter = 100",
                "continue")
    assert "Hardware watchpoint 1: counter" in out
    assert re.search(r"Old value = 5\nNew value = 6\n", out), out
    assert "exited normally" in out
    status, output, _ = s.finish()
    # Rounds 1-3 with counter 100..102: the last square is (3 + 102)^2.
    assert status == 0 and output == f"counter 103 square {105 * 105}\n"


def test_interrupt_a_looping_program(serve, loop):
    s = serve([loop, "l"])
    gdb = s.gdb("continue", "print spins > 0", "bt", "kill", wait=False)
    try:
        assert "looping" in s._read_line(s.proc.stdout) + s._read_line(s.proc.stdout)
        gdb.send_signal(signal.SIGINT)          # gdb sends ^C (0x03) to the stub
        out = gdb.communicate(timeout=TIMEOUT)[0]
    finally:
        gdb.kill()
    assert "Program received signal SIGINT, Interrupt." in out, out
    assert re.search(rf"main \(argc=2, .*\) at .*loop\.c:{line_of('        for (;;) spins++;')}\n",
                     out)
    assert "$1 = 1\n" in out
    assert s.finish()[0] == 128 + signal.SIGKILL


def test_a_crash_stops_at_the_faulting_line(serve, loop):
    s = serve([loop, "s"])
    out = s.gdb("continue", "bt", "print *bad", "continue")
    crash = line_of("        return *bad;")
    assert "Program received signal SIGSEGV, Segmentation fault." in out, out
    assert re.search(rf"^0x[0-9a-f]+ in main \(argc=2, argv=0x[0-9a-f]+\) at .*loop\.c:{crash}\n"
                     rf"{crash}\t        return \*bad;$", out, re.M)
    assert re.search(rf"^#0  0x[0-9a-f]+ in main .* at .*loop\.c:{crash}$", out, re.M)
    assert "Cannot access memory at address 0x10" in out
    assert "Program terminated with signal SIGSEGV, Segmentation fault." in out
    status, output, err = s.finish()
    assert status == 128 + signal.SIGSEGV
    assert f"pid 1 (loop): SIGSEGV at 0x10 in main (loop.c:{crash})" in err


def test_registers_target_description_and_detach(serve, loop):
    s = serve([loop])
    out = s.gdb("info registers rip fs_base", "print $xmm0.uint128", "print $pc == &_start",
                "x/4xb 0x400000", "detach")
    assert re.search(r"^rip +0x[0-9a-f]+ +0x[0-9a-f]+ <_start>$", out, re.M), out
    assert re.search(r"^fs_base +0x0 +0$", out, re.M)      # from the target description
    assert "$2 = 1\n" in out
    assert re.search(r"^0x400000:\s+0x7f\s+0x45\s+0x4c\s+0x46$", out, re.M)   # \x7fELF
    assert "[Inferior 1 (Remote target) detached]" in out
    status, output, _ = s.finish()                      # detached: it ran to the end
    assert status == 0 and output == "counter 9 square 121\n"


def test_the_repl_attaches_gdb_to_a_process(loop):
    """`gdb PID`: the REPL's machine runs under gdb until gdb detaches;
    then the REPL goes on with the next command."""
    repl = subprocess.Popen([sys.executable, "-m", "minikern", "--mem", "64M"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=ROOT, env=dict(os.environ, PYTHONPATH=ROOT))
    try:
        repl.stdin.write(f"spawn {loop}\ngdb 1\nwait\n".encode())
        repl.stdin.flush()
        lines = [Served._read_line(repl.stdout) for _ in range(3)]
        port = int(re.search(r"waits for gdb on 127\.0\.0\.1:(\d+) ", lines[2])[1])
        gdb = subprocess.run(
            ["gdb", "-nx", "-batch", loop, "-ex", f"target remote 127.0.0.1:{port}",
             "-ex", "break square", "-ex", "continue", "-ex", "set var counter = 1",
             "-ex", "detach"], capture_output=True, text=True, timeout=TIMEOUT)
        assert "Breakpoint 1, square (x=5)" in gdb.stdout, gdb.stdout + gdb.stderr
        out = repl.communicate(timeout=TIMEOUT)[0].decode()   # end of input: it quits
    finally:
        repl.kill()
    assert "gdb: detached from process 1\n" in out
    # counter set to 1 in round 0's call, 2 after it: the last round squares 3 + 4.
    assert f"counter 5 square {7 * 7}\n" in out and "[1] loop: done (exit 0)" in out


def _readme_session():
    """The README's demo.c and its gdb session (the lines of the block)."""
    with open(os.path.join(ROOT, "README.md")) as f:
        text = f.read()
    source = re.search(r"with this `demo\.c`:\n\n```c\n(.*?)```", text, re.S)[1]
    session = re.search(r"```\n(\$ minikern cc -O0 demo\.c.*?)```", text, re.S)[1]
    return source, session.splitlines()


def _addresses_hidden(lines):
    """Code addresses move whenever libc changes: compare without them."""
    return [re.sub(r"0x[0-9a-f]{6,}", "0x...", line) for line in lines]


def test_the_readme_gdb_session_is_real(serve, tmp_path):
    import shlex
    source, lines = _readme_session()
    (tmp_path / "demo.c").write_text(source)
    commands = [(i, line[2:]) for i, line in enumerate(lines) if line.startswith("$ ")]
    (_, cc), (run_at, run), (gdb_at, gdb_line) = commands
    assert cc == "minikern cc -O0 demo.c -o demo"
    subprocess.run([sys.executable, "-m", "minikern"] + shlex.split(cc)[1:], cwd=tmp_path,
                   env=dict(os.environ, PYTHONPATH=ROOT), check=True, timeout=TIMEOUT)
    assert run == "minikern run --gdb 1234 demo &"
    s = serve(["demo"], cwd=tmp_path)           # the same, on a free port
    assert s.announcement.replace(f":{s.port}", ":1234").rstrip("\n") == lines[run_at + 1]
    argv = [word.replace(":1234", f":{s.port}") for word in shlex.split(gdb_line)]
    gdb = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, cwd=tmp_path, timeout=TIMEOUT)
    status, output, _ = s.finish()
    shown = lines[gdb_at + 1:]
    # The program's own output is in the README where it appears on the terminal.
    program = output.splitlines()
    assert program and all(line in shown for line in program)
    assert _addresses_hidden(gdb.stdout.splitlines()) == _addresses_hidden(
        [line for line in shown if line not in program])
    assert status == 0


def test_malformed_packets_are_errors_not_panics(serve, loop):
    """The protocol by hand: bad packets get E replies, the stub goes on."""
    import socket

    def packet(text):
        data = text.encode()
        return b"$" + data + b"#" + f"{sum(data) & 0xFF:02x}".encode()

    s = serve([loop])
    with socket.create_connection(("127.0.0.1", s.port), timeout=TIMEOUT) as conn:
        replies = []
        for text in ["QStartNoAckMode", "mzz,4", "m400000", "Z0,nothex,1", "p999",
                     "X400000,zz:", "vCont;", "G00", "m400000,4", "k"]:
            conn.sendall(packet(text))
            if text == "k":
                break
            data = b""
            while not re.search(rb"\$[^#]*#..$", data):
                data += conn.recv(4096)
            replies.append(data.lstrip(b"+").decode())
            if text == "QStartNoAckMode":
                conn.sendall(b"+")          # its reply is the last one acknowledged
    assert replies[0] == packet("OK").decode()
    assert replies[1:8] == [packet(r).decode() for r in
                            ["E16", "E16", "E16", "E01", "E16", "E16", "OK"]]
    assert replies[8] == packet("7f454c46").decode()        # the ELF header, still served
    assert s.finish()[0] == 128 + signal.SIGKILL


def test_read_and_access_watchpoints(serve, loop):
    s = serve([loop])
    out = s.gdb("awatch counter", "continue", "continue", "continue", "delete",
                "rwatch squares[3]", "continue", "kill")
    assert "Hardware access (read/write) watchpoint 1: counter" in out, out
    # counter is read by round 0's call, read by counter++ and written by it.
    assert re.search(r"Value = 5\n.* in main .*loop\.c:15\n", out), out
    assert re.search(r"Value = 5\n.* in main .*loop\.c:16\n", out), out
    assert re.search(r"Old value = 5\nNew value = 6\n", out)
    # squares[3] is written in round 3 (not a read), and read by printf.
    assert "Hardware read watchpoint 2: squares[3]" in out
    assert re.search(r"Value = 121\n.* in main .*loop\.c:18\n", out)
    assert s.finish()[0] == 128 + signal.SIGKILL


def test_a_process_that_can_never_run_again_stops_for_gdb(serve, tmp_path):
    """Reading a pipe nobody will write: the machine has nothing to run,
    so gdb gets a stop (SIGSTOP) instead of waiting forever."""
    source = tmp_path / "stuck.c"
    source.write_text("#include <unistd.h>\n"
                      "int main(void) { int fds[2]; char c; pipe(fds);\n"
                      "    read(fds[0], &c, 1); return 0; }\n")
    build.compile_program([source], tmp_path / "stuck")
    s = serve([str(tmp_path / "stuck")])
    out = s.gdb("continue", "bt", "kill")
    assert "Program received signal SIGSTOP, Stopped (signal)." in out, out
    assert re.search(r"^#0  read \(\) at .*\n#1  0x[0-9a-f]+ in main \(\) at .*stuck\.c:3$",
                     out, re.M), out
    assert s.finish()[0] == 128 + signal.SIGKILL


def test_the_readme_repl_symbols_session_is_real(tmp_path):
    """The README's REPL block on the same demo.c ("The REPL takes
    symbols..."): replayed command by command, what the REPL prints must
    be what the README shows, code and data addresses aside."""
    source, _ = _readme_session()
    (tmp_path / "demo.c").write_text(source)
    env = dict(os.environ, PYTHONPATH=ROOT, PYTHONUNBUFFERED="1")
    subprocess.run([sys.executable, "-m", "minikern", "cc", "-O0", "demo.c", "-o", "demo"],
                   cwd=tmp_path, env=env, check=True, timeout=TIMEOUT)
    with open(os.path.join(ROOT, "README.md")) as f:
        text = f.read()
    block = re.search(r"shows \(same program\):\n\n```\n(.*?)```", text, re.S)[1].splitlines()
    commands = [line[len("minikern> "):] for line in block if line.startswith("minikern> ")]
    run = subprocess.run([sys.executable, "-m", "minikern"], cwd=tmp_path, env=env,
                         input="\n".join(commands) + "\n", text=True, timeout=TIMEOUT,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    printed = [line for line in run.stdout.splitlines()
               if not line.startswith(("minikern: userland built", "booted:"))]
    shown = [line for line in block if not line.startswith("minikern> ")]

    def hidden(lines):
        return [re.sub(r"\b[0-9a-f]{16}\b", "...", line) for line in _addresses_hidden(lines)]
    assert hidden(printed) == hidden(shown)
    assert run.returncode == 0
