/*
 * POSIX regular expressions (regcomp(3), re_format(7)), basic and
 * extended, over bytes in the C locale.
 *
 * regcomp parses the pattern into a tree, then turns the tree into a
 * program for a backtracking machine (in the manner of Thompson's and
 * Pike's instruction sets): CHAR, SET, SPLIT (try one way, then the
 * other), SAVE (a subexpression starts or ends here), ...  x{m,n} is m
 * copies of x and then n-m optional ones.
 *
 * regexec runs the program at each start position, leftmost first, and
 * at that position explores every way to match, keeping the longest
 * (POSIX's leftmost-longest rule).  Among ways of equal length the
 * first in the order of preference wins: alternatives left to right,
 * repetitions as many times as they can.  Choices are pushed on an
 * explicit stack, so a long line cannot overflow the C stack.  Without
 * back-references a state (instruction, position) that was explored once
 * cannot lead anywhere new, so a bitmap of explored states keeps the
 * search linear in pattern size times string length.
 */
#include <ctype.h>
#include <limits.h>
#include <regex.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "local.h"

#define MAGIC		0x52454758	/* "REGX": a compiled regex_t */
#define PROG_MAX	65536		/* instructions in one program */
#define MEMO_MAX	(1 << 24)	/* bits of explored-state memory */

/* --- the parse tree ---------------------------------------------------- */

enum node_kind {
	N_EMPTY, N_CHAR, N_ANY, N_SET, N_BOL, N_EOL, N_BACKREF,
	N_GROUP, N_CAT, N_ALT, N_REPEAT,
};

struct node {
	enum node_kind kind;
	int a, b;		/* CHAR: byte; SET: set index; BACKREF, GROUP: n;
				 * REPEAT: min, max (-1: no limit) */
	struct node *left, *right;	/* CAT, ALT: both; GROUP, REPEAT: left */
};

struct parser {
	const unsigned char *p, *end;
	int cflags;
	int error;
	size_t nsub;		/* groups opened */
	unsigned closed;	/* groups closed, a bit each for \1..\9 */
	struct node *nodes;	/* one allocation, freed after compiling */
	size_t nnodes, capnodes;
	unsigned char (*sets)[32];
	size_t nsets;
	bool backrefs;
};

static struct node *
new_node(struct parser *ps, enum node_kind kind, struct node *left,
    struct node *right)
{
	struct node *n;

	if (ps->error)
		return NULL;
	if (ps->nnodes == ps->capnodes) {
		ps->error = REG_ESPACE;		/* sized by the pattern's length */
		return NULL;
	}
	n = &ps->nodes[ps->nnodes++];
	n->kind = kind;
	n->a = n->b = 0;
	n->left = left;
	n->right = right;
	return n;
}

static bool more(struct parser *ps) { return ps->p < ps->end; }
static int peek(struct parser *ps) { return more(ps) ? *ps->p : -1; }

static bool
next_is(struct parser *ps, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(ps->end - ps->p) >= n && memcmp(ps->p, s, n) == 0;
}

static struct node *
cat(struct parser *ps, struct node *a, struct node *b)
{
	if (a == NULL)
		return b;
	return new_node(ps, N_CAT, a, b);
}

/* --- bracket expressions --------------------------------------------------- */

static void
set_add(unsigned char *set, int c)
{
	set[c >> 3] |= 1 << (c & 7);
}

static bool
set_has(const unsigned char *set, int c)
{
	return set[c >> 3] & (1 << (c & 7));
}

/* [:name:], the "[:" already read: add its members. */
static void
bracket_class(struct parser *ps, unsigned char *set)
{
	const unsigned char *start = ps->p;

	while (more(ps) && !next_is(ps, ":]"))
		ps->p++;
	if (!more(ps)) {
		ps->error = REG_EBRACK;
		return;
	}
	int (*is)(int) = __ctype_class(start, ps->p - start);

	if (is != NULL) {
		for (int c = 1; c < 256; c++)
			if (is(c))
				set_add(set, c);
		ps->p += 2;
		return;
	}
	ps->error = REG_ECTYPE;
}

/*
 * One element's character: a plain byte, or [.c.] / [=c=] (in the C
 * locale a collating element or an equivalence class is one byte).
 */
static int
bracket_char(struct parser *ps)
{
	if (next_is(ps, "[.") || next_is(ps, "[=")) {
		char close[3] = { (char)ps->p[1], ']', '\0' };
		int c;
		ps->p += 2;
		if (!more(ps)) {
			ps->error = REG_EBRACK;
			return -1;
		}
		c = *ps->p++;
		if (!next_is(ps, close)) {
			ps->error = more(ps) ? REG_ECOLLATE : REG_EBRACK;
			return -1;
		}
		ps->p += 2;
		return c;
	}
	return *ps->p++;
}

/* A bracket expression, the '[' already read. */
static struct node *
bracket(struct parser *ps)
{
	unsigned char set[32] = { 0 };
	bool negate = false, first = true;
	struct node *n;

	if (peek(ps) == '^') {
		negate = true;
		ps->p++;
	}
	while (more(ps) && (first || peek(ps) != ']')) {
		int lo, hi;
		first = false;
		if (next_is(ps, "[:")) {
			ps->p += 2;
			bracket_class(ps, set);
			if (ps->error)
				return NULL;
			continue;
		}
		if ((lo = bracket_char(ps)) < 0)
			return NULL;
		hi = lo;
		if (peek(ps) == '-' && ps->p + 1 < ps->end && ps->p[1] != ']') {
			ps->p++;
			if ((hi = bracket_char(ps)) < 0)
				return NULL;
			if (hi < lo) {
				ps->error = REG_ERANGE;
				return NULL;
			}
		}
		for (int c = lo; c <= hi; c++)
			set_add(set, c);
	}
	if (!more(ps)) {
		ps->error = REG_EBRACK;
		return NULL;
	}
	ps->p++;		/* the ']' */
	if (ps->cflags & REG_ICASE) {
		for (int c = 0; c < 256; c++)
			if (set_has(set, c)) {
				set_add(set, tolower(c));
				set_add(set, toupper(c));
			}
	}
	if (negate) {
		for (int i = 0; i < 32; i++)
			set[i] = ~set[i];
		if (ps->cflags & REG_NEWLINE)
			set['\n' >> 3] &= ~(1 << ('\n' & 7));
	}
	set[0] &= ~1;		/* never NUL: a C string ends there */
	if ((n = new_node(ps, N_SET, NULL, NULL)) == NULL)
		return NULL;
	n->a = (int)ps->nsets;
	memcpy(ps->sets[ps->nsets++], set, sizeof set);
	return n;
}

/* A literal byte (a set of both cases with REG_ICASE). */
static struct node *
literal(struct parser *ps, int c)
{
	struct node *n;

	if ((ps->cflags & REG_ICASE) && tolower(c) != toupper(c)) {
		if ((n = new_node(ps, N_SET, NULL, NULL)) == NULL)
			return NULL;
		n->a = (int)ps->nsets;
		memset(ps->sets[ps->nsets], 0, 32);
		set_add(ps->sets[ps->nsets], tolower(c));
		set_add(ps->sets[ps->nsets++], toupper(c));
		return n;
	}
	if ((n = new_node(ps, N_CHAR, NULL, NULL)) != NULL)
		n->a = c;
	return n;
}

/* --- repetition -------------------------------------------------------------- */

static int
read_count(struct parser *ps)
{
	int n = 0;

	if (!isdigit(peek(ps)))
		return -1;
	while (isdigit(peek(ps))) {
		n = n * 10 + (*ps->p++ - '0');
		if (n > RE_DUP_MAX)
			n = RE_DUP_MAX + 1;
	}
	return n;
}

/* {m}, {m,}, {m,n} after the opening brace; close is "}" or "\\}". */
static struct node *
interval(struct parser *ps, struct node *atom, const char *close)
{
	int min = read_count(ps), max = min;
	struct node *n;

	if (min < 0) {
		ps->error = more(ps) ? REG_BADBR : REG_EBRACE;
		return NULL;
	}
	if (peek(ps) == ',') {
		ps->p++;
		max = isdigit(peek(ps)) ? read_count(ps) : -1;
	}
	if (!next_is(ps, close)) {
		ps->error = more(ps) ? REG_BADBR : REG_EBRACE;
		return NULL;
	}
	ps->p += strlen(close);
	if (min > RE_DUP_MAX || max > RE_DUP_MAX || (max >= 0 && max < min)) {
		ps->error = REG_BADBR;
		return NULL;
	}
	if ((n = new_node(ps, N_REPEAT, atom, NULL)) != NULL) {
		n->a = min;
		n->b = max;
	}
	return n;
}

static struct node *
repeat(struct parser *ps, struct node *atom, int min, int max)
{
	struct node *n = new_node(ps, N_REPEAT, atom, NULL);

	if (n != NULL) {
		n->a = min;
		n->b = max;
	}
	return n;
}

/* --- extended syntax ---------------------------------------------------------- */

static struct node *ere_alternation(struct parser *ps);

static struct node *
group(struct parser *ps, struct node *inner, size_t number)
{
	struct node *g = new_node(ps, N_GROUP, inner, NULL);

	if (g != NULL)
		g->a = (int)number;
	if (number <= 9)
		ps->closed |= 1u << number;
	return g;
}

static struct node *
backref(struct parser *ps, int digit)
{
	struct node *n;

	if (digit == 0 || !(ps->closed & (1u << digit))) {
		ps->error = REG_ESUBREG;
		return NULL;
	}
	ps->backrefs = true;
	if ((n = new_node(ps, N_BACKREF, NULL, NULL)) != NULL)
		n->a = digit;
	return n;
}

static struct node *
ere_atom(struct parser *ps)
{
	int c = *ps->p++;
	size_t number;
	struct node *inner;

	switch (c) {
	case '(':
		number = ++ps->nsub;
		if (peek(ps) == ')') {
			ps->error = REG_EMPTY;
			return NULL;
		}
		inner = ere_alternation(ps);
		if (ps->error)
			return NULL;
		if (peek(ps) != ')') {
			ps->error = REG_EPAREN;
			return NULL;
		}
		ps->p++;
		return group(ps, inner, number);
	case ')':
		ps->error = REG_EPAREN;
		return NULL;
	case '.':
		return new_node(ps, N_ANY, NULL, NULL);
	case '^':
		return new_node(ps, N_BOL, NULL, NULL);
	case '$':
		return new_node(ps, N_EOL, NULL, NULL);
	case '[':
		return bracket(ps);
	case '*': case '+': case '?':
		ps->error = REG_BADRPT;
		return NULL;
	case '{':
		if (isdigit(peek(ps))) {
			ps->error = REG_BADRPT;
			return NULL;
		}
		return literal(ps, c);
	case '\\':
		if (!more(ps)) {
			ps->error = REG_EESCAPE;
			return NULL;
		}
		c = *ps->p++;
		if (c >= '1' && c <= '9')
			return backref(ps, c - '0');
		return literal(ps, c);
	default:
		return literal(ps, c);
	}
}

/* An atom and the repetitions after it. */
static struct node *
ere_piece(struct parser *ps)
{
	struct node *n = ere_atom(ps);

	while (n != NULL && more(ps)) {
		int c = peek(ps);
		if (c == '*')
			n = repeat(ps, n, 0, -1);
		else if (c == '+')
			n = repeat(ps, n, 1, -1);
		else if (c == '?')
			n = repeat(ps, n, 0, 1);
		else if (c == '{' && ps->p + 1 < ps->end && isdigit(ps->p[1])) {
			ps->p++;
			n = interval(ps, n, "}");
			continue;
		} else
			break;
		ps->p++;
	}
	return n;
}

static struct node *
ere_branch(struct parser *ps)
{
	struct node *n = NULL;

	if (!more(ps) || peek(ps) == '|' || peek(ps) == ')') {
		ps->error = REG_EMPTY;
		return NULL;
	}
	while (more(ps) && peek(ps) != '|' && peek(ps) != ')' && !ps->error)
		n = cat(ps, n, ere_piece(ps));
	return n;
}

static struct node *
ere_alternation(struct parser *ps)
{
	struct node *n = ere_branch(ps);

	while (!ps->error && peek(ps) == '|') {
		ps->p++;
		n = new_node(ps, N_ALT, n, ere_branch(ps));
	}
	return n;
}

/* --- basic syntax ------------------------------------------------------------- */

static struct node *bre_expression(struct parser *ps, bool nested);

/* One atom of a basic RE; at_start: a '*' here is a literal. */
static struct node *
bre_atom(struct parser *ps, bool at_start, bool nested)
{
	int c = *ps->p++;
	size_t number;
	struct node *inner;

	switch (c) {
	case '.':
		return new_node(ps, N_ANY, NULL, NULL);
	case '[':
		return bracket(ps);
	case '*':
		if (at_start)
			return literal(ps, c);	/* a leading '*' is itself */
		ps->error = REG_BADRPT;
		return NULL;
	case '$':	/* an anchor only at the end (of the RE or a group) */
		if (!more(ps) || (nested && next_is(ps, "\\)")))
			return new_node(ps, N_EOL, NULL, NULL);
		return literal(ps, c);
	case '\\':
		if (!more(ps)) {
			ps->error = REG_EESCAPE;
			return NULL;
		}
		c = *ps->p++;
		if (c == '(') {
			number = ++ps->nsub;
			inner = bre_expression(ps, true);
			if (ps->error)
				return NULL;
			if (inner == NULL)	/* \(\) matches the empty string */
				inner = new_node(ps, N_EMPTY, NULL, NULL);
			if (!next_is(ps, "\\)")) {
				ps->error = REG_EPAREN;
				return NULL;
			}
			ps->p += 2;
			return group(ps, inner, number);
		}
		if (c == ')') {
			ps->error = REG_EPAREN;
			return NULL;
		}
		if (c == '{') {		/* an interval with nothing before it */
			ps->error = REG_BADRPT;
			return NULL;
		}
		if (c >= '1' && c <= '9')
			return backref(ps, c - '0');
		return literal(ps, c);
	default:
		return literal(ps, c);
	}
}

/* A basic RE, or a group's contents (nested), up to "\)" or the end. */
static struct node *
bre_expression(struct parser *ps, bool nested)
{
	struct node *n = NULL;
	bool at_start = true;

	if (peek(ps) == '^') {		/* an anchor only at the start */
		ps->p++;
		n = new_node(ps, N_BOL, NULL, NULL);
	}
	while (more(ps) && !ps->error && !(nested && next_is(ps, "\\)"))) {
		struct node *atom = bre_atom(ps, at_start, nested);
		at_start = false;
		while (atom != NULL && more(ps)) {
			if (peek(ps) == '*') {
				ps->p++;
				atom = repeat(ps, atom, 0, -1);
			} else if (next_is(ps, "\\{")) {
				ps->p += 2;
				atom = interval(ps, atom, "\\}");
			} else
				break;
		}
		n = cat(ps, n, atom);
	}
	return n;
}

/* REG_NOSPEC: every byte stands for itself. */
static struct node *
all_literal(struct parser *ps)
{
	struct node *n = NULL;

	while (more(ps) && !ps->error)
		n = cat(ps, n, literal(ps, *ps->p++));
	return n;
}

/* --- the program ------------------------------------------------------------- */

enum opcode {
	O_CHAR,		/* arg: the byte */
	O_ANY,		/* any byte but NUL (and \n with REG_NEWLINE) */
	O_SET,		/* arg: set index */
	O_BOL, O_EOL,
	O_SAVE,		/* arg: slot 2n (start of group n) or 2n+1 (end) */
	O_SPLIT,	/* go to x, and if that fails to y */
	O_JMP,		/* go to x */
	O_ENTER,	/* arg: loop; remember where the loop starts */
	O_MARK,		/* arg: loop; remember where an iteration starts */
	O_PROGRESS,	/* arg: loop; an iteration that consumed nothing
			 * leaves the loop (to x) if y and it is the only
			 * one, else fails */
	O_BACKREF,	/* arg: group number */
	O_MATCH,
};

struct inst {
	unsigned char op;
	int arg, x, y;
};

struct __re_prog {
	struct inst *code;
	size_t len, cap;
	unsigned char (*sets)[32];
	int nloops;		/* loops over what may match "" (O_MARK) */
	int cflags;
	bool memo_ok;		/* no back-references, no empty loops */
	bool too_big;
};

static int
emit(struct __re_prog *g, int op, int arg)
{
	if (g->len == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;
		struct inst *code;
		if (cap > PROG_MAX || (code = realloc(g->code, cap * sizeof *code)) == NULL) {
			g->too_big = true;
			return 0;
		}
		g->code = code;
		g->cap = cap;
	}
	g->code[g->len] = (struct inst){ (unsigned char)op, arg, 0, 0 };
	return (int)g->len++;
}

/* Can the node match the empty string? (Loops over those need O_PROGRESS.) */
static bool
nullable(const struct node *n)
{
	switch (n->kind) {
	case N_CHAR: case N_ANY: case N_SET:
		return false;
	case N_BACKREF:		/* the group may have matched "" */
	case N_EMPTY: case N_BOL: case N_EOL:
		return true;
	case N_GROUP:
		return nullable(n->left);
	case N_CAT:
		return nullable(n->left) && nullable(n->right);
	case N_ALT:
		return nullable(n->left) || nullable(n->right);
	case N_REPEAT:
		return n->a == 0 || nullable(n->left);
	}
	return true;
}

static void gen(struct __re_prog *g, const struct node *n);

/*
 * x*: SPLIT body, out; body; JMP back.  If x may match the empty string
 * the loop must not spin: ENTER notes where the loop began, MARK where
 * the iteration did, and PROGRESS ends an iteration that consumed
 * nothing.  POSIX lets such an iteration count only if it is the
 * repetition's only one (so (a*)* on "b" sets \1 to "", while (a*)+ on
 * "aa" keeps \1 = "aa"): PROGRESS then leaves the loop, else it fails.
 * none_before: no mandatory copy of x comes before this loop.
 */
static void
gen_star(struct __re_prog *g, const struct node *x, bool none_before)
{
	bool empty = nullable(x);
	int loop = empty ? g->nloops++ : 0;

	if (empty) {
		emit(g, O_ENTER, loop);
		g->memo_ok = false;
	}
	int split = emit(g, O_SPLIT, 0);
	if (g->too_big)
		return;
	g->code[split].x = (int)g->len;
	if (empty)
		emit(g, O_MARK, loop);
	gen(g, x);
	int progress = empty ? emit(g, O_PROGRESS, loop) : -1;
	int jmp = emit(g, O_JMP, 0);
	if (g->too_big)
		return;
	g->code[jmp].x = split;
	g->code[split].y = (int)g->len;
	if (progress >= 0) {
		g->code[progress].x = (int)g->len;
		g->code[progress].y = none_before;
	}
}

/* x{min,max}: min copies, then max-min nested optional ones (or x*). */
static void
gen_repeat(struct __re_prog *g, const struct node *n)
{
	int splits[RE_DUP_MAX + 1], nsplits = 0;

	for (int i = 0; i < n->a; i++)
		gen(g, n->left);
	if (n->b < 0) {
		gen_star(g, n->left, n->a == 0);
		return;
	}
	for (int i = n->a; i < n->b && !g->too_big; i++) {
		splits[nsplits] = emit(g, O_SPLIT, 0);
		g->code[splits[nsplits]].x = (int)g->len;
		nsplits++;
		gen(g, n->left);
	}
	while (nsplits > 0 && !g->too_big)
		g->code[splits[--nsplits]].y = (int)g->len;
}

/* The one instruction of a node that is one. */
static const unsigned char simple_op[] = {
	[N_CHAR] = O_CHAR, [N_ANY] = O_ANY, [N_SET] = O_SET, [N_BOL] = O_BOL,
	[N_EOL] = O_EOL, [N_BACKREF] = O_BACKREF,
};

static void
gen(struct __re_prog *g, const struct node *n)
{
	int split, jmp;

	if (g->too_big)
		return;
	switch (n->kind) {
	case N_EMPTY:
		break;
	case N_CHAR: case N_ANY: case N_SET: case N_BOL: case N_EOL:
	case N_BACKREF:
		emit(g, simple_op[n->kind], n->a);
		break;
	case N_GROUP:
		emit(g, O_SAVE, 2 * n->a);
		gen(g, n->left);
		emit(g, O_SAVE, 2 * n->a + 1);
		break;
	case N_CAT:
		gen(g, n->left);
		gen(g, n->right);
		break;
	case N_ALT:
		split = emit(g, O_SPLIT, 0);
		if (g->too_big)
			return;
		g->code[split].x = (int)g->len;
		gen(g, n->left);
		jmp = emit(g, O_JMP, 0);
		if (g->too_big)
			return;
		g->code[split].y = (int)g->len;
		gen(g, n->right);
		g->code[jmp].x = (int)g->len;
		break;
	case N_REPEAT:
		gen_repeat(g, n);
		break;
	}
}

/* --- regcomp ------------------------------------------------------------------ */

int
regcomp(regex_t *restrict preg, const char *restrict pattern, int cflags)
{
	struct parser ps = { 0 };
	struct __re_prog *g;
	struct node *tree;
	size_t len;

	if ((cflags & REG_PEND) && preg->re_endp < pattern)
		return REG_INVARG;
	len = (cflags & REG_PEND) ? (size_t)(preg->re_endp - pattern) : strlen(pattern);
	ps.p = (const unsigned char *)pattern;
	ps.end = ps.p + len;
	ps.cflags = cflags;
	ps.capnodes = 2 * len + 2;
	ps.nodes = malloc(ps.capnodes * sizeof *ps.nodes);
	ps.sets = malloc((len + 1) * sizeof *ps.sets);
	g = calloc(1, sizeof *g);
	if (ps.nodes == NULL || ps.sets == NULL || g == NULL) {
		free(ps.nodes);
		free(ps.sets);
		free(g);
		return REG_ESPACE;
	}

	if (cflags & REG_NOSPEC)
		tree = all_literal(&ps);
	else if (cflags & REG_EXTENDED)
		tree = ere_alternation(&ps);
	else
		tree = bre_expression(&ps, false);
	if (!ps.error && more(&ps))		/* a stray ')' */
		ps.error = REG_EPAREN;
	if (!ps.error && tree == NULL)		/* the empty pattern */
		tree = new_node(&ps, N_EMPTY, NULL, NULL);

	g->cflags = cflags;
	g->sets = ps.sets;
	g->memo_ok = !ps.backrefs;
	if (!ps.error) {
		gen(g, tree);
		emit(g, O_MATCH, 0);
		if (g->too_big)
			ps.error = REG_ESPACE;
	}
	free(ps.nodes);
	if (ps.error) {
		free(g->code);
		free(g->sets);
		free(g);
		return ps.error;
	}
	preg->re_magic = MAGIC;
	preg->re_nsub = ps.nsub;
	preg->re_g = g;
	return 0;
}

void
regfree(regex_t *preg)
{
	if (preg->re_magic != MAGIC)
		return;
	free(preg->re_g->code);
	free(preg->re_g->sets);
	free(preg->re_g);
	preg->re_magic = 0;
	preg->re_g = NULL;
}

/* --- regexec ------------------------------------------------------------------ */

/* A choice to come back to, or a value to put back when backtracking. */
struct choice {
	enum { GO, RESTORE_CAP, RESTORE_MARK } kind;
	int index;		/* GO: the instruction; else the slot */
	regoff_t value;		/* GO: the position; else the old value */
};

struct machine {
	const struct __re_prog *g;
	const unsigned char *s;
	regoff_t start, end;	/* the part of s searched */
	int eflags;
	regoff_t *caps, *best;	/* 2 * (nsub + 1) slots each */
	size_t ncaps;
	regoff_t *marks;	/* per loop: where the iteration, the loop began */
	regoff_t best_end;
	unsigned char *memo;	/* explored (split instruction, position) */
	struct choice *stack;
	size_t depth, cap;
	bool failed;		/* out of memory */
};

static void
push(struct machine *m, int kind, int index, regoff_t value)
{
	if (m->depth == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 256;
		struct choice *st = realloc(m->stack, cap * sizeof *st);
		if (st == NULL) {
			m->failed = true;
			return;
		}
		m->stack = st;
		m->cap = cap;
	}
	m->stack[m->depth++] = (struct choice){ kind, index, value };
}

static bool
at_bol(const struct machine *m, regoff_t sp)
{
	if (sp == m->start && !(m->eflags & REG_NOTBOL))
		return true;
	return (m->g->cflags & REG_NEWLINE) && sp > 0 && m->s[sp - 1] == '\n';
}

static bool
at_eol(const struct machine *m, regoff_t sp)
{
	if (sp == m->end)
		return !(m->eflags & REG_NOTEOL);
	return (m->g->cflags & REG_NEWLINE) && m->s[sp] == '\n';
}

/* Does the text at sp repeat group n's match?  Its length, or -1. */
static regoff_t
backref_len(const struct machine *m, int n, regoff_t sp)
{
	regoff_t so = m->caps[2 * n], eo = m->caps[2 * n + 1], len = eo - so;

	if (so < 0 || eo < 0)
		return -1;		/* the group did not take part */
	if (len > m->end - sp)
		return -1;
	for (regoff_t i = 0; i < len; i++) {
		int a = m->s[so + i], b = m->s[sp + i];
		if (m->g->cflags & REG_ICASE) {
			a = tolower(a);
			b = tolower(b);
		}
		if (a != b)
			return -1;
	}
	return len;
}

/* Explored (split, position) already?  Marks it if not. */
static bool
seen(struct machine *m, int pc, regoff_t sp)
{
	size_t bit;

	if (m->memo == NULL)
		return false;
	bit = (size_t)pc * (size_t)(m->end - m->start + 1) + (size_t)(sp - m->start);
	if (m->memo[bit >> 3] & (1 << (bit & 7)))
		return true;
	m->memo[bit >> 3] |= 1 << (bit & 7);
	return false;
}

/*
 * Follow one thread from (pc, sp) until it fails or matches, pushing
 * the other way at each SPLIT.  A match longer than the best so far
 * becomes the best.
 */
static void
run_thread(struct machine *m, int pc, regoff_t sp)
{
	const struct inst *code = m->g->code;
	regoff_t n;

	for (;;) {
		const struct inst *in = &code[pc];
		int c = sp < m->end ? m->s[sp] : -1;

		switch (in->op) {
		case O_CHAR:
			if (c != in->arg)
				return;
			sp++, pc++;
			break;
		case O_ANY:
			if (c <= 0 || (c == '\n' && (m->g->cflags & REG_NEWLINE)))
				return;
			sp++, pc++;
			break;
		case O_SET:
			if (c < 0 || !set_has(m->g->sets[in->arg], c))
				return;
			sp++, pc++;
			break;
		case O_BOL:
			if (!at_bol(m, sp))
				return;
			pc++;
			break;
		case O_EOL:
			if (!at_eol(m, sp))
				return;
			pc++;
			break;
		case O_SAVE:
			if ((size_t)in->arg < m->ncaps) {
				push(m, RESTORE_CAP, in->arg, m->caps[in->arg]);
				m->caps[in->arg] = sp;
			}
			pc++;
			break;
		case O_SPLIT:
			if (seen(m, pc, sp))
				return;
			push(m, GO, in->y, sp);
			pc = in->x;
			break;
		case O_JMP:
			pc = in->x;
			break;
		case O_ENTER:
		case O_MARK:
			n = 2 * in->arg + (in->op == O_ENTER);
			push(m, RESTORE_MARK, (int)n, m->marks[n]);
			m->marks[n] = sp;
			pc++;
			break;
		case O_PROGRESS:
			if (m->marks[2 * in->arg] != sp)
				pc++;
			else if (in->y && m->marks[2 * in->arg + 1] == sp)
				pc = in->x;	/* the only iteration: it counts */
			else
				return;
			break;
		case O_BACKREF:
			if ((n = backref_len(m, in->arg, sp)) < 0)
				return;
			sp += n, pc++;
			break;
		case O_MATCH:
			if (m->best_end < 0 || sp > m->best_end) {
				m->best_end = sp;
				memcpy(m->best, m->caps, m->ncaps * sizeof *m->caps);
			}
			return;
		}
	}
}

/* Every way to match at start; true if one does (m->best has it). */
static bool
match_at(struct machine *m, regoff_t start)
{
	for (size_t i = 0; i < m->ncaps; i++)
		m->caps[i] = -1;
	m->caps[0] = start;
	m->best_end = -1;
	m->depth = 0;
	push(m, GO, 0, start);
	while (m->depth > 0 && !m->failed) {
		struct choice ch = m->stack[--m->depth];
		if (ch.kind == RESTORE_CAP)
			m->caps[ch.index] = ch.value;
		else if (ch.kind == RESTORE_MARK)
			m->marks[ch.index] = ch.value;
		else if (m->best_end != m->end)	/* nothing can be longer */
			run_thread(m, ch.index, ch.value);
	}
	return m->best_end >= 0;
}

int
regexec(const regex_t *restrict preg, const char *restrict string,
    size_t nmatch, regmatch_t pmatch[restrict], int eflags)
{
	struct machine m = { 0 };
	const struct __re_prog *g;
	size_t memo_bits;
	int result = REG_NOMATCH;

	if (preg->re_magic != MAGIC)
		return REG_BADPAT;
	g = preg->re_g;
	if (g->cflags & REG_NOSUB)
		nmatch = 0;
	m.g = g;
	m.s = (const unsigned char *)string;
	m.eflags = eflags;
	if (eflags & REG_STARTEND) {
		m.start = pmatch[0].rm_so;
		m.end = pmatch[0].rm_eo;
		if (m.start < 0 || m.end < m.start)
			return REG_INVARG;
	} else {
		m.end = (regoff_t)strlen(string);
	}
	m.ncaps = 2 * (preg->re_nsub + 1);
	m.caps = malloc(2 * m.ncaps * sizeof *m.caps);
	m.marks = malloc((2 * g->nloops + 1) * sizeof *m.marks);
	memo_bits = g->len * (size_t)(m.end - m.start + 1);
	if (g->memo_ok && memo_bits <= MEMO_MAX)
		m.memo = calloc(memo_bits / 8 + 1, 1);
	if (m.caps == NULL || m.marks == NULL || (g->memo_ok &&
	    memo_bits <= MEMO_MAX && m.memo == NULL)) {
		result = REG_ESPACE;
		goto out;
	}
	m.best = m.caps + m.ncaps;

	for (regoff_t start = m.start; start <= m.end && !m.failed; start++) {
		if (match_at(&m, start)) {
			m.best[0] = start;
			m.best[1] = m.best_end;
			for (size_t i = 0; i < nmatch; i++) {
				bool set = i < m.ncaps / 2 && m.best[2 * i] >= 0 &&
				    m.best[2 * i + 1] >= 0;
				pmatch[i].rm_so = set ? m.best[2 * i] : -1;
				pmatch[i].rm_eo = set ? m.best[2 * i + 1] : -1;
			}
			result = 0;
			break;
		}
	}
	if (m.failed)
		result = REG_ESPACE;
out:
	free(m.caps);
	free(m.marks);
	free(m.memo);
	free(m.stack);
	return result;
}

/* --- regerror ------------------------------------------------------------------ */

static const char *const messages[] = {
	[0] = "success",
	[REG_NOMATCH] = "regexec() failed to match",
	[REG_BADPAT] = "invalid regular expression",
	[REG_ECOLLATE] = "invalid collating element",
	[REG_ECTYPE] = "invalid character class",
	[REG_EESCAPE] = "trailing backslash (\\)",
	[REG_ESUBREG] = "invalid backreference number",
	[REG_EBRACK] = "brackets ([ ]) not balanced",
	[REG_EPAREN] = "parentheses not balanced",
	[REG_EBRACE] = "braces not balanced",
	[REG_BADBR] = "invalid repetition count(s)",
	[REG_ERANGE] = "invalid character range",
	[REG_ESPACE] = "out of memory",
	[REG_BADRPT] = "repetition-operator operand invalid",
	[REG_EMPTY] = "empty (sub)expression",
	[REG_ASSERT] = "\"can't happen\" -- you found a bug",
	[REG_INVARG] = "invalid argument to regex routine",
	[REG_ILLSEQ] = "illegal byte sequence",
};

/* The message into errbuf (cut to fit); the size all of it needs. */
size_t
regerror(int errcode, const regex_t *restrict preg, char *restrict errbuf,
    size_t errbuf_size)
{
	const char *msg = "unknown regexp error";
	size_t len;

	(void)preg;
	if (errcode >= 0 && (size_t)errcode < sizeof messages / sizeof messages[0])
		msg = messages[errcode];
	len = strlen(msg) + 1;
	if (errbuf_size > 0) {
		size_t n = len < errbuf_size ? len - 1 : errbuf_size - 1;
		memcpy(errbuf, msg, n);
		errbuf[n] = '\0';
	}
	return len;
}
