/*
 * Thread-specific data: keys (OpenBSD's librthread/rthread_tls.c).
 * A key is an index into every thread's `specific` array; the table
 * below says which keys are in use and their destructors.
 */
#include <errno.h>

#include "rthread.h"

static struct {
	bool used;
	void (*destructor)(void *);
} keys[PTHREAD_KEYS_MAX];
static __lock_t keys_lock = __LOCK_INITIALIZER;

int
pthread_key_create(pthread_key_t *key, void (*destructor)(void *))
{
	pthread_self();		/* the thread list holds main's from now on */
	__lock(&keys_lock);
	for (int k = 0; k < PTHREAD_KEYS_MAX; k++) {
		if (keys[k].used)
			continue;
		keys[k].used = true;
		keys[k].destructor = destructor;
		/* a deleted key's old values must not show through */
		__lock(&_thread_lock);
		for (struct pthread *t = _thread_list; t != NULL; t = t->next)
			t->specific[k] = NULL;
		__unlock(&_thread_lock);
		__unlock(&keys_lock);
		*key = k;
		return 0;
	}
	__unlock(&keys_lock);
	return EAGAIN;
}

int
pthread_key_delete(pthread_key_t key)
{
	int error = 0;

	__lock(&keys_lock);
	if (key < 0 || key >= PTHREAD_KEYS_MAX || !keys[key].used)
		error = EINVAL;
	else
		keys[key].used = false;
	__unlock(&keys_lock);
	return error;
}

void *
pthread_getspecific(pthread_key_t key)
{
	if (key < 0 || key >= PTHREAD_KEYS_MAX)
		return NULL;
	return (void *)pthread_self()->specific[key];
}

int
pthread_setspecific(pthread_key_t key, const void *value)
{
	if (key < 0 || key >= PTHREAD_KEYS_MAX || !keys[key].used)
		return EINVAL;
	pthread_self()->specific[key] = value;
	return 0;
}

/*
 * At thread exit: each non-NULL value of a key with a destructor is set
 * to NULL and the destructor called with it; destructors may set values
 * again, so repeat, PTHREAD_DESTRUCTOR_ITERATIONS times at most.
 */
void
_rthread_tls_destructors(struct pthread *self)
{
	for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; round++) {
		bool called = false;
		for (int k = 0; k < PTHREAD_KEYS_MAX; k++) {
			__lock(&keys_lock);
			void (*destructor)(void *) = keys[k].used ? keys[k].destructor : NULL;
			__unlock(&keys_lock);
			void *value = (void *)self->specific[k];
			if (destructor == NULL || value == NULL)
				continue;
			self->specific[k] = NULL;
			destructor(value);
			called = true;
		}
		if (!called)
			return;
	}
}
