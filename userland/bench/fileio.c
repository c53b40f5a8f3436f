/*
 * fileio w|r MIB: file throughput (a tmpfs file: its pages are the page
 * cache, there is no disk).  w: write MIB MiB to a new file in 64 KiB
 * writes, timed.  r: write the file untimed, then read it back from the
 * start in 64 KiB reads, timed.
 */
#include <fcntl.h>
#include <stdio.h>

#include "bench.h"

#define CHUNK 65536
#define PATH "/fileio.bench"

static char buf[CHUNK];

static int write_file(unsigned long bytes)
{
	int fd = open(PATH, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	for (unsigned long done = 0; done < bytes; done += CHUNK)
		if (write(fd, buf, CHUNK) != CHUNK)
			return -1;
	return close(fd);
}

static long read_file(void)
{
	int fd = open(PATH, O_RDONLY);
	long total = 0;
	ssize_t n;
	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, CHUNK)) > 0)
		total += n;
	close(fd);
	return n < 0 ? -1 : total;
}

int main(int argc, char **argv)
{
	int reading = argc > 1 && argv[1][0] == 'r';
	unsigned long bytes = bench_arg(argc, argv, 2, 16) << 20;
	long got = (long)bytes;
	int wrote = 0;

	memset(buf, 'x', sizeof buf);
	if (reading) {
		wrote = write_file(bytes);
		BENCH_TIMED(got = read_file());
	} else {
		BENCH_TIMED(wrote = write_file(bytes));
	}
	unlink(PATH);
	if (wrote != 0 || got != (long)bytes) {
		printf("fileio: failed (wrote %d, read %ld of %lu)\n", wrote, got, bytes);
		return 1;
	}
	printf("fileio: %lu MiB %s\n", bytes >> 20, reading ? "read" : "written");
	return 0;
}
