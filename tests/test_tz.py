"""Time zones (tzcode in libc) against Python's zoneinfo.

The guest reads the zone files of the `tzdata` package from
/usr/share/zoneinfo; Python reads the very same files from the built
tree, so both sides use the same data.  /usr/tests/tztest answers one
request per line (see its comment)."""

import datetime
import io
import random
import struct
import zoneinfo
from pathlib import Path

import pytest

TZTEST = "/usr/tests/tztest"
UTC = datetime.timezone.utc

ZONES = ["Europe/Paris", "America/New_York", "America/Sao_Paulo",
         "Australia/Lord_Howe", "Asia/Kolkata", "Asia/Tokyo", "Africa/Casablanca",
         "Pacific/Apia", "Pacific/Chatham", "America/St_Johns", "Europe/Dublin",
         "Asia/Tehran", "America/Nuuk", "Antarctica/Troll", "Europe/London",
         "America/Los_Angeles", "Asia/Kathmandu", "Australia/Adelaide",
         "America/Santiago", "Europe/Moscow", "Pacific/Kiritimati", "UTC",
         "America/Caracas", "Asia/Gaza", "America/Havana", "Etc/GMT+5"]

POSIX_RULES = ["EST5EDT,M3.2.0,M11.1.0", "<+0330>-3:30", "CET-1CEST,M3.5.0,M10.5.0/3",
               "NZST-12NZDT,M9.5.0,M4.1.0/3", "IST-1GMT0,M10.5.0,M3.5.0/1",
               "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", "EST5EDT,0/0,J365/25",
               "AAA3BBB,J60/2,J300/2",
               "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", "JST-9"]


@pytest.fixture(scope="module")
def zoneinfo_dir(rootfs):
    return Path(rootfs) / "usr/share/zoneinfo"


def zone_from_file(zoneinfo_dir, name):
    with open(zoneinfo_dir / name, "rb") as f:
        return zoneinfo.ZoneInfo.from_file(f)


def zone_from_rule(rule):
    """A TZif file with no transitions, only the POSIX rule as footer:
    Python's own parser then reads the rule."""
    header = b"TZif2" + bytes(15) + struct.pack(">6l", 0, 0, 0, 0, 1, 4)
    data = struct.pack(">lbB", 0, 0, 0) + b"UTC\0"
    return zoneinfo.ZoneInfo.from_file(io.BytesIO(
        header + data + header + data + b"\n" + rule.encode() + b"\n"))


def describe(t, tz):
    """What tztest prints for `local`: fields, isdst, offset, abbreviation."""
    d = datetime.datetime.fromtimestamp(t, tz)
    isdst = int(bool(d.dst()))
    return (f"{d:%Y-%m-%d %H:%M:%S} {isdst} "
            f"{int(d.utcoffset().total_seconds())} {d.tzname()}")


def interesting_instants(rng, tz):
    """Random instants from 1901 to 2240, and some just around the zone's
    transitions (found by watching its offset change)."""
    instants = [rng.randrange(-2**31, 2**33) for _ in range(30)]
    instants += [0, 2**31 - 1, 2**31, 4102444800]
    t = rng.randrange(0, 2**32)
    for _ in range(10):   # walk in 40-day steps, look for changes
        a = datetime.datetime.fromtimestamp(t, tz).utcoffset()
        b = datetime.datetime.fromtimestamp(t + 40 * 86400, tz).utcoffset()
        if a != b:        # bisect to the transition
            lo, hi = t, t + 40 * 86400
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if datetime.datetime.fromtimestamp(mid, tz).utcoffset() == a:
                    lo = mid
                else:
                    hi = mid
            instants += [hi - 1, hi, hi + 1]
        t += 40 * 86400
    return instants


def run_requests(run_guest, lines):
    result = run_guest([TZTEST], stdin="".join(line + "\n" for line in lines).encode())
    assert result.status == 0
    out = result.output.decode().splitlines()
    assert len(out) == len(lines)
    return out


def test_localtime_matches_zoneinfo_over_many_zones_and_instants(run_guest, zoneinfo_dir):
    rng = random.Random(5)
    requests, expected = [], []
    for name in ZONES:
        tz = zone_from_file(zoneinfo_dir, name)
        for t in interesting_instants(rng, tz):
            requests.append(f"local {name} {t}")
            expected.append(describe(t, tz))
    got = run_requests(run_guest, requests)
    wrong = [(r, g, e) for r, g, e in zip(requests, got, expected) if g != e]
    assert not wrong, wrong[:5]
    assert len(requests) > 800


def test_posix_tz_strings_match_zoneinfo(run_guest):
    rng = random.Random(6)
    requests, expected = [], []
    for rule in POSIX_RULES:
        tz = zone_from_rule(rule)
        for t in interesting_instants(rng, tz)[:60]:
            requests.append(f"local {rule} {t}")
            expected.append(describe(t, tz))
    got = run_requests(run_guest, requests)
    wrong = [(r, g, e) for r, g, e in zip(requests, got, expected) if g != e]
    assert not wrong, wrong[:5]


def test_zero_based_day_rule(run_guest):
    """"n" counts from 0 (January 1) and counts February 29.  (Python's
    zoneinfo starts these one day early, so we check by hand.)"""
    def instant(y, mo, d, h, offset_hours):
        local = datetime.datetime(y, mo, d, h, tzinfo=UTC)
        return int(local.timestamp()) - offset_hours * 3600
    start_2069 = instant(2069, 4, 11, 3, 10)    # day 100 of a common year
    start_2068 = instant(2068, 4, 10, 3, 10)    # of a leap year
    end_2069 = instant(2069, 7, 20, 4, 11)      # day 200, 04:00 daylight time
    rule = "XXX-10YYY,100/3,200/4"
    got = run_requests(run_guest, [f"local {rule} {t}" for t in (
        start_2069 - 1, start_2069, start_2068, end_2069 - 1, end_2069)])
    assert [line.split()[-1] for line in got] == ["XXX", "YYY", "YYY", "YYY", "XXX"]
    assert got[1] == "2069-04-11 04:00:00 1 39600 YYY"


def test_a_dst_rule_without_dates_is_the_us_rule(run_guest):
    instants = [1_700_000_000 + k * 86400 * 9 for k in range(60)]
    got = run_requests(run_guest, [f"local {tz} {t}" for t in instants
                                   for tz in ("PST8PDT", "PST8PDT,M3.2.0,M11.1.0")])
    assert got[0::2] == got[1::2]
    assert {line.split()[-1] for line in got} == {"PST", "PDT"}


def tzif_v1(transitions, types, abbrs):
    """A version 1 TZif file: 32-bit transition times, no footer."""
    chars = b"".join(a.encode() + b"\0" for a in abbrs)
    index = {a: sum(len(b) + 1 for b in abbrs[:i]) for i, a in enumerate(abbrs)}
    out = b"TZif" + bytes(16) + struct.pack(">6l", 0, 0, 0, len(transitions),
                                             len(types), len(chars))
    out += b"".join(struct.pack(">l", t) for t, _ in transitions)
    out += bytes(i for _, i in transitions)
    out += b"".join(struct.pack(">lBB", off, dst, index[a]) for off, dst, a in types)
    return out + chars


def test_a_version_1_file_and_a_damaged_one(run_guest):
    data = tzif_v1([(-100000, 1), (0, 2), (1_000_000, 1)],
                   [(3600, 0, "AAA"), (7200, 0, "BBB"), (10800, 1, "CCC")],
                   ["AAA", "BBB", "CCC"])
    tz = zoneinfo.ZoneInfo.from_file(io.BytesIO(data))
    instants = [-200000, -100001, -100000, -5, 0, 999_999, 1_000_000, 2**31 - 1]
    got = run_requests(run_guest, [f"file /zone.v1 {data.hex()}"] +
                       [f"local /zone.v1 {t}" for t in instants] +
                       [f"file /zone.bad {data[:30].hex()}", "local /zone.bad 0"])
    assert got[0] == "ok" and got[1:-2] == [describe(t, tz) for t in instants]
    assert got[-1] == "1970-01-01 00:00:00 0 0 UTC"     # unreadable: UTC


def test_tz_variable_forms(run_guest):
    t = 1_000_000_000
    got = run_requests(run_guest, [
        f"local - {t}",                     # unset: /etc/localtime, UTC
        f"local = {t}",                     # empty: UTC
        f"local :Asia/Tokyo {t}",           # leading ':'
        f"local /usr/share/zoneinfo/Asia/Tokyo {t}",    # a path
        f"local ../zoneinfo/Asia/Tokyo {t}",            # '..': refused
        f"local Asia/../Asia/Tokyo {t}",
        f"local No/Such_Zone {t}",          # neither file nor rule: UTC
    ])
    tokyo = "2001-09-09 10:46:40 0 32400 JST"
    utc = "2001-09-09 01:46:40 0 0 UTC"
    assert got == [utc, utc, tokyo, tokyo, utc, utc, utc]


def test_mktime_inverts_localtime(run_guest, zoneinfo_dir):
    rng = random.Random(8)
    requests, expected = [], []
    for name in ZONES[:12]:
        tz = zone_from_file(zoneinfo_dir, name)
        for _ in range(25):
            t = rng.randrange(-2**31, 2**33)
            d = datetime.datetime.fromtimestamp(t, tz)
            # skip the hour of a change, where local times repeat or are missing
            if any(datetime.datetime.fromtimestamp(t + s, tz).utcoffset() != d.utcoffset()
                   for s in (-86400, 86400)):
                continue
            requests.append(f"mktime {name} {d:%Y %m %d %H %M %S}".replace(" 0", " "))
            expected.append(str(t))
    got = run_requests(run_guest, requests)
    assert got == expected


def test_mktime_in_a_gap_and_an_overlap(run_guest):
    got = run_requests(run_guest, [
        "mktime America/New_York 2021 3 14 2 30 0",    # does not exist
        "mktime America/New_York 2021 11 7 1 30 0",    # exists twice
        "mktime America/New_York 2021 1 31 36 0 0",    # fields carry over
        "mktime America/New_York 2021 11 7 1 30 0 0",  # the second 01:30 (EST)
        "mktime America/New_York 2021 1 15 12 0 0 1",  # "DST" in January
        "mktime America/New_York 2021 7 15 12 0 0 0",  # "standard" in July
    ])
    # the gap: read with the offset from before it (EST), = 03:30 EDT
    assert got[0] == str(int(datetime.datetime(2021, 3, 14, 7, 30, tzinfo=UTC).timestamp()))
    # the overlap: the first of the two (EDT)
    assert got[1] == str(int(datetime.datetime(2021, 11, 7, 5, 30, tzinfo=UTC).timestamp()))
    assert got[2] == str(int(datetime.datetime(2021, 2, 1, 17, 0, tzinfo=UTC).timestamp()))
    assert got[3] == str(int(datetime.datetime(2021, 11, 7, 6, 30, tzinfo=UTC).timestamp()))
    # tm_isdst against the season: the fields are read in that kind of time
    assert got[4] == str(int(datetime.datetime(2021, 1, 15, 16, 0, tzinfo=UTC).timestamp()))
    assert got[5] == str(int(datetime.datetime(2021, 7, 15, 17, 0, tzinfo=UTC).timestamp()))


def test_gmtime_and_timegm_over_the_calendar(run_guest):
    rng = random.Random(9)
    epoch = datetime.datetime(1970, 1, 1, tzinfo=UTC)
    low = int((datetime.datetime(1, 1, 1, tzinfo=UTC) - epoch).total_seconds())
    high = int((datetime.datetime(9999, 12, 31, tzinfo=UTC) - epoch).total_seconds())
    instants = [rng.randrange(low, high) for _ in range(300)] + [0, -1, 951782400]
    requests = [f"gmtime {t}" for t in instants]
    expected = []
    for t in instants:
        d = epoch + datetime.timedelta(seconds=t)
        expected.append(f"{d.year}-{d:%m-%d %H:%M:%S} {d.isoweekday() % 7} "
                        f"{d.timetuple().tm_yday - 1}")
    fields = [(rng.randrange(1, 9999), rng.randrange(-30, 30), rng.randrange(-40, 70),
               rng.randrange(-50, 50), rng.randrange(-100, 100), rng.randrange(-100, 100))
              for _ in range(100)]
    requests += ["timegm " + " ".join(map(str, f)) for f in fields]
    for y, mo, d, h, mi, s in fields:
        mo0 = mo - 1
        y, mo0 = y + mo0 // 12, mo0 % 12
        base = datetime.datetime(y, mo0 + 1, 1, tzinfo=UTC) - epoch
        expected.append(str(int(base.total_seconds()) + (d - 1) * 86400 + h * 3600
                            + mi * 60 + s))
    assert run_requests(run_guest, requests) == expected


CONVERSIONS = "aAbBCdDeFgGHIjmMpRSTuUVwWyY%"


def test_strftime_conversions_match_the_host(run_guest):
    rng = random.Random(10)
    epoch = datetime.datetime(1970, 1, 1, tzinfo=UTC)
    year_1000 = int((datetime.datetime(1000, 1, 1, tzinfo=UTC) - epoch).total_seconds())
    instants = [rng.randrange(year_1000, 2**37) for _ in range(150)]
    # the ends of years, where ISO weeks belong to the year before or after
    for year in range(1998, 2030):
        for month, day in ((12, 28), (12, 31), (1, 1), (1, 3), (1, 4)):
            instants.append(int((datetime.datetime(year, month, day, tzinfo=UTC)
                                 - epoch).total_seconds()))
    fmt = " ".join(f"%{c}" for c in CONVERSIONS)
    got = run_requests(run_guest, [f"strftime {t} {fmt}" for t in instants])
    expected = [(epoch + datetime.timedelta(seconds=t)).strftime(fmt) for t in instants]
    wrong = [(t, g, e) for t, g, e in zip(instants, got, expected) if g != e]
    assert not wrong, wrong[:3]


def test_date_formats_and_options(run_guest):
    env = ["TZ=America/New_York"]
    out = run_guest(["/bin/date", "-r", "1000000000", "+%F %T %Z %z %s"], env=env).output
    assert out == b"2001-09-08 21:46:40 EDT -0400 1000000000\n"
    out = run_guest(["/bin/date", "-u", "-r", "1000000000"], env=env).output
    assert out == b"Sun Sep  9 01:46:40 UTC 2001\n"
    out = run_guest(["/bin/date", "-r", "0"], env=["TZ=Asia/Kolkata"]).output
    assert out == b"Thu Jan  1 05:30:00 IST 1970\n"
    result = run_guest(["/bin/date", "-r", "12x"])
    assert result.status == 1 and b"invalid time" in result.output


def test_date_without_options_shows_the_machine_clock(run_guest):
    from conftest import TEST_BOOTTIME_NS
    out = run_guest(["/bin/date", "+%s"]).output
    assert abs(int(out) - TEST_BOOTTIME_NS // 10**9) < 60
