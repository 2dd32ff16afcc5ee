/* QR codes (libqrencode) drawn as SVG: the points card's card number, the
 * notice's ledger seal.  Error correction level M (15%: a card in a pocket,
 * a notice behind glass), 8-bit mode, a quiet zone of four modules. */
#ifndef WMSJ_QR_H
#define WMSJ_QR_H

#include "err.h"
#include "util.h"

/* Append to sb an <svg> element holding the QR code of text: viewBox in
 * modules (quiet zone included), dark modules as one path, a white
 * background, crisp edges.  attrs (may be NULL) is copied into the element
 * as is, for its size and place ("x=\"55\" y=\"14\" width=\"26\" height=\"26\"").
 * WMSJ_REFUSED when text is too long for a QR code (more than ~2300 bytes). */
int qr_svg(struct sb *sb, const char *text, const char *attrs, struct wmsj_err *err);

#endif
