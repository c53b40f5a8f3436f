/*
 * The lexer: splits input into words and operators.  A word keeps its
 * quotes and backslashes, because what they mean (no expansion inside
 * '...', expansion but no splitting inside "...") is decided later, when
 * the word is expanded.  Here quotes only matter for where a word ends:
 * a blank or an operator inside quotes does not end it.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

struct lexer {
	const char *p;		/* the next character */
	struct token *head, **tail;
	int incomplete;		/* a quote was still open at the end */
	const char *error;
};

static struct token *
add_token(struct lexer *lx, enum token_type type)
{
	struct token *t = calloc(1, sizeof *t);

	t->type = type;
	*lx->tail = t;
	lx->tail = &t->next;
	return t;
}

static int
is_operator_char(char c)
{
	return c == '|' || c == '&' || c == ';' || c == '<' || c == '>'
	    || c == '(' || c == ')';
}

static int
ends_word(char c)
{
	return c == '\0' || c == ' ' || c == '\t' || c == '\n'
	    || is_operator_char(c);
}

/* A backslash-newline that ends the input: the next line is part of
 * this one, so nothing can be decided before it is read. */
static int
continues_on_next_line(const char *p)
{
	return p[0] == '\\' && p[1] == '\n' && p[2] == '\0';
}

/* Skip a quoted part starting at p (at the quote); return the character
 * after the closing quote, or NULL if the input ends first. */
static const char *
skip_quoted(const char *p)
{
	char quote = *p++;

	for (; *p != quote; p++) {
		if (*p == '\0')
			return NULL;
		/* In "...", \" does not close the quote. */
		if (quote == '"' && *p == '\\' && p[1] != '\0')
			p++;
	}
	return p + 1;
}

static void
lex_word(struct lexer *lx)
{
	const char *start = lx->p, *p = lx->p;
	struct token *t;

	while (!ends_word(*p)) {
		if (*p == '\'' || *p == '"') {
			p = skip_quoted(p);
			if (p == NULL) {
				lx->incomplete = 1;
				return;
			}
		} else if (*p == '\\' && p[1] != '\0') {
			if (continues_on_next_line(p)) {
				lx->incomplete = 1;
				return;
			}
			p += 2;
		} else if (*p == '$' && p[1] == '{') {
			while (*p != '\0' && *p != '}')
				p++;
			if (*p == '}')
				p++;
		} else
			p++;
	}
	t = add_token(lx, T_WORD);
	t->text = strndup(start, p - start);
	lx->p = p;
}

/* < > >> <> <& >&, after an optional descriptor number. */
static void
lex_redirection(struct lexer *lx, int fd)
{
	const char *p = lx->p;
	struct token *t = add_token(lx, T_REDIR);

	if (p[0] == '>' && p[1] == '>')
		t->kind = R_APPEND, p += 2;
	else if (p[0] == '<' && p[1] == '>')
		t->kind = R_INOUT, p += 2;
	else if (p[1] == '&')
		t->kind = R_DUP, p += 2;
	else
		t->kind = p[0] == '<' ? R_IN : R_OUT, p += 1;
	t->fd = fd >= 0 ? fd : lx->p[0] == '<' ? 0 : 1;
	lx->p = p;
}

static void
lex_operator(struct lexer *lx)
{
	const char *p = lx->p;

	if (*p == '<' || *p == '>') {
		lex_redirection(lx, -1);
		return;
	}
	if (p[0] == '|' && p[1] == '|')
		add_token(lx, T_OR), p += 2;
	else if (p[0] == '&' && p[1] == '&')
		add_token(lx, T_AND), p += 2;
	else if (*p == '|')
		add_token(lx, T_PIPE), p++;
	else if (*p == '&')
		add_token(lx, T_AMP), p++;
	else if (*p == ';')
		add_token(lx, T_SEMI), p++;
	else if (*p == '(')
		add_token(lx, T_LPAREN), p++;
	else
		add_token(lx, T_RPAREN), p++;
	lx->p = p;
}

/* "2>" and "2>&1": digits right before < or > name the descriptor. */
static int
io_number(struct lexer *lx)
{
	const char *p = lx->p;

	while (isdigit((unsigned char)*p))
		p++;
	if (p == lx->p || (*p != '<' && *p != '>'))
		return -1;
	int fd = atoi(lx->p);
	lx->p = p;
	return fd;
}

static void
lex_one(struct lexer *lx)
{
	char c = *lx->p;
	int fd;

	if (c == ' ' || c == '\t')
		lx->p++;
	else if (continues_on_next_line(lx->p))
		lx->incomplete = 1;
	else if (c == '\\' && lx->p[1] == '\n')
		lx->p += 2;			/* a line continues */
	else if (c == '#') {
		while (*lx->p != '\0' && *lx->p != '\n')
			lx->p++;		/* a comment */
	} else if (c == '\n') {
		add_token(lx, T_NEWLINE);
		lx->p++;
	} else if (is_operator_char(c))
		lex_operator(lx);
	else if ((fd = io_number(lx)) >= 0)
		lex_redirection(lx, fd);
	else
		lex_word(lx);
}

struct token *
lex(const char *input, int *incomplete, const char **error)
{
	struct lexer lx = { input, NULL, NULL, 0, NULL };

	lx.tail = &lx.head;
	*incomplete = 0;
	*error = NULL;
	while (*lx.p != '\0' && !lx.incomplete)
		lex_one(&lx);
	if (lx.incomplete) {
		free_tokens(lx.head);
		*incomplete = 1;
		return NULL;
	}
	add_token(&lx, T_END);
	return lx.head;
}

void
free_tokens(struct token *t)
{
	while (t != NULL) {
		struct token *next = t->next;
		free(t->text);
		free(t);
		t = next;
	}
}
