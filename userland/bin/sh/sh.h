/*
 * sh: a small Bourne-style shell.  The parts, in the order a line goes
 * through them:
 *
 *   main.c     options, reading lines (from -c, a file or standard input)
 *   edit.c     editing the line typed on a terminal, with a history
 *   lex.c      a line -> tokens: words (quotes kept) and operators
 *   parse.c    tokens -> a tree of nodes (lists, && ||, pipelines, commands)
 *   expand.c   a word -> fields: quotes removed, $VAR and $? replaced
 *   var.c      shell variables and the environment of the programs run
 *   exec.c     the tree -> processes: fork, pipes, redirections, wait
 *   jobs.c     jobs: process groups, the terminal, jobs fg bg wait
 *   builtins.c commands the shell runs itself (cd, exit, export...)
 *
 * Words are expanded when a command runs, not when it is parsed, so that
 * `X=1; echo $X` sees the assignment made earlier on the same line.
 */
#ifndef SH_H
#define SH_H

#include <sys/types.h>

/* --- tokens (lex.c) --- */

enum token_type {
	T_WORD,
	T_PIPE,		/* | */
	T_OR,		/* || */
	T_AMP,		/* & */
	T_AND,		/* && */
	T_SEMI,		/* ; */
	T_NEWLINE,
	T_LPAREN,	/* ( */
	T_RPAREN,	/* ) */
	T_REDIR,	/* < > >> <& >& <> with an optional fd number before */
	T_END,
};

enum redir_kind { R_IN, R_OUT, R_APPEND, R_INOUT, R_DUP };

struct token {
	enum token_type type;
	char *text;		/* T_WORD: the word as typed, quotes included */
	int fd;			/* T_REDIR: the descriptor it changes */
	enum redir_kind kind;	/* T_REDIR */
	struct token *next;
};

/* lex() returns the tokens of a complete input, or NULL and sets
 * *incomplete when a quote is still open (the caller reads one more line). */
struct token *lex(const char *input, int *incomplete, const char **error);
void free_tokens(struct token *t);

/* --- the syntax tree (parse.c) --- */

struct redir {
	int fd;			/* 0 for <, 1 for >, or the number typed */
	enum redir_kind kind;
	char *word;		/* file name, or for R_DUP a fd number or "-" */
	struct redir *next;
};

enum node_type {
	N_COMMAND,	/* a simple command */
	N_PIPE,		/* left | right */
	N_AND,		/* left && right */
	N_OR,		/* left || right */
	N_SEQ,		/* left ; right */
	N_BACKGROUND,	/* left & */
	N_NOT,		/* ! left */
	N_SUBSHELL,	/* ( left ) */
};

struct node {
	enum node_type type;
	struct node *left, *right;
	/* N_COMMAND: words as typed (assignments first), redirections.
	 * N_SUBSHELL may have redirections too. */
	char **words;
	int nwords;
	struct redir *redirs;
};

/* parse() builds the tree of a whole input; NULL with *error set on a
 * syntax error, NULL with *incomplete set when the input stops after an
 * operator such as && or |, and NULL for an empty input. */
struct node *parse(struct token *tokens, int *incomplete, const char **error);
void free_node(struct node *n);
char *node_text(struct node *n);	/* the tree as a line, for `jobs` */

/* --- expansion (expand.c) --- */

/* The fields a word expands to (usually one), as a NULL-ended array. */
struct fields {
	char **v;
	int n, cap;
};
void expand_word(const char *word, struct fields *out);
char *expand_one(const char *word);	/* for file names and assignments */
void fields_add(struct fields *f, char *s);	/* takes s */
void free_fields(struct fields *f);

/* --- variables (var.c) --- */

void var_import(char **envp);
const char *var_get(const char *name);
void var_set(const char *name, const char *value, int export);
void var_export(const char *name);
void var_unset(const char *name);
int is_assignment(const char *word);	/* NAME=... */
char **var_environ(void);	/* exported variables, for execve */
void var_print_exported(void);

/* --- the shell's state --- */

struct shell {
	int status;		/* $?: the last command's exit status */
	pid_t pid;		/* $$: the shell's pid, also in its subshells */
	pid_t last_bg;		/* $!: the last background job */
	int interactive;	/* prompting: -i, or invoked as "-sh" */
	int job_control;	/* each job in its own process group */
	const char *name;	/* $0 */
	char **args;		/* $1 $2 ... */
	int nargs;
};
extern struct shell sh;

/* --- execution (exec.c) --- */

int run_node(struct node *n);
int wait_for(pid_t pid);
int status_of(int wstatus);
void shell_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* --- jobs (jobs.c) --- */

#define MAX_JOB_PROCS 32	/* the longest pipeline */
struct job;
struct job *job_new(pid_t pgid, const char *text);	/* NULL: table full */
void job_add_process(struct job *j, pid_t pid);
int job_foreground(struct job *j);	/* its status once it ends or stops */
void job_background(struct job *j);
void reap_background(int report);

/* --- built-in commands (builtins.c, jobs.c) --- */

typedef int builtin_fn(int argc, char **argv);
builtin_fn *find_builtin(const char *name);
builtin_fn builtin_jobs, builtin_fg, builtin_bg, builtin_wait;

/* --- line editing (edit.c) --- */

/* The line typed after prompt (NULL at end of file); *edited is 0 when
 * standard input is not a terminal to edit on (then nothing is read). */
char *edit_line(const char *prompt, int *edited);

/* --- running text (main.c) --- */

int run_string(const char *text);

#endif
