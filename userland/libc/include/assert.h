/* No include guard: <assert.h> may be included again after changing NDEBUG. */
#undef assert

#ifdef NDEBUG
#define assert(e)	((void)0)
#else
__attribute__((noreturn)) void __assert_fail(const char *expr,
    const char *file, int line, const char *func);
#define assert(e)	((e) ? (void)0 : \
			    __assert_fail(#e, __FILE__, __LINE__, __func__))
#endif

#ifndef static_assert
#define static_assert _Static_assert
#endif
