/* The register's index: one volunteer's line, found and checked.  See
 * vindex.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsio.h"
#include "history.h"
#include "sidx.h"
#include "utf8.h"
#include "util.h"
#include "vindex.h"

static int index_off;

void
vindex_off(int off)
{
	index_off = off;
}

static const char *const tags[] = { "id", "card", "idno" };

/* The view's identity and whether it is a view of the history ("h") or a
 * register older than its history ("-"): not the history's head, which
 * moves with every change of any register while the view stays the same
 * file (hist_view_open vouches, at each use, that it is today's).  0, or
 * -1 when it does not fit (no index then). */
static int
binding(char out[SIDX_BIND_MAX + 1], const char *tok, const char *head)
{
	int k = snprintf(out, SIDX_BIND_MAX + 1, "%s|%s", tok, strcmp(head, "-") == 0 ? "-" : "h");

	return k < 0 || k > SIDX_BIND_MAX ? -1 : 0;
}

/* The offset of KEY's line in the index: 1, 0 (not there), -1 (damaged). */
static int
index_find(const struct sidx *x, const char *key, uint64_t *off)
{
	size_t n = strlen(key);
	char up[20];

	for (size_t t = 0; t < 3; t++) {
		unsigned char k[SIDX_KEY];
		const void *p;
		uint64_t cnt;
		int f;

		sidx_key_hash(k, tags[t], key, n);
		f = sidx_find(x, k, &p, &cnt);
		if (f == 0 && t == 2 && n == 18 && key[17] == 'x') {
			memcpy(up, key, 18);
			up[17] = 'X';
			sidx_key_hash(k, tags[t], up, 18);
			f = sidx_find(x, k, &p, &cnt);
		}
		if (f < 0 || (f == 1 && cnt != 1))
			return -1;
		if (f == 1) {
			memcpy(off, p, sizeof *off);
			return 1;
		}
	}
	return 0;
}

/* Through the index: 1 (r holds the records of keys[0..n), each once),
 * 0 (the index is current but lacks a key), -1 (no index to believe). */
static int
by_index(struct vregister *r, const char *dir, int fd, const char *const *keys, size_t n,
	 const char *bind)
{
	struct sidx x;
	struct wmsj_err e2;
	uint64_t *off = xcalloc(n + 1, sizeof *off);
	size_t hn, ln, nl = 0;
	struct sb buf;
	char *h;
	int f = 1;

	if (sidx_open(&x, dir, VINDEX_FILE, "volunteers", sizeof(uint64_t)) != 0) {
		free(off);
		return -1;
	}
	if (strcmp(x.bind, bind) != 0)
		f = -1;
	for (size_t i = 0; i < n && f == 1; i++) {
		uint64_t o = 0;
		size_t k;

		f = index_find(&x, keys[i], &o);
		for (k = 0; f == 1 && k < nl && off[k] != o; k++)
			;
		if (f == 1 && k == nl)
			off[nl++] = o;
	}
	sidx_close(&x);
	if (f != 1 || (h = fsio_pread_line(fd, 0, 1u << 20, &hn)) == NULL) {
		free(off);
		return f == 1 ? -1 : f;
	}
	sb_init(&buf);
	sb_add(&buf, h, hn);
	sb_addc(&buf, '\n');
	free(h);
	for (size_t k = 0; k < nl && f == 1; k++) {
		char *l = off[k] != 0 ? fsio_pread_line(fd, (off_t)off[k], 1u << 20, &ln) : NULL;

		if (l == NULL) {
			f = -1;
			break;
		}
		sb_add(&buf, l, ln);
		sb_addc(&buf, '\n');
		free(l);
	}
	free(off);
	if (f != 1) {
		sb_release(&buf);
		return -1;
	}
	{
		size_t len = buf.len;

		if (vreg_parse_view(r, dir, sb_detach(&buf), len, &e2) != WMSJ_OK || r->n != nl)
			f = -1;
	}
	for (size_t i = 0; i < n && f == 1; i++)
		if (vreg_find(r, keys[i]) == NULL)
			f = -1;
	if (f != 1)
		vreg_release(r);
	return f;
}

struct vent {
	unsigned char key[SIDX_KEY];
	uint64_t off;
};

static int
vent_cmp(const void *a, const void *b)
{
	return memcmp(a, b, SIDX_KEY);
}

/* The index of r, parsed from buf[0..len) (one line per record), into b:
 * 0, or -1 (a record over several lines: no index). */
static int
build_index(const struct vregister *r, const char *buf, size_t len, struct sidx_build *b)
{
	struct vent *e = xcalloc(3 * r->n + 1, sizeof *e);
	size_t ne = 0, rec = 0;
	const char *p = memchr(buf, '\n', len);
	int rc = -1;

	sidx_build_init(b, "volunteers", sizeof(uint64_t));
	while (p != NULL && (size_t)(p + 1 - buf) < len && rec < r->n) {
		const struct volunteer *v = &r->v[rec];
		const char *val[3] = { v->id, v->card_no, v->id_number };
		uint64_t off = (uint64_t)(p + 1 - buf);

		if (v->line != rec + 2)
			goto out;
		for (size_t t = 0; t < 3; t++)
			if (val[t][0] != '\0') {
				sidx_key_hash(e[ne].key, tags[t], val[t], strlen(val[t]));
				e[ne++].off = off;
			}
		rec++;
		p = memchr(p + 1, '\n', len - (size_t)(p + 1 - buf));
	}
	if (rec != r->n)
		goto out;
	qsort(e, ne, sizeof *e, vent_cmp);
	for (size_t i = 0; i < ne; i++)
		if (sidx_build_add(b, e[i].key, &e[i].off, 1) != 0)
			goto out;
	rc = 0;
out:
	free(e);
	return rc;
}

static void
write_index(const struct vregister *r, const char *dir, const char *buf, size_t len,
	    const char *bind)
{
	struct sidx_build b;
	struct wmsj_err e2;

	if (build_index(r, buf, len, &b) == 0)
		(void)sidx_build_write(&b, dir, VINDEX_FILE, bind, &e2);
	sidx_build_release(&b);
}

/* The whole view from fd (malloc'ed, NUL-terminated, *n bytes), when it is
 * valid UTF-8 with LF line ends: NULL otherwise. */
static char *
read_view(int fd, size_t *np)
{
	struct stat sb;
	char *buf;
	size_t n;

	if (fstat(fd, &sb) != 0 || sb.st_size <= 0 || (uint64_t)sb.st_size > SIZE_MAX / 2)
		return NULL;
	buf = xmalloc((size_t)sb.st_size + 1);
	n = (size_t)sb.st_size;
	if (fsio_pread_full(fd, buf, n, 0) != 0 || memchr(buf, '\r', n) != NULL || !wmsj_utf8_valid(buf, n) ||
	    buf[n - 1] != '\n') {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*np = n;
	return buf;
}

/* The whole view read from fd, parsed into r, and indexed: WMSJ_OK, or -1
 * when the view cannot serve (vreg_load instead). */
static int
load_and_index(struct vregister *r, const char *dir, int fd, const char *bind)
{
	struct wmsj_err e2;
	char *buf, *copy;
	size_t n;

	if ((buf = read_view(fd, &n)) == NULL)
		return -1;
	copy = xmalloc(n + 1);
	memcpy(copy, buf, n + 1);
	if (vreg_parse_view(r, dir, copy, n, &e2) != WMSJ_OK) {
		vreg_release(r);
		free(buf);
		return -1;
	}
	r->legacy = strcmp(strchr(bind, '|') + 1, "-") == 0;
	write_index(r, dir, buf, n, bind);
	free(buf);
	return WMSJ_OK;
}

int
vindex_check(const char *dir)
{
	char head[96], tok[128], bind[SIDX_BIND_MAX + 1], *path, *file = NULL, *view;
	struct stat sb;
	struct wmsj_err e2;
	struct vregister r;
	struct sidx_build b;
	unsigned char *want;
	size_t flen = 0, vlen, wlen;
	int fd, rc;

	path = fsio_path(dir, VINDEX_FILE);
	rc = lstat(path, &sb) == 0;
	free(path);
	if (!rc)
		return VIX_CHECK_NONE;
	fd = hist_view_open(dir, HR_VOLUNTEER, head, tok);
	if (fd < 0 || binding(bind, tok, head) != 0) {
		if (fd >= 0)
			close(fd);
		return VIX_CHECK_UNBOUND;
	}
	{
		struct sidx x;

		if (sidx_open(&x, dir, VINDEX_FILE, "volunteers", sizeof(uint64_t)) != 0) {
			close(fd);
			return VIX_CHECK_UNBOUND;
		}
		rc = strcmp(x.bind, bind) == 0;
		sidx_close(&x);
		if (!rc) {
			close(fd);
			return VIX_CHECK_UNBOUND;
		}
	}
	view = read_view(fd, &vlen);
	close(fd);
	if (view == NULL)
		return VIX_CHECK_DIFFERS;   /* bound to a view that cannot have one */
	sidx_build_init(&b, "volunteers", sizeof(uint64_t));
	{
		char *copy = xmalloc(vlen + 1);

		memcpy(copy, view, vlen + 1);
		rc = vreg_parse_view(&r, dir, copy, vlen, &e2);
	}
	if (rc == WMSJ_OK) {
		sidx_build_release(&b);
		rc = build_index(&r, view, vlen, &b) == 0 ? WMSJ_OK : WMSJ_BADDATA;
	}
	if (rc != WMSJ_OK) {
		vreg_release(&r);
		sidx_build_release(&b);
		free(view);
		return VIX_CHECK_DIFFERS;
	}
	want = sidx_build_bytes(&b, bind, &wlen);
	rc = fsio_read_in(dir, VINDEX_FILE, &file, &flen, &e2) == WMSJ_OK && file != NULL &&
	     want != NULL && flen == wlen && memcmp(file, want, wlen) == 0;
	free(want);
	free(file);
	sidx_build_release(&b);
	vreg_release(&r);
	free(view);
	return rc ? VIX_CHECK_OK : VIX_CHECK_DIFFERS;
}

int
vreg_load_keys(struct vregister *r, const char *dir, const char *const *keys, size_t n, int *one,
	       struct wmsj_err *err)
{
	char head[96], tok[128], bind[SIDX_BIND_MAX + 1];
	int fd, f;

	*one = 0;
	if (!index_off && n > 0 && (fd = hist_view_open(dir, HR_VOLUNTEER, head, tok)) >= 0) {
		f = binding(bind, tok, head) == 0 ? by_index(r, dir, fd, keys, n, bind) : 0;
		if (f == 1) {
			close(fd);
			*one = 1;
			return WMSJ_OK;
		}
		if (f < 0 && load_and_index(r, dir, fd, bind) == WMSJ_OK) {
			close(fd);
			return WMSJ_OK;
		}
		close(fd);
	}
	return vreg_load(r, dir, err);
}

int
vreg_load_key(struct vregister *r, const char *dir, const char *key, int *one,
	      struct wmsj_err *err)
{
	return vreg_load_keys(r, dir, &key, 1, one, err);
}
