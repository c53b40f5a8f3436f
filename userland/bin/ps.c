/*
 * ps [-aHx] [-p pid]: the processes, one a line:
 *
 *     PID  PPID STAT      TIME COMMAND
 *
 * -H shows the threads instead, one a line, with their thread id, the
 * core each runs on (- when it is not on one) and its own time:
 *
 *     PID    TID  PPID STAT CPU      TIME COMMAND
 *
 * The kernel hands out its process records through sysctl(2), name
 * kern.proc.all (or kern.proc.pid.N for -p): first ask how big they are,
 * then fetch them into a buffer that big.  All processes are always
 * shown (one user, no terminals to select by): -a and -x are accepted
 * for the habit of typing `ps ax`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysctl.h>
#include <unistd.h>

/* The virtual clock's rate: sys/clock.py's CPU_HZ. */
#define CYCLES_PER_SECOND	3000000000ULL

static char
state_letter(int stat)
{
	switch (stat) {
	case SRUN:
	case SONPROC:
		return 'R';
	case SSLEEP:
		return 'S';
	case SSTOP:
		return 'T';
	case SZOMB:
		return 'Z';
	case SIDL:
		return 'I';
	}
	return '?';
}

/* The records for mib, in a new buffer; *count of them. */
static struct kinfo_proc *
fetch(int *mib, unsigned int miblen, size_t *count)
{
	struct kinfo_proc *procs = NULL;
	size_t len;

	/* Processes may come between the two calls: ask again if the
	 * buffer turns out too small (ENOMEM). */
	do {
		free(procs);
		if (sysctl(mib, miblen, NULL, &len, NULL, 0) == -1)
			return NULL;
		len += 4 * sizeof *procs;
		procs = malloc(len);
	} while (sysctl(mib, miblen, procs, &len, NULL, 0) == -1 && errno == ENOMEM);
	*count = len / sizeof *procs;
	return procs;
}

static void
print_thread(const struct kinfo_proc *kp)
{
	unsigned long long centis = kp->p_cycles / (CYCLES_PER_SECOND / 100);
	char cpu[12] = "-";

	if (kp->p_cpuid >= 0)
		snprintf(cpu, sizeof cpu, "%d", kp->p_cpuid);
	printf("%5d %6d %5d %-4c %3s %4llu:%02llu.%02llu %s\n", kp->p_pid, kp->p_tid,
	    kp->p_ppid, state_letter(kp->p_stat), cpu, centis / 6000,
	    centis / 100 % 60, centis % 100, kp->p_comm);
}

static void
print_proc(const struct kinfo_proc *kp)
{
	unsigned long long centis = kp->p_cycles / (CYCLES_PER_SECOND / 100);

	printf("%5d %5d %-4c %4llu:%02llu.%02llu %s\n", kp->p_pid, kp->p_ppid,
	    state_letter(kp->p_stat), centis / 6000, centis / 100 % 60,
	    centis % 100, kp->p_comm);
}

int
main(int argc, char *argv[])
{
	int mib[4] = { CTL_KERN, KERN_PROC, KERN_PROC_ALL, 0 };
	unsigned int miblen = 3;
	struct kinfo_proc *procs;
	size_t count;
	int c, threads = 0;

	while ((c = getopt(argc, argv, "aHxp:")) != -1) {
		if (c == 'H')
			threads = 1;
		else if (c == 'p') {
			mib[2] = KERN_PROC_PID;
			mib[3] = atoi(optarg);
			miblen = 4;
		} else if (c == '?') {
			fprintf(stderr, "usage: ps [-aHx] [-p pid]\n");
			return 1;
		}
	}
	if (threads)
		mib[2] |= KERN_PROC_SHOW_THREADS;
	if ((procs = fetch(mib, miblen, &count)) == NULL) {
		fprintf(stderr, "ps: sysctl: %s\n", strerror(errno));
		return 1;
	}
	if (threads)
		printf("%5s %6s %5s %-4s %3s %10s %s\n", "PID", "TID", "PPID", "STAT", "CPU",
		    "TIME", "COMMAND");
	else
		printf("%5s %5s %-4s %10s %s\n", "PID", "PPID", "STAT", "TIME", "COMMAND");
	for (size_t i = 0; i < count; i++) {
		if (!threads)
			print_proc(&procs[i]);
		else if (procs[i].p_tid != -1)
			print_thread(&procs[i]);
	}
	free(procs);
	return count == 0;	/* ps -p of no such process */
}
