/*
 * reboot: restart the machine (reboot(2) with RB_AUTOBOOT).  The kernel
 * prints "syncing disks... done" and "rebooting"; the host side then
 * boots a fresh machine (the REPL's `reboot`; `minikern run` exits with
 * its reboot status, see the README).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>

int
main(void)
{
	reboot(RB_AUTOBOOT);
	fprintf(stderr, "reboot: %s\n", strerror(errno));	/* only on failure */
	return 1;
}
