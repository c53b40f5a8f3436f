"""Corners that once let a guest crash the kernel or the host side of
`minikern run`: each test is the reproducer of one such bug."""

import os
import subprocess
import sys

from minikern.dev.cons import Console
from minikern.machine import Machine
from minikern.programs import find_program
from minikern.uvm.uvm_check import uvm_check

from conftest import TEST_BOOTTIME_NS, TEST_ENV, checks_passed
from test_tty import run_in_pty

def test_edgetest_passes_and_leaves_nothing_behind(run_guest):
    r = run_guest(["/usr/tests/edgetest"])
    checks_passed(r.text)
    assert r.status == 0
    kernel = r.machine.kernel
    held = kernel.rootmount.resident_pages() + kernel.sigcode.resident
    assert kernel.pages.uvmexp.active == held       # the renamed file did not leak


def test_pread_on_a_console_with_no_input_waiting(rootfs):
    """The console reads a host pipe nobody has written to: a read would
    sleep, so the driver has no bytes to give; pread must not get that far."""
    out = bytearray()
    r, w = os.pipe()
    machine = Machine(cores=1, memory=16 << 20, console=Console(output=out.extend, input_fd=r),
                      boottime_ns=TEST_BOOTTIME_NS, prefault=False, rootfs=rootfs,
                      witness=True)
    try:
        image, argv0 = find_program("/usr/tests/edgetest", rootfs)
        status = machine.run_image(image, [argv0, "pread"], TEST_ENV)
        assert status == 0, out.decode()
        checks_passed(out.decode())
        assert uvm_check(machine.kernel) == []
    finally:
        machine.close()
        os.close(r)
        os.close(w)


def test_a_closed_output_pipe_ends_minikern_run_quietly(rootfs):
    """`minikern run /bin/yes | head -2`: once head is gone the guest's
    writes get SIGPIPE, as yes's would on the host, and minikern exits
    like a program killed by SIGPIPE would be reported: 128 + 13."""
    run = subprocess.Popen([sys.executable, "-m", "minikern", "run", "/bin/yes"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert run.stdout.readline() == b"y\n"
    assert run.stdout.readline() == b"y\n"
    run.stdout.close()                      # what head does after two lines
    _, err = run.communicate(timeout=60)
    assert err == b""                       # no traceback, no message
    assert run.returncode == 128 + 13


def test_control_c_stops_a_program_that_never_reads(rootfs):
    """A CPU-bound guest under `minikern run` on a terminal: the console
    looks at the host terminal while the guest computes, so ^C works."""
    argv = [sys.executable, "-m", "minikern", "run", "/usr/tests/edgetest", "spin"]
    out, status = run_in_pty(argv, [b"\x03"], wait=30, ready=b"spinning", done=None)
    assert status == 128 + 2, out       # SIGINT
    assert b"^C" in out


def test_a_program_that_can_never_finish_is_reported(tmp_path):
    """A program that waits for what can never come (a pipe nobody writes,
    no input, nothing else to run) ends minikern run with one line."""
    source = tmp_path / "stuck.c"
    source.write_text("#include <unistd.h>\n"
                      "int main(void) { int f[2]; char c; pipe(f); read(f[0], &c, 1); return 0; }\n")
    run = subprocess.run([sys.executable, "-m", "minikern", "run", str(source)],
                         stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    assert run.returncode == 124
    assert "Traceback" not in run.stderr
    assert run.stderr.strip().splitlines()[-1] == (
        'minikern: run: pid 1 (stuck) waits forever on "piperd": '
        "nothing else can run or wake it (deadlock)")
