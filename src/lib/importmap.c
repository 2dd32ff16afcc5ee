/* The columns of a volunteer import and the header names a sheet gives them:
 * see importmap.h. */
#include <string.h>

#include "csvin.h"
#include "i18n.h"
#include "importmap.h"

/* Every name of each column, already in the compared form (see fold()); the
 * first one is the contract's, the second the one a message suggests.  A
 * fallback name counts only when no other name of its column is there: a
 * roster may have both 手机号码 and 联系电话 (a landline), both 站点代码 and
 * 所属站点 (the station's name). */
static const char *const names[IMPORT_NCOLS][6] = {
	[IMPORT_NAME] = {"name", "姓名", "志愿者姓名", NULL},
	[IMPORT_ID_NUMBER] = {"idnumber", "身份证号", "身份证号码", "公民身份号码", NULL},
	[IMPORT_PHONE] = {"phone", "手机号", "手机号码", "手机", NULL},
	[IMPORT_STATION] = {"station", "站点代码", NULL},
	[IMPORT_TAGS] = {"tags", "标签", NULL},
	[IMPORT_PLATFORM_NO] = {"platformno", "平台编号", NULL},
};
static const char *const fallbacks[IMPORT_NCOLS][3] = {
	[IMPORT_PHONE] = {"联系电话", NULL},
	[IMPORT_STATION] = {"站点", "所属站点", NULL},
};

static const char *const contract[IMPORT_NCOLS] = {
	"name", "id_number", "phone", "station", "tags", "platform_no",
};

const char *
import_col_name(enum import_col c)
{
	return contract[c];
}

/* Length of the white space (or byte-order mark) at s: ASCII space and tab,
 * U+3000 (full-width), U+00A0 (no-break), U+FEFF; 0 if none. */
static size_t
space_at(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	if (strncmp(s, "\xe3\x80\x80", 3) == 0 || strncmp(s, "\xef\xbb\xbf", 3) == 0)
		return 3;
	if (strncmp(s, "\xc2\xa0", 2) == 0)
		return 2;
	return 0;
}

/* The compared form of a header cell: ASCII lowercase, without white space,
 * '_' and '-'.  Returns 0, or -1 if it does not fit (no name is that long). */
static int
fold(const char *s, char *out, size_t cap)
{
	size_t n = 0, k;

	while (*s != '\0') {
		if ((k = space_at(s)) != 0) {
			s += k;
			continue;
		}
		if (*s == '_' || *s == '-') {
			s++;
			continue;
		}
		if (n + 1 >= cap)
			return -1;
		out[n++] = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
		s++;
	}
	out[n] = '\0';
	return 0;
}

/* The column cell i names (and whether as a fallback), or -1. */
static int
col_of(const char *key, int *fallback)
{
	for (int c = 0; c < IMPORT_NCOLS; c++) {
		for (size_t k = 0; names[c][k] != NULL; k++)
			if (strcmp(key, names[c][k]) == 0) {
				*fallback = 0;
				return c;
			}
		for (size_t k = 0; fallbacks[c][k] != NULL; k++)
			if (strcmp(key, fallbacks[c][k]) == 0) {
				*fallback = 1;
				return c;
			}
	}
	return -1;
}

int
import_map_header(struct import_map *m, const char *const *cells, size_t ncells,
		  const char *file, size_t line, struct wmsj_err *err)
{
	int found[2][IMPORT_NCOLS]; /* [0] by a name, [1] by a fallback name */
	char key[64];

	for (int c = 0; c < IMPORT_NCOLS; c++)
		found[0][c] = found[1][c] = -1;
	for (size_t i = 0; i < ncells; i++) {
		int c, fb;

		if (fold(cells[i], key, sizeof key) != 0 || (c = col_of(key, &fb)) < 0)
			continue;
		if (found[fb][c] >= 0)
			return wmsj_err_set(err, WMSJ_BADDATA,
			    _("%s:%zu: two columns are '%s': '%s' and '%s'"), file, line, contract[c],
			    cells[found[fb][c]], cells[i]);
		found[fb][c] = (int)i;
	}
	for (int c = 0; c < IMPORT_NCOLS; c++) {
		m->col[c] = found[0][c] >= 0 ? found[0][c] : found[1][c];
		if (c <= IMPORT_STATION && m->col[c] < 0)
			return wmsj_err_set(err, WMSJ_BADDATA, _("%s:%zu: missing column '%s' (or '%s')"),
					    file, line, contract[c], names[c][1]);
	}
	return WMSJ_OK;
}

int
import_row_blank(const char *const *cells, size_t ncells)
{
	for (size_t i = 0; i < ncells; i++)
		for (const char *s = cells[i]; *s != '\0';) {
			size_t k = space_at(s);

			if (k == 0)
				return 0;
			s += k;
		}
	return 1;
}

size_t
import_rows_used(const struct csv_table *t)
{
	size_t n = t->nrows;

	while (n > 0 && import_row_blank((const char *const *)t->rows[n - 1].fields,
					 t->rows[n - 1].nfields))
		n--;
	return n;
}

static size_t
filled(const char *const *cells, size_t ncells)
{
	size_t n = 0;

	for (size_t i = 0; i < ncells; i++)
		n += !import_row_blank(&cells[i], 1);
	return n;
}

int
import_map_table(struct import_map *m, const struct csv_table *t, const char *file,
		 struct wmsj_err *err)
{
	const char *const *cells = (const char *const *)t->header;
	size_t line = t->header_line > 0 ? t->header_line : 1, k = 0;
	int rc;

	m->first = 0;
	m->end = import_rows_used(t);
	while ((rc = import_map_header(m, cells, t->ncols, file, line, NULL)) != WMSJ_OK &&
	       k < IMPORT_TITLE_ROWS && k < m->end && filled(cells, t->ncols) <= 1) {
		cells = (const char *const *)t->rows[k].fields;
		line = t->rows[k].line;
		m->first = ++k;
	}
	if (rc != WMSJ_OK) /* the message of the first row tried */
		return import_map_header(m, (const char *const *)t->header, t->ncols, file,
					 t->header_line > 0 ? t->header_line : 1, err);
	m->header_line = line;
	return WMSJ_OK;
}
