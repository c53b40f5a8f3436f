#ifndef _STDBOOL_H_
#define _STDBOOL_H_

#define bool _Bool
#define true 1
#define false 0

#endif
