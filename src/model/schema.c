/*
 * schema.c - the database schema, as SQL text, one migration per version.
 *
 * migrations[i] takes a database from user_version i to i + 1.  They only
 * ever move forward and each runs inside one transaction together with the
 * user_version bump (see db.c).  Never edit a migration that has shipped:
 * add a new one.
 */
#include "model/schema.h"

#include <stddef.h>

static const char migration_1[] =
	/* One row per person.  Text columns are never NULL ('' when empty) so
	 * that the C side does not have to tell NULL from empty. */
	"CREATE TABLE card (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  uid TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,               -- display name (vCard FN)\n"
	"  given TEXT NOT NULL DEFAULT '',\n"
	"  family TEXT NOT NULL DEFAULT '',\n"
	"  nickname TEXT NOT NULL DEFAULT '',\n"
	"  org TEXT NOT NULL DEFAULT '',\n"
	"  title TEXT NOT NULL DEFAULT '',\n"
	"  how_met TEXT NOT NULL DEFAULT '',\n"
	"  sort_key TEXT NOT NULL,           -- folded family, given; see card_sort_key()\n"
	"  bday_year INTEGER,                -- NULL when unknown\n"
	"  bday_month INTEGER,               -- NULL: no birthday\n"
	"  bday_day INTEGER,\n"
	"  cadence TEXT,                     -- '3m', '45d'; '' none; NULL inherit from tags\n"
	"  snooze_until TEXT,                -- YYYY-MM-DD or NULL\n"
	"  trashed_at TEXT,                  -- timestamp or NULL\n"
	"  created_at TEXT NOT NULL,\n"
	"  updated_at TEXT NOT NULL,\n"
	"  revision INTEGER NOT NULL DEFAULT 1 -- bumped on every update (conflict checks)\n"
	");\n"
	/* Browsing walks these in order: keyset pages, positions, A-Z tabs
	 * (a card's tab is the first letter of its sort key, '~' for '#'). */
	"CREATE INDEX card_live ON card(sort_key, id) WHERE trashed_at IS NULL;\n"
	"CREATE INDEX card_trashed ON card(sort_key, id) WHERE trashed_at IS NOT NULL;\n"
	"\n"
	/* Labelled multi-valued fields: email, phone, address, url. */
	"CREATE TABLE card_field (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  card_id INTEGER NOT NULL REFERENCES card(id) ON DELETE CASCADE,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('email','phone','address','url')),\n"
	"  value TEXT NOT NULL,\n"
	"  label TEXT NOT NULL DEFAULT '',\n"
	"  position INTEGER NOT NULL\n"
	");\n"
	/* value last: the first email or phone of a card (lists, the browser's
	 * list pane) is read from the index alone. */
	"CREATE INDEX card_field_card ON card_field(card_id, kind, position, value);\n"
	/* Email look-ups for import matching, mutt queries and add-email. */
	"CREATE INDEX card_field_value ON card_field(kind, value COLLATE NOCASE);\n"
	"\n"
	"CREATE TABLE tag (\n"
	"  name TEXT PRIMARY KEY,\n"
	"  cadence TEXT                      -- default cadence for its cards, or NULL\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE card_tag (\n"
	"  card_id INTEGER NOT NULL REFERENCES card(id) ON DELETE CASCADE,\n"
	"  tag TEXT NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  PRIMARY KEY (card_id, tag)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX card_tag_tag ON card_tag(tag, card_id);\n"
	"\n"
	/* vCard properties rolodex does not model, kept verbatim for export. */
	"CREATE TABLE card_extra (\n"
	"  card_id INTEGER NOT NULL REFERENCES card(id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  line TEXT NOT NULL,\n"
	"  PRIMARY KEY (card_id, position)\n"
	") WITHOUT ROWID;\n"
	"\n"
	"CREATE TABLE note (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  card_id INTEGER NOT NULL REFERENCES card(id) ON DELETE CASCADE,\n"
	"  at TEXT NOT NULL,                 -- timestamp written\n"
	"  body TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX note_card ON note(card_id, at, id);\n"
	"\n"
	/* 'I contacted them'.  A card's last contact is its newest touch. */
	"CREATE TABLE touch (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  card_id INTEGER NOT NULL REFERENCES card(id) ON DELETE CASCADE,\n"
	"  date TEXT NOT NULL,               -- YYYY-MM-DD\n"
	"  channel TEXT NOT NULL,\n"
	"  note TEXT NOT NULL DEFAULT '',\n"
	"  at TEXT NOT NULL                  -- timestamp recorded\n"
	");\n"
	"CREATE INDEX touch_card ON touch(card_id, date, at);\n"
	"\n"
	/* Full-text index, one row per card (rowid = card.id), rebuilt by the
	 * model after each change to the card (card.c: fts_refresh). */
	"CREATE VIRTUAL TABLE card_fts USING fts5(\n"
	"  name, org, title, emails, tags, notes,\n"
	"  tokenize = 'unicode61 remove_diacritics 2'\n"
	");\n"
	"\n"
	/* What is derived, not stored: a card's last contact is its newest
	 * touch; its effective cadence is its own, else the shortest default of
	 * its tags ('' on the card means explicitly none).  The shortest is
	 * picked with min() and SQLite's bare column (the row holding the
	 * minimum) rather than ORDER BY ... LIMIT 1, which would sort in a
	 * temporary b-tree for every card the due filter looks at.  rdx_*
	 * functions are registered by db.c. */
	"CREATE VIEW card_state AS SELECT\n"
	"  c.id AS card_id,\n"
	"  (SELECT max(t.date) FROM touch t WHERE t.card_id = c.id) AS last_date,\n"
	"  COALESCE(c.cadence,\n"
	"    (SELECT cadence FROM (SELECT g.cadence AS cadence, min(rdx_cadence_days(g.cadence))\n"
	"      FROM card_tag ct JOIN tag g ON g.name = ct.tag\n"
	"      WHERE ct.card_id = c.id AND g.cadence IS NOT NULL AND g.cadence <> ''))) AS cadence,\n"
	"  c.cadence IS NULL AS cadence_inherited,\n"
	"  c.snooze_until AS snooze_until\n"
	"FROM card c;\n"
	"\n"
	"CREATE TABLE meta (\n"
	"  key TEXT PRIMARY KEY,\n"
	"  value TEXT NOT NULL\n"
	") WITHOUT ROWID;\n";

static const char migration_2[] =
	/* Version 2 added the monthly review: a persisted session with a fixed
	 * queue, a cursor and what was done at each card. */
	"CREATE TABLE review (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  started_at TEXT NOT NULL,\n"
	"  finished_at TEXT,\n"
	"  today TEXT NOT NULL,              -- the review's date, YYYY-MM-DD\n"
	"  scope TEXT NOT NULL,              -- 'due' or 'all'\n"
	"  tag TEXT,\n"
	"  position INTEGER NOT NULL DEFAULT 0, -- 0-based cursor into review_item\n"
	"  extended INTEGER NOT NULL DEFAULT 0, -- went on to every other card\n"
	"  due_total INTEGER NOT NULL DEFAULT 0\n"
	");\n"
	"CREATE TABLE review_item (\n"
	"  review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,\n"
	"  position INTEGER NOT NULL,\n"
	"  card_id INTEGER NOT NULL REFERENCES card(id) ON DELETE CASCADE,\n"
	"  reason TEXT NOT NULL,             -- 'overdue', 'birthday', 'never', 'walk'\n"
	"  reason_date TEXT,\n"
	"  action TEXT,                      -- NULL, 'contacted', 'noted', 'snoozed', 'skipped', 'edited'\n"
	"  channel TEXT,\n"
	"  acted_at TEXT,\n"
	"  PRIMARY KEY (review_id, position)\n"
	");\n"
	"CREATE INDEX review_item_card ON review_item(card_id);\n"
	"CREATE INDEX review_finished ON review(finished_at);\n";

static const char migration_3[] =
	/* Version 3 added touches found by `rolodex scan` in the user's mail,
	 * calendars and LinkedIn messages.  A found touch says where it came
	 * from; each message or event occurrence it stands for is remembered
	 * per card, so a scan never adds it twice and a found touch the user
	 * deleted stays deleted (its sources keep touch_id NULL). */
	"ALTER TABLE touch ADD COLUMN origin TEXT; -- NULL: recorded by the user; 'mail', 'calendar', 'linkedin'\n"
	"CREATE TABLE touch_source (\n"
	"  source TEXT NOT NULL,             -- 'mid:MESSAGE-ID', 'ical:UID/START', 'linkedin:CONVERSATION/DAY'\n"
	"  card_id INTEGER NOT NULL REFERENCES card(id) ON DELETE CASCADE,\n"
	"  touch_id INTEGER REFERENCES touch(id) ON DELETE SET NULL, -- NULL: the touch was deleted\n"
	"  PRIMARY KEY (source, card_id)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX touch_source_touch ON touch_source(touch_id);\n"
	/* What a scan read, so the next one need not open the file again: the
	 * header facts a touch is made from, matched against the cards as they
	 * are at each scan (a card added later still finds its old mail). */
	"CREATE TABLE scan_seen (\n"
	"  key TEXT PRIMARY KEY,             -- Maildir unique name (before ':2,'), 'mbox:PATH:OFFSET' or 'file:PATH'\n"
	"  source TEXT NOT NULL,             -- as touch_source.source\n"
	"  day TEXT,                         -- the Date header's day; NULL when it has no usable one\n"
	"  time INTEGER NOT NULL,            -- the Date in seconds since 1970: a day's first message names its touch\n"
	"  subject TEXT NOT NULL,\n"
	"  people TEXT NOT NULL              -- 'ROLE TAB ADDRESS TAB NAME' lines; ROLE f (sender) or t (recipient)\n"
	") WITHOUT ROWID;\n"
	/* An mbox is read on from where the last scan ended when it only grew. */
	"CREATE TABLE scan_mbox (\n"
	"  path TEXT PRIMARY KEY,\n"
	"  size INTEGER NOT NULL,            -- bytes read: the end of its last message\n"
	"  tail TEXT NOT NULL                -- digest of the bytes before size: growth, not a rewrite\n"
	") WITHOUT ROWID;\n";

static const char migration_4[] =
	/* Version 4 lets a card remember how imports knew it when the file
	 * gave no UID, e-mail, profile URL or long phone number: a fingerprint
	 * of the entry as read ('fp:' + text made by import.c), so importing
	 * the same file again finds the card.  A card may carry several (it
	 * came from a phone and from LinkedIn). */
	"CREATE TABLE card_import_key (\n"
	"  key TEXT PRIMARY KEY,\n"
	"  card_id INTEGER NOT NULL REFERENCES card(id) ON DELETE CASCADE\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX card_import_key_card ON card_import_key(card_id);\n";

static const char migration_5[] =
	/* Version 5 added the change journal behind undo (journal.c): one
	 * entry per user action, and for each row it changed what undoes it.
	 * The rows are written by temporary triggers each connection makes for
	 * itself, so tools that do not know the journal can still write. */
	"CREATE TABLE journal (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at TEXT NOT NULL,                 -- timestamp of the change\n"
	"  label TEXT NOT NULL,              -- 'coffee with Ada Lovelace'\n"
	"  date TEXT,                        -- YYYY-MM-DD the change is about, or NULL\n"
	"  cards INTEGER NOT NULL,           -- cards it changed\n"
	"  undone_at TEXT                    -- timestamp, NULL while it stands\n"
	");\n"
	"CREATE TABLE journal_row (\n"
	"  id INTEGER PRIMARY KEY,           -- the order the rows changed in\n"
	"  entry_id INTEGER NOT NULL,        -- journal.id (written before its entry)\n"
	"  tbl TEXT NOT NULL,\n"
	"  op TEXT NOT NULL CHECK (op IN ('insert','update','delete')),\n"
	"  card_id INTEGER,                  -- the card the row belongs to, if any\n"
	"  k1, k2, k3,                       -- the row's key (primary key columns or rowid)\n"
	"  undo_sql TEXT,                    -- puts the row back (update, delete)\n"
	"  after TEXT                        -- the row as the change left it (insert, update)\n"
	");\n"
	"CREATE INDEX journal_row_entry ON journal_row(entry_id, tbl);\n";

static const char migration_6[] =
	/* Version 6: search finds Cyrillic and Greek names by their Latin
	 * spelling ("ivanov" finds Иванов) and phone numbers by their digits
	 * ("555 1234", "+33").  What the index holds for a card is this view,
	 * the one place that says it: fts.c refreshes changed cards' rows from
	 * it, and the index is rebuilt from it here.  The name and org columns
	 * add the Latin spellings (rdx_translit); the emails column adds the
	 * phone numbers' digit words (rdx_phone_words, card_phone_search_text). */
	"CREATE VIEW card_fts_row AS SELECT\n"
	"  c.id AS id,\n"
	"  rdx_segment(c.name || ' ' || c.given || ' ' || c.family || ' ' || c.nickname) || ' ' ||\n"
	"    rdx_translit(c.name || ' ' || c.nickname) AS name,\n"
	"  rdx_segment(c.org) || ' ' || rdx_translit(c.org) AS org,\n"
	"  rdx_segment(c.title) AS title,\n"
	"  coalesce((SELECT group_concat(value, ' ') FROM card_field WHERE card_id = c.id AND kind = 'email'), '')\n"
	"    || ' ' || rdx_phone_words((SELECT group_concat(value, char(10)) FROM card_field\n"
	"                               WHERE card_id = c.id AND kind = 'phone')) AS emails,\n"
	"  (SELECT group_concat(tag, ' ') FROM card_tag WHERE card_id = c.id) AS tags,\n"
	"  rdx_segment(coalesce((SELECT group_concat(body, ' ') FROM note WHERE card_id = c.id), '') || ' ' ||\n"
	"    coalesce((SELECT group_concat(note, ' ') FROM touch WHERE card_id = c.id), '') || ' ' || c.how_met) AS notes\n"
	"FROM card c;\n"
	"DELETE FROM card_fts;\n"
	"INSERT INTO card_fts(rowid, name, org, title, emails, tags, notes)\n"
	"  SELECT id, name, org, title, emails, tags, notes FROM card_fts_row;\n";

static const char *const migrations[] = {
	migration_1,
	migration_2,
	migration_3,
	migration_4,
	migration_5,
	migration_6,
};

size_t schema_migration_count(void)
{
	return sizeof migrations / sizeof migrations[0];
}

const char *schema_migration(size_t from_version)
{
	if (from_version >= schema_migration_count())
		return NULL;
	return migrations[from_version];
}
