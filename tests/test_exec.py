"""Hostile executables: broken ELF files made from a valid program, by
hand (one per defect exec must catch) and by seeded random mutation of
its headers.  Each must be refused (ENOEXEC, or ENOMEM for an image too
large) both through Machine.spawn and through execve from a guest, with
no Python exception escaping and nothing leaked; a mutant exec accepts
must run or die like any program.  Also: a Linux binary is refused with
a one-line message, and bss costs nothing until it is touched."""

import random
import struct
import subprocess
import sys
import tracemalloc

import pytest

from minikern.sys.errno import Errno, ENOEXEC, ENOMEM
from minikern.kern.kern_exec import SIGCODE_VA, read_elf
from minikern.kern.kern_sig import prsignal, SIGKILL
from minikern.programs import find_program
from minikern.uvm.uvm_check import uvm_check
from minikern.sys.resource import RLIM_INFINITY

from conftest import boot, TEST_ENV

HEADER_FIELDS = ["e_ident", "e_type", "e_machine", "e_version", "e_entry", "e_phoff",
                 "e_shoff", "e_flags", "e_ehsize", "e_phentsize", "e_phnum",
                 "e_shentsize", "e_shnum", "e_shstrndx"]
HEADER_FORMAT = "<16sHHIQQQIHHHHHH"
PHDR_FIELDS = ["p_type", "p_flags", "p_offset", "p_vaddr", "p_paddr", "p_filesz",
               "p_memsz", "p_align"]
PHDR_FORMAT = "<IIQQQQQQ"
PT_LOAD, PT_INTERP, PT_NOTE = 1, 3, 4
KERNEL_HALF = 0xFFFF_8000_0000_0000
RUN_CYCLES = 50_000_000     # how long accepted mutants may run


class Elf:
    """A program's bytes with its header and program headers editable."""

    def __init__(self, image):
        self.image = bytearray(image)

    def header(self):
        return dict(zip(HEADER_FIELDS, struct.unpack_from(HEADER_FORMAT, self.image)))

    def set(self, **fields):
        values = self.header() | fields
        struct.pack_into(HEADER_FORMAT, self.image, 0, *(values[f] for f in HEADER_FIELDS))
        return self

    def phdr_at(self, i):
        return self.header()["e_phoff"] + i * struct.calcsize(PHDR_FORMAT)

    def phdrs(self):
        return [dict(zip(PHDR_FIELDS, struct.unpack_from(PHDR_FORMAT, self.image,
                                                         self.phdr_at(i))))
                for i in range(self.header()["e_phnum"])]

    def index(self, p_type, nth=0):
        return [i for i, h in enumerate(self.phdrs()) if h["p_type"] == p_type][nth]

    def set_phdr(self, i, **fields):
        values = self.phdrs()[i] | fields
        struct.pack_into(PHDR_FORMAT, self.image, self.phdr_at(i),
                         *(values[f] for f in PHDR_FIELDS))
        return self

    def load(self, nth):
        return self.phdrs()[self.index(PT_LOAD, nth)]

    def bytes(self):
        return bytes(self.image)


def _targeted(valid):
    """name -> (broken image, the errno exec must give)."""
    e = lambda: Elf(valid)     # noqa: E731  a fresh copy to break
    text, rodata, data = (e().load(n) for n in range(3))
    note_at = e().phdrs()[e().index(PT_NOTE)]["p_offset"]
    cases = {
        "empty": b"",
        "magic-only": valid[:4],
        "truncated-header": valid[:40],
        "class32": e().set(e_ident=valid[:4] + b"\x01" + valid[5:16]).bytes(),
        "big-endian": e().set(e_ident=valid[:5] + b"\x02" + valid[6:16]).bytes(),
        "bad-version": e().set(e_version=7).bytes(),
        "aarch64": e().set(e_machine=183).bytes(),
        "shared-object": e().set(e_type=3).bytes(),
        "relocatable": e().set(e_type=1).bytes(),
        "phentsize": e().set(e_phentsize=32).bytes(),
        "no-phdrs": e().set(e_phnum=0).bytes(),
        "many-phdrs": e().set(e_phnum=0xFFFF).bytes(),
        "huge-phoff": e().set(e_phoff=1 << 63).bytes(),
        "phoff-past-end": e().set(e_phoff=len(valid) - 8).bytes(),
        "truncated-segment": valid[:text["p_filesz"] - 1],
        "huge-p_offset": e().set_phdr(e().index(PT_LOAD), p_offset=(1 << 64) - 4096).bytes(),
        "huge-p_filesz": e().set_phdr(e().index(PT_LOAD), p_filesz=(1 << 64) - 1,
                                      p_memsz=(1 << 64) - 1).bytes(),
        "filesz-over-memsz": e().set_phdr(e().index(PT_LOAD, 2),
                                          p_filesz=data["p_memsz"] + 1).bytes(),
        "page-zero": e().set_phdr(e().index(PT_LOAD, 1), p_vaddr=0).bytes(),
        "kernel-half": e().set_phdr(e().index(PT_LOAD, 1), p_vaddr=KERNEL_HALF).bytes(),
        "past-user-space": e().set_phdr(e().index(PT_LOAD, 2), p_vaddr=1 << 47).bytes(),
        "on-sigcode": e().set_phdr(e().index(PT_LOAD, 2), p_vaddr=SIGCODE_VA,
                                   p_offset=data["p_offset"]).bytes(),
        "over-the-stack": e().set_phdr(e().index(PT_LOAD, 2), p_vaddr=SIGCODE_VA - 4096,
                                       p_memsz=3 * 4096).bytes(),
        "huge-memsz": e().set_phdr(e().index(PT_LOAD, 2), p_memsz=(1 << 64) - 4096).bytes(),
        "overlapping": e().set_phdr(e().index(PT_LOAD, 1), p_vaddr=text["p_vaddr"]).bytes(),
        "overlap-by-one": e().set_phdr(e().index(PT_LOAD, 0), p_memsz=rodata["p_vaddr"]
                                       - text["p_vaddr"] + 1).bytes(),
        "entry-in-rodata": e().set(e_entry=rodata["p_vaddr"]).bytes(),
        "entry-zero": e().set(e_entry=0).bytes(),
        "entry-unmapped": e().set(e_entry=0x7000_0000).bytes(),
        "interpreter": e().set_phdr(e().index(PT_NOTE), p_type=PT_INTERP).bytes(),
        "no-loads": _no_loads(e()),
        "no-note": e().set_phdr(e().index(PT_NOTE), p_type=6).bytes(),
        "foreign-note": _patched(valid, note_at + 12, b"OpenBSD\0"),
        "huge-namesz": _patched(valid, note_at, struct.pack("<I", 0xFFFF_FFF0)),
    }
    return {name: (image, ENOEXEC) for name, image in cases.items()}


def _no_loads(elf):
    for i, h in enumerate(elf.phdrs()):
        if h["p_type"] == PT_LOAD:
            elf.set_phdr(i, p_type=6)       # PT_PHDR: nothing to load
    return elf.bytes()


def _patched(image, offset, data):
    image = bytearray(image)
    image[offset:offset + len(data)] = data
    return bytes(image)


INTERESTING = [0, 1, 7, 0x1000, 0xFFF, 0x400000, 0x7FFF_FFFF, 1 << 31, 1 << 32,
               SIGCODE_VA, KERNEL_HALF, 1 << 63, (1 << 64) - 1]


def _mutants(valid, count, seed):
    """count copies of valid, each with a few header or program header
    fields (or bytes) replaced by random or boundary values.  The program
    headers are found where valid has them (a mutant's e_phoff may lie)."""
    rng = random.Random(seed)
    phnum = Elf(valid).header()["e_phnum"]
    headers_end = Elf(valid).phdr_at(phnum)
    for _ in range(count):
        elf = Elf(valid)
        for _ in range(rng.randint(1, 3)):
            if rng.random() < 0.3:
                field = rng.choice(HEADER_FIELDS[1:])
                elf.set(**{field: _value(rng, field, HEADER_FORMAT, HEADER_FIELDS)})
            elif rng.random() < 0.8:
                at = Elf(valid).phdr_at(rng.randrange(phnum))
                field = rng.choice(PHDR_FIELDS)
                offset = struct.calcsize(PHDR_FORMAT[:PHDR_FIELDS.index(field) + 1])
                size = struct.calcsize("<" + PHDR_FORMAT[PHDR_FIELDS.index(field) + 1])
                value = _value(rng, field, PHDR_FORMAT, PHDR_FIELDS)
                elf.image[at + offset:at + offset + size] = value.to_bytes(size, "little")
            else:
                elf.image[rng.randrange(headers_end)] = rng.randrange(256)
        yield elf.bytes()


def _value(rng, field, fmt, fields):
    code = fmt[1:].replace("16s", "s")[fields.index(field)]
    bits = {"H": 16, "I": 32, "Q": 64}[code]
    value = rng.choice(INTERESTING) if rng.random() < 0.7 else rng.getrandbits(bits)
    return value & ((1 << bits) - 1)


@pytest.fixture
def valid(rootfs):
    """/bin/hello without its debugging sections (they follow the loaded
    bytes; exec never reads section headers): 17K instead of 400K."""
    elf = Elf((rootfs / "bin/hello").read_bytes())
    loads = [h for h in elf.phdrs() if h["p_type"] == PT_LOAD]
    end = max(h["p_offset"] + h["p_filesz"] for h in loads)
    return elf.set(e_shoff=0, e_shnum=0, e_shstrndx=0).bytes()[:end]


@pytest.fixture
def machine():
    m, out, messages = boot(memory=32 << 20)
    m.out, m.messages = out, messages
    yield m
    m.close()


def _spawn_errno(machine, image):
    """Machine.spawn's verdict: the errno, or the new process."""
    try:
        return machine.spawn(image, ["broken"])
    except Errno as e:
        return e.errno


def _guest_execve_errnos(machine, rootfs, images):
    """Put images into /bad and have a guest execve each: name -> errno."""
    kernel = machine.kernel
    bad = kernel.rootvnode.mkdir(b"bad", 0o755)
    for name, image in images.items():
        bad.create(name.encode(), 0o755).write(0, image)
    program, argv0 = find_program("/usr/tests/edgetest", rootfs)
    paths = [f"/bad/{name}" for name in images]
    start = len(machine.out)
    status = machine.run_image(program, [argv0, "exec"] + paths, TEST_ENV)
    output = machine.out[start:].decode(errors="replace")
    assert status == 0, output
    found = dict(line.split() for line in output.splitlines())
    return {path.removeprefix("/bad/"): int(e) for path, e in found.items()}


def test_each_targeted_defect_is_refused_by_spawn_and_by_execve(machine, rootfs, valid):
    cases = _targeted(valid)
    for name, (image, errno) in cases.items():
        assert _spawn_errno(machine, image) == errno, name
    guest = _guest_execve_errnos(machine, rootfs, {n: i for n, (i, _) in cases.items()})
    assert guest == {name: errno for name, (_, errno) in cases.items()}
    assert machine.messages == []
    assert uvm_check(machine.kernel) == []


def test_the_targeted_cases_start_from_a_valid_program(valid):
    read_elf(valid)
    assert read_elf(Elf(valid).set(e_shoff=(1 << 64) - 1).bytes())   # unused: fine


def test_random_mutants_are_refused_or_run_and_nothing_escapes(machine, rootfs, valid):
    """Two hundred mutants: exec refuses each with ENOEXEC or ENOMEM, or
    accepts it; the accepted ones run for a while (most crash, some print)
    and the survivors are killed.  Whatever exec refused, a guest's execve
    refuses with the same errno."""
    refused, accepted = {}, []
    for n, image in enumerate(_mutants(valid, 200, seed=17)):
        verdict = _spawn_errno(machine, image)
        if isinstance(verdict, int):
            assert verdict in (ENOEXEC, ENOMEM), n
            refused[f"m{n}"] = (image, verdict)
        else:
            accepted.append(verdict)
    assert len(refused) > 100 and accepted        # the mutations bite, not always
    kernel = machine.kernel
    cpus = kernel.sched.cpus
    machine.run(until=lambda: all(p.ps_xstat is not None for p in accepted)
                or max(ci.clock for ci in cpus) > RUN_CYCLES)
    for p in accepted:
        if p.ps_xstat is None:
            prsignal(p, SIGKILL)
    machine.run(until=lambda: all(p.ps_xstat is not None for p in accepted))
    for p in accepted:
        kernel.reap(p)
    guest = _guest_execve_errnos(machine, rootfs, {n: i for n, (i, _) in refused.items()})
    assert guest == {name: errno for name, (_, errno) in refused.items()}
    assert uvm_check(kernel) == []


def test_a_huge_bss_costs_nothing_until_touched(machine, rootfs, valid):
    """8 GiB of bss, by spawn (copied) and by execve (mapped from the
    file): exec allocates next to nothing (it once made a Python object
    per page) and the program runs at once."""
    elf = Elf(valid)
    big = elf.set_phdr(elf.index(PT_LOAD, 2), p_memsz=8 << 30).bytes()
    kernel = machine.kernel
    kernel.dfldsiz = RLIM_INFINITY      # data past the memory is refused by default
    tracemalloc.start()
    try:
        p = machine.spawn(big, ["hello"])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 << 20
    machine.run(until=lambda: p.ps_xstat is not None)
    assert p.ps_xstat == 0
    kernel.reap(p)
    kernel.rootvnode.create(b"bighello", 0o755).write(0, big)
    program, argv0 = find_program("/usr/tests/edgetest", rootfs)
    status = machine.run_image(program, [argv0, "exec", "/bighello"], TEST_ENV)
    assert status == 0
    assert machine.out == 2 * b"hello, world\n"
    assert uvm_check(kernel) == []


def test_a_linux_binary_is_refused_with_one_line(rootfs, tmp_path):
    source = tmp_path / "hello.c"
    source.write_text('#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n')
    binary = tmp_path / "linuxhello"
    subprocess.run([sys.executable, "-m", "ziglang", "cc", "-target", "x86_64-linux-musl",
                    "-static", "-o", str(binary), str(source)], check=True, timeout=300)
    run = subprocess.run([sys.executable, "-m", "minikern", "run", str(binary)],
                         capture_output=True, timeout=120)
    assert run.stdout == b""
    assert run.stderr.decode() == \
        f"minikern: exec: {binary}: not a minikern executable (Linux ELF)\n"
    assert run.returncode == 126
