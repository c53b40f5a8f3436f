"""Finding the program a user names on the host command line.

PROGRAM may be
  * a guest path (/bin/hello) or a bare name found in the guest's /bin,
    /usr/bin or /sbin (hello);
  * a host C source file (hello.c), compiled against the guest libc first,
    like `go run`;
  * a host file that is a guest executable (./a.out built by `minikern cc`).
"""

import hashlib
import os
from pathlib import Path

from . import build

GUEST_PATH = ("/bin", "/usr/bin", "/sbin", "/usr/games", "/usr/tests")
# The environment of a program the host starts (minikern run, the REPL).
# PATH has /usr/games, as OpenBSD's default .profile does (fortune, banner).
DEFAULT_ENV = ["PATH=/bin:/usr/bin:/sbin:/usr/games", "HOME=/", "TERM=dumb"]


def guest_env(assignments=()):
    """DEFAULT_ENV with each VAR=VALUE of assignments (`minikern run -e`)
    added, or replacing the default of the same name.  The host's own
    environment (TZ, LANG...) never passes through: a run is the same on
    every host.  ProgramError for an assignment without a name."""
    env = dict(item.split("=", 1) for item in DEFAULT_ENV)
    for item in assignments:
        name, eq, value = item.partition("=")
        if not name or not eq:
            raise ProgramError(f"-e {item}: not VAR=VALUE", exit_status=2)
        env.pop(name, None)         # a new value goes last, as setenv's
        env[name] = value
    return [f"{name}={value}" for name, value in env.items()]


class ProgramError(Exception):
    """A user mistake: str() is the one line to print."""

    def __init__(self, message, exit_status=1):
        super().__init__(message)
        self.exit_status = exit_status


def guest_file(rootfs, guest_path):
    """The host file behind a guest path in the built root (no escaping
    the root with '..')."""
    parts = [p for p in guest_path.split("/") if p not in ("", ".")]
    if ".." in parts:
        return None
    path = Path(rootfs).joinpath(*parts)
    return path if path.is_file() else None


def find_program(spec, rootfs):
    """Return (image bytes, argv[0]) for spec, or raise ProgramError."""
    if spec.endswith(".c") and os.path.isfile(spec):
        return _compile_source(spec), Path(spec).stem
    if spec.startswith("/"):
        path = guest_file(rootfs, spec)
        if path is not None:
            return path.read_bytes(), spec
    elif "/" not in spec:
        for directory in GUEST_PATH:
            path = guest_file(rootfs, f"{directory}/{spec}")
            if path is not None:
                return path.read_bytes(), f"{directory}/{spec}"
    if os.path.isfile(spec):
        try:
            return Path(spec).read_bytes(), spec
        except OSError as e:
            raise ProgramError(f"{spec}: {e.strerror}", 126) from None
    if spec.endswith(".c"):
        raise ProgramError(f"{spec}: no such file", 127)
    raise ProgramError(f"{spec}: not found in the guest file system or on the host", 127)


def _compile_source(source):
    """Compile a host C file into the build cache (reused while the source
    and the userland are unchanged)."""
    try:
        data = Path(source).read_bytes()
    except OSError as e:
        raise ProgramError(f"{source}: {e.strerror}", 126) from None
    key = hashlib.sha256(data + str(Path(source).resolve()).encode()).hexdigest()[:16]
    out = build.cache_dir() / "run" / f"{Path(source).stem}-{key}"
    out.parent.mkdir(parents=True, exist_ok=True)
    # Compiled under a name of this process's own, then renamed into place:
    # two graders (or tests) compiling the same file at once must never
    # read each other's half-written executable.
    private = out.with_name(f"{out.name}.{os.getpid()}")
    try:
        build.compile_program([source], private)
        os.replace(private, out)
    except build.BuildError as e:
        raise ProgramError(str(e)) from None
    finally:
        private.unlink(missing_ok=True)
    return out.read_bytes()
