/* wmsj-report: the quarterly public notice and the station reports.
 * Options, rendering and dispatch; the notice figures are lib/notice.c. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "cli.h"
#include "config.h"
#include "figures.h"
#include "fsio.h"
#include "i18n.h"
#include "labels.h"
#include "ledger.h"
#include "mask.h"
#include "notice.h"
#include "out.h"
#include "qr.h"
#include "rules.h"
#include "table.h"
#include "util.h"
#include "validate.h"
#include "volunteer.h"

/* --help: the heading and the notes are translated; the synopsis lines
 * between them are what one types, the same in every language. */
static const char *const usage_head = N_("usage: wmsj-report [-d DIR]... COMMAND [OPTIONS]\n");
static const char usage_cmds[] =
	"  notice --quarter YYYYQn [--station CODE] [--format text|csv|md|html|xlsx]\n"
	"         [--out DIR] [--preview] [-]\n"
	"  exchanges --quarter YYYYQn [--station CODE]\n"
	"  monthly --month YYYY-MM\n"
	"  ranking --year YYYY [--by points|hours] [--top N] [--stations | --all]\n"
	"  stars [--station CODE]\n"
	"  stats [--year YYYY]\n"
	"  certificate KEY [--reveal]\n";
static const char *const usage_tail = N_(
	"-d DIR may be given several times: the reports merge the data directories\n"
	"(a county centre collecting its towns).\n"
	"common options: --format table|csv|xlsx; --bom; --header en|zh; --wide;\n"
	"  -h, --help; --version\n");

enum {
	O_QUARTER = OPT_COMMON_LAST + 1, O_STATION, O_OUT, O_MONTH, O_YEAR, O_BY, O_TOP,
	O_STATIONS, O_REVEAL, O_PREVIEW, O_ALL
};

static const struct option longopts[] = {
	CLI_COMMON_LONGOPTS,
	{"quarter", 1, 0, O_QUARTER}, {"station", 1, 0, O_STATION}, {"out", 1, 0, O_OUT},
	{"month", 1, 0, O_MONTH}, {"year", 1, 0, O_YEAR}, {"by", 1, 0, O_BY}, {"top", 1, 0, O_TOP},
	{"stations", 0, 0, O_STATIONS}, {"reveal", 0, 0, O_REVEAL}, {"preview", 0, 0, O_PREVIEW},
	{"all", 0, 0, O_ALL},
	{0, 0, 0, 0}
};

enum nfmt { NF_DEFAULT, NF_TEXT, NF_CSV, NF_MD, NF_HTML, NF_TABLE, NF_XLSX };

struct opts {
	struct cli_common c;
	const char **dirs;
	size_t ndirs;
	const char *quarter, *station, *outdir, *month, *year, *by, *top, *format;
	int stations, reveal, preview, all;
	char **args;
	size_t nargs;
};

/* One data directory, loaded. */
struct dirdata {
	const char *dir;
	struct wmsj_config cfg;
	struct vregister reg;
	int ok;
};

/* The configuration of every directory and, with want_reg, today's
 * register (the notice reads the register as of its quarter's end itself,
 * exchanges none). */
static int
load_dirs(struct opts *o, struct dirdata **dd, int want_reg)
{
	struct wmsj_err err;

	*dd = xcalloc(o->ndirs + 1, sizeof **dd);
	for (size_t i = 0; i < o->ndirs; i++) {
		struct dirdata *d = &(*dd)[i];

		d->dir = o->dirs[i];
		if (config_load(&d->cfg, d->dir, &err) != WMSJ_OK) {
			config_release(&d->cfg);
			return cli_report(&err);
		}
		if (want_reg && vreg_load(&d->reg, d->dir, &err) != WMSJ_OK) {
			vreg_release(&d->reg);
			config_release(&d->cfg);
			return cli_report(&err);
		}
		d->ok = 1;
	}
	/* Codes must stay unique across directories: they are division codes. */
	for (size_t i = 0; i < o->ndirs; i++)
		for (size_t j = 0; j < i; j++)
			for (size_t a = 0; a < (*dd)[i].cfg.nstations; a++)
				if (config_station(&(*dd)[j].cfg, (*dd)[i].cfg.stations[a].code) != NULL) {
					cli_warn(_("station '%s' is in both '%s' and '%s'"),
						 (*dd)[i].cfg.stations[a].code, (*dd)[j].dir, (*dd)[i].dir);
					return WMSJ_BADDATA;
				}
	return WMSJ_OK;
}

static void
free_dirs(struct opts *o, struct dirdata *dd)
{
	if (dd == NULL)
		return;
	for (size_t i = 0; i < o->ndirs; i++)
		if (dd[i].ok) {
			vreg_release(&dd[i].reg);
			config_release(&dd[i].cfg);
		}
	free(dd);
}

static int
station_known(struct opts *o, struct dirdata *dd)
{
	if (o->station == NULL)
		return 1;
	for (size_t i = 0; i < o->ndirs; i++)
		if (config_station(&dd[i].cfg, o->station) != NULL)
			return 1;
	cli_warn(_("unknown station '%s'"), o->station);
	return 0;
}

/* ---- dates in Chinese -------------------------------------------------------- */

static long
days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void
cn_date(const char *iso, char out[64])
{
	int y, m, d;

	if (wmsj_date_parse(iso, &y, &m, &d) != 0) {
		snprintf(out, 64, "%s", iso);
		return;
	}
	snprintf(out, 64, "%d年%d月%d日", y, m, d);
}

static void
cn_date_plus(const char *iso, long days, char out[64])
{
	int y, m, d;
	char buf[16];

	wmsj_date_parse(iso, &y, &m, &d);
	civil_from_days(days_from_civil(y, m, d) + days, &y, &m, &d);
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
	cn_date(buf, out);
}

/* ---- the notice ---------------------------------------------------------------- */

static void
i64(char *buf, size_t n, int64_t v)
{
	snprintf(buf, n, "%" PRId64, v);
}

/* Characters that would be invisible or reorder the text around them
 * (wmsj_cp_invisible) and bytes that are not UTF-8 show as U+FFFD in a
 * document: visible, and harmless to the line they sit in.  Returns the
 * number of bytes at s taken, with *keep = 0 when they were replaced. */
static size_t
doc_char(FILE *f, const char *s, int *keep)
{
	size_t k;
	long c = wmsj_utf8_decode(s, strlen(s), &k);

	*keep = c >= 0 && !wmsj_cp_invisible((unsigned long)c);
	if (!*keep)
		fputs("\xef\xbf\xbd", f);
	return k;
}

static void
html_esc(FILE *f, const char *s)
{
	while (*s) {
		size_t k;
		int keep;

		switch (*s) {
		case '<': fputs("&lt;", f); s++; continue;
		case '>': fputs("&gt;", f); s++; continue;
		case '&': fputs("&amp;", f); s++; continue;
		case '"': fputs("&quot;", f); s++; continue;
		case '\'': fputs("&#39;", f); s++; continue;
		}
		k = doc_char(f, s, &keep);
		if (keep)
			fwrite(s, 1, k, f);
		s += k;
	}
}

/* Markdown: every character that could start markup is backslash-escaped
 * (emphasis, code, links and images, raw html, entities, table cells). */
static void
md_esc(FILE *f, const char *s)
{
	while (*s) {
		size_t k;
		int keep;

		if (strchr("\\`*_[]<>|!&~", *s) != NULL) {
			putc('\\', f);
			putc(*s++, f);
			continue;
		}
		k = doc_char(f, s, &keep);
		if (keep)
			fwrite(s, 1, k, f);
		s += k;
	}
}

/* Plain text for a terminal or a text file: controls escaped (out.h). */
static void
text_esc(FILE *f, const char *s)
{
	char *t = out_tty_text(s);

	fputs(t, f);
	free(t);
}

/* A table printed in one of the document formats. */
static void
doc_table(FILE *f, enum nfmt fmt, const char *const *head, size_t nc, char ***rows, size_t nr)
{
	if (fmt == NF_HTML) {
		fputs("<table>\n<thead><tr>", f);
		for (size_t c = 0; c < nc; c++) {
			fputs("<th>", f);
			html_esc(f, head[c]);
			fputs("</th>", f);
		}
		fputs("</tr></thead>\n<tbody>\n", f);
		for (size_t r = 0; r < nr; r++) {
			fputs("<tr>", f);
			for (size_t c = 0; c < nc; c++) {
				fputs(c >= 2 && rows[r][c][0] != '\0' &&
				      strspn(rows[r][c], "-0123456789.") == strlen(rows[r][c]) ?
				      "<td class=\"n\">" : "<td>", f);
				html_esc(f, rows[r][c]);
				fputs("</td>", f);
			}
			fputs("</tr>\n", f);
		}
		fputs("</tbody>\n</table>\n", f);
	} else if (fmt == NF_MD) {
		fputs("|", f);
		for (size_t c = 0; c < nc; c++) {
			fputc(' ', f);
			md_esc(f, head[c]);
			fputs(" |", f);
		}
		fputs("\n|", f);
		for (size_t c = 0; c < nc; c++)
			fputs(c >= 2 ? " ---: |" : " --- |", f);
		fputc('\n', f);
		for (size_t r = 0; r < nr; r++) {
			fputs("|", f);
			for (size_t c = 0; c < nc; c++) {
				fputc(' ', f);
				md_esc(f, rows[r][c]);
				fputs(" |", f);
			}
			fputc('\n', f);
		}
		fputc('\n', f);
	} else {
		struct out o;

		out_init(&o, WMSJ_FMT_TABLE, 0, head, nc);
		o.fp = f;
		for (size_t r = 0; r < nr; r++)
			out_row(&o, (const char *const *)rows[r]);
		out_finish(&o, NULL);
		fputc('\n', f);
	}
}

static char ***
rows_new(size_t nr, size_t nc)
{
	char ***rows = xcalloc(nr + 1, sizeof *rows);

	for (size_t r = 0; r < nr; r++)
		rows[r] = xcalloc(nc, sizeof **rows);
	return rows;
}

static void
rows_free(char ***rows, size_t nr, size_t nc)
{
	for (size_t r = 0; r < nr; r++) {
		for (size_t c = 0; c < nc; c++)
			free(rows[r][c]);
		free(rows[r]);
	}
	free(rows);
}

static char *
fmt_i64(int64_t v)
{
	char b[32];

	i64(b, sizeof b, v);
	return xstrdup(b);
}

static char *
fmt_hours(int64_t v)
{
	char b[32];

	wmsj_hours_format(v, b);
	return xstrdup(b);
}

static const char html_head[] =
	"<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>";
static const char html_style[] =
	"</title>\n<style>\n"
	"@page { size: A4; margin: 18mm 15mm 18mm 15mm; }\n"
	"body { font-family: \"Noto Serif CJK SC\", \"Noto Sans CJK SC\", \"Source Han Serif SC\","
	" \"WenQuanYi Zen Hei\", \"AR PL UMing CN\", \"SimSun\", serif; font-size: 11pt;"
	" color: #000; margin: 0 auto; max-width: 180mm; }\n"
	"h1 { font-size: 17pt; text-align: center; margin: 0 0 6mm; line-height: 1.4; }\n"
	"h2 { font-size: 13pt; margin: 6mm 0 2mm; }\n"
	"p { line-height: 1.6; margin: 1.5mm 0; }\n"
	"table { width: 100%; border-collapse: collapse; margin: 2mm 0 4mm; }\n"
	"th, td { border: 0.3mm solid #333; padding: 1.2mm 2mm; font-size: 10pt; }\n"
	"th { background: #eee; }\n"
	"td.n { text-align: right; font-variant-numeric: tabular-nums; }\n"
	"thead { display: table-header-group; }\n"
	"tr { page-break-inside: avoid; break-inside: avoid; }\n"
	"h1 .u { display: inline-block; white-space: nowrap; }\n"
	".close { break-inside: avoid; page-break-inside: avoid; }\n"
	".verify { display: flex; align-items: center; gap: 4mm; margin: 4mm 0 0; }\n"
	".qr { width: 28mm; height: 28mm; flex: none; }\n"
	".seal { font-size: 9pt; line-height: 1.7; color: #333; margin: 0; }\n"
	".sv { font-family: \"DejaVu Sans Mono\", \"Noto Sans Mono CJK SC\", monospace; font-size: 8pt;"
	" white-space: nowrap; color: #000; }\n"
	".sign { width: 75mm; margin: 2mm 0 0 auto; padding-top: 20mm; text-align: center; }\n"
	".sign p { margin: 0.8mm 0; }\n"
	".stamp { color: #888; font-size: 9pt; }\n"
	".notice { page-break-after: always; break-after: page; }\n"
	".notice:last-child { page-break-after: auto; break-after: auto; }\n"
	"@media print { body { max-width: none; } }\n"
	"</style>\n</head>\n<body>\n";

/* The head of an html document, its title escaped. */
static void
html_open(FILE *f, const char *title)
{
	fputs(html_head, f);
	html_esc(f, title);
	fputs(html_style, f);
}

/* A part of a title that is never broken across lines. */
static void
html_unit(FILE *f, const char *text)
{
	fputs("<span class=\"u\">", f);
	html_esc(f, text);
	fputs("</span>", f);
}

/* An <img> of the QR code of text (qr.h), as a data: URI so that the file
 * stays self-contained and plain HTML. */
static void
html_qr(FILE *f, const char *text)
{
	struct sb svg;
	struct wmsj_err err;
	unsigned char *b64;
	int n;

	sb_init(&svg);
	if (qr_svg(&svg, text, NULL, &err) == WMSJ_OK) {
		b64 = xmalloc(4 * ((svg.len + 2) / 3) + 1);
		n = EVP_EncodeBlock(b64, (const unsigned char *)svg.buf, (int)svg.len);
		fputs("<img class=\"qr\" alt=\"账本校验码二维码\" src=\"data:image/svg+xml;base64,", f);
		fwrite(b64, 1, (size_t)n, f);
		fputs("\">", f);
		free(b64);
	}
	sb_release(&svg);
}

static void
para(FILE *f, enum nfmt fmt, const char *text)
{
	if (fmt == NF_HTML) {
		fputs("<p>", f);
		html_esc(f, text);
		fputs("</p>\n", f);
	} else {
		(fmt == NF_MD ? md_esc : text_esc)(f, text);
		fputs("\n\n", f);
	}
}

static void
heading(FILE *f, enum nfmt fmt, int level, const char *text)
{
	if (fmt == NF_HTML) {
		fprintf(f, "<h%d>", level);
		html_esc(f, text);
		fprintf(f, "</h%d>\n", level);
	} else if (fmt == NF_MD) {
		fprintf(f, "%s ", level == 1 ? "#" : "##");
		md_esc(f, text);
		fputs("\n\n", f);
	} else {
		text_esc(f, text);
		putc('\n', f);
		if (level == 1) {
			size_t w = wmsj_display_width(text);
			for (size_t i = 0; i < w; i++)
				putc('=', f);
			putc('\n', f);
		}
		putc('\n', f);
	}
}

static void
notice_title(const struct notice *n, const struct notice_set *set, char *buf, size_t len)
{
	char q[64];

	notice_quarter_name(set->year, set->quarter, q);
	snprintf(buf, len, "%s%s文明实践志愿服务积分公示%s", n->station->name, q,
		 set->preview[0] != '\0' ? "（预览）" : "");
}

static void
render_doc(FILE *f, enum nfmt fmt, const struct wmsj_config *cfg, const struct notice_set *set,
	   const struct notice *n)
{
	static const char *const head[] = {"序号", "姓名", "积分卡号", "本季获得", "本季兑换",
					   "本季清零", "季末余额", "本季时长（小时）"};
	static const char *const exhead[] = {"日期", "姓名", "积分卡号", "兑换物品", "数量",
					     "使用积分"};
	char title[512], q[64], buf[1024], d1[64], d2[64];
	char ***rows;
	struct sb sb;

	notice_title(n, set, title, sizeof title);
	notice_quarter_name(set->year, set->quarter, q);
	if (fmt == NF_HTML) {
		/* The title breaks only between its parts, never inside a name. */
		fputs("<div class=\"notice\">\n<h1>", f);
		html_unit(f, n->station->name);
		html_unit(f, q);
		html_unit(f, "文明实践志愿服务积分公示");
		fputs("</h1>\n", f);
	} else {
		heading(f, fmt, 1, title);
	}
	cn_date(set->from, d1);
	cn_date(set->to, d2);
	snprintf(buf, sizeof buf,
		 "根据《新时代文明实践志愿服务积分管理办法》，现将%s%s（%s至%s）志愿服务积分认定、兑换及清零情况公示如下，接受群众监督。",
		 n->station->name, q, d1, d2);
	para(f, fmt, buf);
	if (set->preview[0] != '\0') {
		/* A quarter not over: on its face, never taken for the notice. */
		cn_date(set->preview, d1);
		snprintf(buf, sizeof buf,
			 "【预览】本表为截至%s的数字，%s尚未结束，不是正式公示；以季度结束后发布的公示为准。",
			 d1, q);
		para(f, fmt, buf);
	}
	heading(f, fmt, 2, "一、志愿者积分情况");
	rows = rows_new(n->nlines, 8);
	for (size_t i = 0; i < n->nlines; i++) {
		const struct notice_line *l = &n->lines[i];
		snprintf(buf, sizeof buf, "%zu", i + 1);
		rows[i][0] = xstrdup(buf);
		rows[i][1] = mask_name(l->v->name);
		rows[i][2] = mask_card(l->v->card_no);
		rows[i][3] = fmt_i64(l->earned);
		rows[i][4] = fmt_i64(l->redeemed);
		rows[i][5] = fmt_i64(l->cleared);
		rows[i][6] = fmt_i64(l->balance);
		rows[i][7] = fmt_hours(l->hours);
	}
	doc_table(f, fmt, head, 8, rows, n->nlines);
	rows_free(rows, n->nlines, 8);
	heading(f, fmt, 2, "二、积分兑换台账");
	if (n->station->exchange_point != NULL) {
		snprintf(buf, sizeof buf, "积分兑换点：%s", n->station->exchange_point);
		para(f, fmt, buf);
	}
	if (n->nex == 0) {
		para(f, fmt, "本季度无积分兑换。");
	} else {
		rows = rows_new(n->nex, 6);
		for (size_t i = 0; i < n->nex; i++) {
			const struct notice_exchange *e = &n->ex[i];
			const struct wmsj_goods *g = config_goods(cfg, e->item);
			rows[i][0] = xstrdup(e->date);
			rows[i][1] = e->v != NULL ? mask_name(e->v->name) : xstrdup("");
			rows[i][2] = e->v != NULL ? mask_card(e->v->card_no) : xstrdup("");
			rows[i][3] = xstrdup(g != NULL ? g->name : e->item);
			rows[i][4] = fmt_i64(e->qty);
			rows[i][5] = fmt_i64(e->points);
		}
		doc_table(f, fmt, exhead, 6, rows, n->nex);
		rows_free(rows, n->nex, 6);
	}
	heading(f, fmt, 2, "三、本站合计");
	{
		char h[32];
		wmsj_hours_format(n->hours, h);
		snprintf(buf, sizeof buf,
			 "公示志愿者 %zu 人；本季获得积分 %" PRId64 " 分，兑换 %" PRId64 " 分，清零 %" PRId64
			 " 分；季末积分余额合计 %" PRId64 " 分；志愿服务时长 %s 小时；兑换物品 %" PRId64
			 " 件。",
			 n->nlines, n->earned, n->redeemed, n->cleared, n->balance, h, n->ex_qty);
		para(f, fmt, buf);
	}
	if (fmt == NF_HTML)
		fputs("<div class=\"close\">\n", f);
	heading(f, fmt, 2, "四、公示期与监督");
	cn_date(wmsj_today(), d1);
	cn_date_plus(wmsj_today(), cfg->notice.publicity_days - 1, d2);
	if (set->preview[0] != '\0')
		snprintf(buf, sizeof buf, "本表为预览，不设公示期。");
	else
		snprintf(buf, sizeof buf, "公示期：%s至%s（%ld天）。如有异议，请在公示期内向监督员反映。",
			 d1, d2, cfg->notice.publicity_days);
	para(f, fmt, buf);
	sb_init(&sb);
	for (size_t i = 0; i < n->station->nsupervisors; i++) {
		if (sb.len > 0)
			sb_adds(&sb, "、");
		sb_adds(&sb, n->station->supervisors[i]);
	}
	for (size_t i = 0; i < cfg->notice.nsupervisors; i++) {
		if (sb.len > 0)
			sb_adds(&sb, "、");
		sb_adds(&sb, cfg->notice.supervisors[i]);
	}
	snprintf(buf, sizeof buf, "监督员：%s", sb.len > 0 ? sb.buf : "（见实践站公示栏）");
	para(f, fmt, buf);
	sb_release(&sb);
	if (cfg->notice.contact != NULL) {
		snprintf(buf, sizeof buf, "联系方式：%s", cfg->notice.contact);
		para(f, fmt, buf);
	}
	snprintf(buf, sizeof buf, "账本校验码：%s（可用 wmsj-audit notice 核对本公示与积分账本是否一致）",
		 set->seal);
	if (fmt == NF_HTML) {
		/* The seal in a QR code, so that a supervisor can scan the paper
		 * and compare; the seal itself never splits across lines. */
		fputs("<div class=\"verify\">", f);
		html_qr(f, set->seal);
		fputs("<p class=\"seal\">账本校验码：<span class=\"sv\">", f);
		html_esc(f, set->seal);
		fputs("</span><br>扫描左侧二维码可读出校验码；可用 wmsj-audit notice "
		      "核对本公示与积分账本是否一致。</p></div>\n", f);
	} else {
		para(f, fmt, buf);
	}
	snprintf(buf, sizeof buf, "%s", cfg->notice.issuer);
	if (fmt == NF_HTML) {
		/* Room above the issuer and the date for the stamp (盖章). */
		fputs("<div class=\"sign\"><p>", f);
		html_esc(f, buf);
		fputs("</p><p class=\"stamp\">（盖章）</p><p>", f);
		html_esc(f, d1);
		fputs("</p></div>\n</div>\n</div>\n", f);
	} else {
		(fmt == NF_MD ? md_esc : text_esc)(f, buf);
		fputs(fmt == NF_MD ? "  \n" : "\n", f);
		fprintf(f, "%s\n\n", d1);
	}
}

/* One line of the csv notice (the masked values, as published). */
struct nrow {
	char q[16], e[32], r[32], c[32], b[32], h[32], p[64];
	char *name, *card;
	const char *v[NOTICE_CSV_NCOLS_PREVIEW];
};

/* The csv notice's columns: a preview has the "preview" column. */
static size_t
notice_ncols(const struct notice_set *set)
{
	return set->preview[0] != '\0' ? NOTICE_CSV_NCOLS_PREVIEW : NOTICE_CSV_NCOLS;
}

static void
nrow_fill(struct nrow *x, const struct notice_set *set, const struct notice *n,
	  const struct notice_line *l)
{
	static const struct volunteer nobody = {.id = "", .name = "", .card_no = ""};
	static const struct notice_line none = {.v = &nobody};

	/* A station that lists nobody still has one row, with no volunteer:
	 * it carries the seal, so that every file can be checked on its own. */
	if (l == NULL)
		l = &none;
	snprintf(x->q, sizeof x->q, "%dQ%d", set->year, set->quarter);
	x->name = l->v->name[0] != '\0' ? mask_name(l->v->name) : xstrdup("");
	x->card = l->v->card_no[0] != '\0' ? mask_card(l->v->card_no) : xstrdup("");
	i64(x->e, sizeof x->e, l->earned);
	i64(x->r, sizeof x->r, l->redeemed);
	i64(x->c, sizeof x->c, l->cleared);
	i64(x->b, sizeof x->b, l->balance);
	wmsj_hours_format(l->hours, x->h);
	x->v[0] = x->q; x->v[1] = n->station->code; x->v[2] = n->station->name; x->v[3] = l->v->id;
	x->v[4] = x->name; x->v[5] = x->card; x->v[6] = x->e; x->v[7] = x->r; x->v[8] = x->c;
	x->v[9] = x->b; x->v[10] = x->h; x->v[11] = set->seal;
	snprintf(x->p, sizeof x->p, "预览（截至%s）", set->preview);
	x->v[12] = x->p;
}

static void
render_csv(FILE *f, const struct notice_set *set, const struct notice *n, int bom, int header)
{
	if (header) {
		if (bom)
			fputs("\xef\xbb\xbf", f);
		for (size_t c = 0; c < notice_ncols(set); c++)
			fprintf(f, "%s%s", c ? "," : "", notice_csv_cols[c]);
		putc('\n', f);
	}
	for (size_t i = 0; i < n->nlines || (i == 0 && n->nlines == 0); i++) {
		struct nrow x;

		nrow_fill(&x, set, n, n->nlines > 0 ? &n->lines[i] : NULL);
		for (size_t k = 0; k < notice_ncols(set); k++) {
			if (k)
				putc(',', f);
			out_csv_cell(f, x.v[k]);
		}
		putc('\n', f);
		free(x.name);
		free(x.card);
	}
}

/* The csv notice's rows into a workbook (--format xlsx). */
static void
render_rows(struct out *out, const struct notice_set *set, const struct notice **list, size_t nl)
{
	for (size_t k = 0; k < nl; k++)
		for (size_t i = 0; i < list[k]->nlines || (i == 0 && list[k]->nlines == 0); i++) {
			struct nrow x;

			nrow_fill(&x, set, list[k], list[k]->nlines > 0 ? &list[k]->lines[i] : NULL);
			out_row(out, x.v);
			free(x.name);
			free(x.card);
		}
}

static int
render_notice(FILE *f, enum nfmt fmt, const struct opts *o, const struct wmsj_config *cfg,
	      const struct notice_set *set, const struct notice **list, size_t nl, int *csv_header)
{
	char title[512];

	if (fmt == NF_CSV) {
		for (size_t i = 0; i < nl; i++) {
			render_csv(f, set, list[i], o->c.bom, *csv_header);
			*csv_header = 0;
		}
		return WMSJ_OK;
	}
	if (fmt == NF_HTML) {
		notice_title(list[0], set, title, sizeof title);
		html_open(f, title);
	}
	for (size_t i = 0; i < nl; i++)
		render_doc(f, fmt, cfg, set, list[i]);
	if (fmt == NF_HTML)
		fputs("</body>\n</html>\n", f);
	return WMSJ_OK;
}

static const char *
ext_of(enum nfmt fmt)
{
	return fmt == NF_CSV ? "csv" : fmt == NF_MD ? "md" : fmt == NF_HTML ? "html" :
	       fmt == NF_XLSX ? "xlsx" : "txt";
}

static int
write_public(const char *dir, const char *name, FILE *mem, char *buf, size_t len)
{
	struct wmsj_err err;

	(void)mem;
	/* A public notice (masked data only) is mode 0644, set on the temp
	 * file's descriptor before the rename: never chmod by path, which would
	 * follow a link planted by anyone who can write the directory. */
	if (fsio_rewrite_mode(dir, name, buf, len, 0644, &err) != WMSJ_OK)
		return cli_report(&err);
	return WMSJ_OK;
}

static int
cmd_notice(struct opts *o, struct dirdata *dd)
{
	enum nfmt fmt = NF_TEXT;
	struct out xo;
	int y, q, rc = WMSJ_OK, csv_header = 1, preview = 0;
	size_t ncols;
	const char *stream = NULL;

	if (o->quarter == NULL || wmsj_quarter_parse(o->quarter, &y, &q) != 0)
		return cli_usage_error(_("notice needs --quarter YYYYQn"));
	if (!notice_quarter_over(y, q, wmsj_today())) {
		char from[11], to[11];

		wmsj_quarter_range(y, q, from, to);
		if (!o->preview) {
			cli_warn(_("quarter '%s' has not ended (it ends on %s): its notice would not be final; --preview prints one marked as a preview"),
				 o->quarter, to);
			return WMSJ_REFUSED;
		}
		preview = 1;
	}
	if (o->format != NULL) {
		if (strcmp(o->format, "text") == 0) fmt = NF_TEXT;
		else if (strcmp(o->format, "csv") == 0) fmt = NF_CSV;
		else if (strcmp(o->format, "md") == 0) fmt = NF_MD;
		else if (strcmp(o->format, "html") == 0) fmt = NF_HTML;
		else if (strcmp(o->format, "table") == 0) fmt = NF_TEXT;
		else if (strcmp(o->format, "xlsx") == 0) fmt = NF_XLSX;
		else
			return cli_usage_error(_("notice formats are text, csv, md, html and xlsx, not '%s'"), o->format);
	} else if (!isatty(1) && o->outdir == NULL) {
		fmt = NF_CSV;
	}
	if (o->nargs == 1 && strcmp(o->args[0], "-") == 0) {
		stream = "-";
		if (o->ndirs != 1)
			return cli_usage_error(_("a ledger stream on standard input needs exactly one -d DIR"));
	} else if (o->nargs > 0) {
		return cli_usage_error(_("unexpected argument '%s'"), o->args[0]);
	}
	if (!station_known(o, dd))
		return WMSJ_REFUSED;
	if (o->outdir != NULL && mkdir(o->outdir, 0755) != 0 && errno != EEXIST) {
		struct wmsj_err err;
		wmsj_err_sys(&err, errno, _("cannot create '%s'"), o->outdir);
		return cli_report(&err);
	}
	ncols = preview ? NOTICE_CSV_NCOLS_PREVIEW : NOTICE_CSV_NCOLS;
	if (fmt == NF_XLSX && o->outdir == NULL)
		out_init(&xo, WMSJ_FMT_XLSX, 0, notice_csv_cols, ncols);
	for (size_t d = 0; d < o->ndirs && rc == WMSJ_OK; d++) {
		struct notice_set set;
		struct wmsj_err err;
		const struct notice **list;
		size_t nl = 0;

		if (notice_build(&set, &dd[d].cfg, dd[d].dir, stream, y, q, 0, 0, &err) != WMSJ_OK) {
			notice_release(&set);
			if (fmt == NF_XLSX && o->outdir == NULL)
				out_release(&xo);
			return cli_report(&err);
		}
		if (preview)
			snprintf(set.preview, sizeof set.preview, "%s", wmsj_today());
		list = xcalloc(set.count + 1, sizeof *list);
		for (size_t i = 0; i < set.count; i++)
			if (o->station == NULL || strcmp(set.n[i].station->code, o->station) == 0)
				list[nl++] = &set.n[i];
		if (o->outdir != NULL) {
			for (size_t i = 0; i < nl && rc == WMSJ_OK; i++) {
				char *buf = NULL, name[128];
				size_t len = 0;
				FILE *mem = open_memstream(&buf, &len);
				int hdr = 1;

				if (mem == NULL) {
					wmsj_err_sys(&err, errno, _("out of memory"));
					rc = cli_report(&err);
					break;
				}
				if (fmt == NF_XLSX) {
					out_init(&xo, WMSJ_FMT_XLSX, 0, notice_csv_cols, ncols);
					xo.fp = mem;
					render_rows(&xo, &set, &list[i], 1);
					rc = cli_out_finish(&xo);
				} else {
					render_notice(mem, fmt, o, &dd[d].cfg, &set, &list[i], 1, &hdr);
				}
				fclose(mem);
				if (rc != WMSJ_OK) {
					free(buf);
					break;
				}
				/* a preview is never taken for the published file */
				snprintf(name, sizeof name, "%dQ%d-%s%s.%s", y, q, list[i]->station->code,
					 preview ? "-preview" : "", ext_of(fmt));
				rc = write_public(o->outdir, name, NULL, buf, len);
				if (rc == WMSJ_OK)
					printf("%s/%s\n", o->outdir, name);
				free(buf);
			}
		} else if (fmt == NF_XLSX) {
			render_rows(&xo, &set, list, nl);
		} else if (nl > 0) {
			render_notice(stdout, fmt, o, &dd[d].cfg, &set, list, nl, &csv_header);
		}
		free(list);
		notice_release(&set);
	}
	if (fmt == NF_XLSX && o->outdir == NULL) {
		if (rc == WMSJ_OK)
			rc = cli_out_finish(&xo);
		else
			out_release(&xo);
	}
	if (rc == WMSJ_OK && fmt == NF_CSV && csv_header && o->outdir == NULL) {
		/* no stations: still a header */
		for (size_t c = 0; c < ncols; c++)
			printf("%s%s", c ? "," : "", notice_csv_cols[c]);
		putchar('\n');
	}
	return rc;
}

/* ---- exchanges ----------------------------------------------------------------- */

static const char *const ex_cols[] = {
	"date", "station", "station_name", "name", "card_no", "item", "item_name", "qty", "points"
};

static int
cmd_exchanges(struct opts *o, struct dirdata *dd)
{
	struct out out;
	int y, q;

	if (o->quarter == NULL || wmsj_quarter_parse(o->quarter, &y, &q) != 0)
		return cli_usage_error(_("exchanges needs --quarter YYYYQn"));
	if (!station_known(o, dd))
		return WMSJ_REFUSED;
	out_init(&out, o->c.fmt, o->c.bom, ex_cols, 9);
	for (size_t d = 0; d < o->ndirs; d++) {
		struct notice_set set;
		struct wmsj_err err;

		if (notice_build(&set, &dd[d].cfg, dd[d].dir, NULL, y, q, 0, 0, &err) != WMSJ_OK) {
			notice_release(&set);
			out_release(&out);
			return cli_report(&err);
		}
		for (size_t i = 0; i < set.count; i++) {
			const struct notice *n = &set.n[i];
			if (o->station != NULL && strcmp(n->station->code, o->station) != 0)
				continue;
			for (size_t k = 0; k < n->nex; k++) {
				const struct notice_exchange *e = &n->ex[k];
				const struct wmsj_goods *g = config_goods(&dd[d].cfg, e->item);
				char *nm = e->v ? mask_name(e->v->name) : xstrdup("");
				char *cd = e->v ? mask_card(e->v->card_no) : xstrdup("");
				char qt[32], pt[32];
				const char *v[9];
				i64(qt, sizeof qt, e->qty);
				i64(pt, sizeof pt, e->points);
				v[0] = e->date; v[1] = n->station->code; v[2] = n->station->name; v[3] = nm;
				v[4] = cd; v[5] = e->item; v[6] = g ? g->name : ""; v[7] = qt; v[8] = pt;
				out_row(&out, v);
				free(nm);
				free(cd);
			}
		}
		notice_release(&set);
	}
	return cli_out_finish(&out);
}

/* ---- monthly ------------------------------------------------------------------- */

static const char *const monthly_cols[] = {
	"month", "station", "station_name", "activities", "awards", "volunteers", "earned",
	"redeemed", "cleared", "hours", "reversals"
};

static int
cmd_monthly(struct opts *o, struct dirdata *dd)
{
	struct out out;
	int y, m;
	char from[11], to[11];

	if (o->month == NULL || wmsj_month_parse(o->month, &y, &m) != 0)
		return cli_usage_error(_("monthly needs --month YYYY-MM"));
	wmsj_month_range(y, m, from, to);
	out_init(&out, o->c.fmt, o->c.bom, monthly_cols, 11);
	for (size_t d = 0; d < o->ndirs; d++) {
		const struct wmsj_config *cfg = &dd[d].cfg;
		struct fig_station *fs = xcalloc(cfg->nstations + 1, sizeof *fs);
		struct table acts;
		struct wmsj_err err;

		if (table_load(&acts, dd[d].dir, ACTIVITY_FILE, activity_cols, &err) != WMSJ_OK ||
		    fig_stations(dd[d].dir, cfg, NULL, &acts, from, to, fs, &err) != WMSJ_OK) {
			table_release(&acts);
			free(fs);
			out_release(&out);
			return cli_report(&err);
		}
		for (size_t i = 0; i < cfg->nstations; i++) {
			const struct fig_station *t = &fs[i];
			char a[32], aw[32], v[32], e[32], r[32], c[32], h[32], rv[32];
			const char *vals[11];

			snprintf(a, sizeof a, "%" PRIu64, t->activities);
			snprintf(aw, sizeof aw, "%" PRIu64, t->awards);
			snprintf(v, sizeof v, "%zu", t->awarded);
			i64(e, sizeof e, t->earned);
			i64(r, sizeof r, t->redeemed);
			i64(c, sizeof c, t->cleared);
			wmsj_hours_format(t->hours, h);
			snprintf(rv, sizeof rv, "%" PRIu64, t->reversals);
			vals[0] = o->month; vals[1] = t->code; vals[2] = cfg->stations[i].name;
			vals[3] = a; vals[4] = aw; vals[5] = v; vals[6] = e; vals[7] = r; vals[8] = c;
			vals[9] = h; vals[10] = rv;
			out_row(&out, vals);
		}
		free(fs);
		table_release(&acts);
	}
	return cli_out_finish(&out);
}

/* ---- ranking, stars, stats ---------------------------------------------------- */

struct rank_ent {
	const char *id, *name, *station, *station_name;
	int64_t points, hours, vols;
	enum rules_why withheld;   /* not commended (rules.h): listed by --all, unranked */
};

static int by_hours;

static int
rank_cmp(const void *a, const void *b)
{
	const struct rank_ent *x = a, *y = b;
	int64_t kx = by_hours ? x->hours : x->points, ky = by_hours ? y->hours : y->points;
	int64_t sx = by_hours ? x->points : x->hours, sy = by_hours ? y->points : y->hours;

	if ((x->withheld != RW_OK) != (y->withheld != RW_OK))
		return x->withheld != RW_OK ? 1 : -1;   /* the unranked last */
	if (kx != ky)
		return kx > ky ? -1 : 1;
	if (sx != sy)
		return sx > sy ? -1 : 1;
	return strcmp(x->id, y->id);
}

static const char *const rank_cols[] = {"rank", "id", "name", "station", "station_name", "points", "hours",
					"withheld"};
static const char *const rank_st_cols[] = {
	"rank", "station", "station_name", "volunteers", "points", "hours", "points_per_volunteer"
};

static int
cmd_ranking(struct opts *o, struct dirdata *dd)
{
	struct rank_ent *e = NULL;
	size_t n = 0, cap = 0;
	struct out out;
	long top = 0;
	int y;
	char yend[16];

	if (o->year == NULL || wmsj_year_parse(o->year, &y) != 0)
		return cli_usage_error(_("ranking needs --year YYYY"));
	if (o->by != NULL && strcmp(o->by, "points") != 0 && strcmp(o->by, "hours") != 0)
		return cli_usage_error(_("--by must be points or hours, not '%s'"), o->by);
	by_hours = o->by != NULL && strcmp(o->by, "hours") == 0;
	if (o->top != NULL && ((top = strtol(o->top, NULL, 10)) <= 0))
		return cli_usage_error(_("--top needs a number above 0, not '%s'"), o->top);
	if (o->all && o->stations)
		return cli_usage_error(_("--all lists volunteers; it does not go with --stations"));
	snprintf(yend, sizeof yend, "%04d-12-31", y % 10000);
	for (size_t d = 0; d < o->ndirs; d++) {
		struct fig_year fy;
		struct wmsj_err err;

		if (fig_year(&fy, dd[d].dir, &dd[d].cfg, y, &err) != WMSJ_OK) {
			fig_year_release(&fy);
			free(e);
			return cli_report(&err);
		}
		if (o->stations) {
			for (size_t i = 0; i < dd[d].cfg.nstations; i++) {
				const struct wmsj_station *st = &dd[d].cfg.stations[i];

				e = xgrow(e, &cap, n + 1, sizeof *e);
				memset(&e[n], 0, sizeof *e);
				e[n].id = e[n].station = st->code;
				e[n].station_name = st->name;
				e[n].vols = (int64_t)fig_station_volunteers(&dd[d].reg, st->code);
				if (i < fy.nst) {
					e[n].points = fy.st[i].earned;
					e[n].hours = fy.st[i].hours;
				}
				n++;
			}
		} else {
			for (size_t i = 0; i < dd[d].reg.n; i++) {
				const struct volunteer *v = &dd[d].reg.v[i];
				const struct fig_year_vol *a = fig_year_get(&fy, v->id);
				const struct wmsj_station *s = config_station(&dd[d].cfg, v->station);

				struct rules_clearing cl;
				enum rules_why why;

				/* What was earned in the year, never a negative; who
				 * may not be commended (rules.h: cleared in the year,
				 * suspended or withdrawn) is not ranked. */
				if (a == NULL || a->earned < 0 || a->hours < 0 ||
				    (a->earned == 0 && a->hours == 0))
					continue;
				cl.year = a->cleared ? y : 0;
				cl.date = NULL;
				why = rules_may(RULES_COMMEND, vstatus_parse(v->status), &cl, yend, NULL);
				if (why != RW_OK && !o->all)
					continue;
				e = xgrow(e, &cap, n + 1, sizeof *e);
				e[n].withheld = why;
				e[n].id = v->id;
				e[n].name = v->name;
				e[n].station = v->station;
				e[n].station_name = s != NULL ? s->name : "";
				e[n].points = a->earned;
				e[n].hours = a->hours;
				e[n].vols = 0;
				n++;
			}
		}
		fig_year_release(&fy);
	}
	if (n > 1)
		qsort(e, n, sizeof *e, rank_cmp);
	if (o->stations)
		out_init(&out, o->c.fmt, o->c.bom, rank_st_cols, 7);
	else
		out_init(&out, o->c.fmt, o->c.bom, rank_cols, o->all ? 8 : 7);
	for (size_t i = 0, rank = 1; i < n; i++) {
		char r[32], p[32], h[32], v[32], pc[32];
		const char *vals[8];

		if (e[i].withheld == RW_OK) {
			if (i > 0 && rank_cmp(&e[i - 1], &e[i]) != 0 &&
			    (by_hours ? e[i - 1].hours != e[i].hours : e[i - 1].points != e[i].points))
				rank = i + 1;
			if (top > 0 && rank > (size_t)top)
				continue;       /* the unranked (--all) still follow */
			snprintf(r, sizeof r, "%zu", rank);
		} else {
			r[0] = '\0';
		}
		i64(p, sizeof p, e[i].points);
		wmsj_hours_format(e[i].hours, h);
		if (o->stations) {
			i64(v, sizeof v, e[i].vols);
			if (e[i].vols > 0)
				snprintf(pc, sizeof pc, "%.2f", (double)e[i].points / (double)e[i].vols);
			else
				snprintf(pc, sizeof pc, "0");
			vals[0] = r; vals[1] = e[i].station; vals[2] = e[i].station_name; vals[3] = v;
			vals[4] = p; vals[5] = h; vals[6] = pc;
		} else {
			vals[0] = r; vals[1] = e[i].id; vals[2] = e[i].name; vals[3] = e[i].station;
			vals[4] = e[i].station_name; vals[5] = p; vals[6] = h;
			vals[7] = rules_why_name(e[i].withheld);
		}
		out_row(&out, vals);
	}
	free(e);
	return cli_out_finish(&out);
}

static int
star_level(const struct wmsj_config *cfg, int64_t centi)
{
	int s = 0;

	for (int i = 0; i < 5; i++)
		if (centi >= (int64_t)cfg->rules.star_hours[i] * 100)
			s = i + 1;
	return s;
}

static const char *const star_cols[] = {"id", "name", "station", "station_name", "hours", "stars",
					"next_level_hours", "withheld"};

/* May the volunteer be commended today (rules.h)?  A star level is a
 * commendation: none in the year of a clearing, nor while suspended or
 * withdrawn; the hours stay the record. */
static enum rules_why
commend_today(const struct volunteer *v, const struct account *a, struct rules_verdict *rv)
{
	struct rules_clearing cl;

	cl.year = a != NULL ? a->cleared_year : 0;
	cl.date = NULL;
	return rules_may(RULES_COMMEND, vstatus_parse(v->status), &cl, wmsj_today(), rv);
}

static int
cmd_stars(struct opts *o, struct dirdata *dd)
{
	struct out out;

	out_init(&out, o->c.fmt, o->c.bom, star_cols, 8);
	for (size_t d = 0; d < o->ndirs; d++) {
		struct ledger_state st;
		struct wmsj_err err;

		ledger_state_init(&st);
		if (ledger_state_load(&st, dd[d].dir, NULL, &err) != WMSJ_OK) {
			ledger_state_release(&st);
			out_release(&out);
			return cli_report(&err);
		}
		for (size_t i = 0; i < dd[d].reg.n; i++) {
			const struct volunteer *v = &dd[d].reg.v[i];
			const struct account *a = ledger_state_account(&st, v->id);
			const struct wmsj_station *s = config_station(&dd[d].cfg, v->station);
			int64_t h = a != NULL ? a->hours : 0;
			enum rules_why why = commend_today(v, a, NULL);
			int lvl = why == RW_OK ? star_level(&dd[d].cfg, h) : 0;
			char hs[32], ls[16], nx[32];
			const char *vals[8];

			if (o->station != NULL && strcmp(v->station, o->station) != 0)
				continue;
			wmsj_hours_format(h, hs);
			snprintf(ls, sizeof ls, "%d", lvl);
			if (why != RW_OK)
				nx[0] = '\0';
			else if (lvl < 5)
				wmsj_hours_format((int64_t)dd[d].cfg.rules.star_hours[lvl] * 100 - h, nx);
			else
				nx[0] = '\0';
			vals[0] = v->id; vals[1] = v->name; vals[2] = v->station;
			vals[3] = s ? s->name : ""; vals[4] = hs; vals[5] = ls; vals[6] = nx;
			vals[7] = rules_why_name(why);
			out_row(&out, vals);
		}
		ledger_state_release(&st);
	}
	return cli_out_finish(&out);
}

static const char *const stats_cols[] = {
	"year", "station", "station_name", "population", "volunteers", "participation", "target",
	"meets_target", "activities", "months_with_activity", "activities_per_month", "earned",
	"redeemed", "cleared", "stock"
};

static int
cmd_stats(struct opts *o, struct dirdata *dd)
{
	struct out out;
	char from[16], to[16];
	int y, months;

	if (o->year != NULL) {
		if (wmsj_year_parse(o->year, &y) != 0)
			return cli_usage_error(_("--year needs YYYY, not '%s'"), o->year);
	} else {
		y = atoi(wmsj_today());
	}
	snprintf(from, sizeof from, "%04d-01-01", y % 10000);
	snprintf(to, sizeof to, "%04d-12-31", y % 10000);
	months = y < atoi(wmsj_today()) ? 12 : y > atoi(wmsj_today()) ? 0 : atoi(wmsj_today() + 5);
	out_init(&out, o->c.fmt, o->c.bom, stats_cols, 15);
	for (size_t d = 0; d < o->ndirs; d++) {
		struct table acts;
		struct wmsj_err err;
		const struct wmsj_config *cfg = &dd[d].cfg;
		struct fig_station *fs = xcalloc(cfg->nstations + 1, sizeof *fs);

		if (table_load(&acts, dd[d].dir, ACTIVITY_FILE, activity_cols, &err) != WMSJ_OK ||
		    fig_stations(dd[d].dir, cfg, &dd[d].reg, &acts, from, to, fs, &err) != WMSJ_OK) {
			table_release(&acts);
			free(fs);
			out_release(&out);
			return cli_report(&err);
		}
		for (size_t s = 0; s < cfg->nstations; s++) {
			const struct wmsj_station *stn = &cfg->stations[s];
			const struct fig_station *f = &fs[s];
			size_t mon = 0;
			double part;
			char ys[16], pop[32], vs[32], ps[32], tg[32], as[32], ms[32], apm[32], es[32],
			     rs[32], cs[32], ss[32];
			const char *vals[15];

			if (o->station != NULL && strcmp(stn->code, o->station) != 0)
				continue;
			for (int m = 1; m <= 12; m++)
				mon += (f->months_held >> m) & 1u;
			part = stn->population > 0 ? (double)f->volunteers / (double)stn->population : 0;
			snprintf(ys, sizeof ys, "%d", y);
			snprintf(pop, sizeof pop, "%ld", stn->population);
			snprintf(vs, sizeof vs, "%zu", f->volunteers);
			snprintf(ps, sizeof ps, "%.4f", part);
			snprintf(tg, sizeof tg, "%.4f", cfg->rules.participation_target);
			/* the standard's measures: activities held (wmsj(7)) */
			snprintf(as, sizeof as, "%" PRIu64, f->held);
			snprintf(ms, sizeof ms, "%zu", mon);
			snprintf(apm, sizeof apm, "%.2f", months > 0 ? (double)f->held / months : 0.0);
			i64(es, sizeof es, f->earned);
			i64(rs, sizeof rs, f->redeemed);
			i64(cs, sizeof cs, f->cleared);
			i64(ss, sizeof ss, f->stock);
			vals[0] = ys; vals[1] = stn->code; vals[2] = stn->name; vals[3] = pop; vals[4] = vs;
			vals[5] = ps; vals[6] = tg;
			vals[7] = part + 1e-12 >= cfg->rules.participation_target ? "yes" : "no";
			vals[8] = as; vals[9] = ms; vals[10] = apm; vals[11] = es; vals[12] = rs;
			vals[13] = cs; vals[14] = ss;
			out_row(&out, vals);
		}
		/* The goods on no station's own shelf (the shared exchange
		 * point's, or the institute's): a row of their own, so that
		 * the stock column adds up to the town's. */
		if (o->station == NULL && (cfg->exchange_shared || fs[cfg->nstations].stock != 0)) {
			char ys[16], ss[32];
			const char *vals[15];

			snprintf(ys, sizeof ys, "%d", y);
			i64(ss, sizeof ss, fs[cfg->nstations].stock);
			vals[0] = ys; vals[1] = "";
			vals[2] = cfg->exchange_point ? cfg->exchange_point : cfg->institute;
			vals[3] = "0"; vals[4] = "0"; vals[5] = ""; vals[6] = ""; vals[7] = "";
			vals[8] = "0"; vals[9] = "0"; vals[10] = ""; vals[11] = "0"; vals[12] = "0";
			vals[13] = "0"; vals[14] = ss;
			out_row(&out, vals);
		}
		free(fs);
		table_release(&acts);
	}
	return cli_out_finish(&out);
}

/* ---- certificate -------------------------------------------------------------- */

struct cert_ctx {
	const char *id;
	struct table *acts;
	char ***rows;
	size_t n, cap;
	struct strmap reversed;
};

static int
cert_cb(void *arg, const struct ledger_row *row, struct wmsj_err *err)
{
	struct cert_ctx *c = arg;
	long ai;
	char **r;

	(void)err;
	if (strcmp(row->volunteer, c->id) != 0)
		return WMSJ_OK;
	if (row->kind == LK_REVERSE && row->reverses == LK_AWARD) {
		strmap_put(&c->reversed, row->ref, strlen(row->ref), 1);
		return WMSJ_OK;
	}
	if (row->kind != LK_AWARD)
		return WMSJ_OK;
	ai = table_find(c->acts, AC_ID, row->activity);
	c->rows = xgrow(c->rows, &c->cap, c->n + 1, sizeof *c->rows);
	r = c->rows[c->n++] = xcalloc(9, sizeof *r);
	r[0] = xstrdup(row->date);
	r[1] = xstrdup(ai >= 0 ? c->acts->rows[ai][AC_TITLE] : row->activity);
	r[2] = xstrdup(ai >= 0 ? c->acts->rows[ai][AC_PLATFORM] : "");
	r[3] = xstrdup(ai >= 0 ? c->acts->rows[ai][AC_PLACE] : "");
	r[4] = fmt_hours(row->hours);
	r[5] = fmt_i64(row->points);
	r[6] = xstrdup(row->certifier);
	r[7] = xstrdup(row->supervisor);
	r[8] = xstrdup(row->txn);
	return WMSJ_OK;
}

static int
cmd_certificate(struct opts *o, struct dirdata *dd)
{
	static const char *const head[] = {"日期", "活动", "平台", "地点", "时长（小时）", "积分",
					   "认定人", "监督员"};
	const struct volunteer *v = NULL;
	struct dirdata *d = NULL;
	struct cert_ctx c;
	struct ledger_state st;
	struct ledger_state_opts lo;
	struct table acts;
	struct wmsj_err err;
	enum nfmt fmt = NF_TEXT;
	char buf[2048], today[64], reg[64], hs[32];
	const struct wmsj_station *stn;
	const struct account *a;
	char *idm;
	size_t live = 0;

	if (o->nargs != 1)
		return cli_usage_error(_("certificate needs one KEY"));
	if (o->format != NULL) {
		if (strcmp(o->format, "md") == 0) fmt = NF_MD;
		else if (strcmp(o->format, "html") == 0) fmt = NF_HTML;
		else if (strcmp(o->format, "text") == 0 || strcmp(o->format, "table") == 0) fmt = NF_TEXT;
		else
			return cli_usage_error(_("certificate formats are text, md and html, not '%s'"), o->format);
	}
	for (size_t i = 0; i < o->ndirs && v == NULL; i++)
		if ((v = vreg_find(&dd[i].reg, o->args[0])) != NULL)
			d = &dd[i];
	if (v == NULL) {
		cli_warn(_("unknown volunteer '%s'"), o->args[0]);
		return WMSJ_REFUSED;
	}
	if (table_load(&acts, d->dir, ACTIVITY_FILE, activity_cols, &err) != WMSJ_OK) {
		table_release(&acts);
		return cli_report(&err);
	}
	memset(&c, 0, sizeof c);
	c.id = v->id;
	c.acts = &acts;
	memset(&lo, 0, sizeof lo);
	lo.cb = cert_cb;
	lo.cb_arg = &c;
	lo.flags = LEDGER_ALL_ROWS;
	ledger_state_init(&st);
	if (ledger_state_load(&st, d->dir, &lo, &err) != WMSJ_OK) {
		ledger_state_release(&st);
		table_release(&acts);
		return cli_report(&err);
	}
	/* Drop reversed awards from the record. */
	for (size_t i = 0; i < c.n; i++) {
		if (strmap_get(&c.reversed, c.rows[i][8], strlen(c.rows[i][8]), NULL)) {
			for (int k = 0; k < 9; k++)
				free(c.rows[i][k]);
			free(c.rows[i]);
		} else {
			c.rows[live++] = c.rows[i];
		}
	}
	c.n = live;
	a = ledger_state_account(&st, v->id);
	stn = config_station(&d->cfg, v->station);
	idm = o->reveal ? xstrdup(v->id_number) : mask_idnum(v->id_number);
	wmsj_hours_format(a != NULL ? a->hours : 0, hs);
	cn_date(wmsj_today(), today);
	cn_date(v->registered, reg);
	if (fmt == NF_HTML)
		html_open(stdout, "志愿服务记录证明");
	heading(stdout, fmt, 1, "志愿服务记录证明");
	{
		static const char *const stars_cn[] = {"未评星", "一星", "二星", "三星", "四星", "五星"};
		int lvl = star_level(&d->cfg, a != NULL ? a->hours : 0);
		struct rules_verdict rv;
		char star[160];

		/* The record stands; the star level is a commendation (rules.h). */
		if (commend_today(v, a, &rv) == RW_CLEARED)
			snprintf(star, sizeof star, "暂不评定（%d年积分已清零，%d年1月1日起恢复）",
				 rv.year, rv.year + 1);
		else if (rv.why != RW_OK)
			snprintf(star, sizeof star, "暂不评定（志愿者状态：%s）",
				 wmsj_value_zh("status", v->status) != NULL ?
				 wmsj_value_zh("status", v->status) : v->status);
		else
			snprintf(star, sizeof star, "%s志愿者", stars_cn[lvl]);
		snprintf(buf, sizeof buf,
			 "兹证明 %s（公民身份号码 %s）为%s注册志愿者，志愿者编号 %s，积分卡号 %s，自%s登记以来，"
			 "经认定累计参加志愿服务 %s 小时，累计获得积分 %" PRId64 " 分，现有积分 %" PRId64
			 " 分，星级：%s。",
			 v->name, idm, stn != NULL ? stn->name : v->station, v->id, v->card_no, reg, hs,
			 a != NULL ? a->earned : 0, a != NULL ? a->balance : 0, star);
		para(stdout, fmt, buf);
	}
	heading(stdout, fmt, 2, "志愿服务记录");
	if (c.n == 0)
		para(stdout, fmt, "暂无认定记录。");
	else
		doc_table(stdout, fmt, head, 8, c.rows, c.n);
	para(stdout, fmt, "特此证明。");
	snprintf(buf, sizeof buf, "账本校验码：T%08" PRIu64 ":%s", st.last_seq, st.last_hash);
	para(stdout, fmt, buf);
	if (fmt == NF_HTML) {
		fputs("<p class=\"sign\">", stdout);
		html_esc(stdout, d->cfg.notice.issuer);
		fputs("<br>", stdout);
		html_esc(stdout, today);
		fputs("</p>\n</body>\n</html>\n", stdout);
	} else {
		(fmt == NF_MD ? md_esc : text_esc)(stdout, d->cfg.notice.issuer);
		printf(fmt == NF_MD ? "  \n%s\n" : "\n%s\n", today);
	}
	rows_free(c.rows, c.n, 9);
	strmap_release(&c.reversed);
	free(idm);
	ledger_state_release(&st);
	table_release(&acts);
	return WMSJ_OK;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct dirdata *dd = NULL;
	const char *cmd;
	int c, rc;

	memset(&o, 0, sizeof o);
	cli_init(&o.c, argv[0]);
	o.args = xcalloc((size_t)argc + 1, sizeof *o.args);
	o.dirs = xcalloc((size_t)argc + 1, sizeof *o.dirs);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "-d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 1: o.args[o.nargs++] = optarg; break;
		case 'd': o.dirs[o.ndirs++] = optarg; break;
		case 'h':
			fputs(_(usage_head), stdout);
			fputs(usage_cmds, stdout);
			fputs(_(usage_tail), stdout);
			free(o.args);
			free(o.dirs);
			return wmsj_close_stdout(NULL);
		case OPT_FORMAT: o.format = optarg;
			if (strcmp(optarg, "table") == 0 || strcmp(optarg, "csv") == 0)
				cli_common_option(&o.c, c, optarg);
			else if (strcmp(optarg, "xlsx") == 0)
				o.c.fmt = WMSJ_FMT_XLSX; /* terminal checked below */
			break;
		case O_QUARTER: o.quarter = optarg; break;
		case O_STATION: o.station = optarg; break;
		case O_OUT: o.outdir = optarg; break;
		case O_MONTH: o.month = optarg; break;
		case O_YEAR: o.year = optarg; break;
		case O_BY: o.by = optarg; break;
		case O_TOP: o.top = optarg; break;
		case O_STATIONS: o.stations = 1; break;
		case O_PREVIEW: o.preview = 1; break;
		case O_ALL: o.all = 1; break;
		case O_REVEAL: o.reveal = 1; break;
		case '?':
			free(o.args);
			free(o.dirs);
			return cli_usage_error(_("unknown option or missing argument: '%s'"), argv[optind - 1]);
		default:
			if (cli_common_option(&o.c, c, optarg) < 0) {
				free(o.args);
				free(o.dirs);
				return WMSJ_USAGE;
			}
		}
	}
	if (o.ndirs == 0)
		o.dirs[o.ndirs++] = o.c.data;
	if (o.nargs == 0) {
		free(o.args);
		free(o.dirs);
		return cli_usage_error(_("a command is needed (see --help)"));
	}
	cmd = o.args[0];
	o.args++;
	o.nargs--;
	if (o.format != NULL && strcmp(cmd, "notice") != 0 && strcmp(cmd, "certificate") != 0 &&
	    strcmp(o.format, "table") != 0 && strcmp(o.format, "csv") != 0 &&
	    strcmp(o.format, "xlsx") != 0)
		rc = cli_usage_error(_("unknown format '%s' (use table or csv)"), o.format);
	else if (o.c.fmt == WMSJ_FMT_XLSX && strcmp(cmd, "certificate") == 0)
		rc = cli_usage_error(_("a certificate is text, not a workbook"));
	else if (o.c.fmt == WMSJ_FMT_XLSX && o.outdir == NULL && cli_xlsx_to_terminal())
		rc = WMSJ_USAGE;
	else if (strcmp(cmd, "notice") != 0 && strcmp(cmd, "exchanges") != 0 &&
		 strcmp(cmd, "monthly") != 0 && strcmp(cmd, "ranking") != 0 &&
		 strcmp(cmd, "stars") != 0 && strcmp(cmd, "stats") != 0 &&
		 strcmp(cmd, "certificate") != 0)
		rc = cli_usage_error(_("unknown command '%s'"), cmd);
	else if ((rc = load_dirs(&o, &dd, strcmp(cmd, "notice") != 0 &&
					    strcmp(cmd, "exchanges") != 0)) != WMSJ_OK)
		;
	else if (strcmp(cmd, "notice") == 0)
		rc = cmd_notice(&o, dd);
	else if (strcmp(cmd, "exchanges") == 0)
		rc = cmd_exchanges(&o, dd);
	else if (strcmp(cmd, "monthly") == 0)
		rc = cmd_monthly(&o, dd);
	else if (strcmp(cmd, "ranking") == 0)
		rc = cmd_ranking(&o, dd);
	else if (strcmp(cmd, "stars") == 0)
		rc = cmd_stars(&o, dd);
	else if (strcmp(cmd, "stats") == 0)
		rc = cmd_stats(&o, dd);
	else
		rc = cmd_certificate(&o, dd);
	free_dirs(&o, dd);
	free(o.args - 1);
	free(o.dirs);
	return cli_exit(rc);
}
