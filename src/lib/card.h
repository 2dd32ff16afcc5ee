/* The points card (积分管理卡, seed 002: the institute makes the cards) on
 * A4 sheets for a desk printer: eight ID-1 cards (85.6 x 54 mm) a page, two
 * across and four down, 8 mm gutters with cut marks at every corner.  A card
 * shows the holder's full name (it is the holder's own card, like a bank
 * card; masking is for what is posted in public), the station, the card
 * number in print and as a QR code (qr.h) for the exchange day's scanner,
 * and the issuing institute. */
#ifndef WMSJ_CARD_H
#define WMSJ_CARD_H

#include <stddef.h>
#include "config.h"
#include "err.h"
#include "util.h"
#include "volunteer.h"

struct card_face {
	const char *name;     /* the holder's full name */
	const char *card_no;  /* the current card number */
	const char *station;  /* the station's name */
	const char *issuer;   /* the institute */
};

/* v's card face: its name and card number, its station's name (cfg; the
 * code when the station is not configured), the institute.  Borrows from
 * v and cfg. */
void card_face_of(struct card_face *f, const struct wmsj_config *cfg, const struct volunteer *v);

enum card_doc {
	CARD_HTML,  /* an html document, one A4 page per <svg>, to print from a browser */
	CARD_SVG    /* one SVG document, the A4 pages one below the other */
};

#define CARD_PER_PAGE 8

/* Append the sheets for n cards to sb.  n may be 0 (one empty page). */
int card_sheet(struct sb *sb, const struct card_face *c, size_t n, enum card_doc doc,
	       struct wmsj_err *err);

#endif
