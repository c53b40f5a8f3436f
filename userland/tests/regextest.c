/*
 * regextest: regex.h, fnmatch and glob from inside the machine.
 *
 *	regextest		the known-answer tables, then "N passed, M failed"
 *	regextest ere		each stdin line "pattern<TAB>string": the whole
 *				match "so eo", "-1" if none, "E<n>" if regcomp fails
 *	regextest fnmatch	each stdin line "pattern<TAB>string": fnmatch's
 *				0 or 1 (no flags)
 */
#include <fnmatch.h>
#include <glob.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

#define E REG_EXTENDED
#define I REG_ICASE
#define N REG_NEWLINE

/*
 * flags, pattern, string, and what regexec gives: the offsets of the
 * match and each subexpression ("so,eo", "-1,-1" if it took no part),
 * "nomatch", or the regcomp error's name.
 */
static const struct re_case {
	int flags;
	const char *pattern, *string, *want;
} re_cases[] = {
	/* basic syntax */
	{ 0, "abc", "xabcy", "1,4" },
	{ 0, "a.c", "abc", "0,3" },
	{ 0, "a*", "aaab", "0,3" },
	{ 0, "a*", "baaa", "0,0" },
	{ 0, "\\(a*\\)b", "xaab", "1,4 1,3" },
	{ 0, "\\(ab\\)*c", "ababc", "0,5 2,4" },
	{ 0, "a\\{2\\}", "aaaa", "0,2" },
	{ 0, "a\\{2,\\}", "aaaa", "0,4" },
	{ 0, "a\\{1,3\\}", "aaaa", "0,3" },
	{ 0, "^abc$", "abc", "0,3" },
	{ 0, "^abc$", "abcd", "nomatch" },
	{ 0, "a^b", "a^b", "0,3" },
	{ 0, "a$b", "a$b", "0,3" },
	{ 0, "*a", "*a", "0,2" },
	{ 0, "^*a", "*a", "0,2" },
	{ 0, "\\(*a\\)", "*a", "0,2 0,2" },
	{ 0, "a|b", "a|b", "0,3" },
	{ 0, "a+", "a+", "0,2" },
	{ 0, "a?", "a?", "0,2" },
	{ 0, "\\(a\\)\\1", "aa", "0,2 0,1" },
	{ 0, "\\(a*\\)b\\1", "aabaa", "0,5 0,2" },
	{ 0, "\\(a*\\)b\\1", "aaba", "1,4 1,2" },
	{ 0, "\\([ab]*\\)c\\1", "abcab", "0,5 0,2" },
	{ 0, "[[:digit:]]\\{3\\}", "ab12345", "2,5" },
	{ 0, "x\\.y", "x.y xzy", "0,3" },
	{ 0, "x\\.y", "xzy", "nomatch" },
	{ 0, "\\(a", "a", "EPAREN" },
	{ 0, "a\\)", "a", "EPAREN" },
	{ 0, "a\\{1", "a", "EBRACE" },
	{ 0, "a\\{2,1\\}", "a", "BADBR" },
	{ 0, "\\1", "a", "ESUBREG" },
	{ 0, "a\\", "a", "EESCAPE" },
	{ 0, "", "abc", "0,0" },
	{ 0, "a\\(\\)b", "xab", "1,3 2,2" },	/* an empty group matches "" */
	/* extended syntax */
	{ E, "a|b", "xb", "1,2" },
	{ E, "ab|abcd|abc", "abcde", "0,4" },
	{ E, "(a|ab)(c|bcd)", "abcd", "0,4 0,1 1,4" },
	{ E, "(a+)(b+)?", "aab", "0,3 0,2 2,3" },
	{ E, "(a+)(b+)?", "aac", "0,2 0,2 -1,-1" },
	{ E, "a+", "baaac", "1,4" },
	{ E, "a?b", "ab", "0,2" },
	{ E, "(a*)*", "b", "0,0 0,0" },
	{ E, "(a*)+", "aa", "0,2 0,2" },
	{ E, "(a|b)*c", "abac", "0,4 2,3" },
	{ E, "x(y|z)*x", "xyzzyx", "0,6 4,5" },
	{ E, "[a-c]+", "xxbcaax", "2,6" },
	{ E, "[^a-c]+", "abcxyzabc", "3,6" },
	{ E, "[]a]+", "]a]b", "0,3" },
	{ E, "[^]a]", "]ab", "2,3" },
	{ E, "[a-]+", "-a-b", "0,3" },
	{ E, "[[:alpha:]_][[:alnum:]_]*", "  id_42 ", "2,7" },
	{ E, "[[.-.]]", "a-b", "1,2" },
	{ E, "[[=a=]]", "ba", "1,2" },
	{ E, "a{3}", "aaaa", "0,3" },
	{ E, "(ab){1,2}", "ababab", "0,4 2,4" },
	{ E, "a{,2}", "a{,2}", "0,5" },
	{ E, "^(.*)/(.*)$", "usr/lib/libc.a", "0,14 0,7 8,14" },
	{ E, "(wee|week)(knights|night)", "weeknights", "0,10 0,3 3,10" },
	{ E, "(.*)c(.*)", "abcde", "0,5 0,2 3,5" },
	{ E, "\\(a\\)", "(a)", "0,3" },
	{ E, "a|b|c|d|e", "e", "0,1" },
	{ E, "(a", "a", "EPAREN" },
	{ E, "a)", "a", "EPAREN" },
	{ E, "*a", "a", "BADRPT" },
	{ E, "a||b", "a", "EMPTY" },
	{ E, "()", "a", "EMPTY" },
	{ E, "[a", "a", "EBRACK" },
	{ E, "[z-a]", "a", "ERANGE" },
	{ E, "[[:nope:]]", "a", "ECTYPE" },
	{ E, "a{1,2", "a", "EBRACE" },
	{ E, "a{300}", "a", "BADBR" },
	/* flags */
	{ E | I, "abc", "xABCx", "1,4" },
	{ E | I, "[a-c]+", "xAbCx", "1,4" },
	{ I, "\\(a\\)\\1", "aA", "0,2 0,1" },
	{ E, "^b", "a\nb", "nomatch" },
	{ E | N, "^b", "a\nb", "2,3" },
	{ E | N, "a$", "a\nb", "0,1" },
	{ E | N, "a.b", "a\nb", "nomatch" },
	{ E | N, "a[^x]b", "a\nb", "nomatch" },
	{ E, "a.b", "a\nb", "0,3" },
};

static int
error_code(const char *name)
{
	static const struct { const char *name; int code; } names[] = {
		{ "EPAREN", REG_EPAREN }, { "EBRACE", REG_EBRACE },
		{ "BADBR", REG_BADBR }, { "ESUBREG", REG_ESUBREG },
		{ "EESCAPE", REG_EESCAPE }, { "BADRPT", REG_BADRPT },
		{ "EMPTY", REG_EMPTY }, { "EBRACK", REG_EBRACK },
		{ "ERANGE", REG_ERANGE }, { "ECTYPE", REG_ECTYPE },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i].name, name) == 0)
			return names[i].code;
	return -1;
}

/* What regcomp and regexec make of a case, in the table's notation. */
static void
describe(const struct re_case *c, char *out, size_t size)
{
	static const char *names[] = { "", "", "BADPAT", "ECOLLATE", "ECTYPE",
	    "EESCAPE", "ESUBREG", "EBRACK", "EPAREN", "EBRACE", "BADBR",
	    "ERANGE", "ESPACE", "BADRPT", "EMPTY" };
	regmatch_t m[10];
	regex_t re;
	int r = regcomp(&re, c->pattern, c->flags);
	size_t len = 0;

	if (r != 0) {
		snprintf(out, size, "%s", r < 15 ? names[r] : "?");
		return;
	}
	if (regexec(&re, c->string, 10, m, 0) != 0) {
		snprintf(out, size, "nomatch");
	} else {
		out[0] = '\0';
		for (size_t i = 0; i <= re.re_nsub && i < 10; i++)
			len += snprintf(out + len, size - len, "%s%lld,%lld",
			    i ? " " : "", (long long)m[i].rm_so, (long long)m[i].rm_eo);
	}
	regfree(&re);
}

static void
test_regex_table(void)
{
	char got[128], name[160];

	for (size_t i = 0; i < sizeof re_cases / sizeof re_cases[0]; i++) {
		const struct re_case *c = &re_cases[i];
		describe(c, got, sizeof got);
		snprintf(name, sizeof name, "regex %s/%s%s%s on \"%s\": %s (want %s)",
		    c->pattern, c->flags & E ? "E" : "B", c->flags & I ? "I" : "",
		    c->flags & N ? "N" : "", c->string, got, c->want);
		for (char *p = name; *p; p++)
			if (*p == '\n')
				*p = '~';
		check(name, strcmp(got, c->want) == 0);
	}
	(void)error_code;
}

static void
test_regex_api(void)
{
	regex_t re;
	regmatch_t m[2];
	char buf[64], small[8];
	size_t need;

	check("re_nsub counts groups", regcomp(&re, "(a)(b(c))", E) == 0 &&
	    re.re_nsub == 3);
	regfree(&re);
	check("REG_NOSUB: only whether it matches", regcomp(&re, "b+", E | REG_NOSUB) == 0 &&
	    regexec(&re, "abbc", 0, NULL, 0) == 0 &&
	    regexec(&re, "ac", 0, NULL, 0) == REG_NOMATCH);
	regfree(&re);
	regcomp(&re, "^a", E);
	check("REG_NOTBOL", regexec(&re, "ab", 1, m, REG_NOTBOL) == REG_NOMATCH &&
	    regexec(&re, "ab", 1, m, 0) == 0);
	regfree(&re);
	regcomp(&re, "b$", E);
	check("REG_NOTEOL", regexec(&re, "ab", 1, m, REG_NOTEOL) == REG_NOMATCH);
	regfree(&re);
	regcomp(&re, "b+", E);
	m[0].rm_so = 3;
	m[0].rm_eo = 6;
	check("REG_STARTEND searches a part", regexec(&re, "bbabbbbb", 1, m,
	    REG_STARTEND) == 0 && m[0].rm_so == 3 && m[0].rm_eo == 6);
	regfree(&re);
	regcomp(&re, "a", REG_NOSPEC);
	regfree(&re);
	check("REG_NOSPEC: all literal", regcomp(&re, "a.*(", REG_NOSPEC | E) == 0 &&
	    regexec(&re, "xa.*(", 1, m, 0) == 0 && m[0].rm_so == 1 &&
	    regexec(&re, "abc(", 1, m, 0) == REG_NOMATCH);
	regfree(&re);
	need = regerror(REG_EPAREN, NULL, buf, sizeof buf);
	check("regerror gives the message", need == strlen(buf) + 1 &&
	    strcmp(buf, "parentheses not balanced") == 0);
	check("regerror cuts to fit, says the size",
	    regerror(REG_EPAREN, NULL, small, sizeof small) == need &&
	    strcmp(small, "parenth") == 0);
	check("regerror(NOMATCH)", regerror(REG_NOMATCH, NULL, buf, sizeof buf) > 1 &&
	    strstr(buf, "match") != NULL);
}

/* A long line: the explored-state memory keeps this from taking ages. */
static void
test_regex_long_line(void)
{
	size_t n = 20000;
	char *line = malloc(n + 2);
	regmatch_t m[1];
	regex_t re;

	memset(line, 'a', n);
	line[n] = 'b';
	line[n + 1] = '\0';
	check("a long line: (a|aa)*b", regcomp(&re, "(a|aa)*b", E) == 0 &&
	    regexec(&re, line, 1, m, 0) == 0 && m[0].rm_so == 0 &&
	    m[0].rm_eo == (regoff_t)n + 1);
	regfree(&re);
	check("a long line: .*x finds nothing", regcomp(&re, ".*x", E) == 0 &&
	    regexec(&re, line, 1, m, 0) == REG_NOMATCH);
	regfree(&re);
	free(line);
}

static const struct {
	const char *pattern, *string;
	int flags, want;	/* 0 match, 1 no match */
} fn_cases[] = {
	{ "*.c", "main.c", 0, 0 }, { "*.c", "main.h", 0, 1 },
	{ "a?c", "abc", 0, 0 }, { "a?c", "ac", 0, 1 },
	{ "[a-c]x", "bx", 0, 0 }, { "[!a-c]x", "bx", 0, 1 },
	{ "[^a-c]x", "dx", 0, 0 }, { "[[:digit:]]*", "7up", 0, 0 },
	{ "\\*", "*", 0, 0 }, { "\\*", "a", 0, 1 },
	{ "\\*", "\\*", FNM_NOESCAPE, 0 },
	{ "*", "a/b", 0, 0 }, { "*", "a/b", FNM_PATHNAME, 1 },
	{ "a/*", "a/b", FNM_PATHNAME, 0 }, { "a?b", "a/b", FNM_PATHNAME, 1 },
	{ "a[/]b", "a/b", FNM_PATHNAME, 1 },
	{ "*", ".profile", FNM_PERIOD, 1 }, { ".*", ".profile", FNM_PERIOD, 0 },
	{ "?profile", ".profile", FNM_PERIOD, 1 },
	{ "a/*", "a/.b", FNM_PATHNAME | FNM_PERIOD, 1 },
	{ "a*", "a.b", FNM_PERIOD, 0 },
	{ "*", ".profile", 0, 0 },
	{ "a", "a/b/c", FNM_LEADING_DIR, 0 }, { "a/b", "a/b/c", FNM_LEADING_DIR, 0 },
	{ "ABC", "abc", FNM_CASEFOLD, 0 }, { "[A-C]x", "bX", FNM_CASEFOLD, 0 },
	{ "[", "[", 0, 0 }, { "[a", "[a", 0, 0 }, { "*a*b*", "xaxbx", 0, 0 },
	{ "*a*b*c", "ab", 0, 1 }, { "", "", 0, 0 }, { "", "a", 0, 1 },
};

static void
test_fnmatch(void)
{
	char name[96];

	for (size_t i = 0; i < sizeof fn_cases / sizeof fn_cases[0]; i++) {
		int got = fnmatch(fn_cases[i].pattern, fn_cases[i].string, fn_cases[i].flags);
		snprintf(name, sizeof name, "fnmatch(\"%s\", \"%s\", %#x) = %d",
		    fn_cases[i].pattern, fn_cases[i].string, fn_cases[i].flags, got);
		check(name, got == (fn_cases[i].want ? FNM_NOMATCH : 0));
	}
}

static void
touch(const char *path)
{
	FILE *fp = fopen(path, "w");

	if (fp != NULL)
		fclose(fp);
}

/* The paths glob found, joined by spaces. */
static const char *
joined(const glob_t *g)
{
	static char buf[512];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < g->gl_pathc; i++)
		len += snprintf(buf + len, sizeof buf - len, "%s%s", i ? " " : "",
		    g->gl_pathv[g->gl_offs + i]);
	return buf;
}

static int errors_seen;

static int
count_error(const char *path, int error)
{
	(void)path;
	(void)error;
	errors_seen++;
	return 0;
}

static void
test_glob(void)
{
	glob_t g;

	mkdir("/tmp/g", 0755);
	mkdir("/tmp/g/src", 0755);
	mkdir("/tmp/g/doc", 0755);
	touch("/tmp/g/src/main.c");
	touch("/tmp/g/src/util.c");
	touch("/tmp/g/src/util.h");
	touch("/tmp/g/src/.hidden.c");
	touch("/tmp/g/doc/a.txt");
	touch("/tmp/g/b*");

	check("glob *.c, sorted", glob("/tmp/g/src/*.c", 0, NULL, &g) == 0 &&
	    strcmp(joined(&g), "/tmp/g/src/main.c /tmp/g/src/util.c") == 0);
	globfree(&g);
	check("glob: dot files only for a dot", glob("/tmp/g/src/.*.c", 0, NULL, &g) == 0 &&
	    strcmp(joined(&g), "/tmp/g/src/.hidden.c") == 0);
	globfree(&g);
	check("glob: wildcards in directories", glob("/tmp/g/*/*.[ct]*", 0, NULL, &g) == 0 &&
	    strcmp(joined(&g), "/tmp/g/doc/a.txt /tmp/g/src/main.c /tmp/g/src/util.c") == 0);
	globfree(&g);
	check("glob GLOB_MARK", glob("/tmp/g/*", GLOB_MARK, NULL, &g) == 0 &&
	    strcmp(joined(&g), "/tmp/g/b* /tmp/g/doc/ /tmp/g/src/") == 0);
	globfree(&g);
	check("glob: nothing matches", glob("/tmp/g/*.none", 0, NULL, &g) == GLOB_NOMATCH);
	globfree(&g);
	check("glob GLOB_NOCHECK: the pattern", glob("/tmp/g/*.none", GLOB_NOCHECK,
	    NULL, &g) == 0 && strcmp(joined(&g), "/tmp/g/*.none") == 0);
	globfree(&g);
	check("glob: an escaped star", glob("/tmp/g/b\\*", 0, NULL, &g) == 0 &&
	    g.gl_pathc == 1);
	globfree(&g);
	check("glob: a literal path must exist", glob("/tmp/g/src/none.c", 0, NULL, &g) ==
	    GLOB_NOMATCH);
	globfree(&g);
	g.gl_offs = 2;
	check("glob GLOB_DOOFFS and GLOB_APPEND", glob("/tmp/g/src/*.h", GLOB_DOOFFS,
	    NULL, &g) == 0 && glob("/tmp/g/doc/*", GLOB_DOOFFS | GLOB_APPEND, NULL, &g) == 0 &&
	    g.gl_pathv[0] == NULL && g.gl_pathv[1] == NULL && g.gl_pathc == 2 &&
	    strcmp(joined(&g), "/tmp/g/src/util.h /tmp/g/doc/a.txt") == 0 &&
	    g.gl_pathv[4] == NULL);
	globfree(&g);
	chdir("/tmp/g/src");
	check("glob: a relative pattern", glob("*.h", 0, NULL, &g) == 0 &&
	    strcmp(joined(&g), "util.h") == 0);
	globfree(&g);
	chdir("/");
	check("glob: an unreadable directory goes to errfunc",
	    glob("/tmp/g/src/main.c/*", 0, count_error, &g) == GLOB_NOMATCH &&
	    errors_seen == 1);
	globfree(&g);
	check("glob GLOB_ERR stops there", glob("/tmp/g/src/main.c/*", GLOB_ERR, NULL,
	    &g) == GLOB_ABORTED);
	globfree(&g);
}

/* Lines "pattern<TAB>string" from stdin, for the pytest's oracles. */
static int
serve(int ere)
{
	char line[1024];

	while (fgets(line, sizeof line, stdin) != NULL) {
		char *tab = strchr(line, '\t'), *string;
		regmatch_t m[1];
		regex_t re;
		int r;

		line[strcspn(line, "\n")] = '\0';
		if (tab == NULL)
			continue;
		*tab = '\0';
		string = tab + 1;
		if (!ere) {
			printf("%d\n", fnmatch(line, string, 0) == 0 ? 0 : 1);
			continue;
		}
		if ((r = regcomp(&re, line, REG_EXTENDED)) != 0) {
			printf("E%d\n", r);
			continue;
		}
		if (regexec(&re, string, 1, m, 0) == 0)
			printf("%lld %lld\n", (long long)m[0].rm_so, (long long)m[0].rm_eo);
		else
			printf("-1\n");
		regfree(&re);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc > 1)
		return serve(strcmp(argv[1], "ere") == 0);
	test_regex_table();
	test_regex_api();
	test_regex_long_line();
	test_fnmatch();
	test_glob();
	return report();
}
