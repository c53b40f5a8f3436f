"""Build the userland: libc, the programs in userland/, and the file tree.

The guest programs are C compiled with `zig cc` (or $CC) for a freestanding
x86-64 target and linked by userland/lib/guest.ld into static ELF files
whose segments the kernel can map page by page.

Two things are generated here, never kept in the repository, because the
kernel's own tables are their one source:

  * <sys/syscall.h>, libc's system call stubs and <sys/syscall_args.h>
    (the fuzzer's table of argument kinds) from syscalls.master,
  * the errno constants and strerror() messages (minikern/sys/errno.py),
  * the other numbers of the ABI (open flags, mmap flags, signals, the
    terminal's modes and ioctls, struct stat) from their modules in
    minikern/sys/ (ABI_HEADERS).

Layout of the cache ($MINIKERN_CACHE or ~/.cache/minikern):

  objects/<hash>.o         every compiled libc file, named by the hash of
                           all that went into it, so a change rebuilds only
                           the objects it touches (programs are relinked)
  include-<hash>/          libc's headers with the generated ones
  userland-<hash>/root/    the finished file tree (bin/, usr/tests/, ...)
  userland-<hash>/sysroot/ include/ and lib/ (crt0.o, libc.a, libtls.a) for
                           compile_program() and `minikern cc`

A finished userland-<hash> directory never changes: it is built under a
temporary name and renamed into place, so two processes building at once
cannot see each other's half-written files.
"""

import hashlib
import importlib.metadata
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from elftools.elf.elffile import ELFFile

from isa import pmap
from minikern.kern import syscalls
from minikern.sys import errno as errno_module
from minikern.sys import fcntl as abi_fcntl
from minikern.sys import mman as abi_mman
from minikern.sys import poll as abi_poll
from minikern.sys import reboot as abi_reboot
from minikern.sys import signal as abi_signal
from minikern.sys import stat as abi_stat
from minikern.sys import termios as abi_termios
from minikern.sys import time as abi_time
from minikern.sys import ttycom as abi_ttycom
from minikern.sys import wait as abi_wait

# MINIKERN_USERLAND builds another userland tree instead (a lab's own, say).
USERLAND = Path(os.environ.get("MINIKERN_USERLAND")
                or Path(__file__).resolve().parent.parent / "userland")
LIBC = USERLAND / "libc"
LIBTLS = USERLAND / "libtls"    # built and linked like libc (TLS over pipes)
LINKER_SCRIPT = USERLAND / "lib" / "guest.ld"

# Every guest file, the userland's and a user's: the emulated machine and
# our libc, never the host's.
TARGET_FLAGS = [
    "-target", "x86_64-freestanding-none",
    "-mcpu=baseline",          # the emulated cores have no AVX
    "-ffreestanding", "-nostdlib", "-static", "-fno-pie",
    "-fno-stack-protector",
    # Call frame information in .debug_frame (not loaded) rather than
    # .eh_frame, so that debuggers can unwind -O2 code that keeps no frame
    # pointer.
    "-fno-asynchronous-unwind-tables", "-fno-unwind-tables",
    "-fno-sanitize=undefined",  # zig cc's -O0 default: libc has no UBSan runtime
    "-ffunction-sections", "-fdata-sections",   # lets the linker drop
                                                # unused functions
    # The system, as cc on OpenBSD predefines __OpenBSD__ (not that name:
    # a program that sees it reaches for pledge, kqueue and sockets).
    "-D__minikern__=1", "-D__unix__=1", "-D__unix=1",
]
# What a program gets unless its own options say otherwise (they come
# later on the command line, and the last -O, -g, -D or -U wins): -O2, and
# debug information for gdb and the REPL's symbols (-g0 turns it off).
DEFAULT_FLAGS = [
    "-O2", "-g",
    "-UNDEBUG",                # zig cc defines it at -O2: keep assert() on
]
GUEST_FLAGS = TARGET_FLAGS + DEFAULT_FLAGS + [
    # The userland's sources are named /usr/src/... in the debug info, as
    # on OpenBSD, whatever the checkout's path (shell/symbols.py maps back).
    f"-ffile-prefix-map={USERLAND}=/usr/src",
    "-Wall",
]
LINK_FLAGS = ["-Wl,--gc-sections", "-Wl,--build-id=none"]

# The static libraries every program is linked with, in link order (libtls
# uses libc), each built from its folder of userland/: lib/libNAME.a in the
# sysroot.  crt0.S is apart, lib/crt0.o: it is the program's start, linked
# first whether or not anything refers to it.
LIBRARIES = ["tls", "c"]
CRT0 = "crt0.S"
STB_WEAK = 2                # ELF symbol binding (elf.h)

# Source folder -> folder of the file tree.  Each `<folder>/NAME.c`, or
# each folder `<folder>/NAME/` of C files, becomes the program NAME.
PROGRAM_FOLDERS = {
    "bin": "bin",
    "sbin": "sbin",
    "usr.bin": "usr/bin",
    "tests": "usr/tests",
    "bench": "usr/bench",
    "games": "usr/games",
}
DATA_FOLDER = "data"        # copied into the root as it is (data/etc -> /etc)

# Generated header -> the module of minikern/sys/ that declares its numbers
# (C_DEFINES) and structures (C_STRUCTS); a public header includes it.
ABI_HEADERS = {
    "sys/fcntl_values.h": abi_fcntl,        # <fcntl.h>
    "sys/mman_values.h": abi_mman,          # <sys/mman.h>
    "sys/poll_values.h": abi_poll,          # <poll.h>, <sys/select.h>
    "sys/signal_values.h": abi_signal,      # <signal.h>
    "sys/stat_values.h": abi_stat,          # <sys/stat.h>
    "sys/termios_values.h": abi_termios,    # <termios.h>
    "sys/ttycom_values.h": abi_ttycom,      # <sys/ioctl.h>
    "sys/reboot_values.h": abi_reboot,      # <sys/reboot.h>
    "sys/time_values.h": abi_time,          # <time.h>
    "sys/wait_values.h": abi_wait,          # <sys/wait.h>
}

PARALLEL_JOBS = 2


class BuildError(Exception):
    """A compile or link failed.  str() is the first error line; the full
    compiler output is in .output."""

    def __init__(self, message, output=""):
        super().__init__(message)
        self.output = output


def cc_command():
    """The compiler command line: $MINIKERN_CC (split like a shell) or zig
    cc.  Not $CC: under `make CC="minikern cc"` that names minikern itself."""
    if os.environ.get("MINIKERN_CC"):
        return shlex.split(os.environ["MINIKERN_CC"])
    return [sys.executable, "-m", "ziglang", "cc"]


def ar_command():
    """The archiver: zig's (llvm-ar, whose archives are deterministic:
    no dates or owners in them).  The last word is the tool's name."""
    return [sys.executable, "-m", "ziglang", "ar"]


def cache_dir():
    return Path(os.environ.get("MINIKERN_CACHE")
                or Path.home() / ".cache" / "minikern")


def libc_include_dirs():
    """The include directories of a guest compile (the built sysroot's)."""
    return [_ensure_build()[1] / "include"]


def sysroot():
    """The built include/ and lib/ a guest program is compiled against."""
    return _ensure_build()[1]


def ensure_userland(progress=True):
    """Build what changed and return the root of the guest file tree."""
    return _ensure_build(progress)[0]


def compile_program(sources, output, extra_flags=()):
    """Compile host C files against the guest libc into a static guest
    executable at `output`; raise BuildError when the compiler fails."""
    for source in sources:          # one clear line, not the compiler's
        try:
            Path(source).open("rb").close()
        except OSError as e:
            raise BuildError(f"{source}: {e.strerror}") from None
    sysroot = _ensure_build()[1]
    _link([Path(s) for s in sources], sysroot, Path(output), list(extra_flags))


# --- what goes into a build -------------------------------------------------

_compiler_identity = None


def _compiler_id():
    """A string that changes when the compiler does (part of every hash)."""
    global _compiler_identity
    if _compiler_identity is None:
        if os.environ.get("MINIKERN_CC"):
            _compiler_identity = _run_checked(cc_command() + ["--version"])
        else:
            # Asking the package is much faster than starting zig.
            _compiler_identity = "ziglang " + importlib.metadata.version("ziglang")
    return _compiler_identity


def _userland_files():
    """Every file under userland/ that the build reads, sorted."""
    return sorted(p for p in USERLAND.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts
                  and p.suffix not in (".py", ".pyc"))


def _flags_key(flags):
    """Flags as they go into a hash.  The checkout's path is in them only
    for -ffile-prefix-map, which maps it away, so it does not count: the
    same sources anywhere (a lab tree, a grader's scratch copy) share one
    build."""
    return shlex.join(flags).replace(str(USERLAND), "<userland>")


def _build_key():
    digest = hashlib.sha256()
    for item in [_compiler_id(), _flags_key(GUEST_FLAGS + LINK_FLAGS),
                 importlib.metadata.version("tzdata"),
                 syscalls.MASTER.read_text(), Path(errno_module.__file__).read_text(),
                 Path(pmap.__file__).read_text(),  # PROT_*
                 *[Path(m.__file__).read_text() for m in ABI_HEADERS.values()],
                 Path(__file__).read_text()]:      # how it is built, too
        digest.update(item.encode() + b"\0")
    for path in _userland_files():
        digest.update(str(path.relative_to(USERLAND)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def _programs():
    """(destination in the tree, [sources]) for every program."""
    found = []
    for folder, dest in PROGRAM_FOLDERS.items():
        top = USERLAND / folder
        if not top.is_dir():
            continue
        for entry in sorted(top.iterdir()):
            if entry.suffix == ".c":
                found.append((f"{dest}/{entry.stem}", [entry]))
            elif entry.is_dir() and list(entry.glob("*.c")):
                found.append((f"{dest}/{entry.name}", sorted(entry.glob("*.c"))))
    return found


# --- generated files --------------------------------------------------------

def syscall_stubs_source(table=None):
    """Assembly for one libc stub per implemented system call.

    OpenBSD's amd64 convention: number in %eax, the 4th argument moves from
    %rcx (C calling convention) to %r10 (syscall clobbers %rcx), and the
    kernel sets the carry flag on error with the errno value in %rax."""
    table = syscalls.syscall_table() if table is None else table
    out = ["/* Generated from minikern/kern/syscalls.master; do not edit. */"]
    for entry in table:
        if not entry.implemented:
            continue
        name = entry.stub
        out += [f"\t.section .text.{name},\"ax\",@progbits",
                f"\t.globl {name}", f"\t.type {name},@function", f"{name}:",
                f"\tmov ${entry.number}, %eax", "\tmov %rcx, %r10", "\tsyscall",
                "\tjc __cerror", "\tret", f"\t.size {name}, .-{name}", ""]
    return "\n".join(out)


def errno_header():
    lines = ["/* Generated from minikern/sys/errno.py; do not edit. */",
             "#ifndef _SYS_ERRNO_VALUES_H_", "#define _SYS_ERRNO_VALUES_H_", ""]
    lines += [f"#define {name}\t{num}" for num, name, _ in errno_module.ERRNO_TABLE]
    lines += [f"#define EWOULDBLOCK\t{errno_module.EWOULDBLOCK}",
              f"#define ELAST\t{max(n for n, _, _ in errno_module.ERRNO_TABLE)}",
              "", "#endif", ""]
    return "\n".join(lines)


_C_NUMBER = {"dec": lambda v: f"({v})" if v < 0 else str(v), "hex": lambda v: f"0x{v:04x}" if v < 0x10000 else f"0x{v:08x}",
             "oct": lambda v: f"0{v:06o}", "unsigned": lambda v: f"{v}U"}


def abi_header(path, module):
    """The text of a generated header of ABI numbers: each name of the
    module's C_DEFINES as a #define, then its C_STRUCTS."""
    guard = "_" + re.sub(r"\W", "_", path.upper()) + "_"
    source = module.__name__.replace(".", "/") + ".py"
    lines = [f"/* Generated from {source}; do not edit. */",
             f"#ifndef {guard}", f"#define {guard}", ""]
    for radix, names in module.C_DEFINES:
        lines += [f"#define {name}\t{_C_NUMBER[radix](getattr(module, name))}"
                  for name in names.split()]
        lines.append("")
    for tag, fields in getattr(module, "C_STRUCTS", ()):
        lines.append(f"struct {tag} {{")
        for ctype, name, _, comment in fields:
            lines.append(f"\t{ctype}\t{name};" + (f"\t/* {comment} */" if comment else ""))
        lines += ["};", ""]
    lines += ["#endif", ""]
    return "\n".join(lines)


def errno_messages_source():
    """C source of the table strerror() indexes: messages[errno]."""
    lines = ["/* Generated from minikern/sys/errno.py; do not edit. */",
             "const char *const __errno_messages[] = {",
             '\t[0] = "Undefined error: 0",']
    lines += [f'\t[{num}] = "{msg}",' for num, _, msg in errno_module.ERRNO_TABLE]
    lines += ["};",
              "const int __errno_count = sizeof __errno_messages / sizeof __errno_messages[0];",
              ""]
    return "\n".join(lines)


def _write_generated(gen_dir):
    include = gen_dir / "include"
    (include / "sys").mkdir(parents=True)
    (include / "sys" / "syscall.h").write_text(syscalls.syscall_header())
    (include / "sys" / "syscall_args.h").write_text(syscalls.syscall_args_header())
    (include / "sys" / "errno_values.h").write_text(errno_header())
    for path, module in ABI_HEADERS.items():
        (include / path).write_text(abi_header(path, module))
    (gen_dir / "syscalls.S").write_text(syscall_stubs_source())
    (gen_dir / "errno_messages.c").write_text(errno_messages_source())
    return include


# --- compiling --------------------------------------------------------------

def _run_checked(argv):
    done = subprocess.run(argv, capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(first_error_line(done.stdout + done.stderr),
                         done.stdout + done.stderr)
    return done.stdout + done.stderr


_ERROR_LINE = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?:\d+:)?\s*"
                         r"(?:fatal )?error:\s*(?P<msg>.*)$")
# lld names the place after its message: ">>> referenced by hello.c:3 (...)"
_LINKER_ERROR = re.compile(r"^ld\.lld: error: (?P<msg>.*)$")
_LINKER_PLACE = re.compile(r"^>>> referenced by (?P<file>[^\s:]+):(?P<line>\d+)")


def first_error_line(output):
    """The one line a BuildError shows: `file.c:LINE: error: message`."""
    lines = [line.strip() for line in output.splitlines()]
    for i, line in enumerate(lines):
        if m := _ERROR_LINE.match(line):
            return f"{Path(m['file']).name}:{m['line']}: error: {m['msg']}"
        if m := _LINKER_ERROR.match(line):
            place = _LINKER_PLACE.match(lines[i + 1]) if i + 1 < len(lines) else None
            if place:
                return f"{place['file']}:{place['line']}: error: {m['msg']}"
            return line
    for line in lines:
        if "error" in line:
            return line
    return next((line for line in lines if line), "compiler failed")


def _include_flags(include_dirs):
    return [f"-I{d}" for d in include_dirs]


def _compile_object(source, include_dirs, headers_hash):
    """Compile one file into the object cache (if it is not there yet)."""
    flags = GUEST_FLAGS + _include_flags(include_dirs)
    digest = hashlib.sha256()
    for item in [_compiler_id(), _flags_key(flags), headers_hash, source.name]:
        digest.update(item.encode() + b"\0")
    digest.update(source.read_bytes())
    obj = cache_dir() / "objects" / f"{digest.hexdigest()[:24]}.o"
    if obj.exists():
        return obj, False
    obj.parent.mkdir(parents=True, exist_ok=True)
    partial = obj.with_name(f"{obj.stem}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    try:
        _run_checked(cc_command() + flags + ["-c", str(source), "-o", str(partial)])
        os.replace(partial, obj)
    finally:
        partial.unlink(missing_ok=True)
    return obj, True


def _headers_hash(include_dirs):
    """Every header can reach every object, so all of them go into each
    object's hash (simple and safe: a header change rebuilds everything)."""
    digest = hashlib.sha256()
    for top in include_dirs:
        for header in sorted(Path(top).rglob("*.h")):
            digest.update(str(header.relative_to(top)).encode() + b"\0")
            digest.update(header.read_bytes())
    return digest.hexdigest()


def link_command(sysroot, flags, inputs):
    """The command that links `inputs` (sources, objects, archives, -l
    options) into a guest executable, given the compile `flags`, as cc(1)
    does: the program's files, then crt0 and the libraries.  From an
    archive the linker takes only the members the program needs.

    crt0 comes after the program's files, where a `-x c` of the user's no
    longer applies (`-x none`): guest.ld puts its _start first anyway.
    The libraries' folder is searched last, so `-ltls` finds libtls.a."""
    lib = sysroot / "lib"
    return (cc_command() + flags + LINK_FLAGS + ["-T", str(LINKER_SCRIPT)]
            + [str(i) for i in inputs] + ["-x", "none", str(lib / "crt0.o")]
            + [str(lib / f"lib{name}.a") for name in LIBRARIES] + [f"-L{lib}"])


def _link(sources, sysroot, output, extra_flags=()):
    flags = GUEST_FLAGS + [f"-I{sysroot / 'include'}"] + list(extra_flags)
    _run_checked(link_command(sysroot, flags, sources) + ["-o", str(output)])


class _Progress:
    """One stderr line, rewritten in place on a terminal."""

    def __init__(self, total, enabled):
        self.total, self.done = total, 0
        self.enabled = enabled
        self.tty = enabled and sys.stderr.isatty()
        self.started = time.monotonic()

    def step(self, what):
        self.done += 1
        if self.tty:
            sys.stderr.write(f"\r\033[Kminikern: building userland "
                             f"{self.done}/{self.total} {what}")
            sys.stderr.flush()

    def finish(self, rebuilt):
        if self.enabled and rebuilt:
            prefix = "\r\033[K" if self.tty else ""
            sys.stderr.write(f"{prefix}minikern: userland built ({rebuilt} files, "
                             f"{time.monotonic() - self.started:.1f} s)\n")
        elif self.tty and self.done:
            sys.stderr.write("\r\033[K")
        sys.stderr.flush()


# --- the whole build --------------------------------------------------------

def _ensure_build(progress=True):
    """(root, sysroot) of the finished build for the current sources."""
    key = _build_key()
    final = cache_dir() / f"userland-{key}"
    if not (final / "root").is_dir():
        cache_dir().mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f"userland-{key}.", dir=cache_dir()))
        try:
            _build_into(work, progress)
            _move_into_place(work, final)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return final / "root", final / "sysroot"


def _move_into_place(staging, final):
    """Rename a finished folder to its final name.  If another process
    got there first, its folder is just as good: drop ours."""
    try:
        os.rename(staging, final)
    except OSError:
        if not final.is_dir():      # not a lost race but a real failure
            raise


def _install_zoneinfo(root):
    """The tz database of the `tzdata` package as /usr/share/zoneinfo
    (TZif files), and UTC as the local time zone, /etc/localtime."""
    import tzdata                   # only when the root is built
    zones = Path(tzdata.__file__).parent / "zoneinfo"
    shutil.copytree(zones, root / "usr/share/zoneinfo", ignore=shutil.ignore_patterns(
        "__init__.py", "__pycache__"))
    (root / "etc").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(zones / "UTC", root / "etc/localtime")


def weaken_public_definitions(path):
    """Make weak, in the object file at `path`, every global definition
    whose name is not reserved (does not start with '_').

    A program may then define a name that libc also defines (its own
    getline, a function called link) and still link: its definition wins,
    as on a Unix whose libc.a has one function per member, a member the
    linker then never takes.  Reserved names (__cerror, __stdio_peek,
    _exit) stay strong: libc's internals are its own."""
    data = bytearray(path.read_bytes())
    for table in ELFFile(io.BytesIO(data)).iter_sections():
        if table["sh_type"] != "SHT_SYMTAB":
            continue
        for index, symbol in enumerate(table.iter_symbols()):
            if (symbol["st_info"]["bind"] == "STB_GLOBAL"
                    and symbol["st_shndx"] not in ("SHN_UNDEF", "SHN_COMMON")
                    and not symbol.name.startswith("_")):
                st_info = table["sh_offset"] + index * table["sh_entsize"] + 4
                data[st_info] = STB_WEAK << 4 | data[st_info] & 0xF    # keeps the type
    path.write_bytes(data)


def _library_sources(gen_dir):
    """{library name: its source files}; crt0 is apart, in no library."""
    libc = sorted(LIBC.glob("*.c")) + sorted(LIBC.glob("*.S"))
    libc = [s for s in libc if s.name != CRT0]
    return {"c": libc + [gen_dir / "syscalls.S", gen_dir / "errno_messages.c"],
            "tls": sorted(LIBTLS.glob("*.c"))}


def _archive(objects, archive):
    """Make the static library `archive` of (member name, object file)."""
    members = archive.parent / f"{archive.stem}.members"
    members.mkdir()
    for name, obj in objects:
        shutil.copyfile(obj, members / name)
        weaken_public_definitions(members / name)
    # Sorted member names: the link order, and so every address in the
    # programs, must not depend on where the checkout or the cache is.
    _run_checked(ar_command() + ["rcs", str(archive)]
                 + [str(members / name) for name, _ in sorted(objects)])
    shutil.rmtree(members)


def _headers_dir(gen_include):
    """libc's headers and the generated ones, in a cache folder named by
    their contents: object hashes include the -I path, so it must not
    change from one build to the next."""
    staging = Path(tempfile.mkdtemp(prefix="include.", dir=cache_dir()))
    try:
        shutil.copytree(LIBC / "include", staging / "include")
        shutil.copytree(LIBTLS / "include", staging / "include", dirs_exist_ok=True)
        shutil.copytree(gen_include, staging / "include", dirs_exist_ok=True)
        final = cache_dir() / f"include-{_headers_hash([staging / 'include'])[:20]}"
        if not final.is_dir():
            _move_into_place(staging / "include", final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final


def _build_into(work, progress):
    gen_dir = work / "generated"
    sysroot = work / "sysroot"
    include = _headers_dir(_write_generated(gen_dir))
    shutil.copytree(include, sysroot / "include")
    include_dirs = [include]
    headers_hash = _headers_hash(include_dirs)

    libraries = _library_sources(gen_dir)
    crt0 = LIBC / CRT0
    sources = [crt0] + [s for name in LIBRARIES for s in libraries[name]]
    programs = _programs()
    meter = _Progress(len(sources) + len(programs), progress)
    rebuilt = 0

    def compile_one(source):
        obj, fresh = _compile_object(source, include_dirs, headers_hash)
        meter.step(f"{source.parent.name}/{source.name}")
        return obj, fresh

    lib = sysroot / "lib"
    lib.mkdir()
    with ThreadPoolExecutor(PARALLEL_JOBS) as pool:
        objects = {}
        for source, (obj, fresh) in zip(sources, pool.map(compile_one, sources)):
            objects[source] = obj
            rebuilt += fresh
        shutil.copyfile(objects[crt0], lib / "crt0.o")
        for name in LIBRARIES:
            _archive([(f"{s.stem}.o", objects[s]) for s in libraries[name]],
                     lib / f"lib{name}.a")

        def link_one(program):
            dest, sources = program
            (work / "root" / dest).parent.mkdir(parents=True, exist_ok=True)
            _link(sources, sysroot, work / "root" / dest)
            meter.step(dest)

        list(pool.map(link_one, programs))
    rebuilt += len(programs)

    data = USERLAND / DATA_FOLDER
    if data.is_dir():
        shutil.copytree(data, work / "root", dirs_exist_ok=True)
    _install_zoneinfo(work / "root")
    (work / "root" / "tmp").mkdir(mode=0o1777, exist_ok=True)    # mkstemp, tmpfile
    (work / "root" / "tmp").chmod(0o1777)                         # whatever the umask
    shutil.rmtree(gen_dir)
    meter.finish(rebuilt)
