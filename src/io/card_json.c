/*
 * card_json.c - a card as JSON (card_json.h): the one writer behind show,
 * list and export, so a script reads the same keys from each.  Empty text
 * is null; dates are "YYYY-MM-DD", timestamps as stored.
 */
#include "rolodex/card_json.h"

#include <stdbool.h>

#include "rolodex/date.h"

static void json_fields(struct json *j, const struct card *card, enum field_kind kind)
{
	json_array_begin(j);
	for (size_t i = 0; i < card->nfields; i++) {
		const struct card_field *f = &card->fields[i];
		if (f->kind != kind)
			continue;
		json_object_begin(j);
		json_key(j, "value");
		json_string(j, f->value);
		json_key(j, "label");
		json_string_or_null(j, f->label);
		json_object_end(j);
	}
	json_array_end(j);
}

static void json_date(struct json *j, bool present, int days)
{
	if (!present) {
		json_null(j);
		return;
	}
	char text[DATE_TEXT_SIZE];
	date_format(days, text);
	json_string(j, text);
}

void card_json_write(struct json *j, const struct card *c, const struct card_status *st,
		     const struct note *notes, size_t nnotes, const struct touch *touches, size_t ntouches)
{
	char text[64];

	json_object_begin(j);
	json_key(j, "id");
	json_int(j, c->id);
	json_key(j, "uid");
	json_string(j, c->uid);
	json_key(j, "name");
	json_string(j, c->name);
	json_key(j, "given");
	json_string_or_null(j, c->given);
	json_key(j, "family");
	json_string_or_null(j, c->family);
	json_key(j, "nickname");
	json_string_or_null(j, c->nickname);
	json_key(j, "org");
	json_string_or_null(j, c->org);
	json_key(j, "title");
	json_string_or_null(j, c->title);
	json_key(j, "how_met");
	json_string_or_null(j, c->how_met);
	json_key(j, "emails");
	json_fields(j, c, FIELD_EMAIL);
	json_key(j, "phones");
	json_fields(j, c, FIELD_PHONE);
	json_key(j, "addresses");
	json_fields(j, c, FIELD_ADDRESS);
	json_key(j, "urls");
	json_fields(j, c, FIELD_URL);
	json_key(j, "birthday");
	birthday_format(&c->birthday, text);
	json_string_or_null(j, text);
	json_key(j, "tags");
	json_array_begin(j);
	for (size_t i = 0; i < c->ntags; i++)
		json_string(j, c->tags[i]);
	json_array_end(j);

	json_key(j, "cadence");
	if (st->has_cadence) {
		cadence_format(&st->cadence, text, sizeof(text));
		json_string_or_null(j, text);
	} else {
		json_null(j);
	}
	json_key(j, "cadence_from_tag");
	json_bool(j, st->has_cadence && st->cadence_from_tag);
	json_key(j, "cadence_days");
	if (st->has_cadence && st->cadence.n > 0)
		json_int(j, cadence_days(&st->cadence));
	else
		json_null(j);
	json_key(j, "last_contacted");
	json_date(j, st->contacted, st->last_date);
	json_key(j, "last_channel");
	json_string_or_null(j, st->contacted ? st->last_channel : NULL);
	json_key(j, "due");
	json_bool(j, st->due);
	json_key(j, "next_due");
	json_date(j, st->has_cadence && st->cadence.n > 0 && st->contacted, st->next_due);
	json_key(j, "snooze_until");
	json_string_or_null(j, c->snooze_until);
	json_key(j, "trashed_at");
	json_string_or_null(j, c->trashed_at);
	json_key(j, "created_at");
	json_string_or_null(j, c->created_at);
	json_key(j, "updated_at");
	json_string_or_null(j, c->updated_at);

	json_key(j, "notes");
	json_array_begin(j);
	for (size_t i = 0; i < nnotes; i++) {
		json_object_begin(j);
		json_key(j, "id");
		json_int(j, notes[i].id);
		json_key(j, "at");
		json_string(j, notes[i].at);
		json_key(j, "text");
		json_string(j, notes[i].text);
		json_object_end(j);
	}
	json_array_end(j);

	json_key(j, "touches");
	json_array_begin(j);
	for (size_t i = 0; i < ntouches; i++) {
		const struct touch *t = &touches[i];
		json_object_begin(j);
		json_key(j, "id");
		json_int(j, t->id);
		json_key(j, "date");
		json_date(j, true, t->date);
		json_key(j, "channel");
		json_string(j, channel_name(t->channel));
		json_key(j, "note");
		json_string_or_null(j, t->note);
		json_key(j, "origin");
		if (touch_origin_name(t->origin) != NULL)
			json_string(j, touch_origin_name(t->origin));
		else
			json_null(j);
		json_object_end(j);
	}
	json_array_end(j);
	json_object_end(j);
}
