/* Writing CSV fields.  See csvout.h. */
#include <stdio.h>
#include <string.h>

#include "csvout.h"

int
csv_needs_quote(const char *s, enum csv_quote style)
{
	size_t n;

	if (style == CSV_QUOTE_LEDGER)
		return strpbrk(s, ",\"") != NULL;
	n = strlen(s);
	if (n > 0 && (s[0] == ' ' || s[n - 1] == ' '))
		return 1;
	return strpbrk(s, ",\"\r\n") != NULL;
}

void
csv_field(struct sb *sb, const char *s, enum csv_quote style)
{
	if (!csv_needs_quote(s, style)) {
		sb_adds(sb, s);
		return;
	}
	sb_addc(sb, '"');
	for (; *s; s++) {
		if (*s == '"')
			sb_addc(sb, '"');
		sb_addc(sb, *s);
	}
	sb_addc(sb, '"');
}

void
csv_sb_field(struct sb *sb, const char *s)
{
	csv_field(sb, s, CSV_QUOTE_CELL);
}

void
csv_write_field(FILE *f, const char *s)
{
	struct sb sb;

	if (!csv_needs_quote(s, CSV_QUOTE_CELL)) {
		fputs(s, f);   /* the common case: no copy */
		return;
	}
	sb_init(&sb);
	csv_field(&sb, s, CSV_QUOTE_CELL);
	fwrite(sb.buf, 1, sb.len, f);
	sb_release(&sb);
}
