/*
 * Word expansion: a word as typed -> the fields (arguments) it stands for.
 *
 *   'text'    literal, exactly as written
 *   "text"    $ expansions happen, but the result stays one field;
 *             \ only escapes $ ` " \ and newline
 *   \c        the character c, literally
 *   $NAME ${NAME} $? $$ $! $# $0..$9 $@ $*
 *             replaced by their value; outside quotes the value is split
 *             into several fields at blanks ("field splitting")
 *   ~         at the start of a word: $HOME
 *
 * A word that expands to nothing outside quotes (an unset $X) gives no
 * field at all, while "" gives one empty field.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

/* The field being built, and the list it goes to when finished. */
struct builder {
	struct fields *out;
	char *buf;
	size_t len, cap;
	int started;		/* a field exists, even an empty one ("") */
};

static void
add_char(struct builder *b, char c)
{
	if (b->len + 2 > b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64;
		b->buf = realloc(b->buf, b->cap);
	}
	b->buf[b->len++] = c;
	b->buf[b->len] = '\0';
	b->started = 1;
}

static void
add_text(struct builder *b, const char *s)
{
	b->started = 1;
	while (*s != '\0')
		add_char(b, *s++);
}

void
fields_add(struct fields *f, char *s)
{
	if (f->n + 2 > f->cap) {
		f->cap = f->cap ? 2 * f->cap : 8;
		f->v = realloc(f->v, f->cap * sizeof *f->v);
	}
	f->v[f->n++] = s;
	f->v[f->n] = NULL;
}

static void
finish_field(struct builder *b)
{
	if (b->started)
		fields_add(b->out, strdup(b->len ? b->buf : ""));
	b->len = 0;
	b->started = 0;
}

/* An unquoted value: blanks separate fields and are dropped. */
static void
add_split(struct builder *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n')
			finish_field(b);
		else
			add_char(b, *s);
	}
}

static void
add_value(struct builder *b, const char *value, int quoted)
{
	if (quoted)
		add_text(b, value);
	else
		add_split(b, value);
}

/* $@ and $*: the positional parameters.  Inside quotes, "$@" keeps
 * each one a separate field while "$*" joins them with spaces. */
static void
add_positional(struct builder *b, int quoted, int separate)
{
	for (int i = 0; i < sh.nargs; i++) {
		if (i > 0) {
			if (quoted && separate)
				finish_field(b);
			else if (quoted)
				add_char(b, ' ');
			else
				finish_field(b);
		}
		add_value(b, sh.args[i], quoted);
	}
}

/* The value of a one-character special parameter, or NULL. */
static const char *
special_value(char c, char *buf, size_t size)
{
	switch (c) {
	case '?':
		snprintf(buf, size, "%d", sh.status);
		return buf;
	case '$':
		snprintf(buf, size, "%d", (int)sh.pid);
		return buf;
	case '!':
		if (sh.last_bg == 0)
			return "";
		snprintf(buf, size, "%d", (int)sh.last_bg);
		return buf;
	case '#':
		snprintf(buf, size, "%d", sh.nargs);
		return buf;
	case '0':
		return sh.name;
	}
	if (c >= '1' && c <= '9')
		return c - '1' < sh.nargs ? sh.args[c - '1'] : "";
	return NULL;
}

static const char *
param_value(const char *name, char *buf, size_t size)
{
	const char *value;

	if (name[0] != '\0' && name[1] == '\0'
	    && (value = special_value(name[0], buf, size)) != NULL)
		return value;
	value = var_get(name);
	return value != NULL ? value : "";
}

/* p points just after a '$'; expand what follows and return where the
 * word continues. */
static const char *
expand_dollar(struct builder *b, const char *p, int quoted)
{
	char name[256], buf[32];
	size_t len = 0;

	if (*p == '@' || *p == '*') {
		add_positional(b, quoted, *p == '@');
		return p + 1;
	}
	if (*p == '{') {
		const char *end = strchr(p, '}');
		if (end == NULL || end == p + 1 || end - p - 1 >= (long)sizeof name) {
			add_char(b, '$');	/* not a valid ${...}: leave it */
			return p;
		}
		memcpy(name, p + 1, end - p - 1);
		name[end - p - 1] = '\0';
		add_value(b, param_value(name, buf, sizeof buf), quoted);
		return end + 1;
	}
	if (strchr("?$!#", *p) != NULL || isdigit((unsigned char)*p)) {
		name[0] = *p;
		name[1] = '\0';
		add_value(b, param_value(name, buf, sizeof buf), quoted);
		return p + 1;
	}
	while ((isalnum((unsigned char)p[len]) || p[len] == '_')
	    && len + 1 < sizeof name) {
		name[len] = p[len];
		len++;
	}
	if (len == 0 || isdigit((unsigned char)name[0])) {
		add_char(b, '$');		/* a lone $ is just a dollar */
		return p;
	}
	name[len] = '\0';
	add_value(b, param_value(name, buf, sizeof buf), quoted);
	return p + len;
}

/* p points after an opening "; return what follows the closing one. */
static const char *
expand_double_quoted(struct builder *b, const char *p)
{
	b->started = 1;
	while (*p != '\0' && *p != '"') {
		if (*p == '\\' && p[1] != '\0' && strchr("$`\"\\\n", p[1]) != NULL) {
			if (p[1] != '\n')
				add_char(b, p[1]);
			p += 2;
		} else if (*p == '$')
			p = expand_dollar(b, p + 1, 1);
		else
			add_char(b, *p++);
	}
	return *p == '"' ? p + 1 : p;
}

static const char *
expand_single_quoted(struct builder *b, const char *p)
{
	b->started = 1;
	while (*p != '\0' && *p != '\'')
		add_char(b, *p++);
	return *p == '\'' ? p + 1 : p;
}

static const char *
expand_tilde(struct builder *b, const char *p)
{
	const char *home = var_get("HOME");

	if (p[1] != '\0' && p[1] != '/')
		return p;		/* ~user is not supported */
	add_text(b, home != NULL ? home : "/");
	return p + 1;
}

void
expand_word(const char *word, struct fields *out)
{
	struct builder b = { out, NULL, 0, 0, 0 };
	const char *p = word;

	if (*p == '~')
		p = expand_tilde(&b, p);
	while (*p != '\0') {
		if (*p == '\'')
			p = expand_single_quoted(&b, p + 1);
		else if (*p == '"')
			p = expand_double_quoted(&b, p + 1);
		else if (*p == '\\' && p[1] != '\0') {
			if (p[1] != '\n')	/* backslash-newline joins lines */
				add_char(&b, p[1]);
			p += 2;
		} else if (*p == '$')
			p = expand_dollar(&b, p + 1, 0);
		else
			add_char(&b, *p++);
	}
	finish_field(&b);
	free(b.buf);
}

/* One string, without field splitting: the fields joined by spaces.
 * Used for redirection targets and for the value of NAME=value. */
char *
expand_one(const char *word)
{
	struct fields f = { 0 };
	size_t len = 1;
	char *s;

	expand_word(word, &f);
	for (int i = 0; i < f.n; i++)
		len += strlen(f.v[i]) + 1;
	s = calloc(1, len);
	for (int i = 0; i < f.n; i++) {
		if (i > 0)
			strcat(s, " ");
		strcat(s, f.v[i]);
	}
	free_fields(&f);
	return s;
}

void
free_fields(struct fields *f)
{
	for (int i = 0; i < f->n; i++)
		free(f->v[i]);
	free(f->v);
	f->v = NULL;
	f->n = f->cap = 0;
}
