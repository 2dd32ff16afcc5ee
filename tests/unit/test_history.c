/* history: the register history's events, chain, as-of state and views. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "clock.h"
#include "fsio.h"
#include "history.h"
#include "status.h"
#include "table.h"
#include "ledger.h"
#include "views.h"
#include "volunteer.h"
#include "scratch.h"

static int
setup(void **state)
{
	(void)state;
	wmsj_clock_set("2026-11-22", "2026-11-22T10:00:00");
	return scratch_make("history");
}

static int
teardown(void **state)
{
	(void)state;
	return scratch_remove();
}

/* Append one event of register reg (pairs as name, value, ..., NULL). */
static void
add_event(const char *date, enum hist_reg reg, const char *id, const char *action, ...)
{
	struct history h;
	struct hist_batch b;
	struct wmsj_err err;
	const char *kv[64];
	size_t n = 0;
	va_list ap;

	va_start(ap, action);
	while ((kv[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	assert_int_equal(hist_load(&h, dir, HIST_VERIFY, &err), WMSJ_OK);
	hist_batch_init(&b, &h);
	hist_release(&h);
	assert_int_equal(hist_batch_add(&b, date, reg, id, action, kv, n / 2, &err), WMSJ_OK);
	assert_int_equal(hist_batch_commit(&b, dir, &err), WMSJ_OK);
	hist_batch_release(&b);
}

static void
test_seq(void **state)
{
	static const struct { const char *s; int ok; uint64_t v; } t[] = {
		{"R00000001", 0, 1}, {"R12", 0, 12}, {"R", -1, 0}, {"T00000001", -1, 0},
		{"R0000000x", -1, 0}, {"R123456789012345678901", -1, 0},
	};
	char out[24];
	(void)state;
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		uint64_t v = 0;
		assert_int_equal(hist_seq_parse(t[i].s, &v), t[i].ok);
		if (t[i].ok == 0)
			assert_true(v == t[i].v);
	}
	hist_seq_format(7, out);
	assert_string_equal(out, "R00000007");
}

static void
test_roundtrip_and_asof(void **state)
{
	struct history h;
	struct wmsj_err err;
	struct vregister r;
	struct stat st;
	char *path;
	(void)state;

	add_event("2026-08-01", HR_VOLUNTEER, "V1", "add", "card_no", "C1", "name", "张\\三,\"\n",
		  "station", "610724109001", "status", "active", NULL);
	add_event("2026-10-05", HR_VOLUNTEER, "V1", "update", "station", "610724109003", NULL);
	add_event("2026-11-02", HR_VOLUNTEER, "V1", "suspend", "status", "suspended", NULL);
	add_event("2026-09-01", HR_VOLUNTEER, "V2", "add", "card_no", "C2", "name", "李四",
		  "station", "610724109001", "status", "active", NULL);
	path = fsio_path(dir, HIST_FILE);
	assert_int_equal(stat(path, &st), 0);
	free(path);
	assert_int_equal(st.st_mode & 077, 0);
	assert_int_equal(hist_load(&h, dir, HIST_VERIFY, &err), WMSJ_OK);
	assert_int_equal(h.n, 4);
	assert_int_equal(h.count[HR_VOLUNTEER], 4);
	assert_string_equal(h.ev[0].kv[3], "张\\三,\"\n");   /* every character back */
	hist_release(&h);

	/* As of a date, as the history stood at an event: table-driven. */
	static const struct {
		const char *as_of;
		uint64_t max_seq;
		size_t n;
		const char *station, *status;   /* of V1, NULL when not registered */
	} t[] = {
		{"2026-07-31", 0, 0, NULL, NULL},
		{"2026-08-01", 0, 1, "610724109001", "active"},
		{"2026-09-30", 0, 2, "610724109001", "active"},
		{"2026-10-05", 0, 2, "610724109003", "active"},
		{"2026-11-02", 0, 2, "610724109003", "suspended"},
		{NULL, 0, 2, "610724109003", "suspended"},
		{NULL, 2, 1, "610724109003", "active"},
		{"2026-09-30", 3, 1, "610724109001", "active"},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct volunteer *v;

		assert_int_equal(vreg_load_asof(&r, dir, t[i].as_of, t[i].max_seq, &err), WMSJ_OK);
		assert_int_equal(r.n, t[i].n);
		v = vreg_find(&r, "V1");
		if (t[i].station == NULL) {
			assert_null(v);
		} else {
			assert_non_null(v);
			assert_string_equal(v->station, t[i].station);
			assert_string_equal(v->status, t[i].status);
		}
		vreg_release(&r);
	}
}

static void
test_chain_breaks(void **state)
{
	struct history h;
	struct wmsj_err err;
	char *path;
	FILE *f;
	char *buf = NULL;
	size_t len = 0;
	(void)state;

	add_event("2026-08-01", HR_ACTIVITY, "A1", "publish", "title", "a", NULL);
	add_event("2026-08-02", HR_ACTIVITY, "A1", "correct", "title", "b", NULL);
	add_event("2026-08-03", HR_ACTIVITY, "A2", "publish", "title", "c", NULL);
	assert_int_equal(fsio_read_in(dir, HIST_FILE, &buf, &len, &err), WMSJ_OK);
	path = fsio_path(dir, HIST_FILE);
	/* one byte changed in event 2: found at its line, by the chain */
	{
		char *p = strstr(buf, "title,b");
		char *copy = strdup(buf);
		assert_non_null(p);
		copy[p - buf + 6] = 'x';
		f = fopen(path, "w");
		fputs(copy, f);
		fclose(f);
		free(copy);
		assert_int_equal(hist_load(&h, dir, HIST_VERIFY, &err), WMSJ_BADDATA);
		assert_string_equal(err.msg, "history.csv:3: hash does not match the event");
		hist_release(&h);
		/* a reader that does not verify still reads it */
		assert_int_equal(hist_load(&h, dir, 0, &err), WMSJ_OK);
		hist_release(&h);
	}
	/* the first event removed: the sequence says so */
	{
		char *l2 = strchr(buf, '\n') + 1, *l3 = strchr(l2, '\n') + 1;
		f = fopen(path, "w");
		fwrite(buf, 1, (size_t)(l2 - buf), f);
		fputs(l3, f);
		fclose(f);
		assert_int_equal(hist_load(&h, dir, HIST_VERIFY, &err), WMSJ_BADDATA);
		assert_string_equal(err.msg,
				    "history.csv:2: sequence 'R00000002' where 'R00000001' was expected");
		hist_release(&h);
	}
	/* a torn last line */
	f = fopen(path, "w");
	fwrite(buf, 1, len - 1, f);
	fclose(f);
	assert_int_equal(hist_load(&h, dir, 0, &err), WMSJ_BADDATA);
	assert_string_equal(err.msg, "history.csv:4: last line is incomplete");
	hist_release(&h);
	/* seals: the event must still carry the hash */
	f = fopen(path, "w");
	fwrite(buf, 1, len, f);
	fclose(f);
	assert_int_equal(hist_load(&h, dir, HIST_VERIFY, &err), WMSJ_OK);
	assert_int_equal(hist_check_seal(&h, 3, h.ev[2].hash, &err), WMSJ_OK);
	assert_int_equal(hist_check_seal(&h, 2, h.ev[2].hash, &err), WMSJ_REFUSED);
	assert_int_equal(hist_check_seal(&h, 0, h.ev[2].hash, &err), WMSJ_REFUSED);
	assert_int_equal(hist_check_seal(&h, 4, h.ev[2].hash, &err), WMSJ_REFUSED);
	hist_release(&h);
	free(path);
	free(buf);
}

static void
diff_cb(void *arg, const char *sev, const char *file, size_t line, const char *id, const char *msg)
{
	char *log = arg;
	size_t n = strlen(log);
	snprintf(log + n, 4096 - n, "%s %s:%zu %s|", sev, file, line, id != NULL ? id : "-");
	(void)msg;
}

static void
test_views(void **state)
{
	struct vregister r;
	struct wmsj_err err;
	struct volunteer v = {0};
	char log[4096] = "";
	(void)state;

	/* a register saved: events, then its view */
	assert_int_equal(vreg_load(&r, dir, &err), WMSJ_OK);
	v.id = "V610724109001-0001"; v.card_no = "610724109001-000001"; v.name = "张三";
	v.id_number = ""; v.phone = ""; v.station = "610724109001"; v.tags = ""; v.platform_no = "";
	v.status = "active"; v.reason = ""; v.registered = "2026-08-01"; v.updated = "";
	v.old_cards = ""; v.id_corrections = "";
	vreg_add(&r, &v);
	r.action = "add";
	assert_int_equal(vreg_save(&r, &err), WMSJ_OK);
	vreg_release(&r);
	assert_int_equal(views_check(dir, diff_cb, log, &err), WMSJ_OK);
	assert_string_equal(log, "");
	/* the view edited by hand: found at its row */
	{
		char *path = fsio_path(dir, VREG_FILE);
		FILE *f = fopen(path, "a");
		fputs("V9,C9,x,,,610724109001,,,active,,2026-08-01,,,\n", f);
		fclose(f);
		free(path);
	}
	assert_int_equal(views_check(dir, diff_cb, log, &err), WMSJ_OK);
	assert_string_equal(log, "error volunteers.csv:3 V9|");
	/* the tools read the history, not the file */
	assert_int_equal(vreg_load(&r, dir, &err), WMSJ_OK);
	assert_int_equal(r.n, 1);
	vreg_release(&r);
	/* a missing view is written again */
	{
		char *path = fsio_path(dir, VREG_FILE);
		unlink(path);
		log[0] = '\0';
		assert_int_equal(views_check(dir, diff_cb, log, &err), WMSJ_OK);
		assert_string_equal(log, "warning volunteers.csv:0 -|");
		assert_int_equal(views_restore(dir, &err), WMSJ_OK);
		log[0] = '\0';
		assert_int_equal(views_check(dir, diff_cb, log, &err), WMSJ_OK);
		assert_string_equal(log, "");
		free(path);
	}
}

/* Write s as DIR/NAME (replacing it). */
static void
put_file(const char *name, const char *s)
{
	char *path = fsio_path(dir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(s, f);
	fclose(f);
	free(path);
}

/* The view read through its stamp is the history's register, and nothing
 * the stamp does not vouch for is believed: a hand edit (even one that puts
 * the modification time back), a truncated view, a stamp of another head,
 * a garbled stamp file. */
static void
test_view_stamp(void **state)
{
	struct vregister r;
	struct wmsj_err err;
	struct volunteer v = {0};
	struct history h, hq;
	char *buf, *path;
	size_t len;
	struct stat sb;
	(void)state;

	assert_int_equal(vreg_load(&r, dir, &err), WMSJ_OK);
	v.card_no = ""; v.id_number = ""; v.phone = ""; v.station = "610724109001"; v.tags = "";
	v.platform_no = ""; v.status = "active"; v.reason = ""; v.registered = "2026-08-01";
	v.updated = ""; v.old_cards = ""; v.id_corrections = "";
	v.id = "V610724109001-0001"; v.card_no = "610724109001-000001"; v.name = "张三";
	vreg_add(&r, &v);
	v.id = "V610724109001-0002"; v.card_no = "610724109001-000002"; v.name = "李四";
	vreg_add(&r, &v);
	r.action = "add";
	assert_int_equal(vreg_save(&r, &err), WMSJ_OK);
	vreg_release(&r);
	/* fresh: the view is read, and it is the history's register */
	assert_int_equal(hist_view_fresh(dir, HR_VOLUNTEER, NULL, 0, NULL, &buf, &len), 1);
	free(buf);
	assert_int_equal(hist_view_fresh(dir, HR_VOLUNTEER, NULL, 1, NULL, &buf, &len), 0);  /* before the head */
	/* as of a date: only when no event of the register is dated after it */
	{
		char head[96];

		assert_int_equal(hist_view_fresh(dir, HR_VOLUNTEER, "2026-07-31", 0, NULL, &buf, &len), 0);
		assert_int_equal(hist_view_fresh(dir, HR_VOLUNTEER, "2026-08-01", 2, head, &buf, &len), 1);
		free(buf);
		assert_int_equal(strncmp(head, "R00000002:", 10), 0);
	}
	assert_int_equal(vreg_load(&r, dir, &err), WMSJ_OK);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.v[0].name, "张三");
	vreg_release(&r);
	/* a writer's session stamps the registers without events as such,
	 * and then has nothing to restore; an event of one ends that */
	assert_int_equal(hist_reg_empty(dir, HR_ACTIVITY), 0);
	assert_int_equal(hist_views_fresh_all(dir), 0);
	assert_int_equal(views_restore(dir, &err), WMSJ_OK);
	assert_int_equal(hist_reg_empty(dir, HR_ACTIVITY), 1);
	assert_int_equal(hist_reg_empty(dir, HR_APPLICATION), 1);
	assert_int_equal(hist_reg_empty(dir, HR_VOLUNTEER), 0);
	assert_int_equal(hist_views_fresh_all(dir), 1);
	/* another register's event: the stamp lags behind the head until a
	 * writer's session moves it along */
	add_event("2026-11-20", HR_ACTIVITY, "A610724109001-0001", "publish", "title", "t", NULL);
	assert_int_equal(hist_view_fresh(dir, HR_VOLUNTEER, NULL, 0, NULL, &buf, &len), 0);
	assert_int_equal(hist_reg_empty(dir, HR_ACTIVITY), 0);
	assert_int_equal(hist_views_fresh_all(dir), 0);
	assert_int_equal(views_restore(dir, &err), WMSJ_OK);
	assert_int_equal(hist_view_fresh(dir, HR_VOLUNTEER, NULL, 0, NULL, &buf, &len), 1);
	free(buf);
	/* the masked load has the same heads as the full one */
	assert_int_equal(hist_load_regs(&hq, dir, 0, 0, &err), WMSJ_OK);
	assert_int_equal(hist_load(&h, dir, HIST_VERIFY, &err), WMSJ_OK);
	assert_int_equal(hq.n, 3);
	assert_int_equal(hq.last_seq, h.last_seq);
	assert_string_equal(hq.last_hash, h.last_hash);
	for (size_t i = 0; i < h.n; i++) {
		assert_string_equal(hq.ev[i].id, h.ev[i].id);
		assert_string_equal(hq.ev[i].hash, h.ev[i].hash);
		assert_int_equal(hq.ev[i].reg, h.ev[i].reg);
		assert_null(hq.ev[i].kv);
	}
	hist_release(&hq);
	hist_release(&h);
	/* a hand edit of the same size, its modification time put back */
	path = fsio_path(dir, VREG_FILE);
	assert_int_equal(stat(path, &sb), 0);
	{
		char *cur = NULL, *p;
		size_t n = 0;

		assert_int_equal(fsio_read_in(dir, VREG_FILE, &cur, &n, &err), WMSJ_OK);
		p = strstr(cur, "张三");
		assert_non_null(p);
		memcpy(p, "王五", strlen("王五"));
		{
			FILE *f = fopen(path, "r+");
			assert_non_null(f);
			assert_int_equal(fwrite(cur, 1, n, f), n);
			fclose(f);
		}
		free(cur);
		{
			struct timespec ts[2] = { sb.st_atim, sb.st_mtim };
			assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
		}
	}
	assert_int_equal(hist_view_fresh(dir, HR_VOLUNTEER, NULL, 0, NULL, &buf, &len), 0);
	assert_int_equal(vreg_load(&r, dir, &err), WMSJ_OK);
	assert_string_equal(r.v[0].name, "张三");
	vreg_release(&r);
	/* a stamp of another head for the edited file is not believed */
	{
		char line[512], tok[128];
		struct stat now;

		assert_int_equal(stat(path, &now), 0);
		snprintf(tok, sizeof tok, "i%llu.%lld.%lld.%ld.%lld.%ld",
			 (unsigned long long)now.st_ino, (long long)now.st_size,
			 (long long)now.st_mtim.tv_sec, (long)now.st_mtim.tv_nsec,
			 (long long)now.st_ctim.tv_sec, (long)now.st_ctim.tv_nsec);
		snprintf(line, sizeof line, "volunteers.csv R00000002:%064d %s\n", 0, tok);
		put_file(".views", line);
		assert_int_equal(hist_view_fresh(dir, HR_VOLUNTEER, NULL, 0, NULL, &buf, &len), 0);
		assert_int_equal(vreg_load(&r, dir, &err), WMSJ_OK);
		assert_string_equal(r.v[0].name, "张三");
		vreg_release(&r);
	}
	/* garbled stamps, a truncated view: the history */
	put_file(".views", "volunteers.csv R0000000");
	assert_int_equal(hist_view_fresh(dir, HR_VOLUNTEER, NULL, 0, NULL, &buf, &len), 0);
	put_file(".views", "volunteers.csv R00000003:zz i1.2.3\n\n\nx y z\n");
	assert_int_equal(hist_view_fresh(dir, HR_VOLUNTEER, NULL, 0, NULL, &buf, &len), 0);
	assert_int_equal(views_restore(dir, &err), WMSJ_OK);   /* rewritten, stamped */
	assert_int_equal(hist_view_fresh(dir, HR_VOLUNTEER, NULL, 0, NULL, &buf, &len), 1);
	free(buf);
	assert_int_equal(truncate(path, 10), 0);
	assert_int_equal(hist_view_fresh(dir, HR_VOLUNTEER, NULL, 0, NULL, &buf, &len), 0);
	assert_int_equal(vreg_load(&r, dir, &err), WMSJ_OK);
	assert_int_equal(r.n, 2);
	vreg_release(&r);
	free(path);
}

/* The writer's head: the same last event, hash and latest dates as the
 * whole history gives, from the start or from its checkpoint; a
 * checkpoint that names no event of the history is ignored. */
static void
same_head(void)
{
	struct history a, b;
	struct hist_batch ba, bb;
	struct wmsj_err err;

	assert_int_equal(hist_load_for_write(&a, dir, &err), WMSJ_OK);
	assert_int_equal(hist_head_for_write(&b, dir, &err), WMSJ_OK);
	assert_int_equal(a.last_seq, b.last_seq);
	assert_string_equal(a.last_hash, b.last_hash);
	hist_batch_init(&ba, &a);
	hist_batch_init(&bb, &b);
	for (int r = 0; r < HR_NONE; r++)
		assert_string_equal(ba.maxdate[r], bb.maxdate[r]);
	hist_batch_release(&ba);
	hist_batch_release(&bb);
	hist_release(&a);
	hist_release(&b);
}

static void
test_head_for_write(void **state)
{
	struct history h;
	struct wmsj_err err;
	char *buf = NULL, *chk = NULL, *path;
	size_t len = 0, clen = 0;
	FILE *f;

	(void)state;
	/* empty, then a few events: verified from the start */
	assert_int_equal(hist_head_for_write(&h, dir, &err), WMSJ_OK);
	assert_int_equal(h.last_seq, 0);
	hist_release(&h);
	add_event("2026-08-01", HR_ACTIVITY, "A1", "publish", "title", "a", NULL);
	add_event("2026-07-05", HR_VOLUNTEER, "V1", "add", "name", "x", NULL);
	same_head();
	/* a large history (every history is, with a 100-byte limit): the
	 * checkpoint is written after HIST_CHK_EVERY events and used */
	ledger_writer_verify_limit("100");
	{
		struct history h0;
		struct hist_batch b;

		assert_int_equal(hist_load(&h0, dir, HIST_VERIFY, &err), WMSJ_OK);
		hist_batch_init(&b, &h0);
		hist_release(&h0);
		for (int i = 0; i < HIST_CHK_EVERY + 10; i++) {
			char id[16];
			const char *kv[2] = { "title", "t" };

			snprintf(id, sizeof id, "A%d", i + 2);
			assert_int_equal(hist_batch_add(&b, i % 2 ? "2026-09-01" : "2026-08-15",
							HR_ACTIVITY, id, "publish", kv, 1, &err), WMSJ_OK);
		}
		assert_int_equal(hist_batch_commit(&b, dir, &err), WMSJ_OK);
		hist_batch_release(&b);
	}
	same_head();
	assert_int_equal(fsio_read_in(dir, HIST_CHK_FILE, &chk, &clen, &err), WMSJ_OK);
	assert_non_null(chk);
	add_event("2026-10-01", HR_APPLICATION, "P1", "apply", "activity", "A1", NULL);
	same_head();
	/* an event before the checkpoint changed: not the writer's to find
	 * (the audit's); after it: found */
	assert_int_equal(fsio_read_in(dir, HIST_FILE, &buf, &len, &err), WMSJ_OK);
	path = fsio_path(dir, HIST_FILE);
	{
		char *copy = strdup(buf), *p = strstr(copy, "name,x");

		p[5] = 'y';
		f = fopen(path, "w");
		fputs(copy, f);
		fclose(f);
		assert_int_equal(hist_head_for_write(&h, dir, &err), WMSJ_OK);
		hist_release(&h);
		/* the checkpoint forged: ignored, the break found */
		{
			char *cp = fsio_path(dir, HIST_CHK_FILE);

			f = fopen(cp, "w");
			free(cp);
		}
		fputs("3,77,0000000000000000000000000000000000000000000000000000000000000000,-,-,-\n", f);
		fclose(f);
		assert_int_equal(hist_head_for_write(&h, dir, &err), WMSJ_BADDATA);
		assert_string_equal(err.msg, "history.csv:3: hash does not match the event");
		hist_release(&h);
		free(copy);
	}
	f = fopen(path, "w");
	fwrite(buf, 1, len, f);
	fclose(f);
	same_head();
	ledger_writer_verify_limit(NULL);
	free(path);
	free(buf);
	free(chk);
}

/* A table's events through the history's index equal the whole
 * history's, whether the index is current, behind, damaged or gone. */
static void
same_table(enum hist_reg reg)
{
	struct history a, b;
	struct wmsj_err err;
	size_t k = 0;

	assert_int_equal(hist_load_regs(&a, dir, 0, 1u << reg, &err), WMSJ_OK);
	assert_int_equal(hist_load_table(&b, dir, reg, &err), WMSJ_OK);
	assert_int_equal(a.count[reg], b.count[reg]);
	assert_int_equal(a.last_seq, b.last_seq);
	for (size_t i = 0; i < a.n; i++) {
		if (a.ev[i].reg != reg)
			continue;
		while (k < b.n && b.ev[k].reg != reg)
			k++;
		assert_true(k < b.n);
		assert_int_equal(a.ev[i].seq, b.ev[k].seq);
		assert_int_equal(a.ev[i].line, b.ev[k].line);
		assert_string_equal(a.ev[i].id, b.ev[k].id);
		assert_string_equal(a.ev[i].date, b.ev[k].date);
		assert_int_equal(a.ev[i].nkv, b.ev[k].nkv);
		for (size_t j = 0; j < 2 * a.ev[i].nkv; j++)
			assert_string_equal(a.ev[i].kv[j], b.ev[k].kv[j]);
		k++;
	}
	while (k < b.n && b.ev[k].reg != reg)
		k++;
	assert_int_equal(k, b.n);
	hist_release(&a);
	hist_release(&b);
}

static void
test_table_index(void **state)
{
	char *path = fsio_path(dir, ".history.idx"), *buf = NULL;
	size_t len = 0;
	struct wmsj_err err;
	FILE *f;

	(void)state;
	hist_index_off(0);
	for (int i = 0; i < 40; i++) {
		char id[16];

		snprintf(id, sizeof id, "V%d", i);
		add_event("2026-07-01", HR_VOLUNTEER, id, "add", "name", "x,\"y\"", NULL);
		if (i % 5 == 0) {
			snprintf(id, sizeof id, "A%d", i);
			add_event("2026-08-01", HR_ACTIVITY, id, "publish", "title", "t", NULL);
			snprintf(id, sizeof id, "P%d", i);
			add_event("2026-08-02", HR_APPLICATION, id, "apply", "activity", "A0", NULL);
		}
	}
	same_table(HR_ACTIVITY);      /* written */
	assert_int_equal(fsio_read_in(dir, ".history.idx", &buf, &len, &err), WMSJ_OK);
	assert_non_null(buf);
	same_table(HR_APPLICATION);   /* used */
	add_event("2026-09-01", HR_ACTIVITY, "A99", "publish", "title", "u", NULL);
	same_table(HR_ACTIVITY);      /* used, with the tail */
	same_table(HR_APPLICATION);
	/* damaged: a byte of a slice, then truncated, then garbage */
	buf[len - 3] ^= 1;
	f = fopen(path, "wb");
	fwrite(buf, 1, len, f);
	fclose(f);
	same_table(HR_ACTIVITY);
	f = fopen(path, "wb");
	fwrite(buf, 1, len / 2, f);
	fclose(f);
	same_table(HR_APPLICATION);
	f = fopen(path, "wb");
	fputs("not an index", f);
	fclose(f);
	same_table(HR_ACTIVITY);
	/* gone; and off */
	unlink(path);
	same_table(HR_APPLICATION);
	hist_index_off(1);
	same_table(HR_ACTIVITY);
	hist_index_off(0);
	free(buf);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seq),
		cmocka_unit_test_setup_teardown(test_roundtrip_and_asof, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chain_breaks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_views, setup, teardown),
		cmocka_unit_test_setup_teardown(test_view_stamp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_head_for_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_index, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
