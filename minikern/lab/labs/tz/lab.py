"""Lab tz: POSIX TZ rules in the C library (tzcode's tzparse).

Graded with /usr/tests/tztest ("local ZONE T" answers one line each)
against Python's zoneinfo, which reads the same zone files from the built
tree and the same rules (given to it as the footer of a TZif file with
no transitions).
"""

import datetime
import io
import random
import struct
import zoneinfo

from minikern.lab.spec import Lab, Test

TZTEST = ["/usr/tests/tztest"]
UTC = datetime.timezone.utc
YEAR_S = 365 * 86400


def zone_of_rule(rule):
    """A zoneinfo zone that is nothing but the POSIX rule."""
    header = b"TZif2" + bytes(15) + struct.pack(">6l", 0, 0, 0, 0, 1, 4)
    body = struct.pack(">lbB", 0, 0, 0) + b"UTC\0"
    return zoneinfo.ZoneInfo.from_file(io.BytesIO(
        header + body + header + body + b"\n" + rule.encode() + b"\n"))


def zone_of_file(ctx, name):
    with open(ctx.rootfs / "usr/share/zoneinfo" / name, "rb") as f:
        return zoneinfo.ZoneInfo.from_file(f)


def answer(t, tz):
    """tztest's answer to `local ZONE t`: fields, isdst, offset, abbreviation."""
    d = datetime.datetime.fromtimestamp(t, tz)
    return (f"{d:%Y-%m-%d %H:%M:%S} {int(bool(d.dst()))} "
            f"{int(d.utcoffset().total_seconds())} {d.tzname()}")


def changes_in_year(tz, year):
    """The instants in `year` where tz's offset changes (bisected)."""
    start = int(datetime.datetime(year, 1, 1, tzinfo=UTC).timestamp())
    found, step = [], 7 * 86400
    for lo in range(start, start + YEAR_S + 86400, step):
        hi = lo + step
        if tz.utcoffset(_at(lo)) == tz.utcoffset(_at(hi)):
            continue
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if tz.utcoffset(_at(mid)) == tz.utcoffset(_at(lo)):
                lo = mid
            else:
                hi = mid
        found.append(hi)
    return found


def _at(t):
    return datetime.datetime.fromtimestamp(t, UTC)


def instants(tz, years, seed):
    """Around each change in those years (a second before, at, after),
    and a few random instants of each year."""
    rng = random.Random(seed)
    out = []
    for year in years:
        for change in changes_in_year(tz, year):
            out += [change - 1, change, change + 1, change + 3599]
        start = int(datetime.datetime(year, 1, 1, tzinfo=UTC).timestamp())
        out += [start + rng.randrange(YEAR_S) for _ in range(4)]
    return out


def rule_cases(rules, years, seed):
    def cases(ctx):
        out = []
        for k, rule in enumerate(rules):
            tz = zone_of_rule(rule)
            out += [(f"local {rule} {t}", answer(t, tz))
                    for t in instants(tz, years, seed + k)]
        return out
    return cases


def zone_cases(zones, years, seed):
    """Zone files after their last transition: their footer rule decides."""
    def cases(ctx):
        out = []
        for k, name in enumerate(zones):
            tz = zone_of_file(ctx, name)
            out += [(f"local {name} {t}", answer(t, tz))
                    for t in instants(tz, years, seed + k)]
        return out
    return cases


def malformed_cases(ctx):
    """A string that is no rule (and no file) means UTC, as tzcode does."""
    bad = ["ESTX", "EST5EDT,M3.2.0", "EST5EDT,M13.1.0,M11.1.0", "<EST5", "EST+25",
           "EST5EDT,M3.6.0,M11.1.0", "EST5EDT,M3.2.7,M11.1.0", "EST5EDT,J0,J100",
           "EST5EDT,366,10", "EST5:60", "ES5", "EST5EDT,M3.2.0,M11.1.0x", "JST-9,"]
    utc = "2023-11-14 22:13:20 0 0 UTC"
    return [(f"local {rule} 1700000000", utc) for rule in bad] + \
        [("local JST-9 1700000000", "2023-11-15 07:13:20 0 32400 JST")]


def zero_based_cases(ctx):
    """`n` counts days from 0 and counts February 29 (zoneinfo starts these
    a day early in leap years, so the answers are worked out here)."""
    rule = "XXX-10YYY,100/3,200/4"

    def local_to_utc(y, mo, d, h, offset_hours):
        return int(datetime.datetime(y, mo, d, h, tzinfo=UTC).timestamp()) - offset_hours * 3600

    start_2069 = local_to_utc(2069, 4, 11, 3, 10)    # day 100 of a common year
    start_2068 = local_to_utc(2068, 4, 10, 3, 10)    # of a leap year
    end_2069 = local_to_utc(2069, 7, 20, 4, 11)      # day 200, 04:00 daylight time
    return [(f"local {rule} {start_2069 - 1}", "2069-04-11 02:59:59 0 36000 XXX"),
            (f"local {rule} {start_2069}", "2069-04-11 04:00:00 1 39600 YYY"),
            (f"local {rule} {start_2068 - 1}", "2068-04-10 02:59:59 0 36000 XXX"),
            (f"local {rule} {start_2068}", "2068-04-10 04:00:00 1 39600 YYY"),
            (f"local {rule} {end_2069 - 1}", "2069-07-20 03:59:59 1 39600 YYY"),
            (f"local {rule} {end_2069}", "2069-07-20 03:00:00 0 36000 XXX")]


def default_rule_cases(ctx):
    """A daylight name with no dates takes the US rule; an explicit
    daylight offset replaces the default one hour."""
    # (Not PST8PDT: there is a zone file of that name, and it wins.)
    rules = {"AAA8BBB": "AAA8BBB,M3.2.0,M11.1.0", "CCC5DDD4": "CCC5DDD4,M3.2.0,M11.1.0",
             "<-0330>3:30<-0200>2": "<-0330>3:30<-0200>2,M3.2.0,M11.1.0"}
    out = []
    for k, (given, spelled_out) in enumerate(rules.items()):
        tz = zone_of_rule(spelled_out)
        out += [(f"local {given} {t}", answer(t, tz))
                for t in instants(tz, [1999, 2024, 2091], 40 + k)]
    return out


YEARS = [1971, 2000, 2024, 2038, 2099, 2200]

LAB = Lab(
    name="tz",
    summary="POSIX TZ rules in libc: tzcode's rule parser and its DST evaluator (C)",
    builds_on="C strings and pointers; no kernel work (userland/libc/localtime.c)",
    files=["userland/libc/localtime.c"],
    extra_files=["tests/test_tz.py"],       # the project's own tests of it
    tests=[
        Test("standard", 10, "rules without daylight time: JST-9, <+0330>-3:30, <-03>3",
             TZTEST, cases=rule_cases(["JST-9", "<+0330>-3:30", "<-03>3", "UTC0",
                                       "EST5", "<+0545>-5:45", "XYZ-12:34:56"], YEARS, 1)),
        Test("malformed", 10, "a string that is no rule means UTC (tzcode's choice)",
             TZTEST, cases=malformed_cases, needs=["standard"]),
        Test("month-week-day", 20, "Mm.w.d rules: EST5EDT,M3.2.0,M11.1.0, CET, week 5",
             TZTEST, cases=rule_cases(["EST5EDT,M3.2.0,M11.1.0", "CET-1CEST,M3.5.0,M10.5.0/3",
                                       "PST8PDT,M3.2.0/2:00:00,M11.1.0/2:00:00",
                                       "AAA4BBB,M2.5.0,M10.5.6/23:59:59"], YEARS, 11),
             needs=["standard"]),
        Test("southern", 15, "DST across new year, negative and 24h+ times (NZ, Dublin, Nuuk)",
             TZTEST, cases=rule_cases(["NZST-12NZDT,M9.5.0,M4.1.0/3",
                                       "IST-1GMT0,M10.5.0,M3.5.0/1",
                                       "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1",
                                       "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",
                                       "EST5EDT,M3.2.0/-30,M11.1.0/49"], YEARS, 21),
             needs=["month-week-day"]),
        Test("julian", 15, "Jn rules (no February 29) and zero-based n rules",
             TZTEST, cases=lambda ctx: rule_cases(
                 ["AAA3BBB,J60/2,J300/2", "EST5EDT,0/0,J365/25", "CCC-2DDD,J1/0,J59/0"],
                 YEARS + [2096], 31)(ctx) + zero_based_cases(ctx),
             needs=["standard"]),
        Test("default-rule", 5, "no dates: the US rule; an explicit daylight offset",
             TZTEST, cases=default_rule_cases, needs=["month-week-day"]),
        Test("zone-files", 25, "zone files past their last transition use their footer rule",
             TZTEST, cases=zone_cases(["Europe/Paris", "America/New_York",
                                       "Australia/Lord_Howe", "America/Santiago",
                                       "Pacific/Chatham", "Europe/Dublin", "America/Nuuk",
                                       "America/Sao_Paulo", "Asia/Tokyo"],
                                      [2040, 2077, 2150], 51),
             needs=["month-week-day"]),
    ],
)
