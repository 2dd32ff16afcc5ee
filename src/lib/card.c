/* The points card sheet: see card.h. */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "card.h"
#include "out.h"
#include "qr.h"

#define PAGE_W 210.0
#define PAGE_H 297.0
#define CARD_W 85.6
#define CARD_H 54.0
#define GUTTER 8.0
#define COLS 2
#define ROWS 4
#define MARK_GAP 1.5   /* cut marks start this far from the corner */
#define MARK_LEN 2.5

static const char fonts[] =
	"text { font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"WenQuanYi Zen Hei\","
	" \"Microsoft YaHei\", \"SimHei\", sans-serif; }\n"
	"text.no { font-family: \"Noto Sans Mono CJK SC\", \"DejaVu Sans Mono\", \"Consolas\","
	" monospace; }\n";

static void
xml_esc(struct sb *sb, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': sb_adds(sb, "&lt;"); break;
		case '>': sb_adds(sb, "&gt;"); break;
		case '&': sb_adds(sb, "&amp;"); break;
		case '"': sb_adds(sb, "&quot;"); break;
		default:
			if ((unsigned char)*s >= 0x20)
				sb_addc(sb, *s);
		}
	}
}

/* A font size (mm) at most max that fits s into width mm: a display cell
 * (half a CJK character) is taken as 0.55 of the size. */
static double
fit(const char *s, double max, double width)
{
	size_t dw = wmsj_display_width(s);
	double fs = max;

	if (dw > 0 && (double)dw * 0.55 * fs > width)
		fs = width / ((double)dw * 0.55);
	return fs;
}

static void
text(struct sb *sb, double x, double y, double size, const char *anchor, const char *cls,
     const char *fill, int bold, const char *s)
{
	sb_addf(sb, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.2f\"", x, y, size);
	if (anchor != NULL)
		sb_addf(sb, " text-anchor=\"%s\"", anchor);
	if (cls != NULL)
		sb_addf(sb, " class=\"%s\"", cls);
	if (fill != NULL)
		sb_addf(sb, " fill=\"%s\"", fill);
	if (bold)
		sb_adds(sb, " font-weight=\"bold\"");
	sb_addc(sb, '>');
	xml_esc(sb, s);
	sb_adds(sb, "</text>");
}

static void
marks(struct sb *sb, double x, double y)
{
	static const double cx[4] = {0, CARD_W, 0, CARD_W}, cy[4] = {0, 0, CARD_H, CARD_H};

	sb_adds(sb, "<path stroke=\"#000\" stroke-width=\"0.15\" fill=\"none\" d=\"");
	for (int k = 0; k < 4; k++) {
		double px = x + cx[k], py = y + cy[k];
		double hx = cx[k] == 0 ? -1 : 1, vy = cy[k] == 0 ? -1 : 1;

		sb_addf(sb, "M%.2f %.2fh%.2f", px + hx * MARK_GAP, py, hx * MARK_LEN);
		sb_addf(sb, "M%.2f %.2fv%.2f", px, py + vy * MARK_GAP, vy * MARK_LEN);
	}
	sb_adds(sb, "\"/>\n");
}

static int
card(struct sb *sb, const struct card_face *c, double x, double y, struct wmsj_err *err)
{
	char attrs[128];

	sb_addf(sb, "<g transform=\"translate(%.2f %.2f)\">\n", x, y);
	sb_addf(sb, "<rect width=\"%.1f\" height=\"%.1f\" fill=\"#fff\" stroke=\"#bbb\" "
		"stroke-width=\"0.2\"/>", CARD_W, CARD_H);
	sb_addf(sb, "<rect width=\"%.1f\" height=\"10\" fill=\"#b3262b\"/>", CARD_W);
	text(sb, CARD_W / 2, 6.6, 4.2, "middle", NULL, "#fff", 1, "新时代文明实践志愿服务积分管理卡");
	text(sb, 5, 17.5, 2.6, NULL, NULL, "#555", 0, "姓名");
	text(sb, 5, 25, fit(c->name, 6.5, 47), NULL, NULL, "#000", 1, c->name);
	text(sb, 5, 31.5, 2.6, NULL, NULL, "#555", 0, "所属站点");
	text(sb, 5, 36.5, fit(c->station, 3.4, 47), NULL, NULL, "#000", 0, c->station);
	text(sb, 5, 43, 2.6, NULL, NULL, "#555", 0, "积分卡号");
	text(sb, 5, 48.5, fit(c->card_no, 3.8, 47), NULL, "no", "#000", 1, c->card_no);
	xsnprintf(attrs, sizeof attrs, "x=\"56\" y=\"12.5\" width=\"26\" height=\"26\"");
	if (qr_svg(sb, c->card_no, attrs, err) != WMSJ_OK)
		return err->status;
	text(sb, 69, 41.5, 2.1, "middle", NULL, "#555", 0, "兑换时出示本卡");
	text(sb, 69, 46.5, fit(c->issuer, 2.4, 28), "middle", NULL, "#000", 0, c->issuer);
	text(sb, 69, 50.5, 2.1, "middle", NULL, "#555", 0, "遗失请到站点挂失补办");
	sb_adds(sb, "\n</g>\n");
	return WMSJ_OK;
}

static int
page(struct sb *sb, const struct card_face *c, size_t n, size_t p, size_t pages,
     struct wmsj_err *err)
{
	double left = (PAGE_W - (COLS * CARD_W + (COLS - 1) * GUTTER)) / 2;
	double top = (PAGE_H - (ROWS * CARD_H + (ROWS - 1) * GUTTER)) / 2;
	char head[128];

	xsnprintf(head, sizeof head, "积分管理卡　第 %zu/%zu 页　沿角线裁下", p + 1, pages);
	text(sb, PAGE_W / 2, top - 10, 3, "middle", NULL, "#777", 0, head);
	sb_addc(sb, '\n');
	for (size_t i = 0; i < CARD_PER_PAGE && p * CARD_PER_PAGE + i < n; i++) {
		double x = left + (double)(i % COLS) * (CARD_W + GUTTER);
		double y = top + (double)(i / COLS) * (CARD_H + GUTTER);

		marks(sb, x, y);
		if (card(sb, &c[p * CARD_PER_PAGE + i], x, y, err) != WMSJ_OK)
			return err->status;
	}
	return WMSJ_OK;
}

int
card_sheet(struct sb *sb, const struct card_face *c, size_t n, enum card_doc doc,
	   struct wmsj_err *err)
{
	size_t pages = n == 0 ? 1 : (n + CARD_PER_PAGE - 1) / CARD_PER_PAGE;

	if (doc == CARD_HTML) {
		sb_adds(sb, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
			"<title>积分管理卡</title>\n<style>\n"
			"@page { size: A4; margin: 0; }\n"
			"html, body { margin: 0; padding: 0; background: #fff; }\n"
			"svg.page { display: block; width: 210mm; height: 297mm;"
			" break-after: page; page-break-after: always; }\n"
			"svg.page:last-child { break-after: auto; page-break-after: auto; }\n");
		sb_adds(sb, fonts);
		sb_adds(sb, "</style>\n</head>\n<body>\n");
		for (size_t p = 0; p < pages; p++) {
			sb_adds(sb, "<svg class=\"page\" xmlns=\"http://www.w3.org/2000/svg\" "
				"width=\"210mm\" height=\"297mm\" viewBox=\"0 0 210 297\">\n");
			if (page(sb, c, n, p, pages, err) != WMSJ_OK)
				return err->status;
			sb_adds(sb, "</svg>\n");
		}
		sb_adds(sb, "</body>\n</html>\n");
		return WMSJ_OK;
	}
	sb_addf(sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"210mm\" height=\"%gmm\" "
		"viewBox=\"0 0 210 %g\">\n<title>积分管理卡</title>\n<style>\n%s</style>\n"
		"<rect width=\"210\" height=\"%g\" fill=\"#fff\"/>\n",
		PAGE_H * (double)pages, PAGE_H * (double)pages, fonts, PAGE_H * (double)pages);
	for (size_t p = 0; p < pages; p++) {
		sb_addf(sb, "<g transform=\"translate(0 %g)\">\n", PAGE_H * (double)p);
		if (p > 0)
			sb_adds(sb, "<path stroke=\"#ccc\" stroke-width=\"0.2\" stroke-dasharray=\"2 2\" d=\"M0 0h210\"/>\n");
		if (page(sb, c, n, p, pages, err) != WMSJ_OK)
			return err->status;
		sb_adds(sb, "</g>\n");
	}
	sb_adds(sb, "</svg>\n");
	return WMSJ_OK;
}

void
card_face_of(struct card_face *f, const struct wmsj_config *cfg, const struct volunteer *v)
{
	const struct wmsj_station *st = config_station(cfg, v->station);

	f->name = v->name;
	f->card_no = v->card_no;
	f->station = st != NULL ? st->name : v->station;
	f->issuer = cfg->institute;
}
