/*
 * exit0: exit with status 0 at once (what forkwait execs when the userland
 * has no /bin/true); with arguments, a usage line and status 2.
 */
#include <unistd.h>

int main(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		write(2, "usage: exit0\n", 13);
		return 2;
	}
	return 0;
}
