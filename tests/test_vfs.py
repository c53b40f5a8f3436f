"""The file system: /usr/tests/fstest checks the system calls from the
inside; here we check the layers under them (namei, tmpfs, the host
tree loader, descriptor tables) and what only the outside can see: the
struct layouts, running out of memory, and every page coming back."""

import re
from types import SimpleNamespace

import pytest

from minikern.sys.errno import (Errno, ENOENT, ENOTDIR, ENAMETOOLONG, EACCES,
                                 EISDIR, ENOTEMPTY, EINVAL, ENOSPC, EEXIST)
from minikern.kern.kern_descrip import File, Filedesc, FREAD
from minikern.kern.vfs_lookup import namei, namei_parent
from minikern.kern.vfs_syscalls import dirent_record
from minikern.kern.vfs_vnode import VDIR, VREG, VCHR
from minikern.kern.vfs_vnops import vn_exec_check, vn_read_all

from conftest import boot, checks_passed

FSTEST = "/usr/tests/fstest"
PAGE = 4096


@pytest.fixture
def machines():
    made = []

    def make(**kw):
        machine, _, _ = boot(**kw)
        made.append(machine)
        return machine
    yield make
    for machine in made:
        machine.close()


def proc_on(kernel):
    """Just what namei and the vnode code read from a thread and its process."""
    process = SimpleNamespace(ps_cwd=kernel.rootvnode, ps_umask=0o022)
    return SimpleNamespace(kernel=kernel, p_p=process)


def active_pages(machine):
    return machine.kernel.pages.uvmexp.active


# -- the guest's own checks --------------------------------------------------

def test_fstest_passes_every_check_and_gives_back_every_page(run_guest):
    result = run_guest([FSTEST])
    lines = result.text.splitlines()
    assert checks_passed(result.text) == len(lines) - 1      # a line per check
    assert result.status == 0 and result.messages == []
    # fstest removed all it made (4 MB among it): nothing is left
    # allocated, in the file system or anywhere else.
    assert result.machine.kernel.rootmount.resident_pages() == 0
    assert active_pages(result.machine) == 0


def test_struct_layouts_match_openbsd_amd64(run_guest):
    lines = run_guest([FSTEST, "layout"]).text.splitlines()
    assert lines == [
        "stat 128 mode 0 dev 4 ino 8 nlink 16 uid 20 gid 24 rdev 28 atim 32 "
        "mtim 48 ctim 64 size 80 blocks 88 blksize 96 flags 100 gen 104 "
        "birthtim 112",
        "dirent fileno 0 off 8 reclen 16 type 18 namlen 19 name 24"]


def test_a_full_file_system_is_enospc_and_unlink_gives_it_back(run_guest):
    result = run_guest([FSTEST, "fill"], memory=8 << 20)
    filled, unlinked, again = result.text.splitlines()
    m = re.fullmatch(r"filled (\d+) bytes, then errno (\d+)", filled)
    assert int(m[2]) == ENOSPC
    # The files may hold half of memory; the programs read in count too.
    assert 3 << 20 < int(m[1]) <= 4 << 20
    assert (unlinked, again) == ("unlink 0", "write again 65536")
    assert result.status == 0 and result.messages == []
    assert active_pages(result.machine) == 0


def test_a_kept_file_holds_its_pages_until_it_is_removed(run_guest):
    result = run_guest([FSTEST, "keep"])
    kernel = result.machine.kernel
    assert result.status == 0
    assert kernel.rootmount.resident_pages() == 3
    assert active_pages(result.machine) == 3    # those pages and no others
    kernel.rootvnode.remove(b"kept")
    assert active_pages(result.machine) == 0


# -- namei ---------------------------------------------------------------

def test_an_empty_root_still_has_the_devices(machines):
    kernel = machines().kernel
    p = proc_on(kernel)
    assert sorted(kernel.rootvnode.entries) == [b"dev"]
    console, null = namei(p, b"/dev/console"), namei(p, b"/dev//null")
    assert (console.type, null.type) == (VCHR, VCHR)
    assert null.rdev == (2 << 8) | 2 and console.rdev == 0


def test_namei_walks_dot_dot_and_relative_paths(machines):
    kernel = machines().kernel
    p = proc_on(kernel)
    dev = namei(p, b"/dev")
    assert namei(p, b"/..") is kernel.rootvnode
    assert namei(p, b"/dev/../dev/./") is dev
    p.p_p.ps_cwd = dev
    assert namei(p, b"zero") is namei(p, b"/dev/zero")
    assert namei(p, b"..") is kernel.rootvnode


@pytest.mark.parametrize("path, errno", [
    (b"", ENOENT),
    (b"/nothing", ENOENT),
    (b"/dev/null/x", ENOTDIR),
    (b"/dev/null/", ENOTDIR),
    (b"/" + b"n" * 256, ENAMETOOLONG),
    (b"/a" * 512, ENAMETOOLONG),
])
def test_namei_errors(machines, path, errno):
    with pytest.raises(Errno) as e:
        namei(proc_on(machines().kernel), path)
    assert e.value.errno == errno


def test_namei_parent_gives_the_directory_and_the_last_name(machines):
    kernel = machines().kernel
    p = proc_on(kernel)
    assert namei_parent(p, b"/dev/new") == (namei(p, b"/dev"), b"new")
    assert namei_parent(p, b"/") == (kernel.rootvnode, b".")
    with pytest.raises(Errno) as e:
        namei_parent(p, b"/dev/null/new")
    assert e.value.errno == ENOTDIR


# -- tmpfs -----------------------------------------------------------------

def test_file_pages_are_guest_memory_and_holes_hold_none(machines):
    machine = machines()
    root = machine.kernel.rootvnode
    vp = root.create(b"f", 0o644)
    assert vp.write(10 * PAGE + 5, b"tail") == 4
    assert vp.size == 10 * PAGE + 9 and vp.resident_pages() == 1
    assert vp.read(10 * PAGE, 9) == bytes(5) + b"tail"
    assert vp.read(vp.size, 10) == b""
    vp.setsize(3)
    assert vp.resident_pages() == 0 and active_pages(machine) == 0


def test_unlink_frees_pages_only_when_the_last_user_lets_go(machines):
    machine = machines()
    root = machine.kernel.rootvnode
    vp = root.create(b"open", 0o644)
    vp.write(0, b"x" * (2 * PAGE))
    vp.vref()                           # as an open file does
    root.remove(b"open")
    assert vp.nlink == 0 and active_pages(machine) == 2
    assert vp.read(0, 3) == b"xxx"
    vp.vrele()
    assert active_pages(machine) == 0


def test_rename_replaces_and_moves(machines):
    root = machines().kernel.rootvnode
    a, b = root.create(b"a", 0o644), root.create(b"b", 0o644)
    b.write(0, b"old")
    d = root.mkdir(b"d", 0o755)
    root.rename(b"a", root, b"b")
    assert root.lookup(b"b") is a and b.nlink == 0 and b.reclaimed
    root.rename(b"d", root, b"e")
    sub = root.lookup(b"e").mkdir(b"sub", 0o755)
    with pytest.raises(Errno) as e:
        root.rename(b"e", sub, b"x")
    assert e.value.errno == EINVAL      # into itself
    sub.create(b"f", 0o644)
    root.mkdir(b"full", 0o755).create(b"g", 0o644)
    for args, errno in [((b"e", root, b"b"), ENOTDIR), ((b"b", root, b"e"), EISDIR),
                        ((b"e", root, b"full"), ENOTEMPTY)]:
        with pytest.raises(Errno) as e:
            root.rename(*args)
        assert e.value.errno == errno
    assert d.nlink == 3 and d.parent is root


def test_readdir_goes_on_at_the_right_entry_after_removals(machines):
    root = machines().kernel.rootvnode
    d = root.mkdir(b"d", 0o755)
    for name in (b"one", b"two", b"three", b"four"):
        d.create(name, 0o644)
    first = list(d.readdir(0))[:3]      # ., .., one
    d.remove(b"one")
    d.remove(b"two")
    rest = [name for _, name, _ in d.readdir(first[-1][0] + 1)]
    assert [n for _, n, _ in first] == [b".", b"..", b"one"]
    assert rest == [b"three", b"four"]


def test_dirent_records_are_padded_to_eight():
    rec = dirent_record(7, 3, 8, b"abc")
    assert len(rec) == 32 and rec[24:28] == b"abc\0"
    assert len(dirent_record(7, 3, 8, b"x" * 7)) == 32
    assert len(dirent_record(7, 3, 8, b"x" * 8)) == 40


def _write_until_enospc(root):
    vp = root.create(b"big", 0o644)
    chunk = b"z" * (64 * PAGE + 100)
    written = 0
    with pytest.raises(Errno) as e:
        while True:
            written += vp.write(written, chunk)
    assert e.value.errno == ENOSPC
    assert written == vp.size == vp.resident_pages() * PAGE
    return vp


def test_a_write_past_the_size_limit_is_short_then_enospc(machines):
    machine = machines(memory=4 << 20)
    mount = machine.kernel.rootmount
    assert mount.quota.limit == 512                 # half of memory
    vp = _write_until_enospc(machine.kernel.rootvnode)
    assert vp.resident_pages() == mount.quota.used == 512
    machine.kernel.rootvnode.remove(b"big")
    assert active_pages(machine) == 0 and mount.quota.used == 0


def test_a_write_out_of_memory_is_short_then_enospc(machines):
    machine = machines(memory=4 << 20)
    machine.kernel.rootmount.quota.limit = 1 << 20  # no limit but memory
    _write_until_enospc(machine.kernel.rootvnode)
    assert machine.kernel.pages.free == 0
    machine.kernel.rootvnode.remove(b"big")
    assert active_pages(machine) == 0


def test_creating_an_existing_name_is_eexist(machines):
    root = machines().kernel.rootvnode
    root.create(b"x", 0o644)
    for make in (lambda: root.create(b"x", 0o644), lambda: root.mkdir(b"x", 0o755),
                 lambda: root.mkdir(b"..", 0o755)):
        with pytest.raises(Errno) as e:
            make()
        assert e.value.errno == EEXIST


# -- the host tree ---------------------------------------------------------

def test_the_host_tree_is_loaded_lazily(rootfs, machines):
    machine = machines(rootfs=rootfs)
    p = proc_on(machine.kernel)
    host = rootfs / "usr/tests/fstest"
    vp = namei(p, b"/usr/tests/fstest")
    assert vp.type == VREG and vp.size == host.stat().st_size
    assert vp.mode == host.stat().st_mode & 0o7777
    assert namei(p, b"/usr/tests").type == VDIR
    assert active_pages(machine) == 0           # nothing read yet
    assert vn_read_all(vp) == host.read_bytes()
    assert vp.resident_pages() == -(-vp.size // PAGE)
    assert active_pages(machine) == vp.resident_pages()


def test_host_files_are_never_written_back(rootfs, machines):
    host = rootfs / "bin/hello"
    before = host.read_bytes()
    machine = machines(rootfs=rootfs)
    vp = namei(proc_on(machine.kernel), b"/bin/hello")
    vp.write(0, b"XXXX")
    vp.setsize(10)
    vp.setsize(2 * PAGE)            # grows again: the old bytes stay gone
    assert vp.read(0, 12) == b"XXXX" + before[4:10] + bytes(2)
    assert vp.read(PAGE, PAGE) == bytes(PAGE)
    assert host.read_bytes() == before
    assert namei(proc_on(machines(rootfs=rootfs).kernel), b"/bin/hello").read(0, 4) \
        == before[:4]


def test_exec_needs_a_regular_file_with_an_x_bit(rootfs, machines):
    kernel = machines(rootfs=rootfs).kernel
    p = proc_on(kernel)
    vn_exec_check(namei(p, b"/usr/tests/fstest"))
    plain = kernel.rootvnode.create(b"plain", 0o644)
    for vp in (plain, namei(p, b"/usr"), namei(p, b"/dev/null")):
        with pytest.raises(Errno) as e:
            vn_exec_check(vp)
        assert e.value.errno == EACCES
    with pytest.raises(Errno) as e:
        vn_read_all(namei(p, b"/usr"))
    assert e.value.errno == EISDIR


# -- descriptor tables -----------------------------------------------------

class CountingFile(File):
    def __init__(self):
        super().__init__(FREAD)
        self.closed = 0

    def close(self):
        self.closed += 1


def test_a_copied_table_shares_files_until_both_close():
    table = Filedesc()
    fp = CountingFile()
    table.install(fp, 3)
    child = table.copy()
    assert child.get(3) is fp and fp.refs == 2
    table.close_all()
    assert fp.closed == 0
    child.close_all()
    assert fp.closed == 1


def test_close_on_exec_closes_only_the_marked_descriptors():
    table = Filedesc()
    kept, dropped = CountingFile(), CountingFile()
    table.install(kept, 0)
    table.install(dropped, 5, cloexec=True)
    child = table.copy()
    child.close_on_exec()
    assert child.get(0) is kept and child.get(5) is None
    assert dropped.closed == 0          # the parent still has it
    table.close_on_exec()
    assert dropped.closed == 1 and table.get(5) is None
