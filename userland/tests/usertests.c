/*
 * usertests: the whole system-call test suite in one run, in the spirit
 * of xv6's usertests.  It runs each guest test program (sysabi, fstest,
 * proctest, uvmtest) in a child, adds up their "N passed, M failed"
 * lines, and runs a few tests of its own that need several processes at
 * once: concurrent writers to one file, and many children exiting
 * while their parent is busy.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

/* Suites that crash children on purpose, to test how the kernel handles
 * a fault.  The kernel reports each crash on the console as it reports
 * any other ("pid N (name): SIGSEGV at ..."), so usertests says first
 * that the lines to come are expected, not failures. */
static const char *const crashes_on_purpose[] = {
	"proctest", "uvmtest", "limittest"
};

static void announce_expected_crashes(const char *name)
{
	for (size_t i = 0; i < sizeof crashes_on_purpose /
	    sizeof crashes_on_purpose[0]; i++)
		if (strcmp(name, crashes_on_purpose[i]) == 0) {
			printf("%s: expected: children that crash on purpose "
			    "(the kernel reports them next)\n", name);
			fflush(stdout);		/* before the kernel's lines */
		}
}

/* Run /usr/tests/NAME with its output on a pipe; add its summary. */
static void run_suite(const char *name)
{
	char path[64], line[512];
	int fd[2], suite_passed = -1, suite_failed = -1;

	announce_expected_crashes(name);
	snprintf(path, sizeof path, "/usr/tests/%s", name);
	pipe(fd);
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { (char *)name, NULL };
		dup2(fd[1], 1);
		dup2(fd[1], 2);
		close(fd[0]);
		close(fd[1]);
		execv(path, argv);
		_exit(127);
	}
	close(fd[1]);
	FILE *in = fdopen(fd[0], "r");
	while (fgets(line, sizeof line, in) != NULL) {
		if (strstr(line, "FAIL") != NULL)
			printf("%s: %s", name, line);
		sscanf(line, "%d passed, %d failed", &suite_passed, &suite_failed);
	}
	fclose(in);
	int status;
	waitpid(pid, &status, 0);
	printf("%s: %d passed, %d failed\n", name, suite_passed, suite_failed);
	if (suite_passed < 0) {
		failed++;
		return;
	}
	passed += suite_passed;
	failed += suite_failed;
}

static void concurrent_writers(void)
{
	const char *path = "/tmp/usertests.append";
	int writers = 4, records = 200;
	char record[16];

	mkdir("/tmp", 0777);
	unlink(path);
	for (int w = 0; w < writers; w++) {
		if (fork() == 0) {
			int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
			snprintf(record, sizeof record, "writer %d .....\n", w);
			for (int i = 0; i < records; i++)
				write(fd, record, 15);
			_exit(0);
		}
	}
	while (wait(NULL) > 0)
		;
	struct stat st;
	check("concurrent O_APPEND writers lose nothing",
	    stat(path, &st) == 0 && st.st_size == (off_t)writers * records * 15);
	FILE *f = fopen(path, "r");
	int whole = 0;
	char line[32];
	while (f != NULL && fgets(line, sizeof line, f) != NULL)
		whole += strlen(line) == 15 && strncmp(line, "writer ", 7) == 0;
	check("and never interleave inside a record", whole == writers * records);
	if (f != NULL)
		fclose(f);
	unlink(path);
}

static void many_exits(void)
{
	int children = 40, reaped = 0;
	for (int i = 0; i < children; i++)
		if (fork() == 0)
			_exit(i);
	int status, sum = 0;
	pid_t pid;
	while ((pid = wait(&status)) > 0) {
		reaped++;
		sum += WEXITSTATUS(status);
	}
	check("forty children exit and are all reaped",
	    reaped == children && sum == children * (children - 1) / 2);
}

int main(void)
{
	const char *suites[] = { "sysabi", "fstest", "proctest", "uvmtest",
	    "edgetest", "limittest" };
	for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
		run_suite(suites[i]);
	concurrent_writers();
	many_exits();
	printf("usertests: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
