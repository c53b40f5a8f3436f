"""stdout is line buffered on the console (a terminal) and fully buffered
into files and pipes: output-heavy programs make one write(2) a buffer,
not one a line."""

from minikern.kern.syscalls import syscall_table

from conftest import checks_passed

WRITE = next(e.number for e in syscall_table() if e.name == "write")


def writes(result):
    return result.machine.kernel.syscall_stats[WRITE][0]


def test_stdout_into_a_file_is_written_a_buffer_at_a_time(run_guest):
    r = run_guest(["/bin/sh", "-c", "seq 1 10000 > /out; wc -c < /out"])
    assert r.output.split() == [b"48894"]
    # 48894 bytes in 4 KiB buffers (13 writes), plus wc's one line.
    assert writes(r) <= 20


def test_stdout_into_a_pipe_is_written_a_buffer_at_a_time(run_guest):
    r = run_guest(["/bin/sh", "-c", "seq 1 10000 | tail -1"])
    assert r.output == b"10000\n"
    assert writes(r) <= 20


def test_stdout_on_the_console_goes_out_line_by_line(run_guest):
    r = run_guest(["/bin/sh", "-c", "seq 1 50"])
    assert r.output == b"".join(b"%d\n" % i for i in range(1, 51))
    assert writes(r) == 50


def test_buffered_output_into_a_file_is_complete_at_exit(run_guest):
    r = run_guest(["/bin/sh", "-c", "/usr/tests/stdiotest > /o 2>&1; tail -1 /o"])
    checks_passed(r.text)
