"""The REPL: commands driven in-process (fast), through piped standard
input of `python3 -m minikern` (as a script would), and through a
pseudo-terminal for completion, history and ^C."""

import io
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time

import pytest

from minikern import build
from shell.repl import Repl

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPIN_C = r"""
#include <unistd.h>
int main(void) { write(1, "spinning\n", 9); volatile unsigned long n = 0; for (;;) n++; }
"""


def compile_guest(tmp_path_factory, name, text):
    """Compile C text into a guest executable; return its host path."""
    directory = tmp_path_factory.mktemp(name)
    source = directory / f"{name}.c"
    source.write_text(text)
    build.compile_program([source], directory / name)
    return str(directory / name)


@pytest.fixture(scope="module")
def spin(tmp_path_factory):
    """A guest program that loops forever (after saying so)."""
    return compile_guest(tmp_path_factory, "spin", SPIN_C)


READER_C = r"""
#include <stdio.h>
#include <unistd.h>
int main(void) {
    char buf[100];
    write(1, "reading\n", 8);
    ssize_t n = read(0, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    printf("got: %s", buf);
    return 0;
}
"""


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    """A guest program that reads a line from its terminal."""
    return compile_guest(tmp_path_factory, "reader", READER_C)


class Session:
    """A Repl whose output is captured; each call runs commands."""

    def __init__(self):
        self.out, self.err = io.StringIO(), io.StringIO()
        self.repl = Repl(cores=2, memory="64M", out=self.out, err=self.err)

    def __call__(self, *lines):
        start_out, start_err = self.out.tell(), self.err.tell()
        for line in lines:
            self.repl.execute(line)
        return (self.out.getvalue()[start_out:], self.err.getvalue()[start_err:])


@pytest.fixture
def session(rootfs):
    s = Session()
    yield s
    s.repl.close()


def test_help_lists_commands_and_explains_one(session):
    out, err = session("help")
    for name in ("run", "spawn", "ps", "kill", "vm", "pte", "x", "regs", "ls", "cat",
                 "disas", "step", "break", "trace", "syscalls", "stats"):
        assert re.search(rf"^  {name}\b", out, re.M), name
    out, _ = session("help spawn")
    assert "runs whenever the machine runs" in out
    assert err == ""


def test_bad_commands_print_one_line_and_the_repl_goes_on(session):
    _, err = session("frobnicate", "vm", "vm 999", "x 1 zz", "boot --cores 99",
                     "help nothing", "run /no/such/program", 'run "unclosed')
    lines = err.splitlines()
    assert len(lines) == 8
    assert lines[0] == "unknown command 'frobnicate' (try 'help')"
    assert lines[1] == "vm: usage: vm PID"
    assert lines[2] == "vm: no process 999"
    out, _ = session("run hello")
    assert "hello, world" in out


def test_run_shows_output_and_exit_status(session):
    out, err = session("run echo a b", "run crash s", "ps")
    assert "a b\n" in out
    assert re.fullmatch(r"pid \d+ \(crash\): SIGSEGV at 0x10 in main \(crash\.c:5\)\n", err)
    assert out.rstrip().endswith("COMMAND")      # no process left


def test_an_exception_outside_the_kernel_is_one_line(session):
    def broken(until=None):     # (one from the kernel is a panic: test_panic.py)
        raise RuntimeError("the machine object fell over")
    session.repl.machine.run = broken
    _, err = session("run hello")
    assert err.startswith("internal error: RuntimeError: the machine object fell over")
    out, err = session("reboot", "run hello")
    assert "booted:" in out and "hello, world" in out and err == ""


def test_spawn_waits_for_the_machine(session):
    out, _ = session("spawn echo one", "ps")
    assert re.search(r"\[1\] echo", out)
    assert re.search(r"^ +1 +100001 +0 +1 runnable +- .* /bin/echo one$", out, re.M)
    out, _ = session("wait")
    assert "one\n" in out and "[1] echo: done (exit 0)" in out


def test_kill_is_acted_on_when_the_process_runs(session, spin):
    out, _ = session(f"spawn {spin}", "kill 1 TERM")
    assert "[1] SIGTERM pending" in out
    out, _ = session("wait")
    assert "[1] spin: done (SIGTERM)" in out


FORK_C = r"""
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>
static char page[4096] = {1};
int main(void) {
    pid_t pid = fork();
    if (pid == 0) { page[0] = 2; write(1, "child\n", 6); _exit(7); }
    int status;
    waitpid(pid, &status, 0);
    printf("parent: child %d exit %d\n", (int)pid, WEXITSTATUS(status));
    return 0;
}
"""


def test_trace_and_faults_follow_fork(session, tmp_path):
    source = tmp_path / "forker.c"
    source.write_text(FORK_C)
    out, _ = session("trace on fork wait4 exit", f"run {source}", "faults 1")
    assert "parent: child 2 exit 7" in out
    assert re.search(r"^ +1 forker +CALL  fork\(\)$", out, re.M)
    assert re.search(r"^ +1 forker +RET   fork 2$", out, re.M)
    assert re.search(r"^ +2 forker +CALL  exit\(7\)$", out, re.M)
    assert re.search(r"^ +1 forker +7f7f[0-9a-f]+ write +cow$", out, re.M)   # the stack


def test_vm_pte_x_phys(session):
    session("spawn hello")
    out, _ = session("vm 1")
    assert re.search(r"^0000000000400000-[0-9a-f]{16} +\d+ r-x  rwx copy .* text$", out, re.M)
    assert re.search(r"rw-  rwx copy .* stack$", out, re.M)
    session("step 1 50")
    out, _ = session("pte 1 0x400000")
    levels = re.findall(r"^(PML4|PDPT|PD|PT) ", out, re.M)
    assert levels == ["PML4", "PDPT", "PD", "PT"]
    assert re.search(r"^PT .* V U A", out, re.M)     # text: not writable
    assert "-> physical" in out
    out, _ = session("x 1 0x400000 32")
    assert out.startswith("0000000000400000  7f 45 4c 46")      # the ELF header
    out, _ = session("x 1 0x10000 16")
    assert "page not mapped" in out
    out, _ = session("phys")
    assert re.search(r"^total: +16384 pages +64.00 MiB", out, re.M)


def test_a_guest_programs_text_is_shared_from_its_file(session):
    # As after execve(2): the text maps the file's pages (the vnode's
    # object), so two processes running hello share its first page.
    session("spawn hello", "spawn hello", "step 1 5", "step 2 5")
    out, _ = session("vm 1")
    assert re.search(r"^0000000000400000-[0-9a-f]{16} +\d+ r-x .* obj\+0x0 .* text$", out, re.M)
    frames = [re.search(r"-> physical (0x[0-9a-f]+)", session(f"pte {pid} 0x400000")[0])[1]
              for pid in (1, 2)]
    assert frames[0] == frames[1]


def test_x_pte_disas_reject_bad_addresses_and_counts(session):
    session("spawn hello")
    out, err = session("x 1 0x800000000000", "pte 1 0xffff7fffffffffff",
                       "disas 1 0x1000000000000", "pte 1 -1", "x 1 -5",
                       "x 1 0x10000000000000000", "pte 1 0xffff800000000000",
                       "x 1 0x7f7fffffbff8 16", "x 1 0x400000 -3", "x 1 main 0",
                       "disas 1 main -4", "disas 1 hello.c:0")
    assert out == ""                # nothing shown, not even a heading
    assert err.splitlines() == [
        "x: 0x800000000000: non-canonical address (bits 63-47 differ)",
        "pte: 0xffff7fffffffffff: non-canonical address (bits 63-47 differ)",
        "disas: 0x1000000000000: non-canonical address (bits 63-47 differ)",
        "pte: -0x1: not a 64-bit address",
        "x: -0x5: not a 64-bit address",
        "x: 0x10000000000000000: not a 64-bit address",
        "pte: 0xffff800000000000: outside user space (0 to 0x7f7fffffc000)",
        "x: 0x7f7fffffbff8, 16 bytes: past the end of user space (0x7f7fffffc000)",
        "x: bad count '-3': must be at least 1",
        "x: bad count '0': must be at least 1",
        "disas: bad count '-4': must be at least 1",
        "disas: bad line '0': lines count from 1"]


def test_regs_disas_step(session):
    session("spawn hello")
    out, _ = session("regs 1")
    entry = int(re.search(r"rip ([0-9a-f]{16})", out)[1], 16)
    out, _ = session("disas 1")
    assert re.search(f"^=> {entry:016x} <_start>  ", out, re.M)
    out, _ = session("step 1")
    second = int(re.search(r"^=> ([0-9a-f]{16})", out, re.M)[1], 16)
    assert entry < second < entry + 16
    out, _ = session("regs 1")
    assert f"rip {second:016x}" in out


def test_breakpoint_and_continue(session, spin):
    session(f"spawn {spin}")
    session("step 1 2000")          # into the loop
    loop = int(re.search(r"rip ([0-9a-f]{16})", session("regs 1")[0])[1], 16)
    out, _ = session(f"break 1 {loop:#x}", "continue")
    assert f"breakpoint: pid 1 (spin) at {loop:#x}" in out
    out, _ = session("continue")        # goes round the loop once more
    assert f"breakpoint: pid 1 (spin) at {loop:#x}" in out
    session(f"unbreak 1 {loop:#x}", "kill 1 KILL")
    out, _ = session("ps")
    assert "spin" not in out


def test_trace_decodes_arguments_and_errors(session, tmp_path):
    source = tmp_path / "tracee.c"
    source.write_text('#include <fcntl.h>\n#include <unistd.h>\n#include <sys/mman.h>\n'
                      'int main(void) { write(1, "hi\\n", 3); write(42, "x", 1);\n'
                      '  mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANON, -1, 0);\n'
                      '  open("/no/such", O_RDONLY);\n'
                      '  return 0; }\n')
    out, _ = session("trace on", f"run {source}", "trace off", "run hello")
    lines = [line for line in out.splitlines() if (" CALL " in line or " RET " in line)
             and "__set_tcb" not in line]     # libc's start-up: the main thread's TIB
    assert re.fullmatch(r" +1 tracee +CALL  write\(1,0x[0-9a-f]+,3\)", lines[0])
    assert lines[1].endswith("RET   write 3")
    assert lines[2].endswith("CALL  write(42,0x" + lines[2].split(",0x")[1])
    assert lines[3].endswith("RET   write -1 errno 9 EBADF")
    assert re.search(r"CALL  mmap\(0x0,4096,0x1,0x1002,-1,0\)$", lines[4])
    assert re.search(r"RET   mmap 0x[0-9a-f]+$", lines[5])
    assert re.search(r'CALL  open\("/no/such",0x0,0[0-7]*\)$', lines[6])   # mode: whatever
    assert lines[7].endswith("RET   open -1 errno 2 ENOENT")
    assert lines[-1].endswith("CALL  exit(0)")
    assert "hello" not in " ".join(lines)       # traced no more


def test_trace_one_pid_and_one_syscall(session):
    session("spawn hello", "spawn echo x", "trace on 2 exit")
    out, _ = session("wait")
    calls = [line for line in out.splitlines() if "CALL" in line]
    assert len(calls) == 1 and calls[0].endswith("echo     CALL  exit(0)")


def test_ktrace_formats_by_c_type():
    from minikern.kern.kern_ktrace import format_arg, quote
    assert format_arg(None, "int", "fd", 0xFFFFFFFF) == "-1"
    assert format_arg(None, "int", "flags", 0x601) == "0x601"
    assert format_arg(None, "mode_t", "mode", 0o644) == "0644"
    assert format_arg(None, "size_t", "nbyte", 13) == "13"
    assert format_arg(None, "off_t", "offset", (1 << 64) - 2) == "-2"
    assert format_arg(None, "void *", "buf", 0x7f7fffffd000) == "0x7f7fffffd000"
    assert quote(b'a"b\\\n\x01') == '"a\\"b\\\\\\n\\x01"'


def test_faults_say_how_they_were_resolved(session):
    session("run crash s")
    out, _ = session("faults")
    assert re.search(r"^ +1 crash +400000 exec +object$", out, re.M)   # the file's page
    assert re.search(r"^ +1 crash +405000 read +remap +<__progname>$", out, re.M)
    assert re.search(r"^ +1 crash +10 read +SIGSEGV$", out, re.M)


def test_machine_commands(session):
    out, err = session("boot --cores 3 --mem 32M --seed 4 --giant", "run hello",
                       "cores", "stats", "syscalls")
    assert "booted: 3 cores, 32M memory, seed 4, giant lock" in out and err == ""
    assert session.repl.kernel.giant
    assert len(re.findall(r"^ +[0-2] +\d+ +\d+\.\d{3} ms", out, re.M)) == 3
    assert re.search(r"^pages: +8192 total", out, re.M)
    assert re.search(r"^syscalls: +[1-9]", out, re.M)
    assert re.search(r"^ +4 STD +NOLOCK ssize_t sys_write\(int fd, const void \*buf, "
                     r"size_t nbyte\)$", out, re.M)


def test_files_ls_cat_put_get(session, tmp_path):
    host = tmp_path / "note.txt"
    host.write_text("a note\n")
    out, err = session("ls /bin", f"put {host} /", "cat /note.txt",
                       f"get /note.txt {tmp_path / 'back.txt'}", "ls /nothing")
    assert re.search(r"^-rwxr-xr-x +1 +\d+ .* hello$", out, re.M)
    assert "/note.txt: 7 bytes" in out and "a note\n" in out
    assert (tmp_path / "back.txt").read_text() == "a note\n"
    assert err == "ls: /nothing: No such file or directory (ENOENT)\n"


def test_cat_of_a_binary_file_refuses_in_one_line(session):
    out, err = session("cat /bin/hello")
    assert re.fullmatch(r"cat: /bin/hello: binary file, \d+ bytes, not shown "
                        r"\('get' copies it to the host\)\n", err)
    assert "\0" not in out and "\x7fELF" not in out


def test_stats_counts_the_system_calls_of_every_process(session):
    # sh's children are reaped by sh (wait4), not by the REPL: counted too.
    # With no tracing, every call is also in lockstat's per-call counters.
    out, err = session("run sh -c '/bin/echo a; /bin/echo b; true'", "stats")
    assert "a\nb\n" in out and err == ""
    counted = int(re.search(r"^syscalls: +(\d+)$", out, re.M)[1])
    assert counted == sum(calls for calls, _, _ in session.repl.kernel.syscall_stats)


def test_cc_into_the_guest_then_run(session, tmp_path):
    source = tmp_path / "greet.c"
    source.write_text('#include <stdio.h>\nint main(void) { printf("greetings\\n"); return 3; }\n')
    out, err = session(f"cc {source} -o /bin/greet", "ls /bin", "run greet")
    assert re.search(r"^-rwxr-xr-x .* greet$", out, re.M)
    assert "greetings\n[exit status 3]" in out and err == ""
    _, err = session(f"put {source} /bin/greet.c", "run /bin/greet.c")
    assert err == "run: /bin/greet.c: Permission denied (EACCES)\n"      # no x bit
    out, err = session("reboot", "run greet")       # guest memory only
    assert "not found" in err


# -- the real program, through pipes and a pseudo-terminal ------------------

def minikern(*args, **kwargs):
    env = dict(os.environ, PYTHONPATH=ROOT)
    return subprocess.Popen([sys.executable, "-m", "minikern", *args], cwd=ROOT,
                            env=env, **kwargs)


def test_piped_stdin_runs_a_script(rootfs):
    proc = minikern("--cores", "3", "--mem", "32M", stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate("run hello\nnonsense\nrun echo still here\n", timeout=60)
    assert proc.returncode == 1             # the failed command, after the rest
    assert out.splitlines() == ["booted: 3 cores, 32M memory, seed 0",
                                "hello, world", "still here"]
    assert err == "unknown command 'nonsense' (try 'help')\n"   # no colour


def test_piped_output_closed_early_ends_the_repl_quietly(rootfs):
    proc = minikern("--mem", "32M", stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE)
    first = proc.stdout.readline()      # then nobody reads its output any more
    proc.stdout.close()
    _, err = proc.communicate(b"help\nrun yes\nps\nhelp\n", timeout=60)
    assert first.startswith(b"booted:")
    assert proc.returncode == 1 and b"Traceback" not in err and b"internal" not in err


ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


def _read_until(fd, pattern, timeout=60, raw=False):
    """Read from fd until pattern (a regex) appears in what was read
    (without terminal escape sequences unless raw); return all read."""
    data = b""
    deadline = time.monotonic() + timeout
    while not re.search(pattern, data if raw else ANSI.sub(b"", data)):
        left = deadline - time.monotonic()
        assert left > 0, f"timed out waiting for {pattern!r}; got {data[-500:]!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            assert chunk, f"EOF waiting for {pattern!r}; got {data[-500:]!r}"
            data += chunk
    return data


def test_ctrl_c_kills_the_guest_not_the_repl(rootfs, spin):
    proc = minikern(stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE)
    proc.stdin.write(f"run {spin}\nrun echo after\n".encode())
    proc.stdin.close()
    _read_until(proc.stdout.fileno(), rb"spinning")
    proc.send_signal(signal.SIGINT)
    out = _read_until(proc.stdout.fileno(), rb"after\n")
    assert proc.wait(timeout=30) == 0
    assert b"killed by SIGINT" in proc.stderr.read()
    assert out.endswith(b"after\n")


def test_terminal_completion_history_and_colour(rootfs, reader, tmp_path):
    master, slave = pty.openpty()
    env = dict(os.environ, HOME=str(tmp_path), TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1",
               PYTHONPATH=ROOT, MINIKERN_CACHE=str(build.cache_dir()))
    proc = subprocess.Popen([sys.executable, "-m", "minikern"], cwd=ROOT, env=env,
                            stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    try:
        _read_until(master, rb"minikern>")
        os.write(master, b"hel\t")                  # a command name
        _read_until(master, rb"help")
        os.write(master, b" sysc\t")                # a command name as argument
        _read_until(master, rb"syscalls")
        os.write(master, b"\r")
        _read_until(master, rb"the system call table")
        os.write(master, b"run hell\t")             # a guest program
        _read_until(master, rb"hello")
        os.write(master, b"\r")
        _read_until(master, rb"hello, world")
        os.write(master, b"ls /us\t")               # a guest path
        _read_until(master, rb"/usr/")
        os.write(master, b"\r")
        _read_until(master, rb"tests/")
        os.write(master, f"run {reader}\r".encode())     # the guest reads the terminal
        _read_until(master, rb"reading")
        os.write(master, b"typed\r")
        _read_until(master, rb"got: typed")
        os.write(master, f"run {reader}\r".encode())     # ^C while it waits
        _read_until(master, rb"reading")        # printed just before its read(2)
        proc.send_signal(signal.SIGINT)
        _read_until(master, rb"killed by SIGINT")
        os.write(master, b"bogus\r")
        _read_until(master, rb"\x1b\[31munknown command 'bogus'", raw=True)  # red
        os.write(master, b"quit\r")
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    history = (tmp_path / ".minikern_history").read_text()
    assert "+help syscalls" in history and "+run hello" in history


def test_lockstat_and_witness(session):
    out, err = session("boot --cores 2 --giant --mem 64M", "run sh -c 'echo a | cat'",
                       "lockstat", "witness")
    assert err == ""
    assert "kernel_lock" in out and "CONTENDED" in out
    assert "SYSCALL" in out and "write" in out
    assert "no lock order reversals" in out
    out, _ = session("lockstat reset", "lockstat")
    kernel_line = [line for line in out.splitlines() if line.startswith("kernel_lock")][0]
    assert kernel_line.split()[2] == "0"


def test_sh_attaches_a_guest_shell_until_it_exits(rootfs):
    import os
    import pty
    import sys
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(sys.executable, [sys.executable, "-m", "minikern", "--mem", "64M"])
    try:
        _read_until(fd, rb"minikern>")
        os.write(fd, b"sh\r")
        _read_until(fd, rb"\$ ")
        os.write(fd, b"echo from the guest shell\r")
        _read_until(fd, rb"from the guest shell\r?\n")
        os.write(fd, b"exit\r")
        _read_until(fd, rb"minikern>")       # back at the REPL
        os.write(fd, b"quit\r")
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
