/* Masking personal data for public outputs (notices, exchange ledgers, lists
 * without --reveal).  All functions take UTF-8 and return a malloc'ed string.
 *
 *   name:   张三 → 张*   王小国 → 王*国   欧阳小华 → 欧阳*华 (known compound
 *           surnames keep both characters)   阿依古丽·买买提 → 阿*丽·买*提
 *           (each part around a separator · • ． ・ . or space is masked on
 *           its own; Latin words keep their first letter: John → J***).
 *           No full given name ever shows: a part of one character shows
 *           only as the leading surname or initial of a longer name
 *           (李·四 → 李·*, W X → W *), a name of one character is "*".
 *           Whatever the register holds (names from before the rules of
 *           wmsj_name_normalize): control, format and direction characters
 *           and bytes that are not UTF-8 are dropped, spaces trimmed and
 *           collapsed, and a space between Chinese characters ignored
 *           (王 明 → 王*).
 *   id:     first 6 and last 4 kept: 610724********1234
 *   phone:  138****5678
 *   card:   the station part (up to the last -) kept, the rest '*': a
 *           card number alone redeems points, and the rest (random digits
 *           and a check digit, cardno.h, or a legacy running serial) would
 *           give it away or narrow a guess: 610724109001-**********
 *           (without a -, the first 2 characters of a longer number kept)
 */
#ifndef WMSJ_MASK_H
#define WMSJ_MASK_H

char *mask_name(const char *name);
char *mask_idnum(const char *id);
char *mask_phone(const char *phone);
char *mask_card(const char *card);

/* Mask in place, in a message or any text meant for people, every number
 * that looks like an ID number or a phone, however it got there (a value
 * read from a file, a column swapped by mistake): a run of 18 digits, or 17
 * and X, or the retired 15 digits, standing alone (no letter or digit on
 * either side) keeps its first 6 and last 4 characters
 * (440524********0014); a mainland mobile number, 11 digits 1[3-9]... alone,
 * also with a leading 86 or spaces or dashes between the digits, keeps its
 * first 3 and last 4 digits (138****5679).  The length never changes.  Card
 * numbers, station codes, volunteer ids, dates and hashes do not match. */
void mask_personal_text(char *s);

#endif
