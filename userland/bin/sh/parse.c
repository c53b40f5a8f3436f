/*
 * The parser: tokens -> a tree.  The grammar, loosest binding first:
 *
 *   list      := and_or ((';' | '&' | newline) and_or)*
 *   and_or    := pipeline (('&&' | '||') pipeline)*
 *   pipeline  := ['!'] command ('|' command)*
 *   command   := '(' list ')' redirection*
 *              | (word | redirection)+
 *
 * Each rule is one function (recursive descent).  A line that stops
 * right after && || | or inside ( is "incomplete", not an error: the
 * caller reads the next line and parses again.
 */
#include <stdlib.h>
#include <string.h>

#include "sh.h"

struct parser {
	struct token *tok;	/* the current token */
	const char *error;
	int incomplete;
};

static struct node *parse_list(struct parser *ps);

static struct node *
new_node(enum node_type type, struct node *left, struct node *right)
{
	struct node *n = calloc(1, sizeof *n);

	n->type = type;
	n->left = left;
	n->right = right;
	return n;
}

static int
failed(struct parser *ps)
{
	return ps->error != NULL || ps->incomplete;
}

static void
advance(struct parser *ps)
{
	if (ps->tok->type != T_END)
		ps->tok = ps->tok->next;
}

static void
skip_newlines(struct parser *ps)
{
	while (ps->tok->type == T_NEWLINE)
		advance(ps);
}

static const char *
token_name(struct token *t)
{
	static const char *names[] = {
		[T_WORD] = "word", [T_PIPE] = "|", [T_OR] = "||", [T_AMP] = "&",
		[T_AND] = "&&", [T_SEMI] = ";", [T_NEWLINE] = "newline",
		[T_LPAREN] = "(", [T_RPAREN] = ")", [T_REDIR] = "redirection",
		[T_END] = "end of file",
	};
	return names[t->type];
}

/* Something unexpected: at the end of the input that only means that
 * more lines are needed. */
static struct node *
unexpected(struct parser *ps)
{
	static char message[64];

	if (ps->tok->type == T_END)
		ps->incomplete = 1;
	else {
		strlcpy(message, "syntax error near ", sizeof message);
		strlcat(message, token_name(ps->tok), sizeof message);
		ps->error = message;
	}
	return NULL;
}

static void
add_word(struct node *n, const char *text)
{
	n->words = realloc(n->words, (n->nwords + 2) * sizeof *n->words);
	n->words[n->nwords++] = strdup(text);
	n->words[n->nwords] = NULL;
}

/* A redirection token and the word after it; added at the end of the
 * list so that `>a 2>&1` happens in the order written. */
static int
parse_redirection(struct parser *ps, struct node *n)
{
	struct redir *r, **tail;
	struct token *op = ps->tok;

	advance(ps);
	if (ps->tok->type != T_WORD) {
		unexpected(ps);
		return 0;
	}
	r = calloc(1, sizeof *r);
	r->fd = op->fd;
	r->kind = op->kind;
	r->word = strdup(ps->tok->text);
	for (tail = &n->redirs; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = r;
	advance(ps);
	return 1;
}

static struct node *
parse_subshell(struct parser *ps)
{
	struct node *n, *inner;

	advance(ps);				/* ( */
	inner = parse_list(ps);
	if (failed(ps)) {
		free_node(inner);
		return NULL;
	}
	if (ps->tok->type != T_RPAREN || inner == NULL) {
		free_node(inner);
		return unexpected(ps);
	}
	advance(ps);
	n = new_node(N_SUBSHELL, inner, NULL);
	while (ps->tok->type == T_REDIR)
		if (!parse_redirection(ps, n)) {
			free_node(n);
			return NULL;
		}
	return n;
}

static struct node *
parse_command(struct parser *ps)
{
	struct node *n;

	if (ps->tok->type == T_LPAREN)
		return parse_subshell(ps);
	n = new_node(N_COMMAND, NULL, NULL);
	for (;;) {
		if (ps->tok->type == T_WORD) {
			add_word(n, ps->tok->text);
			advance(ps);
		} else if (ps->tok->type == T_REDIR) {
			if (!parse_redirection(ps, n))
				break;
		} else
			break;
	}
	if (!failed(ps) && n->nwords == 0 && n->redirs == NULL)
		unexpected(ps);
	if (failed(ps)) {
		free_node(n);
		return NULL;
	}
	return n;
}

static struct node *
parse_pipeline(struct parser *ps)
{
	struct node *left, *right;
	int negate = 0;

	if (ps->tok->type == T_WORD && strcmp(ps->tok->text, "!") == 0) {
		negate = 1;
		advance(ps);
	}
	left = parse_command(ps);
	while (left != NULL && ps->tok->type == T_PIPE) {
		advance(ps);
		skip_newlines(ps);
		right = parse_command(ps);
		if (right == NULL) {
			free_node(left);
			return NULL;
		}
		left = new_node(N_PIPE, left, right);
	}
	if (left != NULL && negate)
		left = new_node(N_NOT, left, NULL);
	return left;
}

static struct node *
parse_and_or(struct parser *ps)
{
	struct node *left = parse_pipeline(ps), *right;

	while (left != NULL && (ps->tok->type == T_AND || ps->tok->type == T_OR)) {
		enum node_type type = ps->tok->type == T_AND ? N_AND : N_OR;

		advance(ps);
		skip_newlines(ps);
		right = parse_pipeline(ps);
		if (right == NULL) {
			free_node(left);
			return NULL;
		}
		left = new_node(type, left, right);
	}
	return left;
}

/* Stops at the end or at a ')' (for the caller, a subshell, to check). */
static struct node *
parse_list(struct parser *ps)
{
	struct node *list = NULL, *item;

	skip_newlines(ps);
	while (ps->tok->type != T_END && ps->tok->type != T_RPAREN) {
		item = parse_and_or(ps);
		if (item == NULL)
			break;
		if (ps->tok->type == T_AMP) {
			item = new_node(N_BACKGROUND, item, NULL);
			advance(ps);
		} else if (ps->tok->type == T_SEMI || ps->tok->type == T_NEWLINE)
			advance(ps);
		else if (ps->tok->type != T_END && ps->tok->type != T_RPAREN) {
			free_node(item);
			unexpected(ps);
			break;
		}
		list = list == NULL ? item : new_node(N_SEQ, list, item);
		skip_newlines(ps);
	}
	return list;
}

struct node *
parse(struct token *tokens, int *incomplete, const char **error)
{
	struct parser ps = { tokens, NULL, 0 };
	struct node *tree = parse_list(&ps);

	if (!failed(&ps) && ps.tok->type != T_END)
		unexpected(&ps);		/* a ')' with no '(' */
	*incomplete = ps.incomplete;
	*error = ps.error;
	if (failed(&ps)) {
		free_node(tree);
		return NULL;
	}
	return tree;
}

void
free_node(struct node *n)
{
	struct redir *r, *next;

	if (n == NULL)
		return;
	free_node(n->left);
	free_node(n->right);
	for (int i = 0; i < n->nwords; i++)
		free(n->words[i]);
	free(n->words);
	for (r = n->redirs; r != NULL; r = next) {
		next = r->next;
		free(r->word);
		free(r);
	}
	free(n);
}

/* --- the text of a tree, as `jobs` shows a job --- */

static void
text_add(char **buf, size_t *len, const char *s)
{
	size_t n = strlen(s);

	*buf = realloc(*buf, *len + n + 1);
	memcpy(*buf + *len, s, n + 1);
	*len += n;
}

static void
node_text_into(struct node *n, char **buf, size_t *len)
{
	static const char *const ops[] = {
		[N_PIPE] = " | ", [N_AND] = " && ", [N_OR] = " || ", [N_SEQ] = "; ",
	};

	switch (n->type) {
	case N_COMMAND:
		for (int i = 0; i < n->nwords; i++) {
			if (i > 0)
				text_add(buf, len, " ");
			text_add(buf, len, n->words[i]);
		}
		break;
	case N_BACKGROUND:
		node_text_into(n->left, buf, len);
		text_add(buf, len, " &");
		break;
	case N_NOT:
		text_add(buf, len, "! ");
		node_text_into(n->left, buf, len);
		break;
	case N_SUBSHELL:
		text_add(buf, len, "(");
		node_text_into(n->left, buf, len);
		text_add(buf, len, ")");
		break;
	default:
		node_text_into(n->left, buf, len);
		text_add(buf, len, ops[n->type]);
		node_text_into(n->right, buf, len);
	}
}

char *
node_text(struct node *n)
{
	char *buf = NULL;
	size_t len = 0;

	text_add(&buf, &len, "");
	node_text_into(n, &buf, &len);
	return buf;
}
