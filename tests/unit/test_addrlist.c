/*
 * test_addrlist.c - unit tests for the address list (addrlist.c): RFC 5322
 * mailboxes with quoted names, UTF-8 names kept, control characters from
 * card data removed, cards left out named, addresses listed once, the
 * OSC 52 clipboard escape and the file it is saved to.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "rolodex/addrlist.h"

static void check_mailbox(const char *name, const char *address, const char *want)
{
	char *got = addrlist_mailbox(name, address);
	if (want == NULL) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_mailbox_plain(void **state)
{
	(void)state;
	check_mailbox("Ada Lovelace", "ada@example.com", "Ada Lovelace <ada@example.com>");
	/* atext specials need no quotes. */
	check_mailbox("O'Brien & Sons", "ob@example.com", "O'Brien & Sons <ob@example.com>");
	check_mailbox("García-López", "jose@example.es", "García-López <jose@example.es>");
	/* No name: the bare address. */
	check_mailbox("", "ada@example.com", "ada@example.com");
	check_mailbox(NULL, "ada@example.com", "ada@example.com");
	check_mailbox(" \t ", "ada@example.com", "ada@example.com");
}

static void test_mailbox_quoted(void **state)
{
	(void)state;
	/* A comma would split the name into two addresses. */
	check_mailbox("Lovelace, Ada", "ada@example.com", "\"Lovelace, Ada\" <ada@example.com>");
	/* '.' is not atext: "Ada K. Lovelace" is quoted. */
	check_mailbox("Ada K. Lovelace", "ada@example.com", "\"Ada K. Lovelace\" <ada@example.com>");
	check_mailbox("Ada (work)", "ada@example.com", "\"Ada (work)\" <ada@example.com>");
	check_mailbox("Ada <boss>", "ada@example.com", "\"Ada <boss>\" <ada@example.com>");
	check_mailbox("Ada; Bob", "ada@example.com", "\"Ada; Bob\" <ada@example.com>");
	check_mailbox("Ada@home", "ada@example.com", "\"Ada@home\" <ada@example.com>");
	/* Quotes and backslashes inside are escaped. */
	check_mailbox("Ada \"The Countess\" Lovelace", "ada@example.com",
		      "\"Ada \\\"The Countess\\\" Lovelace\" <ada@example.com>");
	check_mailbox("back\\slash", "b@example.com", "\"back\\\\slash\" <b@example.com>");
}

static void test_mailbox_non_ascii(void **state)
{
	(void)state;
	/* UTF-8 names stay UTF-8 (RFC 6532), for pasting into a mail client. */
	check_mailbox("Zoë Ångström", "zoe@example.se", "Zoë Ångström <zoe@example.se>");
	check_mailbox("王小明", "wang@example.cn", "王小明 <wang@example.cn>");
	check_mailbox("Дмитрий Иванов", "dima@example.ru", "Дмитрий Иванов <dima@example.ru>");
	check_mailbox("Åsa, Berg", "asa@example.se", "\"Åsa, Berg\" <asa@example.se>");
	/* An internationalised address (RFC 6531) is an address. */
	check_mailbox("Jürgen", "jürgen@example.de", "Jürgen <jürgen@example.de>");
}

static void test_mailbox_controls(void **state)
{
	(void)state;
	/* Control sequences in a name never reach the list: the controls
	 * become spaces, runs of spaces one. */
	check_mailbox("Ada\x1b[2J Lovelace", "ada@example.com", "\"Ada [2J Lovelace\" <ada@example.com>");
	check_mailbox("Ada\nLovelace\r", "ada@example.com", "Ada Lovelace <ada@example.com>");
	check_mailbox("Ada\x1b]52;c;aGk=\x07", "ada@example.com", "\"Ada ]52;c;aGk=\" <ada@example.com>");
	/* C1 controls, BiDi overrides and zero-width characters too. */
	check_mailbox("Ada\xc2\x9b" "31m", "ada@example.com", "Ada 31m <ada@example.com>");
	check_mailbox("Ada\xe2\x80\xaeLovelace", "ada@example.com", "Ada Lovelace <ada@example.com>");
	/* Invalid UTF-8 is not passed on. */
	check_mailbox("Ada\xff", "ada@example.com", "Ada <ada@example.com>");
	/* An address with any of these is not an address. */
	check_mailbox("Ada", "ada@exa\x1bmple.com", NULL);
	check_mailbox("Ada", "ada@example.com\n", NULL);
	check_mailbox("Ada", "ada@exa\xe2\x80\xaemple.com", NULL);
	check_mailbox("Ada", "ada@exa\xffmple.com", NULL);
}

static void test_address_usable(void **state)
{
	(void)state;
	assert_true(addrlist_address_usable("ada@example.com"));
	assert_true(addrlist_address_usable("ada.king+rolodex@mail.example.co.uk"));
	assert_false(addrlist_address_usable(NULL));
	assert_false(addrlist_address_usable(""));
	assert_false(addrlist_address_usable("ada"));
	assert_false(addrlist_address_usable("@example.com"));
	assert_false(addrlist_address_usable("ada@"));
	assert_false(addrlist_address_usable("ada@b@example.com"));
	assert_false(addrlist_address_usable("ada lovelace@example.com"));
	assert_false(addrlist_address_usable("ada@example.com, bob@example.com"));
	assert_false(addrlist_address_usable("Ada <ada@example.com>"));
	assert_false(addrlist_address_usable("ada@example.com (work)"));
	assert_false(addrlist_address_usable("\"ada\"@example.com"));
}

static void test_list(void **state)
{
	struct addrlist l;
	(void)state;

	addrlist_init(&l);
	addrlist_add(&l, "Lovelace, Ada", "ada@example.com");
	addrlist_add(&l, "Alan Turing", "");
	addrlist_add(&l, "Grace Hopper", "grace@example.com");
	addrlist_add(&l, "Charles\x1b[31m Babbage", NULL);
	addrlist_add(&l, "Zoë Ångström", "zoe@example.se");
	/* The same address again (in another case) is listed once. */
	addrlist_add(&l, "Ada King", "ADA@example.com");
	addrlist_add(&l, "Bad Address", "not an address");
	assert_int_equal(l.count, 3);
	assert_int_equal(l.shared.count, 1);
	assert_int_equal(l.no_email.count, 2);
	assert_int_equal(l.unusable.count, 1);
	char *text = addrlist_text(&l);
	assert_string_equal(text, "\"Lovelace, Ada\" <ada@example.com>, Grace Hopper <grace@example.com>, "
				  "Zoë Ångström <zoe@example.se>");
	free(text);
	char *left = addrlist_left_out_text(&l);
	assert_string_equal(left, "2 cards have no e-mail: Alan Turing, Charles [31m Babbage · "
				  "1 card has an e-mail that is not an address: Bad Address");
	free(left);
	char *shared = addrlist_shared_text(&l);
	assert_string_equal(shared, "1 card shares an address listed above: Ada King");
	free(shared);
	addrlist_done(&l);

	/* Names with commas are told apart by semicolons. */
	addrlist_init(&l);
	addrlist_add(&l, "Lovelace, Ada", "");
	addrlist_add(&l, "Alan Turing", NULL);
	left = addrlist_left_out_text(&l);
	assert_string_equal(left, "2 cards have no e-mail: Lovelace, Ada; Alan Turing");
	free(left);
	addrlist_done(&l);

	/* Nothing left out: no sentence.  An empty list is an empty line. */
	addrlist_init(&l);
	assert_null(addrlist_left_out_text(&l));
	assert_null(addrlist_shared_text(&l));
	text = addrlist_text(&l);
	assert_string_equal(text, "");
	free(text);
	addrlist_add(&l, "Ada", "ada@example.com");
	assert_null(addrlist_left_out_text(&l));
	addrlist_done(&l);
}

static void test_list_many(void **state)
{
	struct addrlist l;
	char name[32], address[48];
	(void)state;

	/* Past ADDRLIST_NAMES_MAX names the rest are counted; thousands of
	 * addresses are each listed once. */
	addrlist_init(&l);
	for (int i = 0; i < 5000; i++) {
		snprintf(name, sizeof name, "Person %d", i);
		snprintf(address, sizeof address, "p%d@example.com", i % 4000);
		addrlist_add(&l, name, address);
	}
	for (int i = 0; i < ADDRLIST_NAMES_MAX + 5; i++) {
		snprintf(name, sizeof name, "Nomail %d", i);
		addrlist_add(&l, name, "");
	}
	assert_int_equal(l.count, 4000);
	assert_int_equal(l.shared.count, 1000);
	assert_int_equal(l.no_email.count, ADDRLIST_NAMES_MAX + 5);
	char *left = addrlist_left_out_text(&l);
	assert_non_null(strstr(left, "25 cards have no e-mail: Nomail 0, Nomail 1"));
	assert_non_null(strstr(left, "Nomail 19 and 5 more"));
	assert_null(strstr(left, "Nomail 20"));
	free(left);
	addrlist_done(&l);
}

static void test_osc52(void **state)
{
	(void)state;
	char *s = addrlist_osc52("Ada <ada@example.com>");
	assert_string_equal(s, "\033]52;c;QWRhIDxhZGFAZXhhbXBsZS5jb20+\a");
	free(s);
	/* Padding for one and two bytes left over. */
	s = addrlist_osc52("ab");
	assert_string_equal(s, "\033]52;c;YWI=\a");
	free(s);
	s = addrlist_osc52("a");
	assert_string_equal(s, "\033]52;c;YQ==\a");
	free(s);
	s = addrlist_osc52("Zoë");
	assert_string_equal(s, "\033]52;c;Wm/Dqw==\a");
	free(s);
	s = addrlist_osc52("");
	assert_string_equal(s, "\033]52;c;\a");
	free(s);
}

static void test_save(void **state)
{
	char dir[] = "/tmp/rolodex-addrlist-XXXXXX";
	char *cause = NULL;
	(void)state;

	assert_non_null(mkdtemp(dir));
	char path[256], missing[256];
	snprintf(path, sizeof path, "%s/to.txt", dir);
	snprintf(missing, sizeof missing, "%s/no/such/to.txt", dir);

	assert_int_equal(addrlist_save(path, "Ada <ada@example.com>", false, &cause), 0);
	assert_null(cause);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char buf[128] = "";
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_string_equal(buf, "Ada <ada@example.com>\n");
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	/* An existing file is kept unless replacing was asked for. */
	assert_int_equal(addrlist_save(path, "Bob <bob@example.com>", false, &cause), RDX_IO);
	assert_non_null(strstr(cause, path));
	assert_non_null(strstr(cause, strerror(EEXIST)));
	free(cause);
	assert_int_equal(addrlist_save(path, "Bob <bob@example.com>", true, &cause), RDX_OK);
	f = fopen(path, "r");
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_string_equal(buf, "Bob <bob@example.com>\n");

	/* A folder that does not exist is reported as what it is. */
	assert_int_equal(addrlist_save(missing, "x", false, &cause), RDX_IO);
	assert_non_null(strstr(cause, strerror(ENOENT)));
	free(cause);
	/* So is a full disk. */
	if (access("/dev/full", W_OK) == 0) {
		assert_int_equal(addrlist_save("/dev/full", "x", true, &cause), RDX_IO);
		assert_non_null(strstr(cause, strerror(ENOSPC)));
		free(cause);
	}
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mailbox_plain),
		cmocka_unit_test(test_mailbox_quoted),
		cmocka_unit_test(test_mailbox_non_ascii),
		cmocka_unit_test(test_mailbox_controls),
		cmocka_unit_test(test_address_usable),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_list_many),
		cmocka_unit_test(test_osc52),
		cmocka_unit_test(test_save),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
