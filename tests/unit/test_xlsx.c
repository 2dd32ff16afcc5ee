/* .xlsx reading: workbooks assembled in memory with libzip from the XML an
 * Excel, WPS or openpyxl sheet holds; and the writer's choice of number or
 * text cells. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zip.h>

#include "xlsx.h"

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
	   "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

static const char workbook[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<workbook " NS "><sheets><sheet name=\"名单\" sheetId=\"1\" r:id=\"rId7\"/>"
	"<sheet name=\"Sheet2\" sheetId=\"2\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/first.xml\"/>"
	"<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"</Relationships>";
static const char sst[] =
	"<sst " NS " count=\"4\" uniqueCount=\"4\">"
	"<si><t>姓名</t></si>"
	"<si><t xml:space=\"preserve\"> 身份证号 </t></si>"
	"<si><r><rPr><b/></rPr><t>张</t></r><r><t>三</t></r><rPh sb=\"0\" eb=\"1\"><t>ZHANG</t></rPh></si>"
	"<si><t>110101199003074518</t></si>"
	"<si/>"
	"</sst>";

/* A workbook of these parts (name, content, ...; NULL-terminated) in memory. */
static char *
make_zip(size_t *len, ...)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	zip_int64_t n;
	char *buf;
	const char *name;
	va_list ap;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(src);
	z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(z);
	zip_source_keep(src);
	va_start(ap, len);
	while ((name = va_arg(ap, const char *)) != NULL) {
		const char *body = va_arg(ap, const char *);
		zip_source_t *s = zip_source_buffer(z, body, strlen(body), 0);
		assert_true(zip_file_add(z, name, s, ZIP_FL_ENC_UTF_8) >= 0);
	}
	va_end(ap);
	assert_int_equal(zip_close(z), 0);
	assert_int_equal(zip_source_open(src), 0);
	assert_int_equal(zip_source_seek(src, 0, SEEK_END), 0);
	n = zip_source_tell(src);
	assert_true(n > 0);
	assert_int_equal(zip_source_seek(src, 0, SEEK_SET), 0);
	buf = malloc((size_t)n);
	assert_int_equal(zip_source_read(src, buf, (zip_uint64_t)n), n);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*len = (size_t)n;
	return buf;
}

static int
parse_sheet(struct csv_table *t, const char *rows, struct wmsj_err *err)
{
	char sheet[8192];
	size_t len;
	char *zip;
	int rc;

	snprintf(sheet, sizeof sheet, "<worksheet " NS "><sheetData>%s</sheetData></worksheet>", rows);
	zip = make_zip(&len, "xl/workbook.xml", workbook, "xl/_rels/workbook.xml.rels", rels,
		       "xl/sharedStrings.xml", sst, "xl/worksheets/first.xml", sheet,
		       "xl/worksheets/sheet1.xml", "<worksheet " NS "><sheetData/></worksheet>",
		       (const char *)NULL);
	assert_true(xlsx_sniff(zip, len));
	rc = xlsx_table_parse(t, "t.xlsx", zip, len, err);
	free(zip);
	return rc;
}

#define HEAD "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>"

/* One row of two cells: what each cell holds in the XML, what it reads as. */
static const struct {
	const char *a, *b;      /* the <c> elements' insides and attributes */
	const char *want_a, *want_b;
} cells[] = {
	/* shared string, rich text runs, phonetic guide left out */
	{"t=\"s\"><v>2</v>", "t=\"s\"><v>3</v>", "张三", "110101199003074518"},
	/* inline strings (openpyxl), a number stored as text */
	{"t=\"inlineStr\"><is><t>李四</t></is>", "t=\"inlineStr\"><is><t>110101199003071234</t></is>",
	 "李四", "110101199003071234"},
	/* a number cell holding every digit is kept as written */
	{"t=\"inlineStr\"><is><t>王五</t></is>", "t=\"n\"><v>110101199003074518</v>", "王五",
	 "110101199003074518"},
	/* the 4.10E+17 kind: Excel's and openpyxl's number keep 15-17 digits */
	{"><v>13800138000</v>", "><v>4.1010219900101101E+17</v>", "13800138000",
	 "4.1010219900101101E+17"},
	{"><v>1.3800138E+10</v>", "t=\"n\"><v>6.107241973051354e+17</v>", "13800138000",
	 "6.107241973051354e+17"},
	/* digits lost to trailing zeros are said in exponent form */
	{"><v>2.5</v>", "><v>410102199001011000</v>", "2.5", "4.10102199001011E+17"},
	{"><v>-3.0</v>", "><v>0</v>", "-3", "0"},
	/* a formula's text result, a boolean, an error, an empty shared string */
	{"t=\"str\"><f>A1&amp;\"x\"</f><v>张x</v>", "t=\"b\"><v>1</v>", "张x", "TRUE"},
	{"t=\"e\"><v>#N/A</v>", "t=\"s\"><v>4</v>", "#N/A", ""},
	/* a cell with only a style is empty */
	{"s=\"3\">", "s=\"1\"><v>7</v>", "", "7"},
};

static void
test_cells(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		char rows[4096];
		struct csv_table t;
		struct wmsj_err err;

		snprintf(rows, sizeof rows, HEAD "<row r=\"2\"><c r=\"A2\" %s</c><c r=\"B2\" %s</c></row>",
			 cells[i].a, cells[i].b);
		assert_int_equal(parse_sheet(&t, rows, &err), WMSJ_OK);
		assert_int_equal(t.ncols, 2);
		assert_string_equal(t.header[0], "姓名");
		assert_string_equal(t.header[1], "身份证号"); /* trimmed */
		assert_int_equal(t.nrows, 1);
		assert_int_equal(t.rows[0].line, 2);
		assert_string_equal(t.rows[0].fields[0], cells[i].want_a);
		assert_string_equal(t.rows[0].fields[1], cells[i].want_b);
		csv_table_release(&t);
	}
}

static void
test_rows(void **state)
{
	struct csv_table t;
	struct wmsj_err err;

	(void)state;
	/* Empty rows before the header, between records and after the last
	 * (a sheet whose formatting reaches row 1000) are skipped; a record's
	 * line is its row number; cells without r follow each other; a short
	 * row reads as empty cells. */
	assert_int_equal(parse_sheet(&t,
		"<row r=\"2\"/>"
		"<row r=\"3\"><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c><c t=\"inlineStr\"><is><t>手机号</t></is></c></row>"
		"<row r=\"4\"><c t=\"inlineStr\"><is><t>甲</t></is></c><c/><c><v>13800138000</v></c></row>"
		"<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t> </t></is></c><c r=\"C5\" s=\"2\"/></row>"
		"<row r=\"7\"><c r=\"A7\" t=\"inlineStr\"><is><t>乙</t></is></c></row>"
		"<row r=\"8\"></row><row r=\"1000\" spans=\"1:3\"><c r=\"B1000\" t=\"s\"><v>4</v></c></row>",
		&err), WMSJ_OK);
	assert_int_equal(t.ncols, 3);
	assert_int_equal(t.header_line, 3);
	assert_string_equal(t.header[2], "手机号");
	assert_int_equal(t.nrows, 2);
	assert_int_equal(t.rows[0].line, 4);
	assert_string_equal(t.rows[0].fields[0], "甲");
	assert_string_equal(t.rows[0].fields[1], "");
	assert_string_equal(t.rows[0].fields[2], "13800138000");
	assert_int_equal(t.rows[1].line, 7);
	assert_string_equal(t.rows[1].fields[0], "乙");
	assert_string_equal(t.rows[1].fields[2], "");
	csv_table_release(&t);
}

static const struct {
	const char *rows, *msg;
} bad[] = {
	{HEAD "<row r=\"3\"><c r=\"C3\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
	 "t.xlsx:3: a value in column C, right of the last header column"},
	{HEAD "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>99</v></c></row>",
	 "t.xlsx:2: damaged workbook: a cell refers to a missing shared string"},
	{HEAD "<row r=\"1\"><c><v>1</v></c></row>", "t.xlsx: damaged workbook: row numbers out of order after row 1"},
	{HEAD "<row r=\"2\"><c r=\"1A\"><v>1</v></c></row>", "t.xlsx:2: damaged workbook: a cell reference is malformed"},
	{HEAD "<row r=\"2\"><c r=\"A2\"><v>1</v></c>", "t.xlsx: damaged workbook: the sheet's XML is malformed"},
	{"", "t.xlsx: empty file, expected a header row"},
	{"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&xxe;</t></is></c></row>",
	 "t.xlsx: damaged workbook: the sheet's XML is malformed"},
};

static void
test_bad(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct csv_table t;
		struct wmsj_err err;

		assert_int_equal(parse_sheet(&t, bad[i].rows, &err), WMSJ_BADDATA);
		assert_string_equal(err.msg, bad[i].msg);
		csv_table_release(&t);
	}
}

static void
test_not_a_workbook(void **state)
{
	struct csv_table t;
	struct wmsj_err err;
	size_t len;
	char *zip;

	(void)state;
	assert_false(xlsx_sniff("name,id\n", 8));
	assert_int_equal(xlsx_table_parse(&t, "a.xlsx", "PK\3\4garbage", 11, &err), WMSJ_BADDATA);
	assert_string_equal(err.msg, "a.xlsx: not a workbook that can be read (not an .xlsx zip archive)");
	csv_table_release(&t);
	/* a zip without a worksheet (a .docx, say) */
	zip = make_zip(&len, "word/document.xml", "<w/>", (const char *)NULL);
	assert_int_equal(xlsx_table_parse(&t, "-", zip, len, &err), WMSJ_BADDATA);
	assert_string_equal(err.msg, "<stdin>: not a workbook that can be read (no worksheet)");
	csv_table_release(&t);
	free(zip);
	/* no workbook.xml: the usual first sheet's name; no shared strings */
	zip = make_zip(&len, "xl/worksheets/sheet1.xml",
		       "<worksheet " NS "><sheetData><row r=\"1\"><c><v>5</v></c></row></sheetData></worksheet>",
		       (const char *)NULL);
	assert_int_equal(xlsx_table_parse(&t, "b.xlsx", zip, len, &err), WMSJ_OK);
	assert_string_equal(t.header[0], "5");
	csv_table_release(&t);
	free(zip);
}

static const struct {
	const char *s;
	int number;
} kinds[] = {
	{"10", 1}, {"-15", 1}, {"2.5", 1}, {"0", 1}, {"0.13", 1}, {"3420", 1}, {"9999999999", 1},
	{"13800138000", 0},              /* a phone: 11 digits */
	{"110101199003074518", 0},       /* an ID number */
	{"610724109001", 0},             /* a station code */
	{"610724109001-000001", 0},      /* a card number */
	{"007", 0}, {"1.", 0}, {".5", 0}, {"", 0}, {"-", 0}, {"1e5", 0}, {"T00000001", 0},
	{"2026-09-28", 0}, {"+3", 0},
};

static void
test_cell_kinds(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (xlsx_cell_is_number(kinds[i].s) != kinds[i].number)
			fail_msg("'%s' should be %s", kinds[i].s, kinds[i].number ? "a number" : "text");
	}
	assert_string_equal(xlsx_header_label("id_number"), "身份证号");
	assert_string_equal(xlsx_header_label("card_no"), "积分卡号");
	assert_string_equal(xlsx_header_label("no_such_column"), "no_such_column");
}

/* What the writer writes, the reader reads: text stays text, digit for digit. */
static void
test_write_read(void **state)
{
	static const char *const cols[] = {"姓名", "身份证号", "积分"};
	char *r0[] = {(char *)"张三", (char *)"11010119900307451X", (char *)"10"};
	char *r1[] = {(char *)"=cmd()", (char *)"110101199003074518", (char *)"-2.5"};
	char **rows[] = {r0, r1};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct csv_table t;
	struct wmsj_err err;

	(void)state;
	assert_non_null(f);
	assert_int_equal(xlsx_write(f, cols, 3, rows, 2, &err), WMSJ_OK);
	fclose(f);
	assert_true(xlsx_sniff(buf, len));
	assert_int_equal(xlsx_table_parse(&t, "w.xlsx", buf, len, &err), WMSJ_OK);
	assert_int_equal(t.ncols, 3);
	assert_int_equal(t.nrows, 2);
	assert_string_equal(t.header[1], "身份证号");
	assert_string_equal(t.rows[0].fields[1], "11010119900307451X");
	assert_string_equal(t.rows[1].fields[0], "=cmd()");
	assert_string_equal(t.rows[1].fields[1], "110101199003074518");
	assert_string_equal(t.rows[1].fields[2], "-2.5");
	assert_int_equal(t.rows[1].line, 3);
	csv_table_release(&t);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_not_a_workbook),
		cmocka_unit_test(test_cell_kinds),
		cmocka_unit_test(test_write_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
