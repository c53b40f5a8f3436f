"""libc and the first programs, run on the kernel.

/usr/tests/libctest checks libc from the inside and prints one line per
check; here we make sure that it ran every check, that they all passed,
and look at what only the outside can see: the order of buffered and
unbuffered output, atexit handlers, exit statuses.
"""

from conftest import CHECK_SUMMARY, checks_passed

LIBCTEST = "/usr/tests/libctest"


def test_hello(run_guest):
    result = run_guest(["/bin/hello"])
    assert (result.status, result.output) == (0, b"hello, world\n")


def test_echo_joins_arguments_with_spaces(run_guest):
    result = run_guest(["/bin/echo", "one", "two  three", ""])
    assert (result.status, result.output) == (0, b"one two  three \n")


def test_echo_n_drops_the_newline(run_guest):
    assert run_guest(["/bin/echo", "-n", "no", "newline"]).output == b"no newline"
    assert run_guest(["/bin/echo", "-n"]).output == b""


def test_echo_takes_only_a_first_dash_n(run_guest):
    assert run_guest(["/bin/echo", "-e", "-n"]).output == b"-e -n\n"
    assert run_guest(["/bin/echo"]).output == b"\n"


def test_libctest_passes_every_check(run_guest):
    result = run_guest([LIBCTEST])
    lines = result.text.splitlines()
    checks = lines[:next(i for i, line in enumerate(lines) if CHECK_SUMMARY.fullmatch(line))]
    assert checks_passed(result.text) == len(checks)      # a line per check
    assert result.status == 0


def test_atexit_handlers_run_last_first_after_main(run_guest):
    lines = run_guest([LIBCTEST]).output.decode().splitlines()
    assert lines[-2:] == ["atexit: second registered, runs first",
                          "atexit: first registered, runs last"]
    assert CHECK_SUMMARY.fullmatch(lines[-3])


def test_stdout_is_line_buffered_and_stderr_is_not(run_guest):
    result = run_guest([LIBCTEST, "stdio-order"])
    # "stdout " waits in the buffer for its newline while stderr goes
    # out at once; exit() flushes what is left without a newline.
    assert result.output == b"stderr\nstdout line\nat exit"
    assert result.status == 0


def test_abort_does_not_flush_stdout(run_guest):
    result = run_guest([LIBCTEST, "abort"])
    assert result.output == b""
    assert result.status == 128 + 6     # as a shell reports SIGABRT


def test_unknown_mode_is_an_error(run_guest):
    result = run_guest([LIBCTEST, "no-such-mode"])
    assert result.output == b"libctest: unknown mode no-such-mode\n"
    assert result.status == 2
