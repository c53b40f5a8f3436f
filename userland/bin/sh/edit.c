/*
 * Line editing for an interactive shell on a terminal, like ksh's emacs
 * mode.  While a line is edited the terminal is in non-canonical mode
 * without echo or signals (the shell reads each key and draws the line
 * itself); the modes come back before the command runs.
 *
 *   left, right, ^B, ^F   move by a character     ^A, ^E   start, end
 *   up, down, ^P, ^N      the history             ^K       delete to the end
 *   backspace             delete before           ^U       delete the line
 *   ^D                    delete under the cursor, end of file on an empty line
 *   ^W                    delete the word before  ^C       abandon the line
 *
 * An escape sequence (a key such as an arrow sends ESC [ A) is read to
 * its final byte, so an unknown one leaves nothing behind in the line.
 * Redrawing: back to the column after the prompt, the text, blanks over
 * whatever was longer, then back to the cursor.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "sh.h"

#define HISTORY_SIZE	100
#define CTRL(c)		((c) & 0x1f)
#define ESC		0x1b
#define DEL		0x7f

struct editor {
	char *buf;		/* the line, NUL-terminated */
	size_t len, cap, pos;	/* its length, room, the cursor */
	size_t shown;		/* how much of a line is on the screen */
	const char *prompt;	/* its last line, redrawn with the text */
	int hist;		/* the history entry shown (history_len: the new line) */
	char *draft;		/* the new line, kept while the history is browsed */
};

static char *history[HISTORY_SIZE];
static int history_len;

/* Output collected and written at once, so that a redraw is one write. */
static char out[4096];
static size_t out_len;

static void
emit(const char *s, size_t n)
{
	if (out_len + n > sizeof out) {
		write(2, out, out_len);
		out_len = 0;
	}
	if (n > sizeof out) {
		write(2, s, n);
		return;
	}
	memcpy(out + out_len, s, n);
	out_len += n;
}

static void
emit_str(const char *s)
{
	emit(s, strlen(s));
}

static void
emit_repeat(char c, size_t n)
{
	while (n-- > 0)
		emit(&c, 1);
}

static void
flush_out(void)
{
	if (out_len > 0)
		write(2, out, out_len);
	out_len = 0;
}

static void
refresh(struct editor *e)
{
	emit_str("\r");
	emit_str(e->prompt);
	emit(e->buf, e->len);
	if (e->shown > e->len)
		emit_repeat(' ', e->shown - e->len);
	emit_repeat('\b', (e->shown > e->len ? e->shown : e->len) - e->pos);
	e->shown = e->len;
	flush_out();
}

static void
set_text(struct editor *e, const char *text)
{
	size_t n = strlen(text);

	if (n + 1 > e->cap)
		e->buf = realloc(e->buf, e->cap = n + 64);
	memcpy(e->buf, text, n + 1);
	e->len = e->pos = n;
}

static void
insert(struct editor *e, char c)
{
	if (e->len + 2 > e->cap)
		e->buf = realloc(e->buf, e->cap *= 2);
	memmove(e->buf + e->pos + 1, e->buf + e->pos, e->len - e->pos + 1);
	e->buf[e->pos++] = c;
	e->len++;
}

/* Delete n characters from position at. */
static void
delete(struct editor *e, size_t at, size_t n)
{
	memmove(e->buf + at, e->buf + at + n, e->len - at - n + 1);
	e->len -= n;
	if (e->pos > at)
		e->pos = e->pos > at + n ? e->pos - n : at;
}

static void
delete_word_before(struct editor *e)
{
	size_t start = e->pos;

	while (start > 0 && e->buf[start - 1] == ' ')
		start--;
	while (start > 0 && e->buf[start - 1] != ' ')
		start--;
	delete(e, start, e->pos - start);
}

/* Show history entry i (history_len: the line being typed). */
static void
browse(struct editor *e, int i)
{
	if (i < 0 || i > history_len || i == e->hist)
		return;
	if (e->hist == history_len) {
		free(e->draft);
		e->draft = strdup(e->buf);
	}
	e->hist = i;
	set_text(e, i == history_len ? e->draft : history[i]);
}

static void
remember(const char *line)
{
	if (line[0] == '\0' || (history_len > 0 && strcmp(history[history_len - 1], line) == 0))
		return;
	if (history_len == HISTORY_SIZE) {
		free(history[0]);
		memmove(history, history + 1, (HISTORY_SIZE - 1) * sizeof *history);
		history_len--;
	}
	history[history_len++] = strdup(line);
}

static int
read_key(void)
{
	unsigned char c;
	ssize_t n;

	while ((n = read(0, &c, 1)) == -1 && errno == EINTR)
		;
	return n == 1 ? c : -1;
}

/* After ESC: read the rest of the sequence; the key it means (one of
 * the control keys above, for the ones the editor knows), or 0. */
static int
escape_sequence(void)
{
	int c = read_key(), param = 0;

	if (c != '[' && c != 'O')
		return 0;		/* ESC and one key (meta-x): dropped */
	while ((c = read_key()) != -1 && !(c >= 0x40 && c <= 0x7e))
		if (c >= '0' && c <= '9')
			param = param * 10 + c - '0';
	switch (c) {
	case 'A': return CTRL('P');
	case 'B': return CTRL('N');
	case 'C': return CTRL('F');
	case 'D': return CTRL('B');
	case 'H': return CTRL('A');
	case 'F': return CTRL('E');
	case '~':
		return param == 3 ? CTRL('D') : param == 1 || param == 7 ? CTRL('A')
		    : param == 4 || param == 8 ? CTRL('E') : 0;
	}
	return 0;
}

/* Act on one key; 1 when the line is finished. */
static int
edit_key(struct editor *e, int c)
{
	switch (c) {
	case '\r':
	case '\n':
		return 1;
	case CTRL('A'): e->pos = 0; break;
	case CTRL('E'): e->pos = e->len; break;
	case CTRL('B'): if (e->pos > 0) e->pos--; break;
	case CTRL('F'): if (e->pos < e->len) e->pos++; break;
	case CTRL('K'): delete(e, e->pos, e->len - e->pos); break;
	case CTRL('U'): delete(e, 0, e->len); break;
	case CTRL('W'): delete_word_before(e); break;
	case CTRL('P'): browse(e, e->hist - 1); break;
	case CTRL('N'): browse(e, e->hist + 1); break;
	case CTRL('D'): if (e->pos < e->len) delete(e, e->pos, 1); break;
	case CTRL('H'):
	case DEL:
		if (e->pos > 0)
			delete(e, e->pos - 1, 1);
		break;
	default:
		if (c >= ' ' && c < DEL)
			insert(e, (char)c);
		return 0;		/* other control keys do nothing */
	}
	return 0;
}

/* The line typed after prompt, with its newline, or NULL at end of file
 * (^D on an empty line). */
static char *
edit(const char *prompt)
{
	const char *nl = strrchr(prompt, '\n');
	struct editor e = { .prompt = nl != NULL ? nl + 1 : prompt };
	int c;

	emit_str(prompt);
	flush_out();
	set_text(&e, "");
	e.hist = history_len;
	while ((c = read_key()) != -1) {
		if (c == CTRL('D') && e.len == 0)
			break;
		if (c == CTRL('C')) {
			set_text(&e, "");	/* abandoned: an empty line */
			emit_str("^C");
			break;
		}
		if (c == ESC && (c = escape_sequence()) == 0)
			continue;
		if (c >= ' ' && c < DEL && e.pos == e.len) {
			insert(&e, (char)c);	/* typing at the end: just echo */
			emit(e.buf + e.pos - 1, 1);
			flush_out();
			e.shown = e.len;
			continue;
		}
		if (edit_key(&e, c))
			break;
		refresh(&e);
	}
	free(e.draft);
	if (c == -1 || (c == CTRL('D') && e.len == 0)) {
		flush_out();		/* the caller ends the line at end of file */
		free(e.buf);
		return NULL;
	}
	emit_str("\n");
	flush_out();
	remember(e.buf);
	size_t len = strlen(e.buf);
	char *line = realloc(e.buf, len + 2);
	memcpy(line + len, "\n", 2);
	return line;
}

/* Edit a line if standard input is a terminal that a person types on
 * (canonical mode with echo); *edited says whether it was, else the
 * caller reads the line as it comes. */
char *
edit_line(const char *prompt, int *edited)
{
	struct termios saved, raw;
	char *line;

	*edited = 0;
	if (tcgetattr(0, &saved) == -1 || (saved.c_lflag & (ICANON | ECHO)) != (ICANON | ECHO))
		return NULL;
	raw = saved;
	raw.c_lflag &= ~(ICANON | ECHO | ISIG);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(0, TCSADRAIN, &raw) == -1)
		return NULL;
	*edited = 1;
	line = edit(prompt);
	tcsetattr(0, TCSADRAIN, &saved);
	return line;
}
