"""libc for portable programs (issue 12 item 4): the guest checks in
/usr/tests/posixtest (stdio's indicators, setvbuf, freopen, temporary
files, exec, popen, realpath, passwd/group, libgen, err.h, sysconf),
regextest (regex.h, fnmatch, glob) and wchartest (wchar.h, wctype.h),
and the comparisons with Python that only the outside can make."""

import fnmatch
import math
import random
import re
import struct

from conftest import checks_passed


def assert_all_passed(result):
    assert checks_passed(result.text) == len(result.text.splitlines()) - 1  # a line per check
    assert result.status == 0


def test_posixtest_passes_every_check(run_guest):
    assert_all_passed(run_guest(["/usr/tests/posixtest"]))


def test_sysconf_reports_the_machine(run_guest):
    result = run_guest(["/usr/tests/posixtest", "sysconf"], cores=2, memory=64 << 20)
    assert result.text == f"2 {(64 << 20) // 4096}\n"


# --- regex.h, fnmatch, glob: known answers inside, Python as the oracle here

def test_regextest_passes_every_check(run_guest):
    assert_all_passed(run_guest(["/usr/tests/regextest"]))


def random_ere(rng, depth=0):
    """A random extended RE over a, b, c in the syntax Python's re shares."""
    parts = []
    for _ in range(rng.randint(1, 3)):
        r = rng.random()
        if r < 0.45:
            atom = rng.choice("abc")
        elif r < 0.55:
            atom = "."
        elif r < 0.7:
            atom = rng.choice(["[ab]", "[^a]", "[a-c]", "[[:alpha:]]"])
        elif depth < 2:
            atom = f"({random_ere(rng, depth + 1)})"
        else:
            atom = rng.choice("abc")
        q = rng.random()
        if q < 0.2:
            atom += "*"
        elif q < 0.3:
            atom += "+"
        elif q < 0.4:
            atom += "?"
        elif q < 0.45:
            lo = rng.randint(0, 2)
            atom += rng.choice([f"{{{lo}}}", f"{{{lo},}}", f"{{{lo},{lo + rng.randint(0, 2)}}}"])
        parts.append(atom)
    branch = "".join(parts)
    if depth < 2 and rng.random() < 0.25:
        branch += "|" + random_ere(rng, depth + 1)
    return branch


def leftmost_longest(pattern, s):
    """POSIX's whole match, from Python's re: the leftmost start is where
    re.search finds a match (any matcher agrees on that), the end the
    longest that a match from there can have."""
    rx = re.compile(pattern.replace("[[:alpha:]]", "[a-zA-Z]"))
    m = rx.search(s)
    if m is None:
        return "-1"
    end = max(e for e in range(m.start(), len(s) + 1) if rx.fullmatch(s, m.start(), e))
    return f"{m.start()} {end}"


def serve(run_guest, mode, cases):
    stdin = "".join(f"{p}\t{s}\n" for p, s in cases).encode()
    result = run_guest(["/usr/tests/regextest", mode], stdin=stdin)
    got = result.text.splitlines()
    assert len(got) == len(cases) and result.status == 0
    return got


def test_regexec_finds_the_leftmost_longest_match(run_guest):
    rng = random.Random(3)
    cases = [(random_ere(rng), "".join(rng.choice("abcx") for _ in range(rng.randint(0, 10))))
             for _ in range(400)]
    got = serve(run_guest, "ere", cases)
    wrong = [(p, s, g, leftmost_longest(p, s)) for (p, s), g in zip(cases, got)
             if g != leftmost_longest(p, s)]
    assert not wrong, wrong[:5]
    assert sum(g != "-1" for g in got) > 100        # the cases do match, often


def pattern_for(rng, s):
    """A wildcard pattern made from s, so that it often matches it."""
    out = []
    for c in s:
        out.append(rng.choice([c, c, "?", "*" + c, f"[{c}x]", "[!a]", f"[a-{c}]", "*"]))
    return "".join(out)


def test_fnmatch_agrees_with_python(run_guest):
    rng = random.Random(5)
    pieces = ["a", "b", ".", "*", "?", "[ab]", "[!a]", "[a-c]", "x"]
    cases = []
    for _ in range(400):
        s = "".join(rng.choice("abc.x") for _ in range(rng.randint(0, 6)))
        p = ("".join(rng.choice(pieces) for _ in range(rng.randint(0, 5)))
             if rng.random() < 0.5 else pattern_for(rng, s))
        cases.append((p, s))
    got = serve(run_guest, "fnmatch", cases)
    want = ["0" if fnmatch.fnmatchcase(s, p) else "1" for p, s in cases]
    wrong = [(p, s, g) for (p, s), g, w in zip(cases, got, want) if g != w]
    assert not wrong, wrong[:5]
    assert 100 < want.count("0") < 300


# --- wchar.h and wctype.h: Python's str is the oracle for code points

def test_wchartest_passes_every_check(run_guest):
    assert_all_passed(run_guest(["/usr/tests/wchartest"]))


def test_wctype_classes_and_case_agree_with_python(run_guest):
    result = run_guest(["/usr/tests/wchartest", "classes"])
    wrong = []
    lines = result.text.splitlines()
    for line in lines:
        cp, alpha, upper, lower, toupper, tolower = line.split()
        c = chr(int(cp, 16))
        up = c.upper() if len(c.upper()) == 1 else c        # one character only
        low = c.lower() if len(c.lower()) == 1 else c
        want = (int(c.isalpha()), int(c.isupper()), int(c.islower()), ord(up), ord(low))
        if (int(alpha), int(upper), int(lower), int(toupper, 16), int(tolower, 16)) != want:
            wrong.append((cp, line, want))
    assert len(lines) > 700
    assert not wrong, wrong[:5]


def test_utf8_decoding_agrees_with_python(run_guest):
    rng = random.Random(9)
    samples = [bytes(rng.choice([0x41, 0x7f, 0x80, 0xbf, 0xc2, 0xdf, 0xe0, 0xed, 0xef,
                                 0xf0, 0xf4, 0xf5, 0xa0, 0x9f, 0x90, 0x8f, 0xc0, 0xff])
                     for _ in range(rng.randint(1, 6))) for _ in range(300)]
    samples += ["h\u00e9\u20ac\U0001f600\U0010ffff\ud7ff".encode()]
    stdin = "".join(b.hex() + "\n" for b in samples).encode()
    got = run_guest(["/usr/tests/wchartest", "decode"], stdin=stdin).text.splitlines()
    assert len(got) == len(samples)
    for b, g in zip(samples, got):
        try:
            want = " ".join(f"{ord(c):x}" for c in b.decode("utf-8"))
        except UnicodeDecodeError:
            want = "EILSEQ"
        assert g == want, (b, g, want)
    assert 10 < sum(g != "EILSEQ" for g in got) < 290


# --- %a and hexadecimal strtod: Python's float.hex and float.fromhex

def c_hex_float(x, flags, width, precision, upper):
    """C's %a of x, from float.hex() ("0x1.8000000000000p+1")."""
    sign = "-" if math.copysign(1, x) < 0 else "+" if "+" in flags else " " if " " in flags else ""
    if math.isinf(x):
        body, prefix = "inf", sign
    else:
        mantissa, exponent = abs(x).hex()[2:].split("p")
        lead, digits = mantissa.split(".")
        digits = digits.ljust(13, "0")          # 0.0.hex() is "0x0.0p+0"
        if x == 0:
            exponent = "+0"
        frac = int(digits, 16)
        if precision is None:
            digits = digits.rstrip("0")
        elif precision < 13:
            q, r = divmod(frac, 16 ** (13 - precision))
            half = 16 ** (13 - precision) // 2
            q += r > half or (r == half and q & 1)
            if q >= 16 ** precision:
                q -= 16 ** precision
                lead = str(int(lead) + 1)
            digits = f"{q:0{precision}x}" if precision else ""
        else:
            digits += "0" * (precision - 13)
        point = "." if digits or "#" in flags else ""
        body, prefix = f"{lead}{point}{digits}p{int(exponent):+d}", sign + "0x"
    text = prefix + body
    if len(text) < width:
        if "-" in flags:
            text += " " * (width - len(text))
        elif "0" in flags and not math.isinf(x):
            text = prefix + "0" * (width - len(text)) + body
        else:
            text = " " * (width - len(text)) + text
    return text.upper() if upper else text


def test_printf_a_matches_python(run_guest):
    lines = run_guest(["/usr/tests/posixtest", "hexfloat"]).text.splitlines()
    spec = re.compile(r"%([-+ #0]*)(\d*)(?:\.(\d+))?([aA])")
    wrong = []
    for line in lines:
        fmt, bits, got = line.split("|", 2)
        flags, width, precision, conv = spec.fullmatch(fmt).groups()
        x = struct.unpack(">d", bytes.fromhex(bits))[0]
        want = c_hex_float(x, flags, int(width or 0),
                           None if precision is None else int(precision), conv == "A")
        if got != want:
            wrong.append((fmt, x, got, want))
    assert len(lines) == 14 * 23
    assert not wrong, wrong[:5]


def test_strtod_reads_hex_as_python_does(run_guest):
    rng = random.Random(13)
    texts = ["0x1p0", "0X1P-1074", "0x1p-1075", "0x1.8p-1074", "0x1.fffffffffffff8p0",
             "0x1.00000000000008p0", "0x1.00000000000018p0", "0x1.000000000000081p0",
             "-0x.8p1", "0x1p1023", "0x1.fffffffffffffp1023", "0x123.456p-7",
             "0x0p0", "0xABCDEFp-20", "0x1p-1022", "0x0.fffffffffffffp-1022"]
    for _ in range(300):
        digits = "".join(rng.choice("0123456789abcdef") for _ in range(rng.randint(1, 20)))
        point = rng.randint(0, len(digits))
        texts.append(f"0x{digits[:point]}.{digits[point:]}p{rng.randint(-1100, 1000)}")
    stdin = "".join(t + "\n" for t in texts).encode()
    got = run_guest(["/usr/tests/stdiotest", "strtod"], stdin=stdin).text.split()
    assert len(got) == len(texts)
    for text, g in zip(texts, got):
        try:
            want = float.fromhex(text)
        except OverflowError:
            want = math.copysign(math.inf, -1 if text.startswith("-") else 1)
        assert g == struct.pack(">d", want).hex(), text


def test_syslog_writes_to_the_console(run_guest):
    result = run_guest(["/usr/tests/posixtest", "syslog"])
    lines = result.text.splitlines()
    stamp = r"[A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d"
    assert len(lines) == 3, lines
    assert re.fullmatch(stamp + r" mydaemon\[\d+\]: disk 3 is full", lines[0])
    assert re.fullmatch(stamp + r" mydaemon\[\d+\]: open: No such file or directory \(100%\)",
                        lines[1])
    # closelog forgets the ident (the program's name again), not LOG_PID
    assert re.fullmatch(stamp + r" posixtest\[\d+\]: no ident: the program name", lines[2])
