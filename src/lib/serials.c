/* The highest serials and the cards the ledger has seen: see serials.h. */
#include <stdlib.h>
#include <string.h>

#include "ledger.h"
#include "serials.h"

void
ledger_serials_note(struct strmap *m, const char *s, char prefix)
{
	const char *dash, *p;
	size_t v = 0, *cur;
	int isnew;

	if (prefix != 0) {
		if (*s != prefix)
			return;
		s++;
	}
	dash = strrchr(s, '-');
	if (dash == NULL || dash == s || dash[1] == '\0')
		return;
	for (p = dash + 1; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || v > ((size_t)-1 - 9) / 10)
			return;
		v = v * 10 + (size_t)(*p - '0');
	}
	if (v == 0)
		return;
	cur = strmap_ref(m, s, (size_t)(dash - s), &isnew);
	if (isnew || *cur < v)
		*cur = v;
}

int
ledger_serials_load(struct ledger_serials *s, const char *dir, struct wmsj_err *err)
{
	struct ledger_reader *r;
	struct ledger_row row;
	int rc;

	memset(s, 0, sizeof *s);
	rc = ledger_open(&r, dir, 0, err);
	if (rc != WMSJ_OK)
		return rc;
	while ((rc = ledger_next(r, &row, err)) == 1) {
		if (row.volunteer[0] != '\0')
			ledger_serials_note(&s->vol, row.volunteer, 'V');
		if (row.activity[0] != '\0')
			ledger_serials_note(&s->act, row.activity, 'A');
		if (row.kind == LK_REDEEM && row.ref[0] != '\0')
			strmap_put(&s->card, row.ref, strlen(row.ref), 1);
	}
	ledger_close(r);
	return rc == 0 ? WMSJ_OK : rc;
}

void
ledger_serials_release(struct ledger_serials *s)
{
	strmap_release(&s->vol);
	strmap_release(&s->card);
	strmap_release(&s->act);
	memset(s, 0, sizeof *s);
}

size_t
ledger_serials_max(const struct strmap *m, const char *station)
{
	size_t v = 0;

	strmap_get(m, station, strlen(station), &v);
	return v;
}
