"""The README's examples are real: its REPL transcript is replayed here
command by command, and what the REPL prints must be what the README
shows.  (The gdb session is replayed by test_gdb, the pdb recipe by
test_ddb.)"""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROMPT = "minikern> "


def _repl_transcript():
    """The first code block of the README's REPL section, as lines."""
    with open(os.path.join(ROOT, "README.md")) as f:
        text = f.read()
    section = text[text.index("## The REPL"):]
    block = section.split("```\n")[1]
    return block.splitlines()


def test_the_readme_repl_transcript_is_what_the_repl_prints(rootfs):
    lines = _repl_transcript()
    commands = [line[len(PROMPT):] for line in lines if line.startswith(PROMPT)]
    assert len(commands) >= 8
    env = dict(os.environ, PYTHONUNBUFFERED="1")   # keep stdout and stderr in order
    run = subprocess.run([sys.executable, "-m", "minikern"], cwd=ROOT, env=env,
                         input="\n".join(commands) + "\n", text=True, timeout=300,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    printed = [line for line in run.stdout.splitlines()
               if not line.startswith("minikern: userland built")]
    expected = [line for line in lines if not line.startswith(PROMPT)]
    assert printed == expected
    assert run.returncode == 0


def test_the_readme_crash_example(rootfs):
    """`minikern run /usr/tests/crash s` prints the line the README shows
    and exits 128 + SIGSEGV."""
    with open(os.path.join(ROOT, "README.md")) as f:
        text = f.read()
    example = text[text.index("$ minikern run /usr/tests/crash s\n"):].splitlines()
    run = subprocess.run([sys.executable, "-m", "minikern", "run", "/usr/tests/crash", "s"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.stderr.splitlines()[-1] == example[1]
    assert example[2:4] == ["$ echo $?", str(run.returncode)]
    assert run.returncode == 139
