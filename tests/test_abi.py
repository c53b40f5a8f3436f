"""The numbers of the ABI are declared once, in minikern/sys/, and the C
library's headers are generated from them: a guest C program sees the
values and the struct stat layout the kernel uses."""

from minikern import build
from minikern.sys import stat as abi_stat

HEADERS = ["fcntl.h", "poll.h", "signal.h", "stddef.h", "stdio.h", "sys/ioctl.h", "sys/reboot.h",
           "sys/mman.h", "sys/stat.h", "sys/wait.h", "termios.h", "time.h"]


def python_values():
    """name -> value for every number a generated header defines, and the
    offset of each field of struct stat."""
    values = {}
    for module in build.ABI_HEADERS.values():
        for _, names in module.C_DEFINES:
            values.update((name, getattr(module, name)) for name in names.split())
    values.update((f"offsetof(struct stat, {name})", offset)
                  for name, offset in abi_stat.STAT_OFFSETS.items())
    values["sizeof(struct stat)"] = abi_stat.STAT_SIZE
    return values


def test_a_guest_program_sees_the_kernels_numbers(run_guest, tmp_path):
    values = python_values()
    source = tmp_path / "abivalues.c"
    source.write_text("".join(f"#include <{h}>\n" for h in HEADERS)
                      + "int main(void)\n{\n"
                      + "".join(f'\tprintf("%s=%lld\\n", "{expr}", (long long)({expr}));\n'
                                for expr in values)
                      + "\treturn 0;\n}\n")
    r = run_guest([str(source)])
    assert r.status == 0, r.text
    seen = dict(line.split("=") for line in r.text.splitlines())
    assert {name: int(v) for name, v in seen.items()} == values


def test_each_header_is_made_from_its_module():
    text = build.abi_header("sys/fcntl_values.h", build.abi_fcntl)
    assert text.startswith("/* Generated from minikern/sys/fcntl.py; do not edit. */\n"
                           "#ifndef _SYS_FCNTL_VALUES_H_\n")
    assert "#define O_CREAT\t0x0200\n" in text and "#define F_SETFL\t4\n" in text
    stat_text = build.abi_header("sys/stat_values.h", abi_stat)
    assert "#define S_IFDIR\t0040000\n" in stat_text
    assert "struct stat {\n\tmode_t\tst_mode;" in stat_text


def test_public_headers_define_none_of_the_numbers_themselves():
    """A number kept in a hand-written header too could drift from the
    kernel's; each is defined only in a generated header."""
    names = {name for module in build.ABI_HEADERS.values()
             for _, group in module.C_DEFINES for name in group.split()}
    for header in (build.LIBC / "include").rglob("*.h"):
        for line in header.read_text().splitlines():
            words = line.split()
            if len(words) >= 2 and words[0] == "#define":
                assert words[1] not in names, f"{header.name}: {line}"
