/* Seals that leave the machine: see witness.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsio.h"
#include "history.h"
#include "i18n.h"
#include "ledger.h"
#include "util.h"
#include "validate.h"
#include "witness.h"

#define WITNESS_LINE_MAX 4096   /* a hand-over line is short; longer is not one */

/* s[0..n) is PREFIX digits ':' 64 lowercase hex. */
static const char *
part_parse(const char *s, size_t n, char prefix, uint64_t *seq, char hash[65])
{
	size_t i = 1, d;
	uint64_t v = 0;

	if (n == 0 || s[0] != prefix)
		return prefix == 'T' ? N_("the seal does not start with 'T'")
				     : N_("the seal's second part does not start with 'R'");
	for (d = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++, d++) {
		unsigned dig = (unsigned)(s[i] - '0');

		if (v > UINT64_MAX / 10 || (v == UINT64_MAX / 10 && dig > UINT64_MAX % 10))
			return N_("the seal's sequence number is too large");
		v = v * 10 + dig;
	}
	if (d == 0 || d > 20)
		return N_("the seal's sequence number is not 1 to 20 digits");
	if (i >= n || s[i] != ':')
		return N_("the seal has no ':' after its sequence number");
	i++;
	if (n - i != 64)
		return N_("the seal's hash is not 64 hex digits");
	for (size_t k = 0; k < 64; k++) {
		char c = s[i + k];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return N_("the seal's hash is not 64 lowercase hex digits");
		hash[k] = c;
	}
	hash[64] = '\0';
	if (v == 0)
		return N_("a seal of sequence 0 names no row (an empty chain): it certifies nothing");
	*seq = v;
	return NULL;
}

const char *
wseal_parse(const char *s, size_t n, struct wseal *out)
{
	const char *slash = memchr(s, '/', n), *why;
	size_t tn = slash != NULL ? (size_t)(slash - s) : n;

	memset(out, 0, sizeof *out);
	if ((why = part_parse(s, tn, 'T', &out->tseq, out->thash)) != NULL)
		return why;
	if (slash == NULL)
		return NULL;
	out->has_r = 1;
	return part_parse(slash + 1, n - tn - 1, 'R', &out->rseq, out->rhash);
}

void
wseal_format(const struct wseal *s, char out[WSEAL_MAX])
{
	char t[LEDGER_TXN_MAX];

	ledger_txn_format(s->tseq, t);
	if (s->has_r)
		snprintf(out, WSEAL_MAX, "%s:%s/R%08llu:%s", t, s->thash, (unsigned long long)s->rseq,
			 s->rhash);
	else
		snprintf(out, WSEAL_MAX, "%s:%s", t, s->thash);
}

static const char *const kind_names[] = {"close", "notice", "head"};

const char *
wline_kind_name(enum wline_kind k)
{
	return kind_names[k];
}

/* Valid UTF-8 without control characters (a name as wmsj.yaml holds it). */
static int
plain_text(const char *s, size_t n)
{
	for (size_t i = 0, len; i < n; i += len) {
		long c = wmsj_utf8_decode(s + i, n - i, &len);
		if (c < 0x20 || (c >= 0x7f && c < 0xa0))
			return 0;
	}
	return 1;
}

static int
what_valid(enum wline_kind k, const char *s, size_t n)
{
	char buf[64];
	int y, m, d;

	if (n == 0 || n >= sizeof buf)
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	switch (k) {
	case WL_CLOSE:
		return n == 7 && wmsj_month_parse(buf, &y, &m) == 0;
	case WL_HEAD:
		return n == 10 && wmsj_date_parse(buf, &y, &m, &d) == 0;
	case WL_NOTICE:
		if (n < 8 || buf[6] != '-')
			return 0;
		buf[6] = '\0';
		if (buf[4] != 'Q' || wmsj_quarter_parse(buf, &y, &m) != 0)
			return 0;
		for (size_t i = 7; i < n; i++)
			if (!((buf[i] >= '0' && buf[i] <= '9') || (buf[i] >= 'A' && buf[i] <= 'Z') ||
			      (buf[i] >= 'a' && buf[i] <= 'z') || buf[i] == '-' || buf[i] == '_'))
				return 0;
		return 1;
	}
	return 0;
}

int
wline_parse(const char *s, size_t n, struct wline *out, const char **why)
{
	const char *f[7];
	size_t fl[7], nf = 0, start = 0;
	char date[16];
	int y, m, d;

	memset(out, 0, sizeof *out);
	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		n -= 3;
	}
	{
		size_t i = 0;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == n || s[i] == '#')
			return 0;
	}
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '\t') {
			if (nf == 6) {
				*why = N_("a hand-over line has 6 fields separated by tabs, this one more");
				return -1;
			}
			f[nf] = s + start;
			fl[nf++] = i - start;
			start = i + 1;
		}
	}
	if (nf != 6) {
		*why = N_("a hand-over line has 6 fields separated by tabs (institute, center, kind, what, seal, date)");
		return -1;
	}
	if (fl[0] == 0 || !plain_text(f[0], fl[0]) || !plain_text(f[1], fl[1])) {
		*why = N_("the institute is empty, or the institute or the center is not plain UTF-8 text");
		return -1;
	}
	if (fl[2] == 5 && memcmp(f[2], "close", 5) == 0)
		out->kind = WL_CLOSE;
	else if (fl[2] == 6 && memcmp(f[2], "notice", 6) == 0)
		out->kind = WL_NOTICE;
	else if (fl[2] == 4 && memcmp(f[2], "head", 4) == 0)
		out->kind = WL_HEAD;
	else {
		*why = N_("the kind is not close, notice or head");
		return -1;
	}
	if (!what_valid(out->kind, f[3], fl[3])) {
		*why = out->kind == WL_CLOSE ? N_("a close names its month, YYYY-MM")
		     : out->kind == WL_NOTICE ? N_("a notice names its quarter and station, YYYYQn-CODE")
					      : N_("a head names the date of the ledger's last row, YYYY-MM-DD");
		return -1;
	}
	if ((*why = wseal_parse(f[4], fl[4], &out->seal)) != NULL)
		return -1;
	if (fl[5] != 10) {
		*why = N_("the date is not YYYY-MM-DD");
		return -1;
	}
	memcpy(date, f[5], 10);
	date[10] = '\0';
	if (wmsj_date_parse(date, &y, &m, &d) != 0) {
		*why = N_("the date is not YYYY-MM-DD");
		return -1;
	}
	memcpy(out->date, date, 11);
	out->institute = xstrndup(f[0], fl[0]);
	out->center = xstrndup(f[1], fl[1]);
	out->what = xstrndup(f[3], fl[3]);
	return 1;
}

void
wline_release(struct wline *l)
{
	free(l->institute);
	free(l->center);
	free(l->what);
	l->institute = l->center = l->what = NULL;
}

void
witness_init(struct witness *w)
{
	memset(w, 0, sizeof *w);
}

int
witness_load(struct witness *w, const char *file, struct wmsj_err *err)
{
	FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t len;
	int rc = WMSJ_OK;

	if (f == NULL)
		return wmsj_err_sys(err, errno, _("cannot read witness file '%s'"), file);
	while ((len = getline(&line, &cap, f)) > 0) {
		struct wline l;
		const char *why = NULL;
		int r;

		lineno++;
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if ((size_t)len > WITNESS_LINE_MAX || memchr(line, '\0', (size_t)len) != NULL) {
			rc = wmsj_err_set(err, WMSJ_BADDATA, "%s:%zu: %s", file, lineno,
					  _("the line is too long or holds a NUL byte: not a hand-over line"));
			break;
		}
		r = wline_parse(line, (size_t)len, &l, &why);
		if (r < 0) {
			rc = wmsj_err_set(err, WMSJ_BADDATA, "%s:%zu: %s", file, lineno, _(why));
			break;
		}
		if (r == 0)
			continue;
		l.line = lineno;
		l.file = file;
		w->v = xgrow(w->v, &w->cap, w->n + 1, sizeof *w->v);
		w->v[w->n++] = l;
	}
	if (rc == WMSJ_OK && ferror(f))
		rc = wmsj_err_sys(err, errno, _("cannot read witness file '%s'"), file);
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

void
witness_release(struct witness *w)
{
	for (size_t i = 0; i < w->n; i++)
		wline_release(&w->v[i]);
	free(w->v);
	memset(w, 0, sizeof *w);
}

int
wline_names(const struct wline *l, const char *institute, const char *center)
{
	if (institute == NULL || strcmp(l->institute, institute) != 0)
		return 0;
	if (center == NULL || *center == '\0' || *l->center == '\0')
		return 1;
	return strcmp(l->center, center) == 0;
}

int
seal_check_ledger_part(const char *dir, uint64_t seq, const char hash[65], struct wmsj_err *err)
{
	struct ledger_found fd;
	uint64_t by;
	char txn[LEDGER_TXN_MAX];
	int rc;

	ledger_txn_format(seq, txn);
	rc = ledger_find_txn(dir, seq, &fd, &by, err);
	if (rc == WMSJ_REFUSED)
		return wmsj_err_set(err, WMSJ_REFUSED,
				    _("the ledger no longer has row '%s': it was cut short (or rewritten)"), txn);
	if (rc != WMSJ_OK)
		return rc;
	rc = strcmp(fd.row.hash, hash) == 0
		? WMSJ_OK
		: wmsj_err_set(err, WMSJ_REFUSED,
			       _("row '%s' no longer has the witnessed hash: the ledger was rewritten at or before it"),
			       txn);
	ledger_found_release(&fd);
	return rc;
}

/* A seal's R part: the event of the register history (history.h) with
 * that sequence must still carry that hash. */
int
seal_check_register_part(const char *dir, uint64_t seq, const char hash[65], struct wmsj_err *err)
{
	struct history h;
	int rc = hist_load(&h, dir, 0, err);

	if (rc == WMSJ_OK && !h.exists) {
		char r[24];
		hist_seq_format(seq, r);
		rc = wmsj_err_set(err, WMSJ_REFUSED,
				  _("the seal names register history event '%s', but the directory holds no register history (%s)"),
				  r, HIST_FILE);
	} else if (rc == WMSJ_OK) {
		rc = hist_check_seal(&h, seq, hash, err);
	}
	hist_release(&h);
	return rc;
}

int
wline_format(const char *institute, const char *center, enum wline_kind kind, const char *what,
	     const struct wseal *seal, const char *date, char **out, struct wmsj_err *err)
{
	char s[WSEAL_MAX];
	const char *fields[2] = {institute, center != NULL ? center : ""};
	struct sb b;

	for (int i = 0; i < 2; i++)
		if (!plain_text(fields[i], strlen(fields[i])) || (i == 0 && *fields[i] == '\0'))
			return wmsj_err_set(err, WMSJ_BADDATA,
					    _("wmsj.yaml: the %s's name is empty or holds a tab, a line break or another control character: it cannot be handed over"),
					    i == 0 ? "institute" : "center");
	wseal_format(seal, s);
	sb_init(&b);
	sb_adds(&b, fields[0]);
	sb_addc(&b, '\t');
	sb_adds(&b, fields[1]);
	sb_addc(&b, '\t');
	sb_adds(&b, wline_kind_name(kind));
	sb_addc(&b, '\t');
	sb_adds(&b, what);
	sb_addc(&b, '\t');
	sb_adds(&b, s);
	sb_addc(&b, '\t');
	sb_adds(&b, date);
	sb_addc(&b, '\n');
	*out = sb_detach(&b);
	return WMSJ_OK;
}
