#ifndef _SCHED_H_
#define _SCHED_H_

#include <sys/cdefs.h>

/* Give up the core to another runnable thread, if there is one. */
int sched_yield(void);

#endif
