"""reboot(2)'s howto flags (OpenBSD's sys/reboot.h).  Declared here once;
build.py writes them into the C library's <sys/reboot_values.h>, which
<sys/reboot.h> includes.
"""

RB_AUTOBOOT = 0x0000    # no flags: restart the machine
RB_HALT = 0x0008        # stop and stay stopped

C_DEFINES = [("hex", "RB_AUTOBOOT RB_HALT")]
