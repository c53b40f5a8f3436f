"""`minikern cc` and `minikern ar` as a project's cc(1) and ar(1): several
files, -c/-o/-D/-I/-L/-l, archives, the compiler's own diagnostics and exit
status, and a Makefile project built by plain make (issue 12)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from elftools.elf.elffile import ELFFile

from minikern import build

ROOT = Path(__file__).resolve().parent.parent
MINIKERN = f"{sys.executable} -m minikern"     # this checkout's, as `minikern`


def minikern(*args, cwd):
    """Run `minikern ARGS` in cwd; return (status, stdout, stderr)."""
    r = subprocess.run([sys.executable, "-m", "minikern", *args], cwd=cwd,
                       env=dict(os.environ, PYTHONPATH=str(ROOT)),
                       stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=120)
    return r.returncode, r.stdout, r.stderr


def write(folder, files):
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


PROJECT = {
    "Makefile": """\
# An ordinary Makefile: make's built-in .c -> .o rule, $(CC), $(AR).
CFLAGS = -std=c99 -pedantic -Wall -Wextra -Werror -O1
CPPFLAGS = -Iinclude -DGREETING='"hello"' -DNDEBUG -UNDEBUG
OBJS = lib/greet.o lib/count.o

hello: src/main.o libgreet.a
\t$(CC) $(CFLAGS) -o $@ src/main.o -L. -lgreet -lm

libgreet.a: $(OBJS)
\t$(AR) rc $@ $(OBJS)
\t$(RANLIB) $@

lib/greet.o lib/count.o src/main.o: include/greet.h
""",
    "include/greet.h": """\
#ifndef GREET_H
#define GREET_H
const char *greeting(void);
int count_words(int argc, char **argv);
#endif
""",
    "lib/greet.c": """\
#include "greet.h"
const char *greeting(void) { return GREETING; }
""",
    "lib/count.c": """\
#include <string.h>
#include "greet.h"
int count_words(int argc, char **argv)
{
\tint i, n = 0;
\tfor (i = 1; i < argc; i++)
\t\tn += strlen(argv[i]) > 0;
\treturn n;
}
""",
    "src/main.c": """\
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include "greet.h"
int main(int argc, char **argv)
{
\tint asserted = 0;
\tassert((asserted = 1));          /* -UNDEBUG came last: assert is on */
\tprintf("%s: %d words, sqrt(2) %.3f, assert %d\\n", greeting(),
\t    count_words(argc, argv), sqrt(2.0), asserted);
\treturn 0;
}
""",
}


@pytest.mark.skipif(shutil.which("make") is None,
                    reason="make is not installed (apt-get install make)")
def test_make_builds_a_project_with_a_static_library(tmp_path, run_guest):
    write(tmp_path, PROJECT)
    made = subprocess.run(["make", "-s", f"CC={MINIKERN} cc", f"AR={MINIKERN} ar",
                           f"RANLIB={MINIKERN} ranlib"],
                          cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                          capture_output=True, text=True, timeout=300)
    assert (made.returncode, made.stderr) == (0, "")
    assert minikern("ar", "t", "libgreet.a", cwd=tmp_path)[:2] == (0, "greet.o\ncount.o\n")
    result = run_guest([str(tmp_path / "hello"), "a", "", "b"])
    assert (result.status, result.text) == (0, "hello: 2 words, sqrt(2) 1.414, assert 1\n")


def test_every_diagnostic_is_shown_with_the_compilers_status(tmp_path, rootfs):
    write(tmp_path, {"bad.c": """\
static void f(void)
{
\tint unused;
}
int main(void)
{
\treturn nothing + also_nothing;
}
"""})
    status, out, err = minikern("cc", "-Wall", "bad.c", "-o", "bad", cwd=tmp_path)
    assert status == 1 and out == ""
    assert "bad.c:3:6: warning: unused variable 'unused'" in err
    assert "bad.c:7:9: error: use of undeclared identifier 'nothing'" in err
    assert "bad.c:7:19: error: use of undeclared identifier 'also_nothing'" in err
    assert "\t^~~~~~~" not in err and err.count("^") >= 3      # the caret lines
    assert not (tmp_path / "bad").exists()


def test_link_errors_are_the_linkers(tmp_path, rootfs):
    write(tmp_path, {"lonely.c": "int missing(void);\nint main(void) { return missing(); }\n"})
    status, _, err = minikern("cc", "lonely.c", cwd=tmp_path)
    assert status == 1
    assert "error: undefined symbol: missing" in err and ">>> referenced by" in err
    assert not (tmp_path / "a.out").exists()


def test_compile_separately_then_link(tmp_path, run_guest):
    write(tmp_path, {"main.c": '#include <stdio.h>\nint twice(int);\n'
                               'int main(void) { printf("%d\\n", twice(VALUE)); return 0; }\n',
                     "twice.c": "int twice(int x) { return 2 * x; }\n"})
    assert minikern("cc", "-DVALUE=21", "-c", "main.c", "twice.c", cwd=tmp_path)[0] == 0
    assert {p.name for p in tmp_path.glob("*.o")} == {"main.o", "twice.o"}
    status, _, err = minikern("cc", "-c", "main.c", "twice.c", "-o", "x.o", cwd=tmp_path)
    assert (status, err) == (1, "minikern: cc: cannot specify -o with -c and more "
                                "than one input file\n")
    assert minikern("cc", "-g0", "-o", "prog", "main.o", "twice.o", cwd=tmp_path)[0] == 0
    assert run_guest([str(tmp_path / "prog")]).text == "42\n"
    status, out, _ = minikern("cc", "-E", "-DVALUE=7", "main.c", cwd=tmp_path)
    assert status == 0 and "printf(\"%d\\n\", twice(7))" in out
    status, _, err = minikern("cc", "-S", "-Werror", "twice.c", cwd=tmp_path)
    assert (status, err) == (0, "") and "twice:" in (tmp_path / "twice.s").read_text()
    status, out, _ = minikern("cc", "-MM", "main.c", cwd=tmp_path)
    assert (status, out) == (0, "main.o: main.c\n")
    assert minikern("cc", "-MMD", "-c", "twice.c", cwd=tmp_path)[0] == 0
    assert (tmp_path / "twice.d").read_text() == "twice.o: twice.c\n"


def test_a_program_from_standard_input(tmp_path, run_guest):
    source = "int main(void) { return 3; }\n"
    made = subprocess.run([sys.executable, "-m", "minikern", "cc", "-x", "c", "-",
                           "-o", "three"], cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                          input=source, capture_output=True, text=True, timeout=120)
    assert (made.returncode, made.stderr) == (0, "")
    assert run_guest([str(tmp_path / "three")]).status == 3


def test_output_goes_where_o_says(tmp_path, rootfs):
    write(tmp_path, {"ok.c": "int main(void) { return 0; }\n"})
    (tmp_path / "out").mkdir()
    assert minikern("cc", "ok.c", "-o", "out/ok", cwd=tmp_path)[0] == 0
    assert (tmp_path / "out" / "ok").read_bytes()[:4] == b"\x7fELF"
    assert minikern("cc", "-c", "ok.c", "-o", "out/ok.o", cwd=tmp_path)[0] == 0
    assert (tmp_path / "out" / "ok.o").is_file()


# --- the headers: system headers, for every standard ------------------------

FEATURES = [("c89", []), ("c99", []), ("c11", []), ("c89", ["-D_ANSI_SOURCE"]),
            ("c99", ["-D_POSIX_C_SOURCE=200112L"]), ("c11", ["-D_XOPEN_SOURCE=700"])]


@pytest.mark.parametrize("std,features", FEATURES)
def test_every_header_compiles_pedantically(tmp_path, rootfs, std, features):
    include = build.sysroot() / "include"
    headers = sorted(str(h.relative_to(include)) for h in include.rglob("*.h"))
    assert "stdio.h" in headers and "sys/cdefs.h" in headers and "tls.h" in headers
    write(tmp_path, {"all.c": "".join(f"#include <{h}>\n" for h in headers)
                     + "int main(void) { return 0; }\n"})
    status, _, err = minikern("cc", f"-std={std}", "-pedantic", "-Wall", "-Wextra",
                              "-Werror", *features, "-c", "all.c", cwd=tmp_path)
    assert (status, err) == (0, "")


def test_the_system_names_itself_and_honours_feature_macros(tmp_path, run_guest):
    write(tmp_path, {"which.c": """\
#include <stdio.h>
#include <string.h>
int main(void)
{
#if defined(__minikern__) && defined(__unix__) && !defined(__OpenBSD__)
\tputs("minikern, a unix");
#endif
\tprintf("POSIX %ld, BSD %d\\n", (long)__POSIX_VISIBLE, __BSD_VISIBLE);
\treturn 0;
}
"""})
    for features, expected in [([], "POSIX 200809, BSD 1"),
                               (["-D_POSIX_C_SOURCE=200112L"], "POSIX 200112, BSD 0"),
                               (["-D_POSIX_C_SOURCE=200112L", "-D_BSD_SOURCE"],
                                "POSIX 200809, BSD 1")]:
        assert minikern("cc", *features, "which.c", "-o", "which", cwd=tmp_path)[0] == 0
        assert run_guest([str(tmp_path / "which")]).text == f"minikern, a unix\n{expected}\n"


# --- link hygiene -----------------------------------------------------------

OWN_NAMES = """\
#define _POSIX_C_SOURCE 200112L     /* getline and strlcpy are not POSIX 2001's */
#include <stdio.h>
#include <string.h>
#include <tls.h>

/* Names libc and libtls use inside, or define beside what this program
 * calls: the program's own definitions are the ones it gets. */
int sha256_init(int x) { return x + 1; }
int x25519 = 25519;
int chacha20_block(void) { return 20; }
int poly1305(int x) { return x; }
int getline(void) { return 7; }
int strlcpy(int a, int b) { return a - b; }
int link(const char *s) { return (int)strlen(s); }

int main(void)
{
\tunsigned char priv[TLS_KEY_LENGTH], pub[TLS_KEY_LENGTH];
\tint made = tls_keypair_generate(priv, pub);     /* libtls's SHA-256, X25519 */

\tprintf("%d %d %d %d %d %d %d %d\\n", made, sha256_init(1), x25519, chacha20_block(),
\t    poly1305(1305), getline(), strlcpy(5, 3), link("abc"));
\treturn 0;
}
"""


def test_a_program_may_use_names_libc_uses_inside(tmp_path, run_guest):
    write(tmp_path, {"own.c": OWN_NAMES})
    status, _, err = minikern("cc", "-std=c99", "-pedantic", "-Wall", "-Werror",
                              "own.c", "-o", "own", "-ltls", cwd=tmp_path)
    assert (status, err) == (0, "")
    assert run_guest([str(tmp_path / "own")]).text == "0 2 25519 20 1305 7 2 3\n"


def test_libraries_define_only_weak_or_reserved_names(tmp_path, rootfs):
    lib = build.sysroot() / "lib"
    assert sorted(p.name for p in lib.iterdir()) == ["crt0.o", "libc.a", "libtls.a"]
    for archive in ("libc.a", "libtls.a"):
        subprocess.run(build.ar_command() + ["x", str(lib / archive)], cwd=tmp_path,
                       check=True)
    members = sorted(tmp_path.glob("*.o"))
    assert {"stdio.o", "syscalls.o", "sha256.o", "x25519.o"} <= {m.name for m in members}
    strong = []
    for member in members:
        with open(member, "rb") as f:
            symbols = ELFFile(f).get_section_by_name(".symtab").iter_symbols()
            strong += [f"{member.name}: {s.name}" for s in symbols
                       if s["st_info"]["bind"] == "STB_GLOBAL"
                       and s["st_shndx"] != "SHN_UNDEF" and not s.name.startswith("_")]
    assert strong == []
