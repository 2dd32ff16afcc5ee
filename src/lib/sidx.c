/* A sorted index file with digests per page and per slice.  See sidx.h. */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <fcntl.h>
#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsio.h"
#include "sha.h"
#include "sidx.h"
#include "util.h"

#define MAGIC "wmsj-sidx,1\n"
#define ENDIAN UINT64_C(0x0102030405060708)
#define HEAD 512
#define PAGE_REC (SIDX_KEY + 32)
#define ENT_REC (SIDX_KEY + 8 + 8 + 16)

/* The head: magic[16] kind[16] endian nent npages per_page payload_len elem
 * bind[SIDX_BIND_MAX + 1], zero-padded to HEAD bytes. */
enum { O_KIND = 16, O_ENDIAN = 32, O_NENT = 40, O_NPAGES = 48, O_PER = 56, O_PLEN = 64,
       O_ELEM = 72, O_BIND = 80 };

static uint64_t
get64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static void
put64(unsigned char *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

int
sidx_key_text(unsigned char key[SIDX_KEY], const char *s, size_t n)
{
	if (n >= SIDX_KEY)
		return -1;
	memset(key, 0, SIDX_KEY);
	memcpy(key, s, n);
	return 0;
}

void
sidx_key_hash(unsigned char key[SIDX_KEY], const char *tag, const char *s, size_t n)
{
	SHA256_CTX c;

	SHA256_Init(&c);
	SHA256_Update(&c, tag, strlen(tag) + 1);
	SHA256_Update(&c, s, n);
	SHA256_Final(key, &c);
}

static void
slice_digest(const unsigned char *key, const void *payload, size_t len, unsigned char out[16])
{
	unsigned char d[32];
	SHA256_CTX c;

	SHA256_Init(&c);
	SHA256_Update(&c, key, SIDX_KEY);
	SHA256_Update(&c, payload, len);
	SHA256_Final(d, &c);
	memcpy(out, d, 16);
}

void
sidx_close(struct sidx *x)
{
	if (x->map != NULL && x->mapped)
		munmap((void *)x->map, x->len);
	memset(x, 0, sizeof *x);
}

/* The head's numbers against the file's length (no overflow). */
static int
head_sizes(struct sidx *x, size_t elem)
{
	const unsigned char *h = x->map;
	uint64_t per = get64(h + O_PER), need;

	x->nent = get64(h + O_NENT);
	x->npages = get64(h + O_NPAGES);
	x->payload_len = get64(h + O_PLEN);
	x->elem = get64(h + O_ELEM);
	if (get64(h + O_ENDIAN) != ENDIAN || per != SIDX_PAGE || x->elem != elem ||
	    x->nent > x->len / ENT_REC || x->npages != (x->nent + SIDX_PAGE - 1) / SIDX_PAGE ||
	    x->payload_len > x->len)
		return -1;
	need = HEAD + x->npages * PAGE_REC + 32 + x->nent * ENT_REC + x->payload_len;
	if (need != x->len || memchr(h + O_BIND, '\0', SIDX_BIND_MAX + 1) == NULL)
		return -1;
	memcpy(x->bind, h + O_BIND, SIDX_BIND_MAX + 1);
	x->pages = h + HEAD;
	x->ents = x->pages + x->npages * PAGE_REC + 32;
	x->payload = x->ents + x->nent * ENT_REC;
	return 0;
}

/* The head of x->map checked: 0, or -1 (x closed). */
static int
head_ok(struct sidx *x, const char *kind, size_t elem)
{
	unsigned char d[32];
	char k[16] = {0};

	strncpy(k, kind, sizeof k - 1);
	if (x->len < HEAD + 32 || memcmp(x->map, MAGIC, sizeof MAGIC - 1) != 0 ||
	    memcmp(x->map + O_KIND, k, 16) != 0 || head_sizes(x, elem) != 0)
		goto bad;
	wmsj_sha256(x->map, HEAD + x->npages * PAGE_REC, d);
	if (memcmp(d, x->pages + x->npages * PAGE_REC, 32) != 0)
		goto bad;
	return 0;
bad:
	sidx_close(x);
	return -1;
}

int
sidx_open_mem(struct sidx *x, const void *buf, size_t len, const char *kind, size_t elem)
{
	memset(x, 0, sizeof *x);
	x->map = buf;
	x->len = len;
	return head_ok(x, kind, elem);
}

int
sidx_open(struct sidx *x, const char *dir, const char *name, const char *kind, size_t elem)
{
	struct stat st;
	struct wmsj_err e2;
	void *m;
	int fd;

	memset(x, 0, sizeof *x);
	fd = fsio_open_in(dir, name, O_RDONLY | O_NONBLOCK, 0, &e2);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < HEAD + 32 ||
	    (uint64_t)st.st_size > SIZE_MAX / 2) {
		close(fd);
		return -1;
	}
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return -1;
	x->map = m;
	x->len = (size_t)st.st_size;
	x->mapped = 1;
	madvise(m, x->len, MADV_RANDOM);   /* a lookup reads a page or two */
	return head_ok(x, kind, elem);
}

static int
page_ok(const struct sidx *x, uint64_t p)
{
	uint64_t first = p * SIDX_PAGE, n = x->nent - first;
	unsigned char d[32];

	if (n > SIDX_PAGE)
		n = SIDX_PAGE;
	wmsj_sha256(x->ents + first * ENT_REC, n * ENT_REC, d);
	return memcmp(d, x->pages + p * PAGE_REC + SIDX_KEY, 32) == 0 &&
	       memcmp(x->pages + p * PAGE_REC, x->ents + first * ENT_REC, SIDX_KEY) == 0;
}

/* Entry e's slice, checked: 0 or -1. */
static int
slice(const struct sidx *x, const unsigned char *e, const void **payload, uint64_t *n)
{
	uint64_t off = get64(e + SIDX_KEY), cnt = get64(e + SIDX_KEY + 8);
	unsigned char d[16];

	if (off > x->payload_len || cnt > (x->payload_len - off) / (x->elem ? x->elem : 1))
		return -1;
	slice_digest(e, x->payload + off, cnt * x->elem, d);
	if (memcmp(d, e + SIDX_KEY + 16, 16) != 0)
		return -1;
	*payload = x->payload + off;
	*n = cnt;
	return 0;
}

int
sidx_find(const struct sidx *x, const unsigned char key[SIDX_KEY], const void **payload,
	  uint64_t *n)
{
	uint64_t lo = 0, hi = x->npages, p, first, cnt;

	*payload = NULL;
	*n = 0;
	if (x->npages == 0)
		return 0;
	/* The last page whose first key is <= key. */
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (memcmp(x->pages + mid * PAGE_REC, key, SIDX_KEY) <= 0)
			lo = mid;
		else
			hi = mid;
	}
	p = lo;
	if (!page_ok(x, p))
		return -1;
	first = p * SIDX_PAGE;
	cnt = x->nent - first < SIDX_PAGE ? x->nent - first : SIDX_PAGE;
	lo = 0;
	hi = cnt;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		const unsigned char *e = x->ents + (first + mid) * ENT_REC;
		int c = memcmp(e, key, SIDX_KEY);

		if (c == 0)
			return slice(x, e, payload, n) == 0 ? 1 : -1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int
sidx_entry(const struct sidx *x, uint64_t i, const unsigned char **key, const void **payload,
	   uint64_t *n)
{
	const unsigned char *e;

	if (i >= x->nent)
		return -1;
	if (i % SIDX_PAGE == 0 && !page_ok(x, i / SIDX_PAGE))
		return -1;
	e = x->ents + i * ENT_REC;
	*key = e;
	return slice(x, e, payload, n);
}

void
sidx_build_init(struct sidx_build *b, const char *kind, size_t elem)
{
	memset(b, 0, sizeof *b);
	strncpy(b->kind, kind, sizeof b->kind - 1);
	b->elem = elem;
	sb_init(&b->ents);
	sb_init(&b->payload);
}

int
sidx_build_add(struct sidx_build *b, const unsigned char key[SIDX_KEY], const void *payload,
	       uint64_t n)
{
	unsigned char e[ENT_REC];

	if (b->nent > 0 && memcmp(key, b->last, SIDX_KEY) <= 0)
		return -1;
	memcpy(b->last, key, SIDX_KEY);
	memcpy(e, key, SIDX_KEY);
	put64(e + SIDX_KEY, b->payload.len);
	put64(e + SIDX_KEY + 8, n);
	slice_digest(key, payload, n * b->elem, e + SIDX_KEY + 16);
	sb_add(&b->ents, (const char *)e, sizeof e);
	if (n > 0)
		sb_add(&b->payload, payload, n * b->elem);
	b->nent++;
	return 0;
}

unsigned char *
sidx_build_bytes(const struct sidx_build *b, const char *bind, size_t *len)
{
	uint64_t npages = (b->nent + SIDX_PAGE - 1) / SIDX_PAGE;
	size_t hlen = HEAD + npages * PAGE_REC, total;
	unsigned char *f;

	if (strlen(bind) > SIDX_BIND_MAX)
		return NULL;
	total = hlen + 32 + b->ents.len + b->payload.len;
	f = xcalloc(1, total);
	memcpy(f, MAGIC, sizeof MAGIC - 1);
	memcpy(f + O_KIND, b->kind, 16);
	put64(f + O_ENDIAN, ENDIAN);
	put64(f + O_NENT, b->nent);
	put64(f + O_NPAGES, npages);
	put64(f + O_PER, SIDX_PAGE);
	put64(f + O_PLEN, b->payload.len);
	put64(f + O_ELEM, b->elem);
	memcpy(f + O_BIND, bind, strlen(bind));
	for (uint64_t p = 0; p < npages; p++) {
		uint64_t first = p * SIDX_PAGE, n = b->nent - first;
		const unsigned char *e = (const unsigned char *)b->ents.buf + first * ENT_REC;

		if (n > SIDX_PAGE)
			n = SIDX_PAGE;
		memcpy(f + HEAD + p * PAGE_REC, e, SIDX_KEY);
		wmsj_sha256(e, n * ENT_REC, f + HEAD + p * PAGE_REC + SIDX_KEY);
	}
	wmsj_sha256(f, hlen, f + hlen);
	if (b->ents.len > 0)
		memcpy(f + hlen + 32, b->ents.buf, b->ents.len);
	if (b->payload.len > 0)
		memcpy(f + hlen + 32 + b->ents.len, b->payload.buf, b->payload.len);
	*len = total;
	return f;
}

int
sidx_build_write(struct sidx_build *b, const char *dir, const char *name, const char *bind,
		 struct wmsj_err *err)
{
	unsigned char *f;
	size_t total;
	int rc;

	if (strlen(bind) > SIDX_BIND_MAX)
		return wmsj_err_set(err, WMSJ_USAGE, "index binding too long");
	/* Only in a directory this user may write (not another's, not even
	 * as root: the file would be root's). */
	if ((rc = fsio_check_dir(dir, 1, err)) != WMSJ_OK)
		return rc;
	f = sidx_build_bytes(b, bind, &total);
	rc = fsio_rewrite_aside(dir, name, f, total, err);
	free(f);
	return rc;
}

void
sidx_build_release(struct sidx_build *b)
{
	sb_release(&b->ents);
	sb_release(&b->payload);
	memset(b, 0, sizeof *b);
}

void
sidx_cover_text(const struct sidx_cover *c, char out[SIDX_BIND_MAX + 1])
{
	snprintf(out, SIDX_BIND_MAX + 1, "%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%s", c->size, c->off,
		 c->seq, c->hash);
}

int
sidx_cover_parse(const char *s, struct sidx_cover *c)
{
	char tail;

	if (sscanf(s, "%" SCNu64 ",%" SCNu64 ",%" SCNu64 ",%64[0-9a-f]%c", &c->size, &c->off,
		   &c->seq, c->hash, &tail) != 4 || strlen(c->hash) != 64 || c->seq == 0 ||
	    c->off >= c->size)
		return -1;
	return 0;
}
