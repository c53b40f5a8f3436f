"""The classic programs of /bin, run from the guest shell: each test is
one shell command line and the output it must print."""

import pytest


@pytest.fixture
def sh(run_guest):
    def run(script, **kwargs):
        return run_guest(["/bin/sh", "-c", script], **kwargs)
    return run


def test_cat(sh):
    r = sh("echo a > /1; echo b > /2; cat /1 - /2 < /1; echo x | cat;"
           "cat /nothere; echo $?")
    assert r.text == "a\na\nb\nx\ncat: /nothere: No such file or directory\n1\n"


def test_ls(sh):
    r = sh("mkdir /d; cd /d; echo hello > file; mkdir sub; echo > .hidden;"
           "ls; echo --; ls -a; echo --; ls -l; echo --; ls -1 /d/file sub")
    assert r.text == ("file\nsub\n--\n.\n..\n.hidden\nfile\nsub\n--\n"
                      "-rw-r--r--   1        6 file\n"
                      "drwxr-xr-x   2     4096 sub\n--\n/d/file\n\nsub:\n")


def test_wc(sh):
    r = sh("echo 'one two' > /f; echo three >> /f; wc /f; wc -l /f; wc -w < /f;"
           "wc -c /f /f")
    assert [line.split() for line in r.text.splitlines()] == [
        ["2", "3", "14", "/f"], ["2", "/f"], ["3"],
        ["14", "/f"], ["14", "/f"], ["28", "total"]]


def test_mkdir_rmdir_rm(sh):
    r = sh("mkdir /a; mkdir /a; echo $?; mkdir -p /a/b/c; mkdir -p /a/b/c; echo $?;"
           "rmdir /a; echo $?; echo x > /a/b/f; rm /a/b; echo $?;"
           "rm -r /a; ls /a; rm /gone; echo $?; rm -f /gone; echo $?;"
           "mkdir /e; rmdir /e; ls /e 2>/dev/null; echo $?")
    assert r.text == ("mkdir: /a: File exists\n1\n0\n"
                      "rmdir: /a: Directory not empty\n1\n"
                      "rm: /a/b: is a directory\n1\n"
                      "ls: /a: No such file or directory\n"
                      "rm: /gone: No such file or directory\n1\n0\n1\n")


def test_mv_and_cp(sh):
    r = sh("echo data > /f; cp /f /g; mv /f /h; cat /g /h; ls /f; mkdir /d;"
           "cp /g /h /d; mv /g /d/moved; ls /d; cat /d/moved")
    assert r.text == ("data\ndata\nls: /f: No such file or directory\n"
                      "g\nh\nmoved\ndata\n")


def test_pwd_true_false_sleep(sh):
    r = sh("cd /bin; pwd; true; echo $?; false; echo $?; sleep 0.5; echo $?")
    assert r.text == "/bin\n0\n1\n0\n"


def test_env(sh):
    r = sh("env | grep PATH=; env A=1 B=2 sh -c 'echo $A$B'; env -i env | wc -l")
    assert r.text.split() == ["PATH=/bin:/usr/bin:/sbin", "12", "0"]


def test_kill(sh):
    r = sh("kill -l | head -n 1; kill -l 137; sleep 100 & kill $!; wait $!; echo $?;"
           "sleep 100 & kill -s HUP $!; wait $!; echo $?;"
           "sleep 100 & kill -KILL $!; wait $!; echo $?; kill -NOPE 1; echo $?")
    assert r.text == ("HUP INT QUIT ILL TRAP ABRT EMT FPE\nKILL\n143\n129\n137\n"
                      "kill: unknown signal NOPE\n1\n")


def test_grep(sh):
    r = sh("echo apple > /f; echo Banana >> /f; echo cherry pie >> /f; echo a.b >> /f;"
           "grep an /f; grep -i BAN /f; grep -v a /f; grep -c a /f; grep -n '^c.*e$' /f;"
           "grep 'a\\.b' /f; grep -F . /f; grep '[A-Z]' /f; grep 'p[^p]' /f;"
           "grep nothing /f; echo $?; echo x | grep x; echo $?")
    assert r.text == ("Banana\nBanana\ncherry pie\n3\n3:cherry pie\n"
                      "a.b\na.b\nBanana\napple\ncherry pie\n1\nx\n0\n")


def test_head_tail_yes(sh):
    r = sh("seq 20 > /n; head -n 2 /n; head -3 /n | tail -n 1; tail -n 2 /n;"
           "tail -n +19 /n; seq 12 | tail | head -n 1; yes | head -n 2; yes no | head -1")
    assert r.text.split() == ["1", "2", "3", "19", "20", "19", "20", "3",
                              "y", "y", "no"]


def test_seq(sh):
    r = sh("seq 3; seq 2 4; seq 10 -3 1; seq 3 1; seq -s , 1 3")
    assert r.text.split() == ["1", "2", "3", "2", "3", "4", "10", "7", "4",
                              "1", "3", "2", "1", "1,2,3"]


def test_ps(sh):
    r = sh("sleep 10 & ps; kill $!")
    lines = r.text.splitlines()
    assert lines[0].split() == ["PID", "PPID", "STAT", "TIME", "COMMAND"]
    rows = {line.split()[-1]: line.split() for line in lines[1:]}
    assert set(rows) == {"sh", "sleep", "ps"}
    assert rows["sleep"][1] == rows["sh"][0] == rows["ps"][1]
    assert rows["ps"][2] == "R" and rows["sleep"][2] == "S"
