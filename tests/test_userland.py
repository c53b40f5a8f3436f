"""libc for real C programs: math, stdio streams, strtod, scanf, setjmp,
the environment, malloc's checks.

The math functions are compared with Python's math module (the host's C
library, correctly rounded or nearly) over many arguments, in units in
the last place (ulp)."""

import decimal
import fractions
import math
import random
import struct

import pytest

from conftest import checks_passed

MATHTEST = "/usr/tests/mathtest"
MAX_ULP = 2


def bits(x):
    return struct.pack(">d", x).hex()


def from_bits(h):
    return struct.unpack(">d", bytes.fromhex(h))[0]


def ulp_distance(a, b):
    """How many doubles lie between a and b (0: the same double)."""
    if math.isnan(a) and math.isnan(b):
        return 0

    def ordered(x):     # the bit patterns as a number line
        n = struct.unpack(">q", struct.pack(">d", x))[0]
        return n if n >= 0 else -(n & 0x7fffffffffffffff)
    return abs(ordered(a) - ordered(b))


def log_uniform(rng, lo_exp, hi_exp, signed=False):
    x = 2.0 ** rng.uniform(lo_exp, hi_exp)
    return -x if signed and rng.random() < 0.5 else x


def round_half_away(x):
    """C's round(): halfway cases away from zero (Python's round() goes
    to even)."""
    return math.copysign(float(decimal.Decimal(x).quantize(
        1, rounding=decimal.ROUND_HALF_UP)), x)


def cases():
    """(name, python function, args) over each function's interesting ranges."""
    rng = random.Random(7)
    out = []

    def add(name, fn, gen, n=250):
        for _ in range(n):
            out.append((name, fn, gen()))

    u = rng.uniform
    add("sqrt", math.sqrt, lambda: (log_uniform(rng, -1070, 1020),))
    add("exp", math.exp, lambda: (u(-745, 709.7),))
    add("exp", math.exp, lambda: (u(-1, 1),), 100)
    add("expm1", math.expm1, lambda: (u(-2, 2),))
    add("log", math.log, lambda: (log_uniform(rng, -1074, 1023),))
    add("log", math.log, lambda: (u(0.5, 2),))
    add("log1p", math.log1p, lambda: (log_uniform(rng, -60, 10),))
    add("log10", math.log10, lambda: (log_uniform(rng, -1074, 1023),))
    add("log2", math.log2, lambda: (log_uniform(rng, -1074, 1023),))
    for name, fn in [("sin", math.sin), ("cos", math.cos), ("tan", math.tan)]:
        add(name, fn, lambda: (u(-7, 7),))
        add(name, fn, lambda: (log_uniform(rng, -30, 20, True),), 150)
        add(name, fn, lambda: (log_uniform(rng, 20, 1023, True),), 150)
    for name, fn in [("asin", math.asin), ("acos", math.acos)]:
        add(name, fn, lambda: (u(-1, 1),))
        add(name, fn, lambda: (1 - log_uniform(rng, -50, -1),), 50)
    add("atan", math.atan, lambda: (log_uniform(rng, -40, 60, True),))
    add("atan2", math.atan2, lambda: (u(-10, 10), u(-10, 10)))
    add("atan2", math.atan2, lambda: (log_uniform(rng, -600, 600, True),
                                      log_uniform(rng, -600, 600, True)), 100)
    for name, fn in [("sinh", math.sinh), ("cosh", math.cosh), ("tanh", math.tanh)]:
        add(name, fn, lambda: (u(-3, 3),))
        add(name, fn, lambda: (u(-710, 710),), 100)
    add("pow", math.pow, lambda: (log_uniform(rng, -20, 20), u(-30, 30)))
    add("pow", math.pow, lambda: (u(0.9, 1.1), u(-5000, 5000)))
    add("pow", math.pow, lambda: (log_uniform(rng, -1000, 1000), u(-1, 1)))
    add("pow", math.pow, lambda: (float(rng.choice([-1, 1]) * rng.randint(1, 20)),
                                  float(rng.randint(-15, 15))))
    add("hypot", math.hypot, lambda: (log_uniform(rng, -500, 500, True),
                                      log_uniform(rng, -500, 500, True)), 100)
    exact = [("floor", math.floor), ("ceil", math.ceil), ("fabs", math.fabs),
             ("round", round_half_away)]
    for name, fn in exact:
        add(name, fn, lambda: (u(-1e6, 1e6),), 100)
        add(name, fn, lambda: (log_uniform(rng, -5, 60, True),), 100)
    add("fmod", math.fmod, lambda: (log_uniform(rng, -100, 900, True),
                                    log_uniform(rng, -100, 100, True)))
    return out


@pytest.fixture(scope="module")
def math_results(rootfs):
    from conftest import boot
    from minikern.kern.proc import status_to_shell
    from minikern.programs import find_program

    todo = cases()
    stdin = "".join(f"{name} {' '.join(bits(a) for a in args)}\n"
                    for name, _, args in todo).encode()
    machine, out, _ = boot(stdin=stdin)
    try:
        image, argv0 = find_program(MATHTEST, rootfs)
        status = machine.run_image(image, [argv0], [])
    finally:
        machine.close()
    assert status_to_shell(status) == 0
    got = [from_bits(line) for line in out.decode().split()]
    assert len(got) == len(todo)
    return [(name, fn, args, result) for (name, fn, args), result in zip(todo, got)]


def expected(fn, args):
    try:
        return float(fn(*args))
    except OverflowError:
        return math.inf
    except ValueError:
        return math.nan


@pytest.mark.parametrize("name", [
    "sqrt", "exp", "expm1", "log", "log1p", "log10", "log2", "sin", "cos",
    "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "pow",
    "hypot", "floor", "ceil", "fabs", "round", "fmod"])
def test_math_function_matches_python_within_ulps(math_results, name):
    exact = name in ("sqrt", "floor", "ceil", "fabs", "round", "fmod")
    worst = []
    for fname, fn, args, got in math_results:
        if fname != name:
            continue
        want = expected(fn, args)
        d = ulp_distance(got, want)
        if d > (0 if exact else MAX_ULP):
            worst.append((d, args, got, want))
    assert not worst, f"{len(worst)} off, e.g. {sorted(worst)[-3:]}"


SPECIAL_CASES = [
    ("pow", (0.0, -1.0), math.inf), ("pow", (-0.0, -3.0), -math.inf),
    ("pow", (-2.0, 3.0), -8.0), ("pow", (-2.0, 0.5), math.nan),
    ("pow", (math.nan, 0.0), 1.0), ("pow", (1.0, math.nan), 1.0),
    ("pow", (-1.0, math.inf), 1.0), ("pow", (0.5, -math.inf), math.inf),
    ("pow", (-math.inf, 3.0), -math.inf), ("pow", (-math.inf, -3.0), -0.0),
    ("pow", (2.0, 1024.0), math.inf), ("pow", (2.0, -1074.0), 5e-324),
    ("pow", (10.0, 22.0), 1e22),
    ("log", (0.0,), -math.inf), ("log", (-1.0,), math.nan),
    ("log10", (1000.0,), 3.0), ("log2", (2.0 ** -1070,), -1070.0),
    ("exp", (710.0,), math.inf), ("exp", (-746.0,), 0.0),
    ("exp", (-740.0,), math.exp(-740.0)),
    ("sin", (-0.0,), -0.0), ("sin", (math.inf,), math.nan),
    ("atan2", (0.0, -0.0), math.pi), ("atan2", (-0.0, -1.0), -math.pi),
    ("atan2", (math.inf, -math.inf), 3 * math.pi / 4),
    ("atan2", (1.0, 0.0), math.pi / 2), ("acos", (2.0,), math.nan),
    ("tanh", (1000.0,), 1.0), ("sinh", (710.0,), math.sinh(710.0)),
    ("floor", (-0.5,), -1.0), ("ceil", (-0.5,), -0.0), ("round", (2.5,), 3.0),
    ("round", (0.49999999999999994,), 0.0), ("fmod", (-7.5, 2.0), -1.5),
    ("fmod", (5e-324, 1.0), 5e-324), ("fmod", (1e308, 3e-308), math.fmod(1e308, 3e-308)),
    ("sqrt", (-1.0,), math.nan), ("sqrt", (-0.0,), -0.0),
    ("sin", (1e300,), math.sin(1e300)), ("cos", (2.0 ** 1023,), math.cos(2.0 ** 1023)),
]


def test_math_special_cases(run_guest):
    stdin = "".join(f"{name} {' '.join(bits(a) for a in args)}\n"
                    for name, args, _ in SPECIAL_CASES).encode()
    result = run_guest([MATHTEST], stdin=stdin)
    got = [from_bits(h) for h in result.output.decode().split()]
    wrong = [(name, args, g, want) for (name, args, want), g in zip(SPECIAL_CASES, got)
             if not (ulp_distance(g, want) <= 1 and (math.isnan(want) or
                     math.copysign(1, g) == math.copysign(1, want)))]
    assert len(got) == len(SPECIAL_CASES)
    assert not wrong


STDIOTEST = "/usr/tests/stdiotest"


def test_stdiotest_passes_every_check(run_guest):
    result = run_guest([STDIOTEST])
    lines = result.text.splitlines()
    assert checks_passed(result.text) == len(lines) - 1      # a line per check
    assert result.status == 0


def strtod_inputs():
    rng = random.Random(11)
    texts = ["0", "-0", "1", "0.1", "1e23", "8.98846567431158e307",
             "1.7976931348623157e308", "1.7976931348623158e308",   # rounds down
             "1.7976931348623159e308",                             # overflows
             "2.4703282292062327e-324", "2.4703282292062328e-324",  # halfway
             "9007199254740993", "9007199254740992.5000000000000000001",
             "0." + "0" * 400 + "1e400", "123456789012345678901234567890e-50",
             "4.4501477170144023e-308", "2.2250738585072012e-308"]
    for _ in range(300):    # what repr() prints: the shortest round trip
        texts.append(repr(struct.unpack(">d", rng.getrandbits(64).to_bytes(8, "big"))[0]))
    for _ in range(200):    # long mantissas, any exponent
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 40)))
        texts.append(f"{digits[0]}.{digits[1:]}e{rng.randint(-330, 310)}")
    for _ in range(100):    # exactly halfway between two doubles
        x = rng.uniform(1, 2) * 2.0 ** rng.randint(-1070, 1000)
        half = decimal.Decimal(x) + decimal.Decimal(math.ulp(x)) / 2
        texts.append(f"{half:e}" if rng.random() < 0.5 else str(half))
    return [t for t in texts if "nan" not in t and "inf" not in t]


def test_strtod_rounds_like_python(run_guest):
    texts = strtod_inputs()
    result = run_guest([STDIOTEST, "strtod"], stdin="\n".join(texts).encode() + b"\n")
    got = [from_bits(h) for h in result.output.decode().split()]
    assert len(got) == len(texts)
    wrong = [(t, g, float(t)) for t, g in zip(texts, got)
             if bits(g) != bits(float(t))]
    assert not wrong


def nearest_float(text):
    """The binary32 nearest to the decimal text (ties to even), exactly."""
    value = fractions.Fraction(decimal.Decimal(text))
    sign, value = (-1 if value < 0 else 1), abs(value)
    if value == 0:
        return 0.0
    e = value.numerator.bit_length() - value.denominator.bit_length()
    if value < fractions.Fraction(2) ** e:
        e -= 1                              # now 2^e <= value < 2^(e+1)
    e = max(e, -126) - 23                   # the unit in the last place
    scaled = value / fractions.Fraction(2) ** e
    mant = math.floor(scaled)
    rest = scaled - mant
    if rest > fractions.Fraction(1, 2) or (rest == fractions.Fraction(1, 2) and mant % 2):
        mant += 1
    result = mant * 2.0 ** e if mant * fractions.Fraction(2) ** e < 2 ** 128 else math.inf
    if result > struct.unpack(">f", bytes.fromhex("7f7fffff"))[0]:
        result = math.inf
    return sign * result


def test_strtof_rounds_once(run_guest):
    rng = random.Random(14)
    texts = ["0.1", "3.4028235e38", "3.4028236e38", "1e-45", "7e-46", "1.17549435e-38"]
    texts += [repr(rng.uniform(-1e6, 1e6)) for _ in range(100)]
    # just above the halfway point between two floats: the double rounds
    # down onto the halfway point, and a second rounding would go to even
    for _ in range(60):
        f = struct.unpack(">f", struct.pack(">f", rng.uniform(1, 2) * 2.0 ** rng.randint(-100, 100)))[0]
        ulp = decimal.Decimal(math.ulp(f)) * 2 ** 29     # a float ulp: 29 bits more
        half = decimal.Decimal(f) + ulp / 2
        texts.append(str(half + ulp * decimal.Decimal("1e-12") * rng.choice([1, -1])))
    result = run_guest([STDIOTEST, "strtof"], stdin="\n".join(texts).encode() + b"\n")
    got = [struct.unpack(">f", bytes.fromhex(h))[0] for h in result.output.decode().split()]
    wrong = [(t, g, nearest_float(t)) for t, g in zip(texts, got) if g != nearest_float(t)]
    assert len(got) == len(texts) and not wrong


def test_stdin_through_getchar_and_putchar(run_guest):
    data = bytes(range(1, 256)) * 20 + b"\nend"
    assert run_guest([STDIOTEST, "cat"], stdin=data).output == data


@pytest.mark.parametrize("mode, message", [
    ("doublefree", b"free(): block freed twice\n"),
    ("badfree", b"free(): not a block from malloc()\n"),
    ("midfree", b"free(): not a block from malloc()\n"),
    ("largefree", b"free(): not a block from malloc()\n")])
def test_bad_free_aborts_with_a_message(run_guest, mode, message):
    result = run_guest([STDIOTEST, mode])
    assert (result.status, result.output) == (128 + 6, message)


def test_abort_raises_sigabrt_even_past_a_handler(run_guest):
    result = run_guest([STDIOTEST, "abort"])
    assert result.output == b"handler for signal 6 ran\n"
    assert result.status == 128 + 6


def test_a_failed_assert_names_the_place_and_aborts(run_guest):
    result = run_guest([STDIOTEST, "assert"])
    assert result.status == 128 + 6
    assert result.text.startswith("buffered, flushed before the message assertion "
                                  '"argc == 1" failed: file "')
    assert 'stdiotest.c", line' in result.text and 'function "main"' in result.text
