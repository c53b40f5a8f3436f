"""The games in /usr/games: banner, fortune and strfile, factor, primes."""

import codecs
import random
import struct
from pathlib import Path

import pytest

from minikern.kern.vfs_vnops import vn_read_all

FORTUNE_DIR = Path(__file__).parent.parent / "userland/data/usr/share/games/fortune"


# --- banner -----------------------------------------------------------------

# "b" at -w 20: two columns a pixel, one line; bottom of the letter on the left.
BANNER_B = """\
      ##############
        ##  ##
      ##      ##
      ##      ##
        ######

"""


def test_banner_draws_a_shapely_lowercase_b(run_guest):
    result = run_guest(["/usr/games/banner", "-w", "20", "b"])
    assert (result.status, result.text) == (0, BANNER_B)


@pytest.mark.parametrize("width", [10, 40, 80, 132])
def test_banner_keeps_to_the_width_and_runs_down_the_page(run_guest, width):
    result = run_guest(["/usr/games/banner", "-w", str(width), "Hi", "there"])
    lines = result.text.splitlines()
    scale = max(1, width // 10 // 2)
    assert len(lines) == len("Hi there") * 6 * scale    # 5 columns and a gap
    assert max(len(line) for line in lines) <= width
    assert all(set(line) <= {" ", "#"} for line in lines)


def test_banner_reads_stdin_without_arguments(run_guest):
    piped = run_guest(["/usr/games/banner"], stdin=b"ok\n").output
    assert piped == run_guest(["/usr/games/banner", "ok"]).output


def test_banner_rejects_a_bad_width(run_guest):
    result = run_guest(["/usr/games/banner", "-w", "3", "x"])
    assert result.status == 1 and b"width" in result.output


# --- strfile and fortune ------------------------------------------------------

def sayings(name):
    text = (FORTUNE_DIR / name).read_text()
    if name.endswith("-o"):
        text = codecs.decode(text, "rot13")
    return [s.lstrip("\n") for s in text.split("%\n") if s.strip()]


@pytest.mark.parametrize("name, flags", [("fortunes", []), ("fortunes-o", ["-x"])])
def test_strfile_makes_the_shipped_index(run_guest, name, flags):
    result = run_guest(["/usr/games/strfile", "-s"] + flags +
                       [f"/usr/share/games/fortune/{name}", "/index.dat"])
    assert result.status == 0
    made = vn_read_all(result.machine.kernel.rootvnode.entries[b"index.dat"].vnode)
    assert made == (FORTUNE_DIR / f"{name}.dat").read_bytes()
    version, count, longest, shortest, flag_bits = struct.unpack(">5L", made[:20])
    lengths = [len(s) for s in sayings(name)]
    assert (version, count, longest, shortest) == (1, len(lengths), max(lengths), min(lengths))
    assert flag_bits == (4 if flags else 0) and made[20:21] == b"%"
    offsets = struct.unpack(f">{count + 1}L", made[24:])
    text = (FORTUNE_DIR / name).read_bytes()
    assert all(text[o - 2:o] == b"%\n" for o in offsets[1:-1])


def test_strfile_reports_what_it_found(run_guest):
    result = run_guest(["/usr/games/strfile", "/usr/share/games/fortune/fortunes", "/x.dat"])
    n = len(sayings("fortunes"))
    assert f"There were {n} strings" in result.text


def test_fortune_prints_one_of_the_sayings_at_random(run_guest):
    known = set(sayings("fortunes"))
    seen = set()
    for seed in range(6):
        result = run_guest(["/usr/games/fortune"], seed=seed)
        assert result.status == 0 and result.text in known
        seen.add(result.text)
    assert len(seen) > 1


def test_fortune_o_decodes_the_offensive_ones(run_guest):
    result = run_guest(["/usr/games/fortune", "-o"])
    assert result.text in sayings("fortunes-o")


def test_fortune_m_prints_every_match_with_its_file(run_guest):
    result = run_guest(["/usr/games/fortune", "-m", "kernel"])
    want = [s for s in sayings("fortunes") if "kernel" in s]
    assert result.text == "".join(f"(fortunes)\n%\n{s}" for s in want)
    folded = run_guest(["/usr/games/fortune", "-i", "-a", "-m", "KERNEL"]).text
    assert folded.count("(fortunes)") == len(
        [s for s in sayings("fortunes") if "kernel" in s.lower()])
    offensive = run_guest(["/usr/games/fortune", "-a", "-m", "compiler"]).text
    assert offensive.startswith("(fortunes-o)\n%\nThe compiler has read your code")
    assert run_guest(["/usr/games/fortune", "-m", "no such words"]).status == 1


# --- factor and primes --------------------------------------------------------

def factorize(n):
    out, p = [], 2
    while p * p <= n:
        while n % p == 0:
            out.append(p)
            n //= p
        p += 1
    return out + ([n] if n > 1 else [])


def test_factor_matches_trial_division(run_guest):
    rng = random.Random(3)
    numbers = [1, 2, 4, 97, 1001, 65536] + [rng.randrange(2, 10**11) for _ in range(40)]
    result = run_guest(["/usr/games/factor"] + [str(n) for n in numbers])
    expected = "".join(f"{n}:{''.join(f' {p}' for p in factorize(n))}\n" for n in numbers)
    assert result.text == expected


def test_factor_splits_large_semiprimes_and_reads_stdin(run_guest):
    cases = {18446744073709551615: [3, 5, 17, 257, 641, 65537, 6700417],
             18446744073709551557: [18446744073709551557],     # the largest 64-bit prime
             18446743979220271189: [4294967279, 4294967291],
             4611686014132420609: [2147483647, 2147483647],
             1000000016000000063: [1000000007, 1000000009]}
    stdin = "".join(f"{n}\n" for n in cases).encode()
    result = run_guest(["/usr/games/factor"], stdin=stdin)
    assert result.text == "".join(f"{n}: {' '.join(map(str, f))}\n" for n, f in cases.items())


def test_factor_rejects_what_is_not_a_number(run_guest):
    result = run_guest(["/usr/games/factor", "12", "abc", "18446744073709551616"])
    assert result.status == 1
    assert result.text.startswith("12: 2 2 3\n")
    assert result.text.count("illegal numeric format") == 2


def primes_between(lo, hi):
    sieve = bytearray([1]) * hi
    sieve[:2] = b"\0\0"
    for p in range(2, int(hi ** 0.5) + 1):
        if sieve[p]:
            sieve[p * p::p] = bytearray(len(sieve[p * p::p]))
    return [p for p in range(lo, hi) if sieve[p]]


@pytest.mark.parametrize("lo, hi", [(0, 2), (0, 1000), (65500, 140000)])
def test_primes_lists_the_primes_in_a_range(run_guest, lo, hi):
    result = run_guest(["/usr/games/primes", str(lo), str(hi)])
    assert result.text.split() == [str(p) for p in primes_between(lo, hi)]


def test_primes_near_the_top_of_its_range(run_guest):
    result = run_guest(["/usr/games/primes", "4294967200", "4294967296"])
    assert result.text.split() == ["4294967231", "4294967279", "4294967291"]
    assert run_guest(["/usr/games/primes", "9", "3"]).status == 1
