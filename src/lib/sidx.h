/* A sorted index file beside the data: keys -> a slice of payload, each
 * part checked before it is believed, read through mmap.  The shared format
 * of the derived indexes (ledger_index.h, vindex.h): files that only make
 * commands faster, rebuildable from the registers, optional, and never
 * trusted beyond what their digests and their binding say.
 *
 * Format (host byte order; the endian marker refuses a file from another
 * kind of machine):
 *   head      512 bytes: magic "wmsj-sidx,1\n", kind (NUL-padded 16 bytes),
 *             endian marker, number of entries, pages, entries per page,
 *             payload length, payload element size, and the binding (a
 *             NUL-terminated text of at most SIDX_BIND_MAX bytes: what the
 *             file was built from, checked by its owner)
 *   pages     npages x { first key (32 bytes), SHA-256 of the page's entries }
 *   digest    SHA-256 of head and pages
 *   entries   nent x { key (32 bytes), payload offset, count, the first 16
 *             bytes of SHA-256(key, payload slice) }, sorted by key (memcmp),
 *             no key twice; SIDX_PAGE entries per page
 *   payload   the slices, count x element size bytes each
 * A lookup checks the head's digest, the one page it searches and the one
 * slice it returns: its cost grows with the slice, not with the file.
 * Keys are 32 bytes: a short text NUL-padded (sidx_key_text) or a digest
 * (sidx_key_hash, for keys that are personal data). */
#ifndef WMSJ_SIDX_H
#define WMSJ_SIDX_H

#include <stddef.h>
#include <stdint.h>
#include "err.h"
#include "sb.h"

#define SIDX_KEY 32
#define SIDX_PAGE 64
#define SIDX_BIND_MAX 255

struct sidx {
	const unsigned char *map;
	size_t len;
	int mapped;             /* map is ours (munmap at sidx_close) */
	uint64_t nent, npages, elem, payload_len;
	char bind[SIDX_BIND_MAX + 1];
	const unsigned char *pages, *ents, *payload;
};

/* A text key (at most 31 bytes; -1 when longer), NUL-padded. */
int sidx_key_text(unsigned char key[SIDX_KEY], const char *s, size_t n);
/* A key that is a digest of (tag, s): for ID numbers and the like. */
void sidx_key_hash(unsigned char key[SIDX_KEY], const char *tag, const char *s, size_t n);

/* Map DIR/NAME and check its head: magic, kind, endian marker, element
 * size, sizes consistent with the file's length, head digest.  0, or -1
 * (missing, unreadable, a link, damaged, another kind: not an index). */
int sidx_open(struct sidx *x, const char *dir, const char *name, const char *kind, size_t elem);
/* The same checks over a caller's bytes (kept until sidx_close): for the
 * fuzzer and the tests. */
int sidx_open_mem(struct sidx *x, const void *buf, size_t len, const char *kind, size_t elem);
void sidx_close(struct sidx *x);
/* Look key up: 1 and its slice (checked) in *payload, *n elements; 0 when
 * the key is not in the (checked) page where it would be; -1 when a page
 * or the slice does not match its digest. */
int sidx_find(const struct sidx *x, const unsigned char key[SIDX_KEY], const void **payload,
	      uint64_t *n);
/* Entry i (0 <= i < nent), its page's and its slice's digests checked on
 * the way (for a rebuild that reads every entry in order): 0 or -1. */
int sidx_entry(const struct sidx *x, uint64_t i, const unsigned char **key,
	       const void **payload, uint64_t *n);

/* What an index of a chained file covers (its binding, as text
 * "SIZE,OFF,SEQ,HASH"): the first SIZE bytes, whose last line starts at OFF
 * and is sequence SEQ with hash HASH.  The ledger's and the history's
 * indexes check that line before they believe the rest. */
struct sidx_cover {
	uint64_t size, off, seq;
	char hash[65];
};
void sidx_cover_text(const struct sidx_cover *c, char out[SIDX_BIND_MAX + 1]);
/* 0, or -1 when s is not such a text (a sequence 0, OFF not before SIZE). */
int sidx_cover_parse(const char *s, struct sidx_cover *c);

/* ---- writing ---------------------------------------------------------- */
struct sidx_build {
	char kind[16];
	size_t elem;
	struct sb ents, payload;
	uint64_t nent;
	unsigned char last[SIDX_KEY];
};
void sidx_build_init(struct sidx_build *b, const char *kind, size_t elem);
/* Add key with n elements of payload; keys must come in ascending order
 * (-1 otherwise, nothing added). */
int sidx_build_add(struct sidx_build *b, const unsigned char key[SIDX_KEY], const void *payload,
		   uint64_t n);
/* Write the file atomically (fsio_rewrite_aside: 0600, beside the data,
 * not a commit of the command's), only into a directory the user may
 * write (fsio_check_dir: never another user's, even as root).  bind: at most SIDX_BIND_MAX bytes. */
int sidx_build_write(struct sidx_build *b, const char *dir, const char *name, const char *bind,
		     struct wmsj_err *err);
/* The file's bytes (malloc'ed, *len), NULL when bind is too long: what
 * sidx_build_write writes, for a comparison with a file there. */
unsigned char *sidx_build_bytes(const struct sidx_build *b, const char *bind, size_t *len);
void sidx_build_release(struct sidx_build *b);

#endif
