/* QR codes as SVG: see qr.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "i18n.h"
#include "qr.h"

#define QUIET 4

int
qr_svg(struct sb *sb, const char *text, const char *attrs, struct wmsj_err *err)
{
	QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	int w, m;

	if (q == NULL) {
		if (errno == ENOMEM)
			return wmsj_err_set(err, WMSJ_SYSERR, _("out of memory"));
		return wmsj_err_set(err, WMSJ_REFUSED, _("too long for a QR code: '%.40s...'"), text);
	}
	w = q->width;
	m = w + 2 * QUIET;
	sb_addf(sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		"shape-rendering=\"crispEdges\"%s%s>", m, m, attrs != NULL ? " " : "",
		attrs != NULL ? attrs : "");
	sb_addf(sb, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"", m, m);
	for (int y = 0; y < w; y++) {
		for (int x = 0; x < w; x++) {
			int run = 0;

			while (x + run < w && (q->data[y * w + x + run] & 1))
				run++;
			if (run > 0) {
				sb_addf(sb, "M%d %dh%dv1h-%dz", x + QUIET, y + QUIET, run, run);
				x += run;
			}
		}
	}
	sb_adds(sb, "\"/></svg>");
	QRcode_free(q);
	return WMSJ_OK;
}
