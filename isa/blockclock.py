"""The block clock: deterministic time slices at the speed of unhooked code.

A core's time slice is a number of guest instructions.  Unicorn can count
them itself (emu_start's `count`), but it does so with a helper call before
every instruction, which makes guest code about ten times slower.  The
block clock (blockclock.c, built here for the host with the zig cc the
project already uses) is a UC_HOOK_BLOCK callback in C instead: at the start
of every translation block it adds the block's exact instruction count to
the slice, and stops the core at the first block that starts after the
budget is spent.  See blockclock.c for the details and isa/cpu.py for how a
core uses it.

What it costs and gives up, compared with counting every instruction:
  * a slice ends at a block boundary, so it may run up to one block (a few
    instructions, at most a few hundred) past its budget: the overshoot is
    the same on every run, so virtual time stays deterministic, but it is
    not the count path's, so the two give the same output and different
    statistics;
  * the count is exact at every kernel entry (a `syscall` always ends its
    block; a fault or a breakpoint in the middle of a block gives back the
    part that did not run) but the cache of counts is keyed by virtual
    address: code rewritten in place by the guest itself, into a block of
    the same address and length, keeps the old count (self-modifying code;
    the kernel's own rewrites flush the cache).

The library is built on first use into the minikern cache (next to the
userland) and reused; if it cannot be built or loaded, cores fall back to
count-limited slices and one line says so.
"""

import ctypes
import hashlib
import importlib.metadata
import os
import platform
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

SOURCE = Path(__file__).with_name("blockclock.c")
CC_FLAGS = ["-shared", "-fPIC", "-O2", "-nostdlib"]
CACHE_SLOTS = 8192          # blockclock.c's CACHE_SLOTS
UNKNOWN = (1 << 64) - 1     # blockclock_unrun(): "count them yourself"


class CachedBlock(ctypes.Structure):
    _fields_ = [("pc", ctypes.c_uint64), ("tag", ctypes.c_uint64),
                ("size", ctypes.c_uint32), ("icount", ctypes.c_uint32)]


class BlockClock(ctypes.Structure):
    """blockclock.c's struct blockclock."""
    _fields_ = [("retired", ctypes.c_uint64),
                ("budget", ctypes.c_uint64),
                ("tag", ctypes.c_uint64),
                ("last_pc", ctypes.c_uint64),
                ("last_end", ctypes.c_uint64),
                ("last_icount", ctypes.c_uint64),
                ("last_tag", ctypes.c_uint64),
                ("misses", ctypes.c_uint64),
                ("emu_stop", ctypes.c_void_p),
                ("ctl", ctypes.c_void_p),
                ("cache", CachedBlock * CACHE_SLOTS)]


def cache_dir():
    """Where built things are kept: $MINIKERN_CACHE or ~/.cache/minikern
    (the same place as the userland, minikern/build.py)."""
    return Path(os.environ.get("MINIKERN_CACHE") or Path.home() / ".cache" / "minikern")


def compiler():
    """The host C compiler: the zig cc that builds the userland."""
    return [sys.executable, "-m", "ziglang", "cc"]


_lock = threading.Lock()
_loaded = None              # the ctypes library, or False once it failed


def library(progress=True):
    """The block clock library (built and cached on first use), or None if
    it cannot be had: set MINIKERN_BLOCKCLOCK=0 to do without it."""
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = _load(progress) or False
        return _loaded or None


def _load(progress):
    if os.environ.get("MINIKERN_BLOCKCLOCK") == "0":
        return None
    try:
        path = _build(progress)
        lib = ctypes.CDLL(str(path))
    except (OSError, subprocess.CalledProcessError) as e:
        reason = getattr(e, "stderr", None) or str(e)
        first = (reason.strip().splitlines() or ["?"])[0]
        print(f"minikern: block clock unavailable ({first}); "
              f"using count-limited slices (slower)", file=sys.stderr)
        return None
    lib.blockclock_unrun.restype = ctypes.c_uint64
    lib.blockclock_unrun.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_uint64]
    lib.blockclock_take_back.restype = None
    lib.blockclock_take_back.argtypes = [ctypes.c_void_p, ctypes.c_uint64]
    return lib


def _key():
    digest = hashlib.sha256(SOURCE.read_bytes())
    for item in [importlib.metadata.version("ziglang"), platform.machine(),
                 " ".join(CC_FLAGS)]:
        digest.update(b"\0" + item.encode())
    return digest.hexdigest()[:16]


def _build(progress):
    """The path of the built library, compiling it if it is not cached."""
    target = cache_dir() / f"blockclock-{_key()}.so"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    if progress:
        print("minikern: building the block clock (isa/blockclock.c)",
              file=sys.stderr, flush=True)
    fd, partial = tempfile.mkstemp(prefix="blockclock.", suffix=".so", dir=target.parent)
    os.close(fd)
    try:
        subprocess.run(compiler() + CC_FLAGS + ["-o", partial, str(SOURCE)],
                       check=True, capture_output=True, text=True)
        os.replace(partial, target)     # atomic: racing builders agree
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return target
