"""The userland build: the ELF files it makes, the files it generates
from the kernel's tables, its errors, and its cache."""

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from elftools.elf.elffile import ELFFile

from minikern import build
from minikern.sys import errno as kern_errno
from minikern.kern import syscalls

PAGE = 4096
PF_X, PF_W, PF_R = 1, 2, 4
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def root():
    return build.ensure_userland(progress=False)


def programs(root):
    found = sorted(p for p in root.rglob("*") if p.is_file() and
                   p.read_bytes()[:4] == b"\x7fELF")
    assert found, "the build made no programs"
    return found


def load_segments(path):
    with open(path, "rb") as f:
        elf = ELFFile(f)
        header = elf.header
        segments = [seg.header for seg in elf.iter_segments()]
    return header, segments


def test_tree_has_the_programs(root):
    for name in ["bin/hello", "bin/echo", "usr/tests/libctest",
                 "usr/tests/printftest"]:
        assert (root / name).is_file(), name


def test_programs_are_static_elf64_x86_64(root):
    for path in programs(root):
        header, segments = load_segments(path)
        assert header.e_ident.EI_CLASS == "ELFCLASS64", path
        assert header.e_machine == "EM_X86_64", path
        assert header.e_type == "ET_EXEC", path
        kinds = {seg.p_type for seg in segments}
        assert not kinds & {"PT_INTERP", "PT_DYNAMIC"}, path


def test_segments_are_page_aligned_and_do_not_share_pages(root):
    for path in programs(root):
        _, segments = load_segments(path)
        loads = sorted((s for s in segments if s.p_type == "PT_LOAD"),
                       key=lambda s: s.p_vaddr)
        for seg in loads:
            assert seg.p_offset % PAGE == seg.p_vaddr % PAGE == 0, path
        for before, after in zip(loads, loads[1:]):
            last_page = (before.p_vaddr + before.p_memsz - 1) // PAGE
            assert last_page < after.p_vaddr // PAGE, path
            last_file_page = (before.p_offset + before.p_filesz - 1) // PAGE
            assert last_file_page < after.p_offset // PAGE or after.p_filesz == 0, path


def _has_constants(path):
    """Whether the program has read-only data (/bin/true has none)."""
    with open(path, "rb") as f:
        section = ELFFile(f).get_section_by_name(".rodata")
        return section is not None and section.data_size > 0


def test_segment_permissions(root):
    for path in programs(root):
        header, segments = load_segments(path)
        loads = [s for s in segments if s.p_type == "PT_LOAD"]
        text = loads[0]
        assert text.p_vaddr == 0x400000, path
        assert text.p_flags == PF_R | PF_X, path
        assert text.p_vaddr <= header.e_entry < text.p_vaddr + text.p_memsz, path
        if _has_constants(path):                                    # rodata
            assert any(s.p_flags == PF_R for s in loads), path
        assert any(s.p_flags == PF_R | PF_W for s in loads), path  # data, bss
        for seg in loads:
            assert not (seg.p_flags & PF_W and seg.p_flags & PF_X), path


def test_no_avx_instructions(root):
    """The emulated cores have no AVX: -mcpu=baseline must hold.  The
    text segment is disassembled with capstone (isa.asm)."""
    import io
    from elftools.elf.elffile import ELFFile
    from isa.asm import disassemble
    elf = ELFFile(io.BytesIO((root / "usr/tests/printftest").read_bytes()))
    operands = []
    for section in elf.iter_sections():
        if section["sh_flags"] & 0x4 and section["sh_size"]:   # SHF_EXECINSTR
            operands += [op for _, _, _, op in
                         disassemble(section.data(), section["sh_addr"])]
    operands = " ".join(operands)
    assert "xmm" in operands                    # SSE is used: the check sees it
    assert "ymm" not in operands and "zmm" not in operands


def test_generated_syscall_header_matches_the_table(root):
    include = build.libc_include_dirs()[0]
    assert (include / "sys" / "syscall.h").read_text() == syscalls.syscall_header()


def test_a_stub_for_each_implemented_call():
    text = build.syscall_stubs_source()
    for entry in syscalls.syscall_table():
        name = entry.stub
        assert (f"\n{name}:\n" in text) == entry.implemented, name
        if entry.implemented:
            assert f"{name}:\n\tmov ${entry.number}, %eax\n" in text
    assert "\n_exit:\n" in text and "\nexit:\n" not in text


def test_stubs_follow_the_table_as_calls_become_implemented():
    table = syscalls.parse_master(
        "5\tSTD\t\t{ int sys_open(const char *path, int flags, mode_t mode); }\n"
        "6\tUNIMPL NOLOCK\t{ int sys_close(int fd); }\n")
    text = build.syscall_stubs_source(table)
    assert "\nopen:\n\tmov $5, %eax\n\tmov %rcx, %r10\n\tsyscall\n\tjc __cerror\n" in text
    assert "close" not in text


def test_errno_values_come_from_the_kernel_table(root):
    include = build.libc_include_dirs()[0]
    header = (include / "sys" / "errno_values.h").read_text()
    defined = dict(re.findall(r"#define (E\w+)\t(\d+)", header))
    for number, name, _ in kern_errno.ERRNO_TABLE:
        assert defined[name] == str(number)
    messages = build.errno_messages_source()
    for number, _, message in kern_errno.ERRNO_TABLE:
        assert f'[{number}] = "{message}",' in messages


def test_syntax_error_is_a_one_line_build_error(tmp_path):
    source = tmp_path / "broken.c"
    source.write_text('#include <stdio.h>\n\nint main(void) {\n'
                      '\tprintf("no semicolon")\n\treturn 0;\n}\n')
    with pytest.raises(build.BuildError) as caught:
        build.compile_program([source], tmp_path / "broken")
    message = str(caught.value)
    assert "\n" not in message
    assert re.match(r"broken\.c:4: error: ", message), message
    assert "broken.c" in caught.value.output and len(caught.value.output) > len(message)
    assert not (tmp_path / "broken").exists()


def test_undefined_function_names_the_caller(tmp_path):
    source = tmp_path / "lonely.c"
    source.write_text("int missing(void);\nint main(void) { return missing(); }\n")
    with pytest.raises(build.BuildError, match=r"^lonely\.c:2: error: undefined symbol: missing$"):
        build.compile_program([source], tmp_path / "lonely")


def test_compile_program_links_against_libc(tmp_path):
    source = tmp_path / "mine.c"
    source.write_text('#include <stdio.h>\n#include <stdlib.h>\n'
                      'int main(void) { char *p = malloc(8); printf("%p\\n", p); return 0; }\n')
    build.compile_program([source], tmp_path / "mine")
    header, _ = load_segments(tmp_path / "mine")
    assert header.e_type == "ET_EXEC"


def test_cc_command_honours_MINIKERN_CC(monkeypatch):
    monkeypatch.setenv("MINIKERN_CC", "my-cc --flag 'two words'")
    assert build.cc_command() == ["my-cc", "--flag", "two words"]
    monkeypatch.delenv("MINIKERN_CC")
    # Not $CC: under make CC="minikern cc" it names minikern cc itself.
    monkeypatch.setenv("CC", "minikern cc")
    assert build.cc_command()[-3:] == ["-m", "ziglang", "cc"]


def test_second_build_is_fast_and_silent(root, capfd):
    started = time.monotonic()
    again = build.ensure_userland()
    elapsed = time.monotonic() - started
    assert again == root
    assert capfd.readouterr().err == ""
    assert elapsed < 1.0


# --- the cache, on a private copy of userland/ -------------------------------

@pytest.fixture
def private_userland(tmp_path, monkeypatch):
    """A copy of userland/ and an empty cache, so a test may change both."""
    copy = tmp_path / "userland"
    shutil.copytree(build.USERLAND, copy,
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(build, "USERLAND", copy)
    monkeypatch.setattr(build, "LIBC", copy / "libc")
    monkeypatch.setattr(build, "LINKER_SCRIPT", copy / "lib" / "guest.ld")
    monkeypatch.setenv("MINIKERN_CACHE", str(tmp_path / "cache"))
    return copy


def object_count():
    return len(list((build.cache_dir() / "objects").glob("*.o")))


def test_changes_rebuild_only_what_they_touch(private_userland, capfd):
    first = build.ensure_userland()
    assert "minikern: userland built" in capfd.readouterr().err
    objects = object_count()

    hello = private_userland / "bin" / "hello.c"
    hello.write_text(hello.read_text().replace("hello, world", "hi there"))
    second = build.ensure_userland()
    assert second != first and b"hi there" in (second / "bin/hello").read_bytes()
    assert object_count() == objects            # libc was not compiled again

    string_c = private_userland / "libc" / "string.c"
    string_c.write_text(string_c.read_text() + "\n/* changed */\n")
    build.ensure_userland()
    assert object_count() == objects + 1        # just string.c
    assert "minikern: userland built" in capfd.readouterr().err


def test_layout_finds_new_programs_and_data(private_userland):
    init = private_userland / "sbin" / "init"
    init.mkdir(parents=True)
    (init / "main.c").write_text("int helper(void);\nint main(void) { return helper(); }\n")
    (init / "helper.c").write_text("int helper(void) { return 0; }\n")
    (private_userland / "data" / "etc").mkdir(parents=True, exist_ok=True)   # /etc/rc is there
    (private_userland / "data" / "etc" / "motd").write_text("welcome\n")
    root = build.ensure_userland(progress=False)
    assert (root / "sbin" / "init").read_bytes()[:4] == b"\x7fELF"
    assert (root / "etc" / "motd").read_text() == "welcome\n"


def test_two_builds_at_once(tmp_path):
    env = dict(os.environ, MINIKERN_CACHE=str(tmp_path / "cache"))
    code = "from minikern import build; print(build.ensure_userland(progress=False))"
    runs = [subprocess.Popen([sys.executable, "-c", code], env=env, cwd=REPO,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    results = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], results
    roots = {out.strip() for out, _ in results}
    assert len(roots) == 1
    assert (Path(roots.pop()) / "bin" / "hello").is_file()
    leftovers = [p.name for p in (tmp_path / "cache").iterdir()
                 if not re.match(r"(objects|include-\w+|userland-\w+)$", p.name)]
    assert leftovers == []
