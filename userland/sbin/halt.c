/*
 * halt: stop the machine (reboot(2) with RB_HALT).  The kernel prints
 * "syncing disks... done" and "halted"; nothing runs after that.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>

int
main(void)
{
	reboot(RB_HALT);
	fprintf(stderr, "halt: %s\n", strerror(errno));	/* only on failure */
	return 1;
}
