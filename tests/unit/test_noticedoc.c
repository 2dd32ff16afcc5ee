/* The notice and the certificate as documents (noticedoc.h): the escaping of
 * each format, a table cell with markup in it, and a small notice set
 * rendered as csv and md, and a certificate, compared byte for byte. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "clock.h"
#include "noticedoc.h"

/* What fn writes, as a string (malloc'ed). */
struct cap {
	char *buf;
	size_t len;
	FILE *f;
};

static FILE *
cap_open(struct cap *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	assert_non_null(c->f);
	return c->f;
}

static char *
cap_close(struct cap *c)
{
	assert_int_equal(fclose(c->f), 0);
	return c->buf;
}

/* A cell with a table separator, markup, an entity and a newline.  In a
 * document the newline (a control) shows as U+FFFD, so that a cell never
 * breaks a Markdown table's row; plain text escapes it as a terminal table
 * does. */
static const char cell[] = "a|b<c>&d\ne";

static void
test_escape_html(void **state)
{
	struct cap c;
	char *s;

	(void)state;
	ndoc_html_esc(cap_open(&c), cell);
	s = cap_close(&c);
	assert_string_equal(s,
	    "a|b&lt;c&gt;&amp;d\xef\xbf\xbd" "e");
	free(s);
	/* quotes as entities; a right-to-left override and a stray byte as U+FFFD */
	ndoc_html_esc(cap_open(&c), "\"quoted\" 'x' 张三\xe2\x80\xae\xff");
	s = cap_close(&c);
	assert_string_equal(s,
	    "&quot;quoted&quot; &#39;x&#39; 张三\xef\xbf\xbd\xef\xbf\xbd");
	free(s);
}

static void
test_escape_md(void **state)
{
	struct cap c;
	char *s;

	(void)state;
	ndoc_md_esc(cap_open(&c), cell);
	s = cap_close(&c);
	assert_string_equal(s,
	    "a\\|b\\<c\\>\\&d\xef\xbf\xbd" "e");
	free(s);
	ndoc_md_esc(cap_open(&c), "*em* _u_ [l](x) `c` !~\\ 张三");
	s = cap_close(&c);
	assert_string_equal(s,
	    "\\*em\\* \\_u\\_ \\[l\\](x) \\`c\\` \\!\\~\\\\ 张三");
	free(s);
}

static void
test_escape_text(void **state)
{
	struct cap c;
	char *s;

	(void)state;
	ndoc_text_esc(cap_open(&c), cell);
	s = cap_close(&c);
	assert_string_equal(s,
	    "a|b<c>&d\\u000ae");
	free(s);
}

static void
test_table_cell(void **state)
{
	static const char *const head[] = {"名称", "备注", "数量"};
	char *r0[] = {"x|y", (char *)cell, "-12"};
	char **rows[] = {r0};
	struct cap c;
	char *s;

	(void)state;
	ndoc_table(cap_open(&c), NF_MD, head, 3, rows, 1);
	s = cap_close(&c);
	assert_string_equal(s,
	    "| 名称 | 备注 | 数量 |\n"
	    "| --- | --- | ---: |\n"
	    "| x\\|y | a\\|b\\<c\\>\\&d\xef\xbf\xbd" "e | -12 |\n"
	    "\n");
	free(s);
	ndoc_table(cap_open(&c), NF_HTML, head, 3, rows, 1);
	s = cap_close(&c);
	assert_string_equal(s,
	    "<table>\n"
	    "<thead><tr><th>名称</th><th>备注</th><th>数量</th></tr></thead>\n"
	    "<tbody>\n"
	    "<tr><td>x|y</td><td>a|b&lt;c&gt;&amp;d\xef\xbf\xbd" "e</td><td class=\"n\">-12</td></tr>\n"
	    "</tbody>\n"
	    "</table>\n");
	free(s);
}

/* One station, two volunteers, one exchange: a final notice. */
static char s_code[] = "330122001001", s_name[] = "堰口社区新时代文明实践站";
static char s_point[] = "村委会一楼", s_sup[] = "王五";
static char *s_sups[] = {s_sup, NULL};
static struct wmsj_station stn = {
	.code = s_code, .name = s_name, .supervisors = s_sups, .nsupervisors = 1,
	.exchange_point = s_point,
};
static char g_code[] = "G01", g_name[] = "肥皂";
static struct wmsj_goods goods = {.code = g_code, .name = g_name, .points = 5};
static char c_issuer[] = "某镇新时代文明实践所", c_contact[] = "0571-1234567";
static char *c_sups[] = {NULL};

static char v1_id[] = "V0001", v1_name[] = "张三丰", v1_card[] = "30012345";
static char v2_id[] = "V0002", v2_name[] = "李|四<&>", v2_card[] = "30067890";
static struct volunteer vols[] = {
	{.id = v1_id, .name = v1_name, .card_no = v1_card},
	{.id = v2_id, .name = v2_name, .card_no = v2_card},
};
static struct notice_line lines[] = {
	{.v = &vols[0], .earned = 20, .redeemed = 5, .cleared = 0, .balance = 15, .hours = 350},
	{.v = &vols[1], .earned = 10, .redeemed = 0, .cleared = 0, .balance = 10, .hours = 200},
};
static char e_item[] = "G01", e_vol[] = "V0001";
static struct notice_exchange exs[] = {
	{.date = "2026-08-12", .v = &vols[0], .volunteer = e_vol, .item = e_item, .qty = 1,
	 .points = 5},
};

static void
set_up(struct wmsj_config *cfg, struct notice_set *set, struct notice *n)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->stations = &stn;
	cfg->nstations = 1;
	cfg->goods = &goods;
	cfg->ngoods = 1;
	cfg->notice.publicity_days = 7;
	cfg->notice.issuer = c_issuer;
	cfg->notice.contact = c_contact;
	cfg->notice.supervisors = c_sups;
	memset(n, 0, sizeof *n);
	n->station = &stn;
	n->lines = lines;
	n->nlines = 2;
	n->ex = exs;
	n->nex = 1;
	n->earned = 30;
	n->redeemed = 5;
	n->balance = 25;
	n->hours = 550;
	n->ex_qty = 1;
	n->ex_points = 5;
	memset(set, 0, sizeof *set);
	set->year = 2026;
	set->quarter = 3;
	strcpy(set->from, "2026-07-01");
	strcpy(set->to, "2026-09-30");
	strcpy(set->seal, "T00000042:abc123");
	set->n = n;
	set->count = 1;
	assert_int_equal(wmsj_clock_set("2026-10-08", NULL), 0);
}

static void
test_notice_csv(void **state)
{
	struct wmsj_config cfg;
	struct notice_set set;
	struct notice n;
	const struct notice *list[1];
	struct cap c;
	char *s;
	int hdr = 1;

	(void)state;
	set_up(&cfg, &set, &n);
	list[0] = &n;
	assert_int_equal(noticedoc_render(cap_open(&c), NF_CSV, 0, &cfg, &set, list, 1, &hdr), 0);
	s = cap_close(&c);
	assert_string_equal(s,
	    "quarter,station,station_name,id,name,card_no,earned,redeemed,cleared,balance,hours,seal\n"
	    "2026Q3,330122001001,堰口社区新时代文明实践站,V0001,张*丰,30******,20,5,0,15,3.5,T00000042:abc123\n"
	    "2026Q3,330122001001,堰口社区新时代文明实践站,V0002,李*>,30******,10,0,0,10,2,T00000042:abc123\n");
	free(s);
	/* The header went out once; a station that lists nobody still has a
	 * row, carrying the seal. */
	assert_int_equal(hdr, 0);
	n.nlines = 0;
	assert_int_equal(noticedoc_render(cap_open(&c), NF_CSV, 0, &cfg, &set, list, 1, &hdr), 0);
	s = cap_close(&c);
	assert_string_equal(s, "2026Q3,330122001001,堰口社区新时代文明实践站,,,,0,0,0,0,0,T00000042:abc123\n");
	free(s);
	/* --bom: the byte order mark before the header. */
	hdr = 1;
	assert_int_equal(noticedoc_render(cap_open(&c), NF_CSV, 1, &cfg, &set, list, 1, &hdr), 0);
	s = cap_close(&c);
	assert_memory_equal(s, "\xef\xbb\xbfquarter,", 11);
	free(s);
}

static void
test_notice_md(void **state)
{
	struct wmsj_config cfg;
	struct notice_set set;
	struct notice n;
	const struct notice *list[1];
	struct cap c;
	char *s;
	int hdr = 1;

	(void)state;
	set_up(&cfg, &set, &n);
	list[0] = &n;
	assert_int_equal(noticedoc_render(cap_open(&c), NF_MD, 0, &cfg, &set, list, 1, &hdr), 0);
	s = cap_close(&c);
	assert_string_equal(s,
	    "# 堰口社区新时代文明实践站2026年第三季度文明实践志愿服务积分公示\n"
	    "\n"
	    "根据《新时代文明实践志愿服务积分管理办法》，现将堰口社区新时代文明实践站2026年第三季度（2026年7月1日至2026年9月30日）志愿服务积分认定、兑换及清零情况公示如下，接受群众监督。\n"
	    "\n"
	    "## 一、志愿者积分情况\n"
	    "\n"
	    "| 序号 | 姓名 | 积分卡号 | 本季获得 | 本季兑换 | 本季清零 | 季末余额 | 本季时长（小时） |\n"
	    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n"
	    "| 1 | 张\\*丰 | 30\\*\\*\\*\\*\\*\\* | 20 | 5 | 0 | 15 | 3.5 |\n"
	    "| 2 | 李\\*\\> | 30\\*\\*\\*\\*\\*\\* | 10 | 0 | 0 | 10 | 2 |\n"
	    "\n"
	    "## 二、积分兑换台账\n"
	    "\n"
	    "积分兑换点：村委会一楼\n"
	    "\n"
	    "| 日期 | 姓名 | 积分卡号 | 兑换物品 | 数量 | 使用积分 |\n"
	    "| --- | --- | ---: | ---: | ---: | ---: |\n"
	    "| 2026-08-12 | 张\\*丰 | 30\\*\\*\\*\\*\\*\\* | 肥皂 | 1 | 5 |\n"
	    "\n"
	    "## 三、本站合计\n"
	    "\n"
	    "公示志愿者 2 人；本季获得积分 30 分，兑换 5 分，清零 0 分；季末积分余额合计 25 分；志愿服务时长 5.5 小时；兑换物品 1 件。\n"
	    "\n"
	    "## 四、公示期与监督\n"
	    "\n"
	    "公示期：2026年10月8日至2026年10月14日（7天）。如有异议，请在公示期内向监督员反映。\n"
	    "\n"
	    "监督员：王五\n"
	    "\n"
	    "联系方式：0571-1234567\n"
	    "\n"
	    "账本校验码：T00000042:abc123（可用 wmsj-audit notice 核对本公示与积分账本是否一致）\n"
	    "\n"
	    "某镇新时代文明实践所  \n"
	    "2026年10月8日\n"
	    "\n");
	free(s);
}

/* The certificate: the star level, or why there is none, and the record. */
static void
test_certificate(void **state)
{
	static char reg[] = "2025-03-01", st[] = "active";
	struct volunteer v = {.id = v1_id, .name = v1_name, .card_no = v1_card, .registered = reg,
			      .status = st};
	struct standing_star ss = {.why = {.why = RW_OK}, .level = 2};
	char *r0[] = {"2026-08-01", "敬老院|探访", "", "敬老院", "3.5", "20", "赵六", "王五", ""};
	char **rows[] = {r0};
	struct certdoc cd = {
		.v = &v, .station_name = s_name, .id_shown = "3301**********1234", .hours = 350,
		.earned = 20, .balance = 15, .star = &ss, .rows = rows, .nrows = 1,
		.seal = "T00000042:abc123", .issuer = c_issuer,
	};
	struct cap c;
	char *s;

	(void)state;
	assert_int_equal(wmsj_clock_set("2026-10-08", NULL), 0);
	certdoc_render(cap_open(&c), NF_MD, &cd);
	s = cap_close(&c);
	assert_string_equal(s,
	    "# 志愿服务记录证明\n"
	    "\n"
	    "兹证明 张三丰（公民身份号码 3301\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*1234）为堰口社区新时代文明实践站注册志愿者，志愿者编号 V0001，积分卡号 30012345，自2025年3月1日登记以来，经认定累计参加志愿服务 3.5 小时，累计获得积分 20 分，现有积分 15 分，星级：二星志愿者。\n"
	    "\n"
	    "## 志愿服务记录\n"
	    "\n"
	    "| 日期 | 活动 | 平台 | 地点 | 时长（小时） | 积分 | 认定人 | 监督员 |\n"
	    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n"
	    "| 2026-08-01 | 敬老院\\|探访 |  | 敬老院 | 3.5 | 20 | 赵六 | 王五 |\n"
	    "\n"
	    "特此证明。\n"
	    "\n"
	    "账本校验码：T00000042:abc123\n"
	    "\n"
	    "某镇新时代文明实践所  \n"
	    "2026年10月8日\n");
	free(s);
	ss.why.why = RW_CLEARED;
	ss.why.year = 2026;
	ss.level = 0;
	cd.nrows = 0;
	certdoc_render(cap_open(&c), NF_TEXT, &cd);
	s = cap_close(&c);
	assert_string_equal(s,
	    "志愿服务记录证明\n"
	    "================\n"
	    "\n"
	    "兹证明 张三丰（公民身份号码 3301**********1234）为堰口社区新时代文明实践站注册志愿者，志愿者编号 V0001，积分卡号 30012345，自2025年3月1日登记以来，经认定累计参加志愿服务 3.5 小时，累计获得积分 20 分，现有积分 15 分，星级：暂不评定（2026年积分已清零，2027年1月1日起恢复）。\n"
	    "\n"
	    "志愿服务记录\n"
	    "\n"
	    "暂无认定记录。\n"
	    "\n"
	    "特此证明。\n"
	    "\n"
	    "账本校验码：T00000042:abc123\n"
	    "\n"
	    "某镇新时代文明实践所\n"
	    "2026年10月8日\n");
	free(s);
}

/* A station's notice as a file of --out DIR: the bytes its format's
 * document has on its own (a header of its own), or a workbook; the file's
 * name for each format, a preview's marked. */
static const struct nfile {
	enum nfmt fmt;
	int bom, preview;
	const char *name;
} nfiles[] = {
	{NF_CSV, 0, 0, "2026Q3-330122001001.csv"},
	{NF_CSV, 1, 1, "2026Q3-330122001001-preview.csv"},
	{NF_MD, 0, 0, "2026Q3-330122001001.md"},
	{NF_HTML, 0, 1, "2026Q3-330122001001-preview.html"},
	{NF_TEXT, 0, 0, "2026Q3-330122001001.txt"},
	{NF_XLSX, 0, 0, "2026Q3-330122001001.xlsx"},
};

static void
test_notice_file(void **state)
{
	struct wmsj_config cfg;
	struct notice_set set;
	struct notice n;
	const struct notice *list[1];
	struct wmsj_err err;

	(void)state;
	set_up(&cfg, &set, &n);
	list[0] = &n;
	for (size_t i = 0; i < sizeof nfiles / sizeof nfiles[0]; i++) {
		const struct nfile *t = &nfiles[i];
		char *buf, name[128];
		size_t len;

		assert_int_equal(noticedoc_file(t->fmt, t->bom, &cfg, &set, &n, NOTICE_CSV_NCOLS, &buf,
						&len, &err), WMSJ_OK);
		if (t->fmt == NF_XLSX) {
			assert_true(len > 4);
			assert_memory_equal(buf, "PK\x03\x04", 4);   /* a zip: the workbook */
		} else {
			struct cap c;
			char *want;
			int hdr = 1;

			noticedoc_render(cap_open(&c), t->fmt, t->bom, &cfg, &set, list, 1, &hdr);
			want = cap_close(&c);
			assert_int_equal(len, strlen(want));
			assert_memory_equal(buf, want, len);
			free(want);
		}
		free(buf);
		noticedoc_filename(name, sizeof name, 2026, 3, stn.code, t->preview, t->fmt);
		assert_string_equal(name, t->name);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_html),
		cmocka_unit_test(test_escape_md),
		cmocka_unit_test(test_escape_text),
		cmocka_unit_test(test_table_cell),
		cmocka_unit_test(test_notice_csv),
		cmocka_unit_test(test_notice_md),
		cmocka_unit_test(test_certificate),
		cmocka_unit_test(test_notice_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
