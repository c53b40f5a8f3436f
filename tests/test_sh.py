"""/bin/sh: pipelines, exit statuses, redirections, lists, background jobs,
quoting, variables, scripts.  Each test runs a few command lines in one
guest shell and compares what they print."""

import pytest


@pytest.fixture
def sh(run_guest):
    """sh(script) runs `sh -c script`; sh(None, stdin=...) a script read
    from standard input."""
    def run(script, *args, stdin=b"", **kwargs):
        argv = ["/bin/sh"] + (["-c", script] if script is not None else []) + list(args)
        return run_guest(argv, stdin=stdin, **kwargs)
    return run


def test_pipeline_of_three_programs(sh):
    r = sh("echo hi | cat | wc -c")
    assert r.text.split() == ["3"]
    assert r.status == 0


def test_exit_statuses_propagate(sh):
    assert sh("exit 3").status == 3
    assert sh("false").status == 1
    # The status of a pipeline is its last command's; ! inverts it.
    r = sh("false | true; echo $?; true | false; echo $?; ! true; echo $?")
    assert r.text == "0\n1\n1\n"


def test_command_not_found_and_not_executable(sh):
    r = sh("nosuchcommand; echo $?; /bin; echo $?")
    assert r.text == ("sh: nosuchcommand: not found\n127\n"
                      "sh: /bin: Permission denied\n126\n")


def test_a_signalled_command_reports_128_plus_the_signal(sh):
    r = sh("sh -c 'kill -TERM $$'; echo $?; sh -c 'kill -9 $$'; echo $?")
    assert r.text == "143\n137\n"


def test_redirections_make_files_that_cat_reads_back(sh):
    r = sh("echo one > /f; echo two >> /f; cat /f; cat < /f | wc -l;"
           "echo three >/f; cat /f")
    assert r.text.split() == ["one", "two", "2", "three"]


def test_redirecting_standard_error(sh):
    r = sh("ls /nothere 2> /err; echo status $?; cat /err;"
           "ls /nothere 2>&1 | wc -l; ls /nothere > /out 2>&1; wc -l < /out")
    assert r.text.split("\n")[:2] == ["status 1", "ls: /nothere: No such file or directory"]
    assert r.text.split()[-2:] == ["1", "1"]


def test_builtin_redirections_are_undone(sh):
    r = sh("cd / > /cdout; echo still on the console")
    assert r.text == "still on the console\n"


def test_and_or_and_sequences(sh):
    r = sh("true && echo a; false && echo b; false || echo c; true || echo d;"
           "false || false || echo e; true && false || echo f")
    assert r.text == "a\nc\ne\nf\n"


def test_background_jobs_and_wait(sh):
    r = sh("sleep 1 & echo started; wait; echo done")
    assert r.text == "started\ndone\n"
    r = sh("(exit 5) & wait $!; echo $?")
    assert r.text == "5\n"
    # The background job runs while the shell goes on.
    r = sh("(sleep 1; echo late) & echo early; wait")
    assert r.text == "early\nlate\n"


def test_quoting(sh):
    r = sh("""X=val; echo 'a  $X' "b  $X" c\\ \\$X "" 'it''s' "q\\"q" """)
    assert r.text == 'a  $X b  val c $X  its q"q\n'
    r = sh("echo '#' not#comment # a comment")
    assert r.text == "# not#comment\n"


def test_variables_and_special_parameters(sh):
    r = sh("X=1; Y=${X}2; echo $X $Y ${Y}3 $UNSET.; false; echo $?")
    assert r.text == "1 12 123 .\n1\n"
    r = sh("echo $$; ps")
    pid, ps_lines = r.text.split("\n", 1)
    assert [line.split()[0] for line in ps_lines.splitlines()
            if line.endswith(" sh")] == [pid]
    r = sh("echo $0 $1 $# \"$@\"", "name", "a", "b")
    assert r.text == "name a 2 a b\n"


def test_unquoted_variables_split_into_fields(sh):
    r = sh("""X='a   b'; sh -c 'echo $#' x $X; sh -c 'echo $#' x "$X" """)
    assert r.text == "2\n1\n"


def test_export_and_command_environment(sh):
    r = sh("A=local; B=exported; export B; export C=also;"
           "sh -c 'echo [$A] [$B] [$C]'; D=once env | grep D=; echo [$D]")
    assert r.text == "[] [exported] [also]\nD=once\n[]\n"


def test_cd_and_pwd(sh):
    r = sh("mkdir -p /x/y; cd /x/y; pwd; cd ..; pwd; echo $PWD; cd; pwd;"
           "cd /nothere; echo $?")
    assert r.text == ("/x/y\n/x\n/x\n/\n"
                      "sh: cd: /nothere: No such file or directory\n1\n")


def test_subshell_does_not_change_the_shell(sh):
    r = sh("X=1; (X=2; cd /etc; echo $X); echo $X; pwd")
    assert r.text == "2\n1\n/\n"


def test_script_from_standard_input(sh):
    script = (b"echo one\nX=two\necho $X\n\n# a comment\necho 'three\nlines' &&\n"
              b"  echo four\necho a long \\\nline\nexit 4\necho never\n")
    r = sh(None, stdin=script)
    assert r.text == "one\ntwo\nthree\nlines\nfour\na long line\n"
    assert r.status == 4


def test_script_file_with_arguments(sh):
    r = sh("echo 'echo $0 has $# args: $1 $2' > /s; echo 'exit 9' >> /s;"
           "sh /s a b; echo $?")
    assert r.text == "/s has 2 args: a b\n9\n"


def test_commands_share_the_input_the_shell_reads(sh):
    # The shell reads its script a byte at a time, so a command finds
    # the input just after its own line.
    r = sh(None, stdin=b"wc -l\nline 1\nline 2\n")
    assert r.text.split() == ["2"]


def test_syntax_errors(sh):
    r = sh("echo a ;; echo b")
    assert r.text == "sh: syntax error near ;\n" and r.status == 2
    r = sh("echo 'open")
    assert "unexpected end of file" in r.text and r.status == 2


def test_interactive_prompt(run_guest):
    r = run_guest(["/bin/sh", "-i"], stdin=b"echo hi\nexit 3\n")
    assert r.text == "$ hi\n$ "
    assert r.status == 3


# --- /sbin/init ---------------------------------------------------------------

def run_init(rootfs, stdin, rc=None):
    """Boot /sbin/init as process 1, with /etc/rc if rc is given."""
    from conftest import TEST_ENV, boot
    from minikern.programs import find_program
    from minikern.ddb.db_interface import write_file

    machine, out, _ = boot(rootfs=rootfs, stdin=stdin)
    try:
        if rc is not None:
            write_file(machine.kernel, "/etc/rc", rc)
        image, argv0 = find_program("/sbin/init", rootfs)
        machine.run_image(image, [argv0], TEST_ENV)
        return machine.kernel.shutdown, out.decode()
    finally:
        machine.close()


def test_init_runs_rc_then_an_interactive_shell(rootfs):
    status, text = run_init(rootfs, b"echo $0 $$\nps | grep sh\nkill -TERM 1\n",
                            rc=b"echo rc ran as $0\n")
    assert text.startswith("rc ran as /etc/rc\n$ -sh 4\n$ ")   # after rc's sh, echo
    assert "    4     1 S" in text      # the shell is init's child
    assert text.endswith("init: shutdown requested: hanging up the console "
                         "session, then halting\n")
    assert status == "halt"             # init halted on SIGTERM, with reboot(2)


def test_init_restarts_the_shell_and_collects_orphans(rootfs):
    # The first shell leaves an orphan behind and exits; a second shell
    # starts.  When the input has ended, init halts, after the orphan
    # has finished.
    status, text = run_init(rootfs, b"(sleep 1; echo orphan) &\nexit\necho second $$\n")
    assert "$ second 6\n" in text       # pid 6: after /etc/rc's sh, sh, its job, sleep
    assert text.endswith("init: the console's input has ended; halting\norphan\n")


def test_logging_out_again_and_again_does_not_halt(rootfs):
    # Four logouts in a row, each shell living a few milliseconds: init
    # pauses before the next shell (as for a getty repeating too
    # quickly) and goes on; the machine halts only when asked.
    status, text = run_init(rootfs, b"exit\nexit\nexit\nexit\necho still here\nhalt\n")
    assert text.count("init: /bin/sh exiting too quickly; waiting 10 seconds\n") == 1
    assert "$ still here\n" in text
    assert status == "halt"
