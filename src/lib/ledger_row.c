/* The ledger's row format: kinds, txn numbers, the row hash, the fields of
 * one row parsed and checked, an entry checked and formatted into the bytes
 * of one row.  See ledger.h. */
#define OPENSSL_SUPPRESS_DEPRECATED 1   /* SHA256_Init & co.: the fastest path */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>

#include "amount.h"
#include "csvout.h"
#include "fsio.h"
#include "date.h"
#include "i18n.h"
#include "labels.h"
#include "ledger.h"
#include "ledger_int.h"
#include "util.h"

const char ledger_zero_hash[65] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static const char *const kind_names[] = {
	"award", "redeem", "stock", "clear", "reverse", "close", ""
};

const char *
ledger_kind_name(enum ledger_kind k)
{
	if ((unsigned)k > LK_NONE)
		k = LK_NONE;
	return kind_names[k];
}

enum ledger_kind
ledger_kind_parse(const char *s, size_t n)
{
	for (int k = 0; k < LK_NONE; k++)
		if (strlen(kind_names[k]) == n && memcmp(kind_names[k], s, n) == 0)
			return (enum ledger_kind)k;
	return LK_NONE;
}

void
ledger_txn_format(uint64_t seq, char out[LEDGER_TXN_MAX])
{
	xsnprintf(out, LEDGER_TXN_MAX, "T%08llu", (unsigned long long)seq);
}
int
ledger_parse_seq(const char *s, size_t n, uint64_t *seq)
{
	uint64_t v = 0;

	if (n < 2 || n > 21 || s[0] != 'T')
		return -1;
	for (size_t i = 1; i < n; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (d > 9 || v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*seq = v;
	return 0;
}

int
ledger_txn_parse(const char *s, uint64_t *seq)
{
	return ledger_parse_seq(s, strlen(s), seq);
}


/* ---- hashing --------------------------------------------------------------- */

static const char hexdigits[] = "0123456789abcdef";

static void
hex32(const unsigned char md[32], char out[65])
{
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hexdigits[md[i] >> 4];
		out[2 * i + 1] = hexdigits[md[i] & 15];
	}
	out[64] = '\0';
}

void
ledger_hash(const char prev_hex[65], const char *line, size_t len, char out_hex[65])
{
	SHA256_CTX c;
	unsigned char md[32];

	SHA256_Init(&c);
	SHA256_Update(&c, prev_hex, 64);
	SHA256_Update(&c, line, len);
	SHA256_Final(md, &c);
	hex32(md, out_hex);
}

/* 64 lowercase hex digits; branch-free (hash digits are random). */
int
ledger_is_hash(const char *s, size_t n)
{
	unsigned acc = 0;

	if (n != 64)
		return 0;
	for (size_t i = 0; i < 64; i++) {
		unsigned char c = (unsigned char)s[i];

		acc |= (unsigned)((unsigned char)(c - '0') > 9) &
			(unsigned)((unsigned char)(c - 'a') > 5);
	}
	return acc == 0;
}


/* YYYY-MM-DD, a real date from 1900. */
int
ledger_date_ok(const char *s, size_t n)
{
	int y;

	return n == 10 && s[10] == '\0' && wmsj_date_parse(s, &y, NULL, NULL) == 0 && y >= 1900;
}

/* YYYY-MM from 1900. */
int
ledger_month_ok(const char *s)
{
	int y;

	return wmsj_month_parse(s, &y, NULL) == 0 && y >= 1900;
}

/* Signed integer, |v| <= LEDGER_POINTS_MAX; empty = 0. */
int
ledger_parse_int(const char *s, size_t n, int64_t *v)
{
	int neg = 0;
	int64_t x = 0;

	if (n == 0) {
		*v = 0;
		return 0;
	}
	if (*s == '-') {
		neg = 1;
		s++;
		n--;
	}
	if (n == 0 || n > 13)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (d > 9)
			return -1;
		x = x * 10 + d;
	}
	if (x > LEDGER_POINTS_MAX)
		return -1;
	*v = neg ? -x : x;
	return 0;
}

/* Exact decimal with at most two decimals -> centi-units; empty = 0. */
int
ledger_parse_centi(const char *s, size_t n, int64_t *v)
{
	int neg = 0, frac = -1;
	int64_t x = 0;
	size_t nd = 0;

	if (n == 0) {
		*v = 0;
		return 0;
	}
	if (*s == '-') {
		neg = 1;
		s++;
		n--;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (s[i] == '.' && frac < 0 && nd > 0 && i + 1 < n) {
			frac = 0;
			continue;
		}
		if (d > 9 || ++nd > 13 || (frac >= 0 && ++frac > 2))
			return -1;
		x = x * 10 + d;
	}
	if (nd == 0)
		return -1;
	for (int f = frac < 0 ? 0 : frac; f < 2; f++)
		x *= 10;
	if (x > LEDGER_POINTS_MAX)
		return -1;
	*v = neg ? -x : x;
	return 0;
}

/* ---- one row's fields ------------------------------------------------------ */

/* Split line into fields (in place: unquoted, NUL-terminated).
 * f[i] = start, fl[i] = length; *hashin = length of the hashed prefix. */
const char *
ledger_row_split(char *buf, size_t n, char **f, size_t *fl, size_t *hashin, unsigned *quoted)
{
	char *b = buf, *end, *q;
	int i;

	*quoted = 0;
	end = b + n;
	for (i = 0; i < LEDGER_NCOLS - 1; i++) {
		if (*b == '"') {
			char *w = b;

			q = b + 1;
			for (;;) {
				if (q >= end)
					return _("unterminated quoted field");
				if (*q == '"') {
					if (q + 1 < end && q[1] == '"') {
						*w++ = '"';
						q += 2;
						continue;
					}
					q++;
					break;
				}
				*w++ = *q++;
			}
			if (q >= end || *q != ',')
				return _("text after a quoted field");
			*w = '\0';
			f[i] = b;
			fl[i] = (size_t)(w - b);
			b = q + 1;
			*quoted |= 1u << i;
			continue;
		}
		q = b;
		while (q < end && *q != ',')
			q++;
		if (q >= end)
			return _("too few fields");
		*q = '\0';
		f[i] = b;
		fl[i] = (size_t)(q - b);
		b = q + 1;
	}
	*hashin = (size_t)(b - buf) - 1;
	f[i] = b;
	fl[i] = (size_t)(end - b);
	return NULL;
}

/* The fields of one split row checked and set in row (all but line,
 * offset and raw): NULL, or what is wrong. */
const char *
ledger_row_fields(char *const *f, const size_t *fl, unsigned quoted, struct ledger_row *row)
{
	if (!ledger_is_hash(f[18], fl[18]))
		return memchr(f[18], ',', fl[18]) != NULL ? _("too many fields") :
			_("hash is not 64 hex digits");
	if (ledger_parse_seq(f[0], fl[0], &row->seq) != 0)
		return _("txn is not T and digits");
	if (!ledger_date_ok(f[1], fl[1]))
		return _("date is not a real YYYY-MM-DD");
	row->kind = ledger_kind_parse(f[2], fl[2]);
	if (row->kind == LK_NONE)
		return _("unknown kind");
	if (ledger_parse_int(f[5], fl[5], &row->points) != 0)
		return _("points is not an integer in range");
	if (ledger_parse_centi(f[6], fl[6], &row->hours) != 0)
		return _("hours is not a decimal in range");
	if (ledger_parse_int(f[8], fl[8], &row->qty) != 0)
		return _("qty is not an integer in range");
	row->reverses = LK_NONE;
	if (row->kind == LK_REVERSE) {
		row->reverses = ledger_kind_parse(f[11], fl[11]);
		if (row->reverses == LK_NONE || row->reverses == LK_REVERSE ||
		    row->reverses == LK_CLOSE)
			return _("reverses is not a kind that can be reversed");
	} else if (fl[11] != 0) {
		return _("reverses set on a row that is not a reversal");
	}
	if (row->kind == LK_CLOSE && !(fl[10] == 7 && ledger_month_ok(f[10])))
		return _("close row without a YYYY-MM month");
	/* Ids are written unquoted: a quoted one may hold a comma or a quote. */
	if ((quoted & ((1u << 3) | (1u << 7))) &&
	    (strpbrk(f[3], ",\"") != NULL || strpbrk(f[7], ",\"") != NULL))
		return _("an id holds a comma or a quote");
	row->txn = f[0];
	row->date = f[1];
	row->volunteer = f[3];
	row->station = f[4];
	row->item = f[7];
	row->activity = f[9];
	row->ref = f[10];
	row->recorded = f[12];
	row->recorder = f[13];
	row->certifier = f[14];
	row->supervisor = f[15];
	row->approver = f[16];
	row->note = f[17];
	row->hash = f[18];
	return NULL;
}

/* ---- an entry ---------------------------------------------------------------- */

/* Valid UTF-8 without control characters. */
static int
text_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		unsigned c = *p;
		int n;

		if (c < 0x20 || c == 0x7f)
			return 0;
		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3;
		else
			return 0;
		for (int i = 1; i <= n; i++)
			if ((p[i] & 0xc0) != 0x80)
				return 0;
		if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] >= 0xa0) ||
		    (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] >= 0x90))
			return 0;
		p += n + 1;
	}
	return 1;
}

static int
check_text(const char *field, const char *s, int id, struct wmsj_err *err)
{
	if (s == NULL)
		return WMSJ_OK;
	if (strlen(s) > LEDGER_TEXT_MAX)
		return wmsj_err_set(err, WMSJ_REFUSED, _("'%s' is longer than %d bytes"), field,
				    LEDGER_TEXT_MAX);
	if (!text_ok(s))
		return wmsj_err_set(err, WMSJ_REFUSED,
				    _("'%s' holds a control character or is not valid UTF-8"), field);
	if (id && strpbrk(s, ",\"") != NULL)
		return wmsj_err_set(err, WMSJ_REFUSED, _("'%s' may not hold a comma or a quote"),
				    field);
	return WMSJ_OK;
}

static int
empty(const char *s)
{
	return s == NULL || *s == '\0';
}

static int
in_range(int64_t v)
{
	return v >= -LEDGER_POINTS_MAX && v <= LEDGER_POINTS_MAX;
}

int
ledger_entry_check(const struct ledger_entry *e, struct wmsj_err *err)
{
	static const struct { const char *name; size_t off; int id; } tf[] = {
		{ "volunteer", offsetof(struct ledger_entry, volunteer), 1 },
		{ "station", offsetof(struct ledger_entry, station), 1 },
		{ "item", offsetof(struct ledger_entry, item), 1 },
		{ "activity", offsetof(struct ledger_entry, activity), 1 },
		{ "ref", offsetof(struct ledger_entry, ref), 1 },
		{ "recorder", offsetof(struct ledger_entry, recorder), 0 },
		{ "certifier", offsetof(struct ledger_entry, certifier), 0 },
		{ "supervisor", offsetof(struct ledger_entry, supervisor), 0 },
		{ "approver", offsetof(struct ledger_entry, approver), 0 },
		{ "note", offsetof(struct ledger_entry, note), 0 },
	};
	uint64_t seq;
	int rc;

	if ((unsigned)e->kind >= LK_NONE)
		return wmsj_err_set(err, WMSJ_REFUSED, _("ledger row without a kind"));
	if (e->date == NULL || !ledger_date_ok(e->date, strlen(e->date)))
		return wmsj_err_set(err, WMSJ_REFUSED, _("date '%s' is not a real YYYY-MM-DD"),
				    e->date ? e->date : "");
	for (size_t i = 0; i < sizeof tf / sizeof tf[0]; i++) {
		const char *s = *(const char *const *)((const char *)e + tf[i].off);

		rc = check_text(tf[i].name, s, tf[i].id, err);
		if (rc != WMSJ_OK)
			return rc;
	}
	if (!in_range(e->points) || !in_range(e->hours) || !in_range(e->qty))
		return wmsj_err_set(err, WMSJ_REFUSED,
				    _("points, hours or quantity out of range (at most %lld)"),
				    (long long)LEDGER_POINTS_MAX);
	switch (e->kind) {
	case LK_AWARD:
		if (e->points < 0 || e->hours < 0)
			return wmsj_err_set(err, WMSJ_REFUSED,
					    _("an award's points and hours may not be negative"));
		break;
	case LK_REDEEM:
		if (e->points > 0 || e->qty > 0 || empty(e->item))
			return wmsj_err_set(err, WMSJ_REFUSED,
					    _("a redemption takes points and goods (negative) and an item"));
		break;
	case LK_CLEAR:
		if (e->points > 0)
			return wmsj_err_set(err, WMSJ_REFUSED, _("a clear may not add points"));
		break;
	case LK_STOCK:
		if (e->qty <= 0 || empty(e->item) || e->points != 0)
			return wmsj_err_set(err, WMSJ_REFUSED,
					    _("a stock row adds a positive quantity of an item"));
		break;
	case LK_REVERSE:
		if (empty(e->ref) || ledger_txn_parse(e->ref, &seq) != 0 || seq == 0 ||
		    e->reverses == LK_NONE || e->reverses == LK_REVERSE || e->reverses == LK_CLOSE ||
		    (unsigned)e->reverses > LK_NONE)
			return wmsj_err_set(err, WMSJ_REFUSED,
					    _("a reversal names the txn and the kind it reverses"));
		break;
	case LK_CLOSE:
		if (empty(e->ref) || !ledger_month_ok(e->ref) || e->points || e->hours || e->qty)
			return wmsj_err_set(err, WMSJ_REFUSED, _("a close row names a month YYYY-MM"));
		break;
	default:
		break;
	}
	if ((e->kind == LK_AWARD || e->kind == LK_REDEEM || e->kind == LK_CLEAR) &&
	    empty(e->volunteer))
		return wmsj_err_set(err, WMSJ_REFUSED, _("a '%s' row names a volunteer"),
				    wmsj_value_label("kind", ledger_kind_name(e->kind)));
	if ((e->kind == LK_STOCK || e->kind == LK_CLOSE) && !empty(e->volunteer))
		return wmsj_err_set(err, WMSJ_REFUSED, _("a '%s' row names no volunteer"),
				    wmsj_value_label("kind", ledger_kind_name(e->kind)));
	if (e->kind != LK_REVERSE && e->reverses != LK_NONE && e->reverses != LK_AWARD)
		return wmsj_err_set(err, WMSJ_REFUSED, _("only a reversal says what it reverses"));
	return WMSJ_OK;
}

/* Append a field (quoted as the ledger quotes) preceded by a comma unless
 * first. */
static void
add_field(struct sb *sb, const char *s, int first)
{
	if (!first)
		sb_addc(sb, ',');
	if (s != NULL)
		csv_field(sb, s, CSV_QUOTE_LEDGER);
}

/* The row of e as sequence seq, recorded at recorded, chained from the hash
 * prev: appended to sb with its hash and "\n"; the hash into hash_out. */
void
ledger_row_format(struct sb *sb, uint64_t seq, const struct ledger_entry *e, const char *recorded,
		  const char prev[65], char hash_out[65])
{
	char txn[LEDGER_TXN_MAX], num[32];
	size_t start = sb->len;

	ledger_txn_format(seq, txn);
	add_field(sb, txn, 1);
	add_field(sb, e->date, 0);
	add_field(sb, ledger_kind_name(e->kind), 0);
	add_field(sb, e->volunteer, 0);
	add_field(sb, e->station, 0);
	xsnprintf(num, sizeof num, "%lld", (long long)e->points);
	add_field(sb, num, 0);
	wmsj_hours_fmt(e->hours, WMSJ_HOURS_SHORT, num);
	add_field(sb, e->hours != 0 || e->kind == LK_AWARD ? num : NULL, 0);
	add_field(sb, e->item, 0);
	xsnprintf(num, sizeof num, "%lld", (long long)e->qty);
	add_field(sb, e->qty != 0 || !empty(e->item) ? num : NULL, 0);
	add_field(sb, e->activity, 0);
	add_field(sb, e->ref, 0);
	add_field(sb, e->kind == LK_REVERSE ? ledger_kind_name(e->reverses) : NULL, 0);
	add_field(sb, recorded, 0);
	add_field(sb, e->recorder, 0);
	add_field(sb, e->certifier, 0);
	add_field(sb, e->supervisor, 0);
	add_field(sb, e->approver, 0);
	add_field(sb, e->note, 0);
	ledger_hash(prev, sb->buf + start, sb->len - start, hash_out);
	sb_addc(sb, ',');
	sb_add(sb, hash_out, 64);
	sb_addc(sb, '\n');
}

/* ---- the writers' verification limit (ledger_write, history) ---------------- */

/* Bytes up to which a writer verifies the whole chain (default 16 MiB,
 * about 70,000 rows: a station's, verified in about 30 ms;
 * ledger_writer_verify_limit). */
static off_t verify_limit = (off_t)16 << 20;

void
ledger_writer_verify_limit(const char *bytes)
{
	char *end;
	long long v;

	verify_limit = (off_t)16 << 20;
	if (bytes != NULL && *bytes != '\0') {
		v = strtoll(bytes, &end, 10);
		if (*end == '\0' && v >= 0)
			verify_limit = (off_t)v;
	}
}

off_t
ledger_writer_verify_bytes(void)
{
	return verify_limit;
}

int
ledger_prev_hash_at(int fd, off_t off, size_t header_len, char prev[65])
{
	char before[66];

	if (off < (off_t)header_len)
		return -1;
	if (off == (off_t)header_len) {
		if (fsio_pread_full(fd, before, 1, off - 1) != 0 || before[0] != '\n')
			return -1;
		memcpy(prev, ledger_zero_hash, 65);
		return 0;
	}
	if (off < (off_t)header_len + 66 || fsio_pread_full(fd, before, 66, off - 66) != 0 ||
	    before[0] != ',' || before[65] != '\n')
		return -1;
	memcpy(prev, before + 1, 64);
	prev[64] = '\0';
	for (int i = 0; i < 64; i++)
		if (!((prev[i] >= '0' && prev[i] <= '9') || (prev[i] >= 'a' && prev[i] <= 'f')))
			return -1;
	return 0;
}
