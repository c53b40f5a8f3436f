#ifndef _LIMITS_H_
#define _LIMITS_H_

#define CHAR_BIT 8
#define SCHAR_MIN (-128)
#define SCHAR_MAX 127
#define UCHAR_MAX 255
#define CHAR_MIN SCHAR_MIN	/* char is signed on x86-64 */
#define CHAR_MAX SCHAR_MAX
#define SHRT_MIN (-32768)
#define SHRT_MAX 32767
#define USHRT_MAX 65535
#define INT_MIN (-2147483647 - 1)
#define INT_MAX 2147483647
#define UINT_MAX 4294967295U
#define LONG_MIN (-9223372036854775807L - 1)
#define LONG_MAX 9223372036854775807L
#define ULONG_MAX 18446744073709551615UL
#define LLONG_MIN (-9223372036854775807LL - 1)
#define LLONG_MAX 9223372036854775807LL
#define ULLONG_MAX 18446744073709551615ULL
#define SSIZE_MAX LONG_MAX

#define MB_LEN_MAX 4		/* UTF-8 */

#define PAGE_SIZE 4096
#define PATH_MAX 1024		/* bytes of a path, its NUL included */
#define NAME_MAX 255		/* bytes of one component */
#define ARG_MAX (256 * 1024)	/* bytes of exec's argument and environment strings */
#define OPEN_MAX 64		/* descriptors a process may have (RLIMIT_NOFILE) */
#define PIPE_BUF 512		/* writes to a pipe up to this size are atomic */
#define LINK_MAX 32767		/* names a file may have */
#define MAX_CANON 255		/* a terminal's input line */
#define MAX_INPUT 255
#define LINE_MAX 2048		/* a text line, for the utilities */
#define LOGIN_NAME_MAX 32	/* a login name, its NUL included */
#define HOST_NAME_MAX 255	/* a host name, without its NUL */
#define TTY_NAME_MAX 260
#define NGROUPS_MAX 16
#define IOV_MAX 1024
#define RE_DUP_MAX 255		/* regex bounds: a{0,255} */
#define NZERO 20

#endif
