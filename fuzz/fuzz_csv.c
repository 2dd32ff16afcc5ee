/* libFuzzer harness: CSV registers and imports, in every encoding mode. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "csvin.h"
#include "importmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The lines without a quote split without libcsv give what libcsv gives:
 * the status, the message, every field and every record's line. */
static void
same_as_libcsv(const uint8_t *data, size_t size)
{
	struct csv_table a, b;
	struct wmsj_err ea, eb;
	int ra, rb;

	csv_fast_path(1);
	ra = csv_table_parse(&a, "fuzz.csv", (const char *)data, size, WMSJ_ENC_UTF8, &ea);
	csv_fast_path(0);
	rb = csv_table_parse(&b, "fuzz.csv", (const char *)data, size, WMSJ_ENC_UTF8, &eb);
	csv_fast_path(1);
	if (ra != rb || (ra != WMSJ_OK && strcmp(ea.msg, eb.msg) != 0))
		__builtin_trap();
	if (ra == WMSJ_OK) {
		if (a.ncols != b.ncols || a.nrows != b.nrows || a.header_line != b.header_line)
			__builtin_trap();
		for (size_t k = 0; k < a.ncols; k++)
			if (strcmp(a.header[k], b.header[k]) != 0)
				__builtin_trap();
		for (size_t i = 0; i < a.nrows; i++) {
			if (a.rows[i].line != b.rows[i].line || a.rows[i].nfields != b.rows[i].nfields)
				__builtin_trap();
			for (size_t k = 0; k < a.rows[i].nfields; k++)
				if (strcmp(a.rows[i].fields[k], b.rows[i].fields[k]) != 0)
					__builtin_trap();
		}
	}
	csv_table_release(&a);
	csv_table_release(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum wmsj_encoding encs[] = {WMSJ_ENC_UTF8, WMSJ_ENC_AUTO, WMSJ_ENC_GB18030};
	struct csv_table u8;
	int u8rc = -1;

	same_as_libcsv(data, size);
	for (size_t e = 0; e < 3; e++) {
		struct csv_table t;
		struct wmsj_err err;
		int rc = csv_table_parse(&t, "fuzz.csv", (const char *)data, size, encs[e], &err);

		/* auto never reads valid UTF-8 as anything else */
		if (encs[e] == WMSJ_ENC_AUTO && u8rc == WMSJ_OK) {
			if (rc != WMSJ_OK || t.ncols != u8.ncols || t.nrows != u8.nrows)
				__builtin_trap();
			for (size_t k = 0; k < t.ncols; k++)
				if (strcmp(t.header[k], u8.header[k]) != 0)
					__builtin_trap();
			for (size_t i = 0; i < t.nrows; i++)
				for (size_t k = 0; k < t.ncols; k++)
					if (strcmp(t.rows[i].fields[k], u8.rows[i].fields[k]) != 0)
						__builtin_trap();
		}

		if (rc == WMSJ_OK) {
			struct import_map m;

			/* the import's mapping: the data lie inside the table */
			if (import_map_table(&m, &t, "fuzz.csv", &err) == WMSJ_OK &&
			    (m.first > m.end || m.end > t.nrows ||
			     m.col[IMPORT_NAME] < 0 || (size_t)m.col[IMPORT_NAME] >= t.ncols))
				__builtin_trap();
			/* Every record has the header's width and valid UTF-8 fields. */
			/* A NUL never gets through (it would cut a field short);
			 * records start on increasing lines after the header. */
			if (memchr(data, 0, size) != NULL)
				__builtin_trap();
			for (size_t i = 0; i < t.nrows; i++) {
				if (t.rows[i].nfields != t.ncols || t.rows[i].line < 2 ||
				    (i > 0 && t.rows[i].line <= t.rows[i - 1].line))
					__builtin_trap();
				for (size_t k = 0; k < t.ncols; k++)
					if (!wmsj_utf8_valid(t.rows[i].fields[k], strlen(t.rows[i].fields[k])))
						__builtin_trap();
			}
		} else if (rc != WMSJ_BADDATA || strchr(err.msg, '\n') != NULL) {
			__builtin_trap();
		}
		if (encs[e] == WMSJ_ENC_UTF8) {
			u8 = t;
			u8rc = rc;
		} else {
			csv_table_release(&t);
		}
	}
	csv_table_release(&u8);
	return 0;
}
