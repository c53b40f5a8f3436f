"""The README's two set-up commands under PEP 668 (issue 16).

Debian 12 and Ubuntu 23.04+ mark their system Python "externally
managed": `pip install` there stops with externally-managed-environment.
The README's commands make a virtual environment without pip (no
python3-venv needed) and let the system's pip install into it
(`pip --python`).  These tests run those commands, taken from the README,
with a Python that refuses installs: the system's own where it is so
marked, and always a simulated one (this interpreter in a prefix of its
own whose standard library carries the EXTERNALLY-MANAGED marker, as
Debian's does).

What this proves, and what it does not: that the README's way of
installing works where a plain `pip install` is refused, with the pip the
system brings.  To stay offline and fast, what they install is a one-module
wheel made here instead of minikern and its dependencies from PyPI (the
README's second command, which .ci/run runs, installs those for real).
"""

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MARKER = "EXTERNALLY-MANAGED"
PROBE = "pep668probe"


def readme_setup_commands():
    """The two commands of the README's first code block."""
    text = (ROOT / "README.md").read_text()
    block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = block.strip().splitlines()
    assert len(commands) == 2, block
    return commands


def test_the_setup_commands_are_two_and_ci_runs_the_second():
    install_and_run, install_and_test = readme_setup_commands()
    for command in (install_and_run, install_and_test):
        assert command.startswith("python3 -m venv --without-pip .venv && "
                                  "python3 -m pip --python .venv/bin/python install -e ")
    assert install_and_run.endswith("&& .venv/bin/minikern")         # the REPL
    steps = install_and_test.split(" && ")
    ci = [line.strip() for line in (ROOT / ".ci/run").read_text().splitlines()]
    at = [ci.index(step) for step in steps]                 # each step is a line
    assert at == sorted(at), "CI runs the README's test command's steps in order"


def _tiny_wheel(directory):
    """A wheel of one module, written by hand (pip installs it offline)."""
    info = f"{PROBE}-1.0.dist-info"
    files = {f"{PROBE}.py": "HERE = __file__\n",
             f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {PROBE}\nVersion: 1.0\n",
             f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test_setup\n"
                              "Root-Is-Purelib: true\nTag: py3-none-any\n"}
    files[f"{info}/RECORD"] = "".join(f"{name},,\n" for name in [*files, f"{info}/RECORD"])
    path = directory / f"{PROBE}-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as wheel:
        for name, text in files.items():
            wheel.writestr(name, text)
    return path


def _pip_of(python):
    """The folder of the pip package python imports, or None."""
    found = subprocess.run([python, "-c", "import os, pip; print(os.path.dirname(pip.__file__))"],
                           capture_output=True, text=True)
    return found.stdout.strip() if found.returncode == 0 else None


def _simulated_externally_managed_python(root):
    """This interpreter's binary in a prefix of its own, with the standard
    library linked in, pip beside it, and PEP 668's marker."""
    binary = Path(os.path.realpath(getattr(sys, "_base_executable", sys.executable)))
    pip = _pip_of(binary) or _pip_of(sys.executable)
    if pip is None:
        pytest.skip("no pip to simulate a system's with")
    stdlib = Path(sysconfig.get_path("stdlib"))     # a venv's is its base's
    lib = root / "lib" / stdlib.name                # lib/python3.X: Python's landmark
    lib.mkdir(parents=True)
    for entry in stdlib.iterdir():
        if entry.name not in ("site-packages", MARKER):
            (lib / entry.name).symlink_to(entry)
    (lib / "site-packages").mkdir()
    (lib / "site-packages" / "pip").symlink_to(pip)
    (lib / MARKER).write_text("[externally-managed]\nError=this Python is managed by the "
                              "system (a test's stand-in for Debian's marker)\n")
    (root / "bin").mkdir()
    shutil.copy2(binary, root / "bin" / "python3")
    return str(root / "bin" / "python3")


def _system_python():
    """The distribution's python3, if it is marked externally managed and
    has its pip (Debian's python3-pip)."""
    python = "/usr/bin/python3"
    if not os.path.exists(python) or _pip_of(python) is None:
        return None
    stdlib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"],
                            capture_output=True, text=True).stdout.strip()
    return python if os.path.exists(os.path.join(stdlib, MARKER)) else None


@pytest.fixture(params=["simulated", "system"])
def managed_python(request, tmp_path):
    if request.param == "system":
        python = _system_python()
        if python is None:
            pytest.skip("/usr/bin/python3 is not an externally managed Python with pip")
        return python
    return _simulated_externally_managed_python(tmp_path / "prefix")


def _shell(command, cwd):
    return subprocess.run(["sh", "-c", command], cwd=cwd, capture_output=True, text=True,
                          env=dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1",
                                   PYTHONNOUSERSITE="1"), timeout=300)


def test_the_readme_installs_where_the_system_python_refuses(managed_python, tmp_path):
    wheel = _tiny_wheel(tmp_path)
    project = tmp_path / "project"
    project.mkdir()
    refused = _shell(f"{managed_python} -m pip install --no-index {wheel}", project)
    assert refused.returncode != 0
    assert "externally-managed-environment" in refused.stderr

    # The README's install, with this Python for python3 and the wheel,
    # offline, for minikern and its dependencies.
    install = readme_setup_commands()[0].split(" && ")[:2]
    assert install[1].endswith(" install -e .")
    install[1] = install[1].removesuffix("-e .") + f"--no-index {wheel}"
    command = " && ".join(re.sub(r"^python3 ", f"{managed_python} ", step) for step in install)
    done = _shell(command, project)
    assert done.returncode == 0, done.stderr
    where = _shell(f".venv/bin/python -c 'import {PROBE}; print({PROBE}.HERE)'", project)
    assert where.stdout.startswith(str(project / ".venv")), where
    assert _shell(f"{managed_python} -c 'import {PROBE}'", project).returncode != 0
