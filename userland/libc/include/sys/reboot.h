#ifndef _SYS_REBOOT_H_
#define _SYS_REBOOT_H_

/* reboot(2)'s howto flags (OpenBSD's values), from the kernel's
 * minikern/sys/reboot.py. */
#include <sys/reboot_values.h>

int reboot(int howto);

#endif
