/* Card numbers: their forms, the check digit, and drawing a new one.
 *
 * A card number alone redeems points, so a new card carries no running
 * serial (issue 11):
 *
 *   new     STATION-RRRRRRRRRC   the station code, '-', 9 random digits and
 *           one check digit, e.g. 610724109001-3058294711.  The check digit
 *           is Damm's (an order-10 totally anti-symmetric quasigroup) over
 *           every digit before it, the station's included: it catches every
 *           single-digit error and every transposition of two adjacent
 *           digits (also across the '-'), with one digit and no letter (a
 *           scanner and a keypad type digits only).  A mistyped or guessed
 *           number is refused before any lookup (cardno_typed).
 *   legacy  STATION-NNNNNN       the station code, '-' and a 6-digit running
 *           serial: issued before, still valid until reissued; no check digit.
 *
 * The station part is one or more digits (wmsj.yaml's codes are 12); the
 * lengths after the '-' (10 and 6) tell the forms apart.
 *
 * The random digits come from the system's generator (libcrypto RAND_bytes)
 * by rejection sampling: a 32-bit draw at or above 4 000 000 000 is drawn
 * again, the rest taken modulo 10^9, so every 9 digits are equally likely.
 * Whether a number is new to the register and the ledger is the caller's
 * question (vreg_next_card draws again on a collision). */
#ifndef WMSJ_CARDNO_H
#define WMSJ_CARDNO_H

#include <stddef.h>
#include "err.h"

#define CARDNO_MAX 64          /* bytes for a card number and its NUL */
#define CARDNO_RANDOM 9        /* random digits of the new form */

enum cardno_form {
	CARDNO_OTHER = 0,   /* neither form: not a card number as issued */
	CARDNO_LEGACY,      /* STATION-NNNNNN */
	CARDNO_NEW          /* STATION-RRRRRRRRRC (check digit not looked at) */
};

int cardno_form(const char *s);

/* Damm's interim digit over the digits of s (anything else is skipped): the
 * check digit to append to s, or 0 when s already ends in a right one. */
int cardno_damm(const char *s);

/* 1 for a number of the new form whose check digit is right. */
int cardno_valid(const char *s);

/* What a clerk typed or a scanner read where a card number is expected
 * (redeem --card, the exchange day's lines, a volunteer KEY): WMSJ_REFUSED,
 * with a message naming the number, for the new form with a wrong check
 * digit; WMSJ_OK for anything else (a legacy number, an id, an ID number
 * are left to the lookup). */
int cardno_typed(const char *s, struct wmsj_err *err);

/* Draw a new-form number for station (digits only, at most 40) into out.
 * WMSJ_SYSERR when the system's generator fails, WMSJ_USAGE for a station
 * that is not digits; out is then empty. */
int cardno_draw(const char *station, char out[CARDNO_MAX], struct wmsj_err *err);

/* Make the draws of this process a fixed sequence from seed (NULL: back to
 * the system's generator), and restart that sequence.  For the unit tests;
 * a test build's cli_init (TESTING=1) sets it from $WMSJ_CARD_SEED, an
 * installed tool never does.  With a seed, every process draws the same
 * numbers in the same order: a second process skips the first one's as
 * collisions (vreg_next_card), so the cards are the same in every run. */
void cardno_seed(const char *seed);

#endif
