/*
 * test_config.c - unit tests for the settings file reader: comments and
 * blank lines, the last line for a key wins, unknown keys and lines
 * without '=' reported by line and skipped, typed values (on/off, a time
 * of day or none) with the line of a bad one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "rolodex/config.h"

/* Writes text to a new temporary file; the caller unlinks path. */
static void write_temp(char *path, const char *text)
{
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void test_missing_file_is_empty(void **state)
{
	struct config_file *config;
	char *cause = NULL;
	(void)state;

	assert_int_equal(config_file_read("/nonexistent/rolodex/config", &config, &cause), RDX_OK);
	assert_null(cause);
	assert_null(config_file_get(config, "review_day"));
	config_file_free(config);
	assert_int_equal(config_file_read(NULL, &config, &cause), RDX_OK);
	assert_null(config_file_get(config, "animation"));
	config_file_free(config);
}

static void test_lines_and_comments(void **state)
{
	char path[] = "/tmp/rolodex-test-config-XXXXXX";
	struct config_file *config;
	char *cause = NULL;
	(void)state;

	write_temp(path, "# a comment\n\n  review_day =  first saturday  # the weekend\n"
			 "calendar_alarm=9:00\nreview_day = 15\nme = ada@example.org\n");
	assert_int_equal(config_file_read(path, &config, &cause), RDX_OK);
	assert_null(cause);
	/* The last line for a key wins; spaces around the value are trimmed. */
	assert_string_equal(config_file_get(config, "review_day"), "15");
	assert_string_equal(config_file_get(config, "calendar_alarm"), "9:00");
	assert_string_equal(config_file_get(config, "me"), "ada@example.org");
	assert_null(config_file_get(config, "calendar_include_note"));
	config_file_free(config);
	unlink(path);
}

static void test_unknown_key_reported_and_skipped(void **state)
{
	char path[] = "/tmp/rolodex-test-config-XXXXXX";
	struct config_file *config;
	char *cause = NULL;
	(void)state;

	write_temp(path, "animation = off\nreview_dya = 15\njust words\ncalendar_alarm = none\n");
	assert_int_equal(config_file_read(path, &config, &cause), RDX_INVALID);
	/* The first problem, with its file and line. */
	assert_non_null(strstr(cause, path));
	assert_non_null(strstr(cause, "line 2"));
	assert_non_null(strstr(cause, "review_dya = 15"));
	free(cause);
	/* The good lines, before and after, still apply. */
	assert_string_equal(config_file_get(config, "animation"), "off");
	assert_string_equal(config_file_get(config, "calendar_alarm"), "none");
	assert_null(config_file_get(config, "review_dya"));
	config_file_free(config);
	unlink(path);
}

static void test_bool(void **state)
{
	char path[] = "/tmp/rolodex-test-config-XXXXXX";
	struct config_file *config;
	char *cause = NULL;
	bool value;
	(void)state;

	write_temp(path, "calendar_include_note = yes\nmouse = off\nanimation = sideways\n");
	assert_int_equal(config_file_read(path, &config, &cause), RDX_OK);
	value = false;
	assert_int_equal(config_file_bool(config, "calendar_include_note", &value, &cause), RDX_OK);
	assert_true(value);
	assert_int_equal(config_file_bool(config, "mouse", &value, &cause), RDX_OK);
	assert_false(value);
	/* Unset: the caller's default stays. */
	value = true;
	assert_int_equal(config_file_bool(config, "review_reminder", &value, &cause), RDX_OK);
	assert_true(value);
	/* Bad: the default stays and the line is named. */
	assert_int_equal(config_file_bool(config, "animation", &value, &cause), RDX_INVALID);
	assert_true(value);
	assert_non_null(strstr(cause, "line 3: cannot use \"animation = sideways\" (expected on or off)"));
	free(cause);
	config_file_free(config);
	unlink(path);
}

static void check_time(const char *text, enum rdx_status want_status, int want_minutes)
{
	char path[] = "/tmp/rolodex-test-config-XXXXXX";
	struct config_file *config;
	char *cause = NULL;
	char *line = malloc(strlen(text) + 32);
	int minutes = 12345;

	sprintf(line, "calendar_alarm = %s\n", text);
	write_temp(path, line);
	free(line);
	assert_int_equal(config_file_read(path, &config, &cause), RDX_OK);
	assert_int_equal(config_file_time(config, "calendar_alarm", &minutes, &cause), want_status);
	if (want_status == RDX_OK) {
		assert_null(cause);
		assert_int_equal(minutes, want_minutes);
	} else {
		assert_non_null(strstr(cause, "line 1"));
		assert_int_equal(minutes, 12345);
		free(cause);
	}
	config_file_free(config);
	unlink(path);
}

static void test_time(void **state)
{
	(void)state;
	check_time("9:00", RDX_OK, 9 * 60);
	check_time("09:05", RDX_OK, 9 * 60 + 5);
	check_time("23:59", RDX_OK, 23 * 60 + 59);
	check_time("0:00", RDX_OK, 0);
	check_time("none", RDX_OK, -1);
	check_time("off", RDX_OK, -1);
	check_time("24:00", RDX_INVALID, 0);
	check_time("9:60", RDX_INVALID, 0);
	check_time("9:5", RDX_INVALID, 0);
	check_time("9", RDX_INVALID, 0);
	check_time("9:00am", RDX_INVALID, 0);
	check_time("-1:00", RDX_INVALID, 0);
	check_time("nine", RDX_INVALID, 0);
}

/* The default config shipped in assets/ sets only keys rolodex knows,
 * with values every reader accepts. */
static void test_shipped_default(void **state)
{
	const char *root = getenv("ROLODEX_SOURCE_ROOT");
	struct config_file *config;
	char *cause = NULL;
	char path[4096];
	bool value = true;
	int minutes = 0;
	(void)state;

	assert_non_null(root);
	snprintf(path, sizeof path, "%s/assets/config", root);
	assert_int_equal(access(path, R_OK), 0);
	assert_int_equal(config_file_read(path, &config, &cause), RDX_OK);
	assert_string_equal(config_file_get(config, "review_day"), "first saturday");
	assert_int_equal(config_file_time(config, "calendar_alarm", &minutes, &cause), RDX_OK);
	assert_int_equal(minutes, 9 * 60);
	assert_int_equal(config_file_bool(config, "calendar_include_note", &value, &cause), RDX_OK);
	assert_false(value);
	config_file_free(config);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_file_is_empty),
		cmocka_unit_test(test_lines_and_comments),
		cmocka_unit_test(test_unknown_key_reported_and_skipped),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_shipped_default),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
