/*
 * The "C" locale, the only one there is: setlocale() accepts "C",
 * "POSIX" and "" (the environment's choice, which is "C" here).
 */
#include <limits.h>
#include <locale.h>
#include <string.h>

char *
setlocale(int category, const char *locale)
{
	if (category < LC_ALL || category > LC_MESSAGES)
		return NULL;
	if (locale == NULL || *locale == '\0' || strcmp(locale, "C") == 0 ||
	    strcmp(locale, "POSIX") == 0)
		return "C";
	return NULL;
}

struct lconv *
localeconv(void)
{
	static struct lconv c_locale = {
		".", "", "", "", "", "", "", "", "", "",
		CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX,
		CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX,
	};

	return &c_locale;
}
