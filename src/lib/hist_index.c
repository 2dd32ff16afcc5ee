/* The history's index, DIR/.history.idx: the events of the activities' and
 * the applications' registers, so that a command that loads one of those
 * small tables reads its events and not the county's volunteer events.
 * See history.h (hist_load_table) and wmsj(5).
 *
 * The file (sidx.h, kind "history"): the register's name -> the byte
 * offsets of its events in history.csv, in file order, and a binding
 * "S,O,N,HASH": it covers the first S bytes, whose last event is R<N> at
 * offset O with hash HASH.  Believed when: the head's digest, the binding
 * (the event at O is R<N> with hash HASH chained from the line before it,
 * and ends at S), the slice's digest, and every event it names is read and
 * checked (its hash chained from the line before it, its register, rising
 * sequences).  Events after S are read from the history's end; more than
 * HIST_CHK_EVERY of them and the index is written again.  Anything
 * doubtful: the whole history is read (and a new index written). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsio.h"
#include "history.h"
#include "history_int.h"
#include "i18n.h"
#include "ledger.h"
#include "sidx.h"
#include "util.h"
#include "validate.h"

#define HIDX_FILE ".history.idx"

static int index_off;

void
hist_index_off(int off)
{
	index_off = off;
}

static const enum hist_reg indexed[] = { HR_ACTIVITY, HR_APPLICATION };

/* pread the line at off (up to '\n') into h's arena, NUL-terminated; its
 * length in *n, the previous event's hash (the 64 bytes before ",HASH\n"
 * ends the line before; the zero hash for the first event) in prev.  NULL
 * when there is no whole event line there. */
static char *
line_at(struct history *h, int fd, off_t size, off_t off, size_t *n, char prev[65])
{
	char *b, *keep;

	if (off >= size || ledger_prev_hash_at(fd, off, strlen(HIST_HEADER) + 1, prev) != 0 ||
	    (b = fsio_pread_line(fd, off, 1u << 20, n)) == NULL)
		return NULL;
	keep = arena_alloc(&h->a, *n + 1);
	memcpy(keep, b, *n);
	keep[*n] = '\0';
	free(b);
	return keep;
}

/* The event at off, checked (chained from the line before it, of register
 * reg when reg < HR_NONE), parsed into e (fields of mask): 0 or -1. */
static int
event_at(struct history *h, int fd, off_t size, off_t off, enum hist_reg reg, unsigned mask,
	 struct hist_event *e)
{
	char prev[65], hex[65];
	struct wmsj_err e2;
	size_t n;
	char *line = line_at(h, fd, size, off, &n, prev);

	if (line == NULL || n < 66 || line[n - 65] != ',')
		return -1;
	ledger_hash(prev, line, n - 65, hex);
	if (memcmp(hex, line + n - 64, 64) != 0)
		return -1;
	if (hist_parse_event(h, line, n, 0, mask, e, &e2) != WMSJ_OK ||
	    (reg < HR_NONE && e->reg != reg))
		return -1;
	e->off = off;
	e->line = (size_t)e->seq + 1;
	return 0;
}

static void
add_event(struct history *h, const struct hist_event *e)
{
	h->ev = xgrow(h->ev, &h->cap, h->n + 1, sizeof *h->ev);
	h->ev[h->n++] = *e;
	h->count[e->reg]++;
}

/* ---- writing ----------------------------------------------------------- */

struct offs {
	uint64_t *v;
	size_t n, cap;
};

static void
offs_add(struct offs *o, uint64_t v)
{
	o->v = xgrow(o->v, &o->cap, o->n + 1, sizeof *o->v);
	o->v[o->n++] = v;
}

static void
write_index(const char *dir, struct offs per[2], const struct sidx_cover *c)
{
	struct sidx_build b;
	struct wmsj_err e2;
	char bind[SIDX_BIND_MAX + 1];
	int k[2] = { 0, 1 };

	/* keys in ascending order: "activity" < "application" */
	if (strcmp(hist_reg_name(indexed[0]), hist_reg_name(indexed[1])) > 0) {
		k[0] = 1;
		k[1] = 0;
	}
	sidx_build_init(&b, "history", sizeof(uint64_t));
	for (int i = 0; i < 2; i++) {
		unsigned char key[SIDX_KEY];
		const char *name = hist_reg_name(indexed[k[i]]);

		sidx_key_text(key, name, strlen(name));
		sidx_build_add(&b, key, per[k[i]].v, per[k[i]].n);
	}
	sidx_cover_text(c, bind);
	(void)sidx_build_write(&b, dir, HIDX_FILE, bind, &e2);
	sidx_build_release(&b);
}

/* ---- reading --------------------------------------------------------------- */

/* The tail [from, size) parsed: events of reg into h, every indexed
 * register's offsets into per, the head moved on.  0 or a status. */
static int
tail_events(struct history *h, int fd, off_t from, off_t size, enum hist_reg reg,
	    struct offs per[2], struct sidx_cover *c, size_t *count, struct wmsj_err *err)
{
	char *buf, *p, *end;
	size_t len = (size_t)(size - from);

	if (len == 0)
		return WMSJ_OK;
	buf = arena_alloc(&h->a, len + 1);
	if (fsio_pread_full(fd, buf, len, from) != 0)
		return wmsj_err_sys(err, EIO, _("cannot read '%s'"), HIST_FILE);
	buf[len] = '\0';
	p = buf;
	end = buf + len;
	while (p < end) {
		char *eol = memchr(p, '\n', (size_t)(end - p));
		struct hist_event e;
		off_t off = from + (off_t)(p - buf);
		int rc;

		if (eol == NULL)
			return wmsj_err_set(err, WMSJ_BADDATA, _("%s:%zu: last line is incomplete"),
					    HIST_FILE, (size_t)c->seq + 2);
		if (!wmsj_utf8_valid(p, (size_t)(eol - p)))
			return wmsj_err_set(err, WMSJ_BADDATA, _("%s:%zu: not valid UTF-8"), HIST_FILE,
					    (size_t)c->seq + 2);
		rc = hist_parse_event(h, p, (size_t)(eol - p), (size_t)c->seq + 2, 1u << reg, &e, err);
		if (rc != WMSJ_OK)
			return rc;
		e.off = off;
		for (int i = 0; i < 2; i++)
			if (e.reg == indexed[i])
				offs_add(&per[i], (uint64_t)off);
		if (e.reg == reg)
			add_event(h, &e);
		c->off = (uint64_t)off;
		c->seq = e.seq;
		memcpy(c->hash, e.hash, 65);
		(*count)++;
		p = eol + 1;
	}
	c->size = (uint64_t)size;
	return WMSJ_OK;
}

/* Through the index: a status, or -1 (not believed; h emptied). */
static int
by_index(struct history *h, const char *dir, enum hist_reg reg, struct wmsj_err *err)
{
	struct sidx x;
	struct sidx_cover c;
	struct hist_event e;
	struct wmsj_err e2;
	struct offs per[2];
	off_t size;
	size_t tail = 0;
	int fd, rc = -1, mine = reg == indexed[0] ? 0 : 1;

	if (sidx_open(&x, dir, HIDX_FILE, "history", sizeof(uint64_t)) != 0)
		return -1;
	memset(per, 0, sizeof per);
	size = fsio_stable_size(dir, HIST_FILE, &e2);
	fd = size > 0 ? fsio_open_in(dir, HIST_FILE, O_RDONLY, 0, &e2) : -1;
	if (fd < 0 || sidx_cover_parse(x.bind, &c) != 0 || (off_t)c.size > size ||
	    event_at(h, fd, size, (off_t)c.off, HR_NONE, 0, &e) != 0 || e.seq != c.seq ||
	    strcmp(e.hash, c.hash) != 0)
		goto out;
	{
		/* the binding's event ends where the index ends */
		char buf[1];

		if (fsio_pread_full(fd, buf, 1, (off_t)c.size - 1) != 0 || buf[0] != '\n')
			goto out;
	}
	for (int i = 0; i < 2; i++) {
		unsigned char key[SIDX_KEY];
		const char *name = hist_reg_name(indexed[i]);
		const void *p;
		uint64_t n, last = 0;
		int f;

		sidx_key_text(key, name, strlen(name));
		f = sidx_find(&x, key, &p, &n);
		if (f < 0)
			goto out;
		for (uint64_t k = 0; f == 1 && k < n; k++) {
			uint64_t off;

			memcpy(&off, (const unsigned char *)p + k * sizeof off, sizeof off);
			offs_add(&per[i], off);
			if (i != mine)
				continue;
			if (off >= c.size || event_at(h, fd, size, (off_t)off, reg, 1u << reg, &e) != 0 ||
			    e.seq <= last)
				goto out;
			last = e.seq;
			add_event(h, &e);
		}
	}
	h->exists = 1;
	h->size = size;
	rc = tail_events(h, fd, (off_t)c.size, size, reg, per, &c, &tail, err);
	h->last_seq = c.seq;
	memcpy(h->last_hash, c.hash, 65);
	if (rc == WMSJ_OK && tail > HIST_CHK_EVERY && !index_off)
		write_index(dir, per, &c);
out:
	if (fd >= 0)
		close(fd);
	sidx_close(&x);
	free(per[0].v);
	free(per[1].v);
	return rc;
}

int
hist_load_table(struct history *h, const char *dir, enum hist_reg reg, struct wmsj_err *err)
{
	int rc;

	if (!index_off && (reg == HR_ACTIVITY || reg == HR_APPLICATION)) {
		memset(h, 0, sizeof *h);
		memcpy(h->last_hash, ledger_zero_hash, 65);
		h->mask = 1u << reg;
		rc = by_index(h, dir, reg, err);
		if (rc >= 0)
			return rc;
		hist_release(h);
	}
	/* The whole history (every event, the fields of reg's); its index
	 * written from it. */
	rc = hist_load_regs(h, dir, 0, 1u << reg, err);
	if (rc == WMSJ_OK && !index_off && h->n > 0 &&
	    (reg == HR_ACTIVITY || reg == HR_APPLICATION)) {
		struct offs per[2];
		struct sidx_cover c;

		memset(per, 0, sizeof per);
		for (size_t i = 0; i < h->n; i++)
			for (int k = 0; k < 2; k++)
				if (h->ev[i].reg == indexed[k])
					offs_add(&per[k], (uint64_t)h->ev[i].off);
		c.size = (uint64_t)h->size;
		c.seq = h->last_seq;
		memcpy(c.hash, h->last_hash, 65);
		c.off = (uint64_t)h->ev[h->n - 1].off;
		write_index(dir, per, &c);
		free(per[0].v);
		free(per[1].v);
	}
	return rc;
}

int
hist_index_check(const char *dir, const struct history *h)
{
	struct sidx x;
	struct sidx_cover c;
	char *path = fsio_path(dir, HIDX_FILE);
	struct stat sb;
	int there = lstat(path, &sb) == 0, bound = 0, differs = 0;
	size_t upto = 0;

	free(path);
	if (!there)
		return HIDX_CHECK_NONE;
	if (sidx_open(&x, dir, HIDX_FILE, "history", sizeof(uint64_t)) != 0)
		return HIDX_CHECK_UNBOUND;
	if (sidx_cover_parse(x.bind, &c) == 0)
		for (size_t i = 0; i < h->n; i++)
			if (h->ev[i].seq == c.seq) {
				bound = (uint64_t)h->ev[i].off == c.off && strcmp(h->ev[i].hash, c.hash) == 0 &&
					(i + 1 == h->n ? (uint64_t)h->size == c.size
						       : (uint64_t)h->ev[i + 1].off == c.size);
				upto = i + 1;
				break;
			}
	for (int k = 0; bound && !differs && k < 2; k++) {
		unsigned char key[SIDX_KEY];
		const char *name = hist_reg_name(indexed[k]);
		const void *p;
		uint64_t n, j = 0;

		sidx_key_text(key, name, strlen(name));
		if (sidx_find(&x, key, &p, &n) < 0) {
			differs = 1;
			break;
		}
		for (size_t i = 0; i < upto && !differs; i++) {
			uint64_t off;

			if (h->ev[i].reg != indexed[k])
				continue;
			memcpy(&off, (const unsigned char *)p + j * sizeof off, sizeof off);
			differs = j >= n || off != (uint64_t)h->ev[i].off;
			j++;
		}
		if (!differs && j != n)
			differs = 1;
	}
	sidx_close(&x);
	if (!bound)
		return HIDX_CHECK_UNBOUND;
	return differs ? HIDX_CHECK_DIFFERS : HIDX_CHECK_OK;
}
