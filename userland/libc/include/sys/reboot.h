#ifndef _SYS_REBOOT_H_
#define _SYS_REBOOT_H_

/* reboot(2)'s howto flags (OpenBSD's values). */
#define RB_AUTOBOOT	0x0000	/* no flags: restart the machine */
#define RB_HALT		0x0008	/* stop the machine and stay stopped */

int reboot(int howto);

#endif
