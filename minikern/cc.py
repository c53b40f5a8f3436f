"""`minikern cc`, `minikern ar` and `minikern ranlib`: cc(1), ar(1) and
ranlib(1) for the guest, so that a project builds the way it would on a Unix:

    make CC="minikern cc" AR="minikern ar" RANLIB="minikern ranlib"

The driver is zig cc (clang) with the guest's target and libc added:

    zig cc TARGET_FLAGS DEFAULT_FLAGS -isystem SYSROOT/include  USER'S OPTIONS
           and, when it links: -T guest.ld crt0.o  USER'S FILES  libtls.a libc.a

The user's options come after our defaults, so their -O, -g and -D/-U
NDEBUG win.  libc's headers are system headers (-isystem): a warning
inside them never fires in the user's code, whatever -W options it uses.
The compiler writes to the terminal itself, every warning and error with
its file:line:col and caret line, and its exit status is ours.
"""

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from . import build

# Options whose value is the next argument (`-o out`, `-I dir`): that
# argument is not an input file.
VALUE_OPTIONS = {
    "-o", "-I", "-D", "-U", "-L", "-l", "-x", "-include", "-imacros", "-isystem",
    "-iquote", "-idirafter", "-MF", "-MT", "-MQ", "-Xlinker", "-Xassembler",
    "-Xpreprocessor", "-Xclang",
}
# Where a run stops, earliest first, when it does not link, and the suffix
# of what it writes: preprocess (-E), list the dependencies (-M, -MM: to
# standard output, as -E), compile to assembly (-S), compile (-c).
STAGES = {"-E": None, "-M": None, "-MM": None, "-S": ".s", "-c": ".o"}
# libc.a holds what OpenBSD splits into libc, libm and libpthread; all are
# linked anyway (-pthread, the compiler's option, is passed on as it is).
LIBC_PARTS = {"c", "m", "pthread"}


@dataclass
class Invocation:
    """A cc command line taken apart: `options` in their order, `inputs`
    (files and -l libraries) in theirs, -o's file, and where it stops."""
    options: list = field(default_factory=list)
    inputs: list = field(default_factory=list)
    output: str = None
    stage: str = None           # one of STAGES, or None: link

    @property
    def strip_debug(self):
        """-g0 last: the libc members linked in lose their debug info too."""
        debug = [o for o in self.options if o.startswith("-g")]
        return bool(debug) and debug[-1] == "-g0"


def parse(argv):
    """Take a cc command line apart (see Invocation)."""
    inv = Invocation()
    args = iter(argv)
    for arg in args:
        if arg in VALUE_OPTIONS:
            value = next(args, None)
            if value is None:
                raise build.BuildError(f"cc: argument to '{arg}' is missing")
            if arg == "-o":
                inv.output = value
            elif arg == "-l":
                inv.inputs.append(f"-l{value}")
            else:
                inv.options += [arg, value]
        elif arg.startswith("-o") and len(arg) > 2:
            inv.output = arg[2:]
        elif arg.startswith("-l") and len(arg) > 2 and not arg.startswith("-l,"):
            inv.inputs.append(arg)
        elif arg in STAGES:
            inv.stage = arg if inv.stage is None else min(inv.stage, arg, key=list(STAGES).index)
        elif arg.startswith("-") and arg != "-":
            inv.options.append(arg)
        else:
            inv.inputs.append(arg)
    return inv


def check_inputs(inv):
    """A missing input file is the user's mistake: one line, before the
    compiler starts."""
    for name in inv.inputs:
        if name == "-" or name.startswith("-l"):
            continue
        try:
            Path(name).open("rb").close()
        except OSError as e:
            raise build.BuildError(f"{name}: {e.strerror}") from None


def commands(inv, sysroot):
    """The compiler command lines that do what `inv` asks, in order."""
    flags = (build.TARGET_FLAGS + build.DEFAULT_FLAGS
             + ["-isystem", str(sysroot / "include")] + inv.options)
    if inv.stage is None and inv.inputs:
        inputs = [i for i in inv.inputs if not (i.startswith("-l") and i[2:] in LIBC_PARTS)]
        strip = ["-Wl,--strip-debug"] if inv.strip_debug else []
        return [build.link_command(sysroot, flags + strip, inputs)
                + ["-o", inv.output or "a.out"]]
    compiler = build.cc_command() + flags + ([inv.stage] if inv.stage else [])
    if inv.stage == "-S":
        # zig cc passes clang a -c of its own with -S, and clang's warning
        # about it would fail a -Werror build: not the user's mistake.
        compiler.append("-Wno-unused-command-line-argument")
    sources = [i for i in inv.inputs if not i.startswith("-l")]
    if inv.stage is None or len(sources) <= 1:
        # --version, or one file: the compiler does what it is asked.
        return [compiler + sources + (["-o", inv.output] if inv.output else [])]
    if inv.output:
        raise build.BuildError(f"cc: cannot specify -o with {inv.stage} "
                               "and more than one input file")
    # zig cc compiles only the first of several files: one run each, each
    # output named for its source in the current folder, as cc does.
    suffix = STAGES[inv.stage]
    return [compiler + [source] + (["-o", Path(source).stem + suffix] if suffix else [])
            for source in sources]


def cc(argv):
    """`minikern cc ARGS`: the exit status is the compiler's (the first
    failing run's, when there are several)."""
    inv = parse(argv)
    check_inputs(inv)
    for command in commands(inv, build.sysroot()):
        status = subprocess.run(command).returncode
        if status != 0:
            return status
    return 0


def ar(argv):
    """`minikern ar ARGS`: ar(1), as llvm-ar (rcs, t, x, d, ...)."""
    return subprocess.run(build.ar_command() + list(argv)).returncode


def ranlib(argv):
    """`minikern ranlib LIB.a`: ranlib(1), the index `ar s` also writes."""
    return subprocess.run(build.ar_command()[:-1] + ["ranlib"] + list(argv)).returncode
