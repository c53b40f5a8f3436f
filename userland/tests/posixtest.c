/*
 * posixtest: the parts of libc a portable program expects beyond ISO C's
 * core, checked from inside the machine: stdio's error and end-of-file
 * indicators, setvbuf, freopen, temporary files, the exec family,
 * popen and system, realpath, the password and group files, libgen,
 * err.h, sysconf.  One line per check, then "N passed, M failed".
 */
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <signal.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <syslog.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static off_t
file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? sb.st_size : -1;
}

static void
write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	write(fd, text, strlen(text));
	close(fd);
}

/*
 * The bug: once a write failed, every later call on the stream
 * reported failure too.  Make the descriptor read-only, fail, then put
 * a writable file under the same descriptor number and write again.
 */
static void
test_error_indicator(void)
{
	const char *path = "/tmp/posix-err";
	int fd, wfd;
	FILE *fp;

	write_file(path, "", 0644);
	fd = open(path, O_RDONLY);
	fp = fdopen(fd, "w");
	setvbuf(fp, NULL, _IONBF, 0);
	check("a failed write returns EOF", fputs("lost", fp) == EOF);
	check("ferror after a failed write", ferror(fp) && !feof(fp));
	wfd = open(path, O_WRONLY);
	dup2(wfd, fd);
	close(wfd);
	check("a later good fputs succeeds", fputs("kept", fp) >= 0);
	check("a later good fprintf counts", fprintf(fp, "%d", 42) == 2);
	check("a later good fputc succeeds", fputc('!', fp) == '!');
	check("a later good fwrite succeeds", fwrite("ab", 1, 2, fp) == 2);
	check("ferror stays set until clearerr", ferror(fp) != 0);
	clearerr(fp);
	check("clearerr clears it", !ferror(fp) && !feof(fp));
	fclose(fp);
	check("the good writes reached the file", file_size(path) == 9);

	fp = fopen(path, "r");
	check("fputc on a read-only stream fails", fputc('x', fp) == EOF &&
	    ferror(fp));
	fclose(fp);

	fp = fopen(path, "w");
	check("puts on a buffered stream ok after an error", (fp->flags |= __SERR,
	    fputs("x\n", fp) >= 0 && fprintf(fp, "y") == 1));
	fclose(fp);
}

/* C11 7.21.7.1: end-of-file is sticky until clearerr, fseek or ungetc. */
static void
test_eof_indicator(void)
{
	const char *path = "/tmp/posix-eof";
	char line[16] = "unchanged";
	FILE *fp;
	int fd;

	write_file(path, "ab", 0644);
	fp = fopen(path, "r");
	check("reads to the end", getc(fp) == 'a' && getc(fp) == 'b' &&
	    getc(fp) == EOF && feof(fp) && !ferror(fp));
	fd = open(path, O_WRONLY | O_APPEND);
	write(fd, "c\n", 2);
	close(fd);
	check("EOF is sticky though the file grew", getc(fp) == EOF);
	check("fgets at EOF: NULL, array unchanged",
	    fgets(line, sizeof line, fp) == NULL && strcmp(line, "unchanged") == 0);
	clearerr(fp);
	check("after clearerr the new bytes come", getc(fp) == 'c' && !feof(fp));
	check("ungetc clears EOF", getc(fp) == '\n' && getc(fp) == EOF &&
	    ungetc('z', fp) == 'z' && !feof(fp) && getc(fp) == 'z');
	check("fseek clears EOF", getc(fp) == EOF && fseek(fp, 0, SEEK_SET) == 0 &&
	    !feof(fp) && getc(fp) == 'a');
	rewind(fp);
	check("fread stops at EOF and sets it", fread(line, 1, sizeof line, fp) == 4 &&
	    feof(fp) && fread(line, 1, 1, fp) == 0);
	fclose(fp);
}

/* How many bytes reached the file after writing n through a buffer. */
static off_t
flushed_after(const char *path, int mode, char *buf, size_t size, int n,
    int *setvbuf_result)
{
	FILE *fp = fopen(path, "w");
	off_t got;

	*setvbuf_result = setvbuf(fp, buf, mode, size);
	for (int i = 0; i < n; i++)
		fputc(i % 10 == 9 ? '\n' : 'x', fp);
	got = file_size(path);
	fclose(fp);
	return got;
}

static void
test_setvbuf(void)
{
	const char *path = "/tmp/posix-vbuf";
	char small[8];
	int r;
	FILE *fp = fopen(path, "w");

	check("setvbuf rejects a bad mode", setvbuf(fp, NULL, 7, 0) != 0);
	fclose(fp);
	check("_IOFBF with size 16 and no buffer: 16 bytes at a time",
	    flushed_after(path, _IOFBF, NULL, 16, 20, &r) == 16 && r == 0);
	check("_IOFBF with the caller's 8 bytes",
	    flushed_after(path, _IOFBF, small, sizeof small, 20, &r) == 16 && r == 0);
	check("_IOLBF goes out at each newline",
	    flushed_after(path, _IOLBF, NULL, 0, 25, &r) == 20 && r == 0);
	check("_IONBF writes each byte",
	    flushed_after(path, _IONBF, NULL, 0, 25, &r) == 25 && r == 0);
	check("_IOFBF default size holds 25 bytes",
	    flushed_after(path, _IOFBF, NULL, 0, 25, &r) == 0 && r == 0);
	check("fclose wrote them all", file_size(path) == 25);
}

static void
test_freopen(void)
{
	const char *a = "/tmp/posix-a", *b = "/tmp/posix-b";
	char line[32];
	FILE *fp;
	int c;

	write_file(b, "from b\n", 0644);
	fp = fopen(a, "w");
	fputs("pending", fp);
	fp->flags |= __SERR;
	check("freopen gives the same stream", freopen(b, "r", fp) == fp);
	check("freopen flushed the old file", file_size(a) == 7);
	check("freopen cleared the error", !ferror(fp));
	check("freopen reads the new file", fgets(line, sizeof line, fp) &&
	    strcmp(line, "from b\n") == 0);
	fclose(fp);

	fp = fopen(a, "r+");
	check("freopen(NULL) changes the mode", freopen(NULL, "a", fp) == fp &&
	    fputs("+more", fp) >= 0 && fclose(fp) == 0 && file_size(a) == 12);
	fp = fopen(a, "r");
	check("freopen(NULL) cannot add writing", freopen(NULL, "w", fp) == NULL &&
	    errno == EBADF);
	check("freopen of a missing file fails", (fp = fopen(a, "r")) != NULL &&
	    freopen("/tmp/no/such", "r", fp) == NULL);

	int saved = dup(0);
	check("freopen stdin keeps descriptor 0", freopen(b, "r", stdin) == stdin &&
	    fileno(stdin) == 0 && (c = getchar()) == 'f');
	check("getchar_unlocked reads on", getchar_unlocked() == 'r');
	dup2(saved, 0);
	close(saved);
}

static void
test_temporary_files(void)
{
	char t1[] = "/tmp/mkstemp.XXXXXX", t2[] = "/tmp/mkstemp.XXXXXX";
	char d[] = "/tmp/mkdtemp.XXXXXXXX", bad[] = "/tmp/few.XXXXX";
	char s[] = "/tmp/suffix.XXXXXX.c";
	char name[L_tmpnam], *other;
	struct stat sb;
	int fd1 = mkstemp(t1), fd2 = mkstemp(t2);
	FILE *fp;

	check("mkstemp opens a file", fd1 >= 0 && fd2 >= 0 && fstat(fd1, &sb) == 0 &&
	    S_ISREG(sb.st_mode) && (sb.st_mode & 0777) == 0600);
	check("mkstemp fills in the X's", strncmp(t1, "/tmp/mkstemp.", 13) == 0 &&
	    strchr(t1, 'X') == NULL && strcmp(t1, t2) != 0);
	check("mkstemp's file is empty and writable", write(fd1, "hi", 2) == 2 &&
	    file_size(t1) == 2);
	close(fd1);
	close(fd2);
	check("mkstemp wants six X's", mkstemp(bad) < 0 && errno == EINVAL);
	fd1 = mkstemps(s, 2);
	check("mkstemps keeps the suffix", fd1 >= 0 &&
	    strcmp(s + strlen(s) - 2, ".c") == 0 && strchr(s, 'X') == NULL);
	close(fd1);
	check("mkdtemp makes a private directory", mkdtemp(d) == d &&
	    stat(d, &sb) == 0 && S_ISDIR(sb.st_mode) && (sb.st_mode & 0777) == 0700);

	fp = tmpfile();
	check("tmpfile is read-write", fp != NULL && fputs("temporary", fp) >= 0 &&
	    fseek(fp, 3, SEEK_SET) == 0 && getc(fp) == 'p');
	if (fp != NULL)
		fclose(fp);

	check("tmpnam names a free file in /tmp", tmpnam(name) == name &&
	    strncmp(name, P_tmpdir, strlen(P_tmpdir)) == 0 &&
	    strlen(name) < L_tmpnam && access(name, F_OK) < 0);
	other = tmpnam(NULL);
	check("tmpnam(NULL): another name", other != NULL && strcmp(other, name) != 0);
}

static void
test_unlocked_and_fgetln(void)
{
	const char *path = "/tmp/posix-fgetln";
	size_t len;
	char *line;
	FILE *fp = fopen(path, "w+");

	check("putc_unlocked", putc_unlocked('o', fp) == 'o' &&
	    putc_unlocked('k', fp) == 'k');
	fputs("\nlast", fp);
	rewind(fp);
	check("getc_unlocked", getc_unlocked(fp) == 'o');
	line = fgetln(fp, &len);
	check("fgetln: the rest of the line, newline included", line != NULL &&
	    len == 2 && memcmp(line, "k\n", 2) == 0);
	line = fgetln(fp, &len);
	check("fgetln: a last line without newline", line != NULL && len == 4 &&
	    memcmp(line, "last", 4) == 0);
	check("fgetln at the end", fgetln(fp, &len) == NULL);
	fclose(fp);
}

static void
test_collation(void)
{
	const char *words[] = { "", "a", "B", "abc", "ab", "\xc3\xa9", "z" };
	char buf[8];
	int ok = 1;

	for (int i = 0; i < 7; i++)
		for (int j = 0; j < 7; j++) {
			int c = strcoll(words[i], words[j]), s = strcmp(words[i], words[j]);
			ok &= (c > 0) == (s > 0) && (c < 0) == (s < 0);
		}
	check("strcoll orders as strcmp in the C locale", ok);
	check("strxfrm copies and counts", strxfrm(buf, "hello", sizeof buf) == 5 &&
	    strcmp(buf, "hello") == 0);
	check("strxfrm with no room only counts", strxfrm(NULL, "toolong", 0) == 7);
}

/* Run fn in a child whose stdout and stderr are a pipe; its output. */
static int
captured(void (*fn)(void), char *out, size_t size)
{
	int fds[2], status;
	ssize_t n, total = 0;
	pid_t pid;

	pipe(fds);
	if ((pid = fork()) == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		fn();
		_exit(99);
	}
	close(fds[1]);
	while (total < (ssize_t)size - 1 && (n = read(fds[0], out + total,
	    size - 1 - total)) > 0)
		total += n;
	out[total] = '\0';
	close(fds[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void run_execl(void) { execl("/bin/echo", "echo", "execl", "works", (char *)NULL); }
static void run_execlp(void) { execlp("echo", "echo", "execlp", (char *)NULL); }

static void
run_execle(void)
{
	char *env[] = { "ONLY=this", NULL };

	execle("/bin/env", "env", (char *)NULL, env);
}

static void
run_execvp_script(void)
{
	char *argv[] = { "posix-script", "arg1", NULL };

	setenv("PATH", "/bin:/tmp", 1);
	execvp("posix-script", argv);
}

static void
run_execvp_missing(void)
{
	char *argv[] = { "no-such-command", NULL };

	execvp("no-such-command", argv);
	printf("errno %d", errno);
	fflush(stdout);
	_exit(errno == ENOENT ? 3 : 4);
}

static void
run_err(void)
{
	warnx("count %d", 5);
	errno = ENOENT;
	warn("%s", "file");
	warnc(EPERM, NULL);
	errx(7, "bye");
}

static void
test_exec_family(void)
{
	char out[256];

	check("execl", captured(run_execl, out, sizeof out) == 0 &&
	    strcmp(out, "execl works\n") == 0);
	check("execlp searches PATH", captured(run_execlp, out, sizeof out) == 0 &&
	    strcmp(out, "execlp\n") == 0);
	check("execle passes its environment", captured(run_execle, out,
	    sizeof out) == 0 && strcmp(out, "ONLY=this\n") == 0);
	write_file("/tmp/posix-script", "echo script ran with $1\n", 0755);
	check("execvp runs a script without #! with sh", captured(run_execvp_script,
	    out, sizeof out) == 0 && strcmp(out, "script ran with arg1\n") == 0);
	check("execvp of a missing command: ENOENT",
	    captured(run_execvp_missing, out, sizeof out) == 3);
	check("err.h: messages and exit status", captured(run_err, out, sizeof out) == 7 &&
	    strcmp(out, "posixtest: count 5\nposixtest: file: No such file or directory\n"
	    "posixtest: Operation not permitted\nposixtest: bye\n") == 0);
	check("getprogname", strcmp(getprogname(), "posixtest") == 0);
}

static void
test_popen_system(void)
{
	char line[64] = "";
	FILE *fp = popen("echo one; echo two", "r");
	int status;

	check("popen r reads the command's output", fp != NULL &&
	    fgets(line, sizeof line, fp) && strcmp(line, "one\n") == 0 &&
	    fgets(line, sizeof line, fp) && strcmp(line, "two\n") == 0 &&
	    fgets(line, sizeof line, fp) == NULL);
	check("pclose: the exit status", fp != NULL && pclose(fp) == 0);
	fp = popen("cat > /tmp/posix-popen; exit 3", "w");
	check("popen w feeds the command", fp != NULL && fputs("fed\n", fp) >= 0);
	status = fp != NULL ? pclose(fp) : -1;
	check("pclose waits and gives the status", WIFEXITED(status) &&
	    WEXITSTATUS(status) == 3 && file_size("/tmp/posix-popen") == 4);
	check("pclose of a stream popen did not make", (fp = fopen("/tmp/posix-popen",
	    "r")) != NULL && pclose(fp) == -1 && errno == ECHILD);
	fclose(fp);
	check("popen rejects a bad mode", popen("true", "rw") == NULL && errno == EINVAL);
	status = system("exit 5");
	check("system: the command's status", WIFEXITED(status) && WEXITSTATUS(status) == 5);
	check("system(NULL): a shell is there", system(NULL) != 0);
	status = system("echo from system > /tmp/posix-system");
	check("system runs a shell command line", status == 0 &&
	    file_size("/tmp/posix-system") == 12);
}

static void
test_realpath(void)
{
	char buf[PATH_MAX], *p;

	mkdir("/tmp/rp", 0755);
	mkdir("/tmp/rp/sub", 0755);
	write_file("/tmp/rp/file", "x", 0644);
	check("realpath: dots and slashes go", realpath("/tmp//rp/./sub/../sub/", buf) == buf &&
	    strcmp(buf, "/tmp/rp/sub") == 0);
	check("realpath of /", realpath("/../..", buf) && strcmp(buf, "/") == 0);
	chdir("/tmp/rp/sub");
	check("realpath of a relative path", realpath("../file", buf) &&
	    strcmp(buf, "/tmp/rp/file") == 0);
	check("realpath of .", realpath(".", buf) && strcmp(buf, "/tmp/rp/sub") == 0);
	chdir("/");
	p = realpath("/tmp/rp/file", NULL);
	check("realpath allocates without a buffer", p != NULL &&
	    strcmp(p, "/tmp/rp/file") == 0);
	free(p);
	check("realpath: a missing file is ENOENT",
	    realpath("/tmp/rp/none", buf) == NULL && errno == ENOENT);
	check("realpath: a missing directory is ENOENT",
	    realpath("/tmp/none/..", buf) == NULL && errno == ENOENT);
	check("realpath: through a file is ENOTDIR",
	    realpath("/tmp/rp/file/..", buf) == NULL && errno == ENOTDIR);
	check("realpath: file/ is ENOTDIR",
	    realpath("/tmp/rp/file/", buf) == NULL && errno == ENOTDIR);
	check("realpath of \"\" is ENOENT", realpath("", buf) == NULL && errno == ENOENT);
}

static void
test_passwd_group(void)
{
	struct passwd *pw, pwbuf, *res;
	struct group *gr, grbuf, *gres;
	char small[24];
	int n = 0;

	pw = getpwnam("root");
	check("getpwnam root", pw != NULL && pw->pw_uid == 0 && pw->pw_gid == 0 &&
	    strcmp(pw->pw_shell, "/bin/sh") == 0 && strcmp(pw->pw_dir, "/") == 0);
	pw = getpwuid(1000);
	check("getpwuid 1000", pw != NULL && strcmp(pw->pw_name, "user") == 0 &&
	    strcmp(pw->pw_dir, "/home/user") == 0 &&
	    strcmp(pw->pw_gecos, "minikern user") == 0);
	errno = 0;
	check("getpwnam of nobody known: NULL, errno 0",
	    getpwnam("no-such-user") == NULL && errno == 0);
	check("getpwnam_r: ERANGE in a small buffer",
	    getpwnam_r("daemon", &pwbuf, small, sizeof small, &res) == ERANGE &&
	    res == NULL);
	setpwent();
	while ((pw = getpwent()) != NULL)
		n++;
	endpwent();
	check("getpwent walks the file", n == 4);
	check("getpwent again after endpwent", (pw = getpwent()) != NULL &&
	    strcmp(pw->pw_name, "root") == 0);
	endpwent();

	gr = getgrnam("staff");
	check("getgrnam staff and its members", gr != NULL && gr->gr_gid == 20 &&
	    gr->gr_mem[0] && strcmp(gr->gr_mem[0], "root") == 0 &&
	    gr->gr_mem[1] && strcmp(gr->gr_mem[1], "user") == 0 && !gr->gr_mem[2]);
	gr = getgrgid(0);
	check("getgrgid 0 is wheel", gr != NULL && strcmp(gr->gr_name, "wheel") == 0);
	gr = getgrgid(1000);
	check("a group with no members", gr != NULL && gr->gr_mem[0] == NULL);
	check("getgrnam_r: ERANGE in a small buffer",
	    getgrnam_r("staff", &grbuf, small, 20, &gres) == ERANGE);
	n = 0;
	while ((gr = getgrent()) != NULL)
		n++;
	endgrent();
	check("getgrent walks the file", n == 6);
	check("getlogin: the real user's name", getuid() == 0 && getlogin() != NULL &&
	    strcmp(getlogin(), "root") == 0);
	check("getlogin_r: ERANGE", getlogin_r(small, 3) == ERANGE);
}

static void
test_libgen(void)
{
	static const char *cases[][3] = {	/* path, basename, dirname */
		{ "/usr/lib", "lib", "/usr" }, { "/usr/lib/", "lib", "/usr" },
		{ "/usr/", "usr", "/" }, { "usr", "usr", "." }, { "/", "/", "/" },
		{ "//", "/", "/" }, { ".", ".", "." }, { "..", "..", "." },
		{ "", ".", "." }, { "a//b//", "b", "a" }, { "///a", "a", "/" },
	};
	int ok_base = 1, ok_dir = 1;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *b = basename(cases[i][0]), *d;
		if (strcmp(b, cases[i][1]) != 0) {
			printf("basename(\"%s\") = \"%s\"\n", cases[i][0], b);
			ok_base = 0;
		}
		d = dirname(cases[i][0]);
		if (strcmp(d, cases[i][2]) != 0) {
			printf("dirname(\"%s\") = \"%s\"\n", cases[i][0], d);
			ok_dir = 0;
		}
	}
	check("basename table", ok_base && strcmp(basename(NULL), ".") == 0);
	check("dirname table", ok_dir && strcmp(dirname(NULL), ".") == 0);
}

static void
test_sysconf(void)
{
	char host[HOST_NAME_MAX + 1], tiny[1];

	check("sysconf page size", sysconf(_SC_PAGESIZE) == 4096);
	check("sysconf open files", sysconf(_SC_OPEN_MAX) == OPEN_MAX);
	check("sysconf processors", sysconf(_SC_NPROCESSORS_ONLN) >= 1);
	check("sysconf physical pages", sysconf(_SC_PHYS_PAGES) > 1000);
	check("sysconf clock ticks and version", sysconf(_SC_CLK_TCK) == 100 &&
	    sysconf(_SC_VERSION) == 200809L);
	check("sysconf unknown name", sysconf(-1) == -1 && errno == EINVAL);
	check("gethostname", gethostname(host, sizeof host) == 0 && host[0] != '\0');
	check("gethostname: too small", gethostname(tiny, sizeof tiny) < 0 &&
	    errno == ENAMETOOLONG);
}

static void
test_time(void)
{
	struct timeval tv, later, diff;
	struct timezone tz = { 60, 1 };
	clock_t start = clock();
	volatile unsigned long spin = 0;
	time_t now = time(NULL);

	struct timespec cpu;

	check("clock starts small", start >= 0 && start < 5 * CLOCKS_PER_SEC);
	do {			/* 15 ms of CPU time: past one 10 ms tick */
		for (int i = 0; i < 100000; i++)
			spin += i;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
	} while (cpu.tv_nsec < 15000000 && cpu.tv_sec == 0);
	clock_t ticks = clock();
	check("clock counts this process's CPU time", ticks > start &&
	    ticks >= cpu.tv_sec * CLOCKS_PER_SEC + cpu.tv_nsec / 10000000);
	check("gettimeofday agrees with time()", gettimeofday(&tv, &tz) == 0 &&
	    (tv.tv_sec == now || tv.tv_sec == now + 1) && tv.tv_usec >= 0 &&
	    tv.tv_usec < 1000000 && tz.tz_minuteswest == 0 && tz.tz_dsttime == 0);
	gettimeofday(&later, NULL);
	timersub(&later, &tv, &diff);
	check("timersub and timercmp", !timercmp(&later, &tv, <) && diff.tv_sec >= 0 &&
	    diff.tv_usec >= 0 && diff.tv_usec < 1000000);
	tv.tv_sec = 1;
	tv.tv_usec = 700000;
	timeradd(&tv, &tv, &diff);
	check("timeradd carries", diff.tv_sec == 3 && diff.tv_usec == 400000);
}

static void
test_terminal_and_limits(void)
{
	struct termios t;
	struct stat sb;
	char name[TTY_NAME_MAX];
	int fd = open("/dev/console", O_RDWR), file = open("/tmp/posix-a", O_RDONLY);

	check("ttyname of the console", fd >= 0 && ttyname(fd) != NULL &&
	    strcmp(ttyname(fd), "/dev/console") == 0);
	check("ttyname_r: ERANGE", ttyname_r(fd, name, 4) == ERANGE);
	check("ttyname of a file: ENOTTY", ttyname(file) == NULL && errno == ENOTTY);
	close(fd);
	close(file);
	memset(&t, 0, sizeof t);
	t.c_iflag = ICRNL | IXON | BRKINT;
	t.c_oflag = OPOST | ONLCR;
	t.c_lflag = ICANON | ECHO | ISIG | IEXTEN | ECHOE;
	t.c_cflag = CS7 | PARENB | CREAD;
	cfmakeraw(&t);
	check("cfmakeraw", t.c_iflag == 0 && t.c_oflag == ONLCR && t.c_lflag == ECHOE &&
	    t.c_cflag == (CS8 | CREAD) && t.c_cc[VMIN] == 1 && t.c_cc[VTIME] == 0);
	check("cfsetspeed", cfsetspeed(&t, B9600) == 0 && cfgetispeed(&t) == B9600 &&
	    cfgetospeed(&t) == 9600);
	check("pathconf", pathconf("/tmp", _PC_NAME_MAX) == NAME_MAX &&
	    pathconf("/", _PC_PATH_MAX) == PATH_MAX && fpathconf(0, _PC_PIPE_BUF) == PIPE_BUF);
	check("pathconf of a missing file", pathconf("/tmp/none", _PC_NAME_MAX) == -1 &&
	    errno == ENOENT);
	check("pathconf of an unknown name", pathconf("/", 999) == -1 && errno == EINVAL);
	check("/tmp is sticky and writable by all", stat("/tmp", &sb) == 0 &&
	    (sb.st_mode & (S_ISVTX | 0777)) == (S_ISVTX | 0777) && S_ISDIR(sb.st_mode));
}

static void
test_string_additions(void)
{
	char text[] = "a,b,,c", *p = text, *tok[5];
	char buf[16], *s;
	int n = 0;
	const char *err;

	while ((tok[n] = strsep(&p, ",")) != NULL && n < 4)
		n++;
	check("strsep keeps empty fields", n == 4 && strcmp(tok[0], "a") == 0 &&
	    strcmp(tok[2], "") == 0 && strcmp(tok[3], "c") == 0 && p == NULL);
	check("strcasestr", strcmp(strcasestr("Hello World", "WORLD"), "World") == 0 &&
	    strcasestr("abc", "x") == NULL);
	check("memmem", memmem("abcabd", 6, "abd", 3) != NULL &&
	    *(char *)memmem("abcabd", 6, "abd", 3) == 'a' &&
	    memmem("abc", 3, "abcd", 4) == NULL);
	check("memrchr", (char *)memrchr("abca", 'a', 4) - "abca" >= 0 &&
	    memrchr("abc", 'z', 3) == NULL);
	s = stpcpy(buf, "ab");
	check("stpcpy returns the end", s == buf + 2 && stpcpy(s, "cd") == buf + 4 &&
	    strcmp(buf, "abcd") == 0);
	check("stpncpy", stpncpy(buf, "xy", 5) == buf + 2 && buf[4] == '\0');
	check("strsignal", strcmp(strsignal(SIGSEGV), "Segmentation fault") == 0 &&
	    strcmp(strsignal(99), "Unknown signal: 99") == 0);
	check("strtonum", strtonum("42", 0, 100, &err) == 42 && err == NULL &&
	    strtonum("420", 0, 100, &err) == 0 && strcmp(err, "too large") == 0 &&
	    strtonum("-1", 0, 100, &err) == 0 && strcmp(err, "too small") == 0 &&
	    strtonum("4x", 0, 100, &err) == 0 && strcmp(err, "invalid") == 0 &&
	    errno == EINVAL);
	check("reallocarray catches overflow", reallocarray(NULL, SIZE_MAX / 2, 4) == NULL &&
	    errno == ENOMEM);
	s = reallocarray(NULL, 4, 4);
	check("reallocarray allocates", s != NULL);
	free(s);
	check("asprintf and vasprintf", asprintf(&s, "%d-%s", 7, "up") == 4 &&
	    strcmp(s, "7-up") == 0);
	free(s);
	check("strerror_r", strerror_r(ENOENT, buf, sizeof buf) == ERANGE &&
	    strcmp(buf, "No such file or") == 0 && strerror_r(9999, buf, sizeof buf) ==
	    EINVAL);
	char big[64];
	check("strerror_r that fits", strerror_r(EPERM, big, sizeof big) == 0 &&
	    strcmp(big, "Operation not permitted") == 0);
	memcpy(buf, "secret", 7);
	explicit_bzero(buf, 6);
	check("explicit_bzero", memcmp(buf, "\0\0\0\0\0\0", 7) == 0);
	check("timingsafe_bcmp", timingsafe_bcmp("abc", "abc", 3) == 0 &&
	    timingsafe_bcmp("abc", "abd", 3) == 1);
	bcopy("xyz", buf, 4);
	check("bcopy, bcmp, bzero", strcmp(buf, "xyz") == 0 && bcmp(buf, "xyq", 3) != 0 &&
	    (bzero(buf, 3), buf[0] == 0 && buf[2] == 0));
	check("ffs", ffs(0) == 0 && ffs(1) == 1 && ffs(0x80) == 8 && ffs(INT_MIN) == 32);
}

static int
no_dots(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static char walked[512];

static int
record(const char *path, const struct stat *sb, int kind, struct FTW *f)
{
	size_t n = strlen(walked);

	(void)sb;
	snprintf(walked + n, sizeof walked - n, "%s%d:%s:%d:%s", n ? " " : "", kind,
	    path + f->base, f->level, kind == FTW_F || kind == FTW_D || kind == FTW_DP ?
	    "" : "?");
	return strcmp(path + f->base, "stop") == 0 ? 7 : 0;
}

static void
test_directory_walks(void)
{
	struct dirent **names;
	int n;

	mkdir("/tmp/walk", 0755);
	mkdir("/tmp/walk/b", 0755);
	write_file("/tmp/walk/c", "", 0644);
	write_file("/tmp/walk/a", "", 0644);
	write_file("/tmp/walk/b/x", "", 0644);
	write_file("/tmp/walk/.hidden", "", 0644);
	n = scandir("/tmp/walk", &names, no_dots, alphasort);
	check("scandir filters and sorts", n == 3 && strcmp(names[0]->d_name, "a") == 0 &&
	    strcmp(names[1]->d_name, "b") == 0 && strcmp(names[2]->d_name, "c") == 0);
	while (n > 0)
		free(names[--n]);
	free(names);
	check("scandir of a missing directory", scandir("/tmp/none", &names, NULL,
	    NULL) == -1 && errno == ENOENT);
	walked[0] = '\0';
	check("nftw: preorder, names in order", nftw("/tmp/walk", record, 8, FTW_PHYS) == 0 &&
	    strcmp(walked, "1:walk:0: 0:.hidden:1: 0:a:1: 1:b:1: 0:x:2: 0:c:1:") == 0);
	walked[0] = '\0';
	check("nftw FTW_DEPTH: directories after", nftw("/tmp/walk/b", record, 8,
	    FTW_DEPTH) == 0 && strcmp(walked, "0:x:1: 5:b:0:") == 0);
	write_file("/tmp/walk/b/stop", "", 0644);
	walked[0] = '\0';
	check("nftw stops at fn's nonzero return", nftw("/tmp/walk/b", record, 8, 0) == 7 &&
	    strcmp(walked, "1:b:0: 0:stop:1:") == 0);
	walked[0] = '\0';
	check("nftw of a missing path: FTW_NS", nftw("/tmp/walk/none", record, 8, 0) == 0 &&
	    strcmp(walked, "3:none:0:?") == 0);
}

static volatile sig_atomic_t got_usr1;

static void
on_usr1(int sig)
{
	(void)sig;
	got_usr1 = 1;
}

/* pause() sleeps until a caught signal, then fails with EINTR. */
static void
test_pause(void)
{
	int fds[2], status, r;
	char byte;
	pid_t pid;

	pipe(fds);
	if ((pid = fork()) == 0) {
		signal(SIGUSR1, on_usr1);
		write(fds[1], "r", 1);
		r = pause();
		_exit(r == -1 && errno == EINTR && got_usr1 ? 5 : 6);
	}
	read(fds[0], &byte, 1);
	usleep(20000);			/* long enough to be in pause() */
	kill(pid, SIGUSR1);
	waitpid(pid, &status, 0);
	check("pause returns EINTR after a caught signal", WIFEXITED(status) &&
	    WEXITSTATUS(status) == 5);
	close(fds[0]);
	close(fds[1]);
}

static void
test_getopt_long(void)
{
	static int verbose;
	static const struct option opts[] = {
		{ "verbose", no_argument, &verbose, 1 },
		{ "output", required_argument, NULL, 'o' },
		{ "color", optional_argument, NULL, 'c' },
		{ "colour", optional_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};
	char *argv[] = { "prog", "--verbose", "-x", "--out", "file", "--color=red",
	    "--output=o2", "--col", "--nope", "--verbose=1", "operand", NULL };
	int argc = 11, index = -1, got[16], n = 0, c;
	char *args[16] = { 0 };

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "xo:", opts, &index)) != -1 && n < 16) {
		args[n] = optarg;
		got[n++] = c;
	}
	check("getopt_long: a flag option", got[0] == 0 && verbose == 1);
	check("getopt_long: short options still work", got[1] == 'x');
	check("getopt_long: a unique prefix, argument after it", got[2] == 'o' &&
	    strcmp(args[2], "file") == 0);
	check("getopt_long: --name=value", got[3] == 'c' && strcmp(args[3], "red") == 0 &&
	    got[4] == 'o' && strcmp(args[4], "o2") == 0 && index == 1);
	check("getopt_long: ambiguous and unknown prefixes", got[5] == '?' && got[6] == '?');
	check("getopt_long: no argument allowed", got[7] == '?');
	check("getopt_long stops at the operand", n == 8 && optind == 10);
	optind = 1;
	opterr = 1;
}

/* syslog: the pytest reads what reached the console. */
static void
log_some(void)
{
	openlog("mydaemon", LOG_PID, LOG_DAEMON);
	syslog(LOG_ERR, "disk %d is %s", 3, "full");
	errno = ENOENT;
	syslog(LOG_WARNING, "open: %m (100%%)");
	setlogmask(LOG_UPTO(LOG_NOTICE));
	syslog(LOG_DEBUG, "not shown");
	closelog();
	syslog(LOG_NOTICE, "no ident: the program name");
}

/*
 * %a and %A, for the pytest's model of C's hexadecimal floating point:
 * "format|bits of the value|result" per line.
 */
static void
print_hex_floats(void)
{
	static const char *const formats[] = {
		"%a", "%A", "%.0a", "%.1a", "%.3a", "%.13a", "%.16a", "%#.0a",
		"%+a", "% a", "%20a", "%-20a", "%020a", "%#a",
	};
	static const double values[] = {
		0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 1.5, 2.0 / 3, 255.0, 1e300, -1e-300,
		5e-324, 2.2250738585072014e-308, 2.225073858507201e-308,
		1.7976931348623157e308, 0x1.fffffffffffffp0, 0x1.08p0, 0x1.18p0,
		0x1.8p0, 0x1.28p0, 3.0, __builtin_inf(), -__builtin_inf(),
	};
	char out[128];

	for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++)
		for (size_t v = 0; v < sizeof values / sizeof values[0]; v++) {
			unsigned long long bits;
			memcpy(&bits, &values[v], sizeof bits);
			snprintf(out, sizeof out, formats[f], values[v]);
			printf("%s|%016llx|%s\n", formats[f], bits, out);
		}
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "syslog") == 0) {
		log_some();
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "hexfloat") == 0) {
		print_hex_floats();
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "sysconf") == 0) {
		printf("%ld %ld\n", sysconf(_SC_NPROCESSORS_ONLN), sysconf(_SC_PHYS_PAGES));
		return 0;
	}
	test_error_indicator();
	test_eof_indicator();
	test_setvbuf();
	test_freopen();
	test_temporary_files();
	test_unlocked_and_fgetln();
	test_collation();
	test_exec_family();
	test_popen_system();
	test_realpath();
	test_passwd_group();
	test_libgen();
	test_sysconf();
	test_time();
	test_terminal_and_limits();
	test_string_additions();
	test_getopt_long();
	test_pause();
	test_directory_walks();
	return report();
}
