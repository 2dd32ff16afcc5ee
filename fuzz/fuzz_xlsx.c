/* libFuzzer harness: .xlsx workbooks as import reads them.  An input that
 * starts like a zip is read as a whole workbook; any other input becomes the
 * first worksheet's XML inside a workbook made here (with shared strings),
 * so that the fuzzer reaches our cell, row and number handling rather than
 * stopping at the archive's CRC. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char sst[] =
	"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<si><t>name</t></si><si><r><t>a</t></r><rPh><t>b</t></rPh></si><si/></sst>";

/* A workbook with sheet as xl/worksheets/sheet1.xml, in a malloc'ed buffer. */
static char *
wrap(const uint8_t *sheet, size_t size, size_t *len)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	zip_int64_t n;
	char *buf = NULL;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL)
		return NULL;
	if ((z = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL) {
		zip_source_free(src);
		return NULL;
	}
	zip_source_keep(src);
	zip_file_add(z, "xl/worksheets/sheet1.xml", zip_source_buffer(z, sheet, size, 0), 0);
	zip_file_add(z, "xl/sharedStrings.xml", zip_source_buffer(z, sst, strlen(sst), 0), 0);
	if (zip_close(z) == 0 && zip_source_open(src) == 0) {
		zip_source_seek(src, 0, SEEK_END);
		n = zip_source_tell(src);
		zip_source_seek(src, 0, SEEK_SET);
		if (n > 0 && (buf = malloc((size_t)n)) != NULL &&
		    zip_source_read(src, buf, (zip_uint64_t)n) == n) {
			*len = (size_t)n;
		} else {
			free(buf);
			buf = NULL;
		}
		zip_source_close(src);
	}
	zip_source_free(src);
	zip_error_fini(&ze);
	return buf;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_table t;
	struct wmsj_err err;
	char *wb = NULL;
	size_t len = size;
	int rc;

	if (!xlsx_sniff((const char *)data, size) && (wb = wrap(data, size, &len)) == NULL)
		return 0;
	rc = xlsx_table_parse(&t, "fuzz.xlsx", wb != NULL ? wb : (const char *)data, len, &err);
	if (rc == WMSJ_OK) {
		/* Every record has the header's width and rows increase. */
		for (size_t i = 0; i < t.nrows; i++) {
			if (t.rows[i].nfields != t.ncols || t.rows[i].line < 2)
				__builtin_trap();
			if (i > 0 && t.rows[i].line <= t.rows[i - 1].line)
				__builtin_trap();
			for (size_t k = 0; k < t.ncols; k++)
				(void)strlen(t.rows[i].fields[k]);
		}
	} else if (rc != WMSJ_BADDATA || strchr(err.msg, '\n') != NULL) {
		__builtin_trap();
	}
	csv_table_release(&t);
	free(wb);
	return 0;
}
