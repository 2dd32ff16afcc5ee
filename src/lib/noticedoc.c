/* noticedoc: the quarterly notice and the certificate as documents (text,
 * Markdown, HTML, the notice's CSV and workbook rows).  Everything is
 * written to the FILE * or struct out the caller gives (noticedoc.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "clock.h"
#include "config.h"
#include "i18n.h"
#include "labels.h"
#include "mask.h"
#include "notice.h"
#include "noticedoc.h"
#include "out.h"
#include "qr.h"
#include "util.h"
#include "validate.h"

/* ---- dates in Chinese -------------------------------------------------------- */

void
ndoc_cn_date(const char *iso, char out[64])
{
	int y, m, d;

	if (wmsj_date_parse(iso, &y, &m, &d) != 0) {
		snprintf(out, 64, "%s", iso);
		return;
	}
	xsnprintf(out, 64, "%d年%d月%d日", y, m, d);
}

static void
ndoc_cn_date_plus(const char *iso, long days, char out[64])
{
	int y, m, d;
	char buf[16];

	wmsj_date_parse(iso, &y, &m, &d);
	wmsj_civil_from_days(wmsj_days_from_civil(y, m, d) + days, &y, &m, &d);
	xsnprintf(buf, sizeof buf, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
	ndoc_cn_date(buf, out);
}

/* ---- the notice ---------------------------------------------------------------- */

static void
i64(char *buf, size_t n, int64_t v)
{
	xsnprintf(buf, n, "%" PRId64, v);
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

void
ndoc_html_esc(FILE *f, const char *s)
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
void
ndoc_md_esc(FILE *f, const char *s)
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
void
ndoc_text_esc(FILE *f, const char *s)
{
	char *t = out_tty_text(s);

	fputs(t, f);
	free(t);
}

/* A table printed in one of the document formats. */
void
ndoc_table(FILE *f, enum nfmt fmt, const char *const *head, size_t nc, char ***rows, size_t nr)
{
	if (fmt == NF_HTML) {
		fputs("<table>\n<thead><tr>", f);
		for (size_t c = 0; c < nc; c++) {
			fputs("<th>", f);
			ndoc_html_esc(f, head[c]);
			fputs("</th>", f);
		}
		fputs("</tr></thead>\n<tbody>\n", f);
		for (size_t r = 0; r < nr; r++) {
			fputs("<tr>", f);
			for (size_t c = 0; c < nc; c++) {
				fputs(c >= 2 && rows[r][c][0] != '\0' &&
				      strspn(rows[r][c], "-0123456789.") == strlen(rows[r][c]) ?
				      "<td class=\"n\">" : "<td>", f);
				ndoc_html_esc(f, rows[r][c]);
				fputs("</td>", f);
			}
			fputs("</tr>\n", f);
		}
		fputs("</tbody>\n</table>\n", f);
	} else if (fmt == NF_MD) {
		fputs("|", f);
		for (size_t c = 0; c < nc; c++) {
			fputc(' ', f);
			ndoc_md_esc(f, head[c]);
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
				ndoc_md_esc(f, rows[r][c]);
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

char ***
ndoc_rows_new(size_t nr, size_t nc)
{
	char ***rows = xcalloc(nr + 1, sizeof *rows);

	for (size_t r = 0; r < nr; r++)
		rows[r] = xcalloc(nc, sizeof **rows);
	return rows;
}

void
ndoc_rows_free(char ***rows, size_t nr, size_t nc)
{
	for (size_t r = 0; r < nr; r++) {
		for (size_t c = 0; c < nc; c++)
			free(rows[r][c]);
		free(rows[r]);
	}
	free(rows);
}

char *
ndoc_fmt_i64(int64_t v)
{
	char b[32];

	i64(b, sizeof b, v);
	return xstrdup(b);
}

char *
ndoc_fmt_hours(int64_t v)
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
void
ndoc_html_open(FILE *f, const char *title)
{
	fputs(html_head, f);
	ndoc_html_esc(f, title);
	fputs(html_style, f);
}

/* A part of a title that is never broken across lines. */
static void
html_unit(FILE *f, const char *text)
{
	fputs("<span class=\"u\">", f);
	ndoc_html_esc(f, text);
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

void
ndoc_para(FILE *f, enum nfmt fmt, const char *text)
{
	if (fmt == NF_HTML) {
		fputs("<p>", f);
		ndoc_html_esc(f, text);
		fputs("</p>\n", f);
	} else {
		(fmt == NF_MD ? ndoc_md_esc : ndoc_text_esc)(f, text);
		fputs("\n\n", f);
	}
}

void
ndoc_heading(FILE *f, enum nfmt fmt, int level, const char *text)
{
	if (fmt == NF_HTML) {
		fprintf(f, "<h%d>", level);
		ndoc_html_esc(f, text);
		fprintf(f, "</h%d>\n", level);
	} else if (fmt == NF_MD) {
		fprintf(f, "%s ", level == 1 ? "#" : "##");
		ndoc_md_esc(f, text);
		fputs("\n\n", f);
	} else {
		ndoc_text_esc(f, text);
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
		ndoc_heading(f, fmt, 1, title);
	}
	ndoc_cn_date(set->from, d1);
	ndoc_cn_date(set->to, d2);
	snprintf(buf, sizeof buf,
		 "根据《新时代文明实践志愿服务积分管理办法》，现将%s%s（%s至%s）志愿服务积分认定、兑换及清零情况公示如下，接受群众监督。",
		 n->station->name, q, d1, d2);
	ndoc_para(f, fmt, buf);
	if (set->preview[0] != '\0') {
		/* A quarter not over: on its face, never taken for the notice. */
		ndoc_cn_date(set->preview, d1);
		snprintf(buf, sizeof buf,
			 "【预览】本表为截至%s的数字，%s尚未结束，不是正式公示；以季度结束后发布的公示为准。",
			 d1, q);
		ndoc_para(f, fmt, buf);
	}
	ndoc_heading(f, fmt, 2, "一、志愿者积分情况");
	rows = ndoc_rows_new(n->nlines, 8);
	for (size_t i = 0; i < n->nlines; i++) {
		const struct notice_line *l = &n->lines[i];
		xsnprintf(buf, sizeof buf, "%zu", i + 1);
		rows[i][0] = xstrdup(buf);
		rows[i][1] = mask_name(l->v->name);
		rows[i][2] = mask_card(l->v->card_no);
		rows[i][3] = ndoc_fmt_i64(l->earned);
		rows[i][4] = ndoc_fmt_i64(l->redeemed);
		rows[i][5] = ndoc_fmt_i64(l->cleared);
		rows[i][6] = ndoc_fmt_i64(l->balance);
		rows[i][7] = ndoc_fmt_hours(l->hours);
	}
	ndoc_table(f, fmt, head, 8, rows, n->nlines);
	ndoc_rows_free(rows, n->nlines, 8);
	ndoc_heading(f, fmt, 2, "二、积分兑换台账");
	if (n->station->exchange_point != NULL) {
		snprintf(buf, sizeof buf, "积分兑换点：%s", n->station->exchange_point);
		ndoc_para(f, fmt, buf);
	}
	if (n->nex == 0) {
		ndoc_para(f, fmt, "本季度无积分兑换。");
	} else {
		rows = ndoc_rows_new(n->nex, 6);
		for (size_t i = 0; i < n->nex; i++) {
			const struct notice_exchange *e = &n->ex[i];
			const struct wmsj_goods *g = config_goods(cfg, e->item);
			rows[i][0] = xstrdup(e->date);
			rows[i][1] = e->v != NULL ? mask_name(e->v->name) : xstrdup("");
			rows[i][2] = e->v != NULL ? mask_card(e->v->card_no) : xstrdup("");
			rows[i][3] = xstrdup(g != NULL ? g->name : e->item);
			rows[i][4] = ndoc_fmt_i64(e->qty);
			rows[i][5] = ndoc_fmt_i64(e->points);
		}
		ndoc_table(f, fmt, exhead, 6, rows, n->nex);
		ndoc_rows_free(rows, n->nex, 6);
	}
	ndoc_heading(f, fmt, 2, "三、本站合计");
	{
		char h[32];
		wmsj_hours_format(n->hours, h);
		snprintf(buf, sizeof buf,
			 "公示志愿者 %zu 人；本季获得积分 %" PRId64 " 分，兑换 %" PRId64 " 分，清零 %" PRId64
			 " 分；季末积分余额合计 %" PRId64 " 分；志愿服务时长 %s 小时；兑换物品 %" PRId64
			 " 件。",
			 n->nlines, n->earned, n->redeemed, n->cleared, n->balance, h, n->ex_qty);
		ndoc_para(f, fmt, buf);
	}
	if (fmt == NF_HTML)
		fputs("<div class=\"close\">\n", f);
	ndoc_heading(f, fmt, 2, "四、公示期与监督");
	ndoc_cn_date(wmsj_today(), d1);
	ndoc_cn_date_plus(wmsj_today(), cfg->notice.publicity_days - 1, d2);
	if (set->preview[0] != '\0')
		xsnprintf(buf, sizeof buf, "本表为预览，不设公示期。");
	else
		snprintf(buf, sizeof buf, "公示期：%s至%s（%ld天）。如有异议，请在公示期内向监督员反映。",
			 d1, d2, cfg->notice.publicity_days);
	ndoc_para(f, fmt, buf);
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
	ndoc_para(f, fmt, buf);
	sb_release(&sb);
	if (cfg->notice.contact != NULL) {
		snprintf(buf, sizeof buf, "联系方式：%s", cfg->notice.contact);
		ndoc_para(f, fmt, buf);
	}
	snprintf(buf, sizeof buf, "账本校验码：%s（可用 wmsj-audit notice 核对本公示与积分账本是否一致）",
		 set->seal);
	if (fmt == NF_HTML) {
		/* The seal in a QR code, so that a supervisor can scan the paper
		 * and compare; the seal itself never splits across lines. */
		fputs("<div class=\"verify\">", f);
		html_qr(f, set->seal);
		fputs("<p class=\"seal\">账本校验码：<span class=\"sv\">", f);
		ndoc_html_esc(f, set->seal);
		fputs("</span><br>扫描左侧二维码可读出校验码；可用 wmsj-audit notice "
		      "核对本公示与积分账本是否一致。</p></div>\n", f);
	} else {
		ndoc_para(f, fmt, buf);
	}
	snprintf(buf, sizeof buf, "%s", cfg->notice.issuer);
	if (fmt == NF_HTML) {
		/* Room above the issuer and the date for the stamp (盖章). */
		fputs("<div class=\"sign\"><p>", f);
		ndoc_html_esc(f, buf);
		fputs("</p><p class=\"stamp\">（盖章）</p><p>", f);
		ndoc_html_esc(f, d1);
		fputs("</p></div>\n</div>\n</div>\n", f);
	} else {
		(fmt == NF_MD ? ndoc_md_esc : ndoc_text_esc)(f, buf);
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
	xsnprintf(x->q, sizeof x->q, "%dQ%d", set->year, set->quarter);
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
void
noticedoc_rows(struct out *out, const struct notice_set *set, const struct notice **list, size_t nl)
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

int
noticedoc_render(FILE *f, enum nfmt fmt, int bom, const struct wmsj_config *cfg,
		 const struct notice_set *set, const struct notice **list, size_t nl, int *csv_header)
{
	char title[512];

	if (fmt == NF_CSV) {
		for (size_t i = 0; i < nl; i++) {
			render_csv(f, set, list[i], bom, *csv_header);
			*csv_header = 0;
		}
		return WMSJ_OK;
	}
	if (fmt == NF_HTML) {
		notice_title(list[0], set, title, sizeof title);
		ndoc_html_open(f, title);
	}
	for (size_t i = 0; i < nl; i++)
		render_doc(f, fmt, cfg, set, list[i]);
	if (fmt == NF_HTML)
		fputs("</body>\n</html>\n", f);
	return WMSJ_OK;
}

/* ---- the certificate ----------------------------------------------------------- */

void
certdoc_render(FILE *f, enum nfmt fmt, const struct certdoc *c)
{
	static const char *const head[] = {"日期", "活动", "平台", "地点", "时长（小时）", "积分",
					   "认定人", "监督员"};
	static const char *const stars_cn[] = {"未评星", "一星", "二星", "三星", "四星", "五星"};
	const struct volunteer *v = c->v;
	char buf[2048], today[64], reg[64], hs[32], star[160];

	wmsj_hours_format(c->hours, hs);
	ndoc_cn_date(wmsj_today(), today);
	ndoc_cn_date(v->registered, reg);
	if (fmt == NF_HTML)
		ndoc_html_open(f, "志愿服务记录证明");
	ndoc_heading(f, fmt, 1, "志愿服务记录证明");
	/* The record stands; the star level is a commendation (rules.h). */
	if (c->star->why.why == RW_CLEARED)
		xsnprintf(star, sizeof star, "暂不评定（%d年积分已清零，%d年1月1日起恢复）",
			  c->star->why.year, c->star->why.year + 1);
	else if (c->star->why.why != RW_OK)
		snprintf(star, sizeof star, "暂不评定（志愿者状态：%s）",
			 wmsj_value_zh("status", v->status) != NULL ?
			 wmsj_value_zh("status", v->status) : v->status);
	else
		snprintf(star, sizeof star, "%s志愿者", stars_cn[c->star->level]);
	snprintf(buf, sizeof buf,
		 "兹证明 %s（公民身份号码 %s）为%s注册志愿者，志愿者编号 %s，积分卡号 %s，自%s登记以来，"
		 "经认定累计参加志愿服务 %s 小时，累计获得积分 %" PRId64 " 分，现有积分 %" PRId64
		 " 分，星级：%s。",
		 v->name, c->id_shown, c->station_name, v->id, v->card_no, reg, hs, c->earned,
		 c->balance, star);
	ndoc_para(f, fmt, buf);
	ndoc_heading(f, fmt, 2, "志愿服务记录");
	if (c->nrows == 0)
		ndoc_para(f, fmt, "暂无认定记录。");
	else
		ndoc_table(f, fmt, head, 8, c->rows, c->nrows);
	ndoc_para(f, fmt, "特此证明。");
	snprintf(buf, sizeof buf, "账本校验码：%s", c->seal);
	ndoc_para(f, fmt, buf);
	if (fmt == NF_HTML) {
		fputs("<p class=\"sign\">", f);
		ndoc_html_esc(f, c->issuer);
		fputs("<br>", f);
		ndoc_html_esc(f, today);
		fputs("</p>\n</body>\n</html>\n", f);
	} else {
		(fmt == NF_MD ? ndoc_md_esc : ndoc_text_esc)(f, c->issuer);
		fprintf(f, fmt == NF_MD ? "  \n%s\n" : "\n%s\n", today);
	}
}

int
noticedoc_file(enum nfmt fmt, int bom, const struct wmsj_config *cfg,
	       const struct notice_set *set, const struct notice *n, size_t ncols, char **buf,
	       size_t *len, struct wmsj_err *err)
{
	FILE *mem;
	struct out xo;
	int hdr = 1, rc = WMSJ_OK;

	*buf = NULL;
	*len = 0;
	if ((mem = open_memstream(buf, len)) == NULL)
		return wmsj_err_sys(err, errno, _("out of memory"));
	if (fmt == NF_XLSX) {
		out_init(&xo, WMSJ_FMT_XLSX, 0, notice_csv_cols, ncols);
		xo.fp = mem;
		noticedoc_rows(&xo, set, &n, 1);
		rc = out_finish(&xo, err);
	} else {
		noticedoc_render(mem, fmt, bom, cfg, set, &n, 1, &hdr);
	}
	fclose(mem);
	return rc;
}

void
noticedoc_filename(char *name, size_t size, int y, int q, const char *code, int preview,
		   enum nfmt fmt)
{
	const char *ext = fmt == NF_CSV ? "csv" : fmt == NF_MD ? "md" : fmt == NF_HTML ? "html" :
			  fmt == NF_XLSX ? "xlsx" : "txt";

	snprintf(name, size, "%dQ%d-%s%s.%s", y, q, code, preview ? "-preview" : "", ext);
}
