"""Mistakes on the host command line: one line on stderr, before any
long work, never a traceback (issue 16, "host-side mistakes")."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def minikern(*args, env=None, timeout=120):
    """Run `python3 -m minikern ARGS`; return (exit status, stdout, stderr)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([ROOT] + (env or [])))
    r = subprocess.run([sys.executable, "-m", "minikern", *args], cwd=ROOT, env=env,
                       stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=timeout)
    return r.returncode, r.stdout, r.stderr


def test_bench_checks_its_output_files_before_the_work(tmp_path):
    # Quick: the benchmark would take minutes; the check is first.
    status, out, err = minikern("bench", "smp", "--json", "/nonexistent/x.json", timeout=30)
    assert (status, out) == (2, "")
    assert err == ("minikern: bench: cannot write /nonexistent/x.json: "
                   "No such file or directory\n")
    status, _, err = minikern("bench", "core", "--json", str(tmp_path), timeout=30)
    assert status == 2 and err == f"minikern: bench: cannot write {tmp_path}: Is a directory\n"


def test_bench_png_without_matplotlib_says_so_first(tmp_path):
    # A matplotlib that cannot be imported stands for the missing plot extra.
    fake = tmp_path / "fake"
    (fake / "matplotlib").mkdir(parents=True)
    (fake / "matplotlib" / "__init__.py").write_text("raise ImportError('not here')\n")
    status, out, err = minikern("bench", "smp", "--png", str(tmp_path / "p.png"),
                                env=[str(fake)], timeout=30)
    assert (status, out) == (2, "")
    assert err == "minikern: bench: --png needs matplotlib: pip install 'minikern[plot]'\n"


@pytest.mark.parametrize("args, message", [
    (["run"], "minikern run: the following arguments are required: program "
              "(see 'minikern run --help')"),
    (["run", "--cores", "x", "true"], "minikern run: argument --cores: invalid int "
                                      "value: 'x' (see 'minikern run --help')"),
    (["run", "--seed", "abc", "true"], "minikern run: argument --seed: invalid int "
                                       "value: 'abc' (see 'minikern run --help')"),
    (["run", "--bogus", "true"], "minikern run: unrecognized arguments: --bogus "
                                 "(see 'minikern run --help')"),
    (["bench", "--frob"], "minikern bench: unrecognized arguments: --frob "
                          "(see 'minikern bench --help')"),
    (["fuzz", "--procs", "0"], "minikern: fuzz: --procs must be at least 1"),
    (["fuzz", "--calls", "-5"], "minikern: fuzz: --calls must be at least 1"),
])
def test_command_line_mistakes_are_one_line(args, message):
    status, out, err = minikern(*args, timeout=30)
    assert (status, out, err) == (2, "", message + "\n")


def test_bad_machine_options_echo_what_was_typed(rootfs):
    assert minikern("run", "--mem", "abc", "true")[2] == \
        "minikern: bad memory size 'abc' (try 256M or 1G)\n"
    assert minikern("run", "--mem", "infM", "true")[2] == \
        "minikern: bad memory size 'infM' (try 256M or 1G)\n"
    assert minikern("run", "--cores", "99", "true")[2] == \
        "minikern: cores must be between 1 and 8\n"


def test_cc_names_a_missing_source_or_output_folder(rootfs, tmp_path):
    source = tmp_path / "ok.c"
    source.write_text("int main(void) { return 0; }\n")
    status, _, err = minikern("cc", str(tmp_path / "gone.c"), "-o", str(tmp_path / "out"))
    assert (status, err) == (1, f"minikern: {tmp_path / 'gone.c'}: No such file or directory\n")
    missing = tmp_path / "no" / "such" / "out"
    status, _, err = minikern("cc", str(source), "-o", str(missing))
    assert (status, err) == (2, f"minikern: cc: cannot write {missing}: "
                                "No such file or directory\n")
    assert not (tmp_path / "no").exists()      # the compiler made no folder
    status, _, err = minikern("run", str(tmp_path / "gone.c"))
    assert (status, err) == (127, f"minikern: {tmp_path / 'gone.c'}: no such file\n")


def test_run_into_a_full_disk_says_so_once(rootfs):
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "minikern", "run", "echo", "hi"],
                           cwd=ROOT, env=dict(os.environ, PYTHONPATH=ROOT),
                           stdin=subprocess.DEVNULL, stdout=full, stderr=subprocess.PIPE,
                           text=True, timeout=120)
    assert r.returncode == 1        # no panic; the output was lost, so not 0
    assert r.stderr == ("minikern: run: cannot write the program's output: "
                        "No space left on device\n")


def test_a_program_stopped_for_good_is_said_to_be_stopped(rootfs):
    """Nothing can send SIGCONT to a stopped first process: `minikern run`
    says it is stopped (not a deadlock), with a shell's 128 + signal."""
    status, out, err = minikern("run", "/bin/sh", "-c", "echo before; kill -STOP $$; echo after")
    assert (status, out) == (128 + 17, "before\n")
    assert err == "minikern: run: pid 1 (sh) stopped by SIGSTOP, and nothing can continue it\n"
