/* Masking personal data for public outputs: see mask.h. */
#include <stdlib.h>
#include <string.h>

#include "mask.h"
#include "util.h"
#include "validate.h"

/* Compound (two-character) surnames that keep both characters. */
static const char *const compound[] = {
	"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
	"宇文", "司徒", "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫", "西门", "百里",
	"呼延", "澹台", "公冶", "太史", "申屠", "闻人", "钟离", "万俟", "第五", "司空",
	"东郭", "濮阳", "淳于", "单于", "赫连", "拓跋", "完颜", "左丘", "谷梁", "宗政",
	NULL
};

static size_t
cplen(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t k = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;

	for (size_t i = 1; i < k; i++)
		if (s[i] == '\0')
			return i;
	return k;
}

static size_t
count_cp(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i += cplen(s + i))
		c++;
	return c;
}

static int
is_latin_word(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* Mask one part of a name (no separators) into sb.  A part of one
 * character shows only as the leading surname or initial of a name with
 * more parts (李·四 → 李·*); anywhere else it is the whole of a name or of
 * a given name and shows as '*'. */
static void
mask_part(struct sb *sb, const char *s, size_t n, int first_part, int alone)
{
	size_t chars = count_cp(s, n), keep = 0;

	if (n == 0)
		return;
	if (chars == 1) {
		if (first_part && !alone)
			sb_add(sb, s, n);
		else
			sb_addc(sb, '*');
		return;
	}
	if (is_latin_word(s, n)) {
		/* John → J***: first letter, then one '*' per letter. */
		sb_add(sb, s, 1);
		for (size_t i = 1; i < n; i++)
			sb_addc(sb, '*');
		return;
	}
	keep = cplen(s);
	if (first_part && chars >= 3) {
		for (const char *const *c = compound; *c != NULL; c++)
			if (strncmp(s, *c, strlen(*c)) == 0) {
				keep = strlen(*c);
				break;
			}
	}
	sb_add(sb, s, keep);
	{
		const char *rest = s + keep;
		size_t rn = n - keep, rc = count_cp(rest, rn);

		if (rc == 0)
			return;
		sb_addc(sb, '*');
		if (rc >= 2) {
			/* keep the last character */
			size_t i = 0, last = 0;
			while (i < rn) {
				last = i;
				i += cplen(rest + i);
			}
			sb_add(sb, rest + last, rn - last);
		}
	}
}

static int
is_sep(const char *s, size_t *len)
{
	/* · U+00B7, • U+2022, ． U+FF0E, ・ U+30FB, and ASCII space or '.' */
	static const char *const seps[] = {"\xc2\xb7", "\xe2\x80\xa2", "\xef\xbc\x8e",
					   "\xe3\x83\xbb", " ", ".", NULL};

	for (const char *const *p = seps; *p != NULL; p++)
		if (strncmp(s, *p, strlen(*p)) == 0) {
			*len = strlen(*p);
			return 1;
		}
	return 0;
}

/* The name as the mask sees it, whatever the register holds (names written
 * before the rules of wmsj_name_normalize, or by hand): characters that are
 * invisible or reorder the line (wmsj_cp_invisible) and bytes that are not
 * UTF-8 dropped; spaces trimmed and collapsed; a space between two
 * characters that are not ASCII dropped (王 明 is 王明, 欧阳 小华 欧阳小华). */
static char *
clean_name(const char *name)
{
	size_t n = strlen(name), k;
	struct sb sb;
	int space = 0, wide = 0;

	sb_init(&sb);
	for (size_t i = 0; i < n; i += k) {
		long c = wmsj_utf8_decode(name + i, n - i, &k);

		if (c < 0 || wmsj_cp_invisible((unsigned long)c))
			continue;
		if (wmsj_cp_space((unsigned long)c)) {
			space = sb.len > 0;
			continue;
		}
		if (space && !(wide && c >= 0x80))
			sb_addc(&sb, ' ');
		space = 0;
		wide = c >= 0x80;
		sb_add(&sb, name + i, k);
	}
	return sb_detach(&sb);
}

char *
mask_name(const char *name)
{
	struct sb sb;
	char *clean = clean_name(name);
	const char *p = clean, *start = clean;
	int first = 1, parts = 0;
	size_t sl;

	/* How many parts are not empty: a single one is masked as a whole name. */
	for (const char *q = clean, *st = clean;; ) {
		if (*q == '\0' || is_sep(q, &sl)) {
			parts += q > st;
			if (*q == '\0')
				break;
			q += sl;
			st = q;
		} else {
			q += cplen(q);
		}
	}
	sb_init(&sb);
	while (*p) {
		if (is_sep(p, &sl)) {
			mask_part(&sb, start, (size_t)(p - start), first, parts <= 1);
			sb_add(&sb, p, sl);
			first = first && p == start;
			p += sl;
			start = p;
		} else {
			p += cplen(p);
		}
	}
	mask_part(&sb, start, (size_t)(p - start), first, parts <= 1);
	free(clean);
	return sb_detach(&sb);
}

static char *
keep_ends(const char *s, size_t head, size_t tail)
{
	size_t n = strlen(s);
	char *r;

	if (n <= head + tail) {
		r = xstrdup(s);
		for (size_t i = n > 1 ? 1 : 0; i < n; i++)
			r[i] = '*';
		return r;
	}
	r = xstrdup(s);
	for (size_t i = head; i < n - tail; i++)
		r[i] = '*';
	return r;
}

char *
mask_idnum(const char *id)
{
	return keep_ends(id, 6, 4);
}

char *
mask_phone(const char *phone)
{
	return keep_ends(phone, 3, 4);
}

char *
mask_card(const char *card)
{
	const char *dash = strrchr(card, '-');
	size_t n = strlen(card);

	/* Only the station part shows: a card number alone redeems points,
	 * and any digit of the rest would narrow a guess (a legacy card's
	 * serial would give it away). */
	if (dash != NULL)
		return keep_ends(card, (size_t)(dash - card) + 1, 0);
	return keep_ends(card, n > 4 ? 2 : 0, 0);
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alnum(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Replace the digits counted [from, to) among the digits of s[0..n) by '*'. */
static void
star_digits(char *s, size_t n, size_t from, size_t to)
{
	size_t d = 0;

	for (size_t i = 0; i < n; i++)
		if (is_digit(s[i])) {
			if (d >= from && d < to)
				s[i] = '*';
			d++;
		}
}

/* s[0..n) with ndig digits (and separators): a mobile number? Returns the
 * count of leading digits to skip (0, or 2 for "86"), or -1. */
static int
phone_offset(const char *s, size_t n, size_t ndig)
{
	char d[4];
	size_t k = 0;

	if (ndig != 11 && ndig != 13)
		return -1;
	for (size_t i = 0; i < n && k < 4; i++)
		if (is_digit(s[i]))
			d[k++] = s[i];
	if (ndig == 13 && (d[0] != '8' || d[1] != '6'))
		return -1;
	k = ndig == 13 ? 2 : 0;
	return d[k] == '1' && d[k + 1] >= '3' ? (int)k : -1;
}

void
mask_personal_text(char *s)
{
	size_t n = strlen(s), i = 0;

	while (i < n) {
		size_t j, end, ndig;
		int off;

		if (!is_digit(s[i]) || (i > 0 && is_alnum(s[i - 1]))) {
			i++;
			continue;
		}
		for (j = i; j < n && is_digit(s[j]); j++)
			;
		ndig = j - i;
		end = ndig == 17 && j < n && (s[j] == 'X' || s[j] == 'x') ? j + 1 : j;
		if (end >= n || !is_alnum(s[end])) {
			if ((ndig == 17 && end == j + 1) || ndig == 18 || ndig == 15) {
				for (size_t k = i + 6; k < end - 4; k++)
					s[k] = '*';
				i = end;
				continue;
			}
			if ((off = phone_offset(s + i, ndig, ndig)) >= 0) {
				star_digits(s + i, ndig, (size_t)off + 3, (size_t)off + 7);
				i = end;
				continue;
			}
		}
		/* A phone written in groups: 138 1234 5678, 138-1234-5678, 86 138... */
		for (end = i, ndig = 0; end < n && ndig <= 13; ) {
			if (is_digit(s[end])) {
				ndig++;
				end++;
			} else if ((s[end] == ' ' || s[end] == '-') && end + 1 < n && is_digit(s[end + 1])) {
				end++;
			} else {
				break;
			}
		}
		if (end > j && (end >= n || !is_alnum(s[end])) &&
		    (off = phone_offset(s + i, end - i, ndig)) >= 0) {
			star_digits(s + i, end - i, (size_t)off + 3, (size_t)off + 7);
			i = end;
			continue;
		}
		i = j;
	}
}
