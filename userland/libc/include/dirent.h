#ifndef _DIRENT_H_
#define _DIRENT_H_

#include <sys/types.h>

#define MAXNAMLEN	255

/* One entry as getdents(2) returns it (OpenBSD's layout). */
struct dirent {
	ino_t	d_fileno;
	off_t	d_off;			/* where the next entry starts */
	unsigned short d_reclen;	/* bytes of this record */
	unsigned char d_type;		/* DT_* */
	unsigned char d_namlen;
	unsigned char __d_padding[4];
	char	d_name[MAXNAMLEN + 1];
};
#define d_ino d_fileno

#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_REG		8
#define DT_LNK		10

typedef struct _dirdesc DIR;

DIR *opendir(const char *name);
DIR *fdopendir(int fd);
struct dirent *readdir(DIR *dirp);
void rewinddir(DIR *dirp);
int closedir(DIR *dirp);
int dirfd(DIR *dirp);

/* The system call under readdir(). */
int scandir(const char *dirname, struct dirent ***namelist,
    int (*select)(const struct dirent *),
    int (*compar)(const struct dirent **, const struct dirent **));
int alphasort(const struct dirent **a, const struct dirent **b);

int getdents(int fd, void *buf, size_t nbytes);

#endif
