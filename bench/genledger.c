/* genledger DIR ROWS VOLUNTEERS [MONTHS] — a province-scale data directory
 * for make bench: wmsj.yaml, volunteers.csv and a ledger.csv of ROWS rows with
 * a valid hash chain (ledger_hash), spread over MONTHS months (default 60)
 * from 2021-01, each month closed a few days into the next one (unless the
 * fifth argument is "noclose") through
 * seal_close (close row + snapshot), as a station would.  Rows are formatted
 * by hand into a large stdio buffer: generation is I/O bound.
 * Linked against libwmsj.a; not installed. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "clock.h"
#include "err.h"
#include "history.h"
#include "ledger.h"
#include "seal.h"
#include "util.h"

#define NSTATIONS 200

static uint64_t rng = 88172645463325252ULL;

static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void
die(const char *what)
{
	fprintf(stderr, "genledger: %s\n", what);
	exit(4);
}

static char *
put_u(char *p, uint64_t v)
{
	char tmp[24];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

static char *
put_i(char *p, int64_t v)
{
	if (v < 0) {
		*p++ = '-';
		return put_u(p, (uint64_t)0 - (uint64_t)v);
	}
	return put_u(p, (uint64_t)v);
}

static char *
put_s(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

static void
station_code(unsigned s, char out[13])
{
	snprintf(out, 13, "610724%03u%03u", (100 + s / 20) % 1000, 201 + s % 20);
}

static void
volunteer_id(unsigned v, unsigned nvol, char out[32])
{
	char sc[13];
	unsigned per = (nvol + NSTATIONS - 1) / NSTATIONS;

	station_code(v / per, sc);
	snprintf(out, 32, "V%s-%04u", sc, v % per + 1);
}

static void
write_config(const char *dir)
{
	char path[4096], sc[13];
	FILE *f;

	snprintf(path, sizeof path, "%s/wmsj.yaml", dir);
	f = fopen(path, "w");
	if (f == NULL)
		die("cannot write wmsj.yaml");
	fprintf(f, "center: 西乡县新时代文明实践中心\ninstitute: 堰口镇新时代文明实践所\nstations:\n");
	for (unsigned s = 0; s < NSTATIONS; s++) {
		station_code(s, sc);
		fprintf(f, "  - code: \"%s\"\n    name: 第%u村新时代文明实践站\n    population: %u\n",
			sc, s + 1, 20000 + s * 37);
	}
	fprintf(f, "goods:\n  - code: G01\n    name: 洗衣液\n    points: 30\n"
		"  - code: G02\n    name: 大米\n    points: 50\n"
		"  - code: G03\n    name: 食用油\n    points: 80\n"
		"exchange: shared\n");   /* goods stocked anywhere are one shelf */
	if (fclose(f) != 0)
		die("cannot write wmsj.yaml");
}

static char
idcheck(const char *d17)
{
	static const int w[] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	int s = 0;

	for (int i = 0; i < 17; i++)
		s += (d17[i] - '0') * w[i];
	return "10X98765432"[s % 11];
}

static void
write_volunteers(const char *dir, unsigned nvol)
{
	static const char *const fam[] = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄" };
	static const char *const giv[] = { "芳", "伟", "秀英", "敏", "静", "强", "磊", "洋" };
	char path[4096], id[32], sc[13], idn[19], prev[65], hex[65], seq[24];
	unsigned per = (nvol + NSTATIONS - 1) / NSTATIONS;
	FILE *f, *h;
	char line[1024];

	/* The register history (history.h): one add event a volunteer,
	 * chained; volunteers.csv is its view, stamped in .views. */
	snprintf(path, sizeof path, "%s/history.csv", dir);
	h = fopen(path, "w");
	if (h == NULL)
		die("cannot write history.csv");
	chmod(path, 0600);
	setvbuf(h, NULL, _IOFBF, 1 << 22);
	fputs(HIST_HEADER "\n", h);
	memcpy(prev, ledger_zero_hash, 65);

	snprintf(path, sizeof path, "%s/volunteers.csv", dir);
	f = fopen(path, "w");
	if (f == NULL)
		die("cannot write volunteers.csv");
	chmod(path, 0600);
	setvbuf(f, NULL, _IOFBF, 1 << 22);
	fputs("id,card_no,name,id_number,phone,station,tags,platform_no,status,reason,registered,"
	      "updated,old_cards\n", f);
	for (unsigned v = 0; v < nvol; v++) {
		volunteer_id(v, nvol, id);
		station_code(v / per, sc);
		/* Unique for every v: 1000 sequence numbers a birth date, a
		 * distinct birth date for every thousand volunteers. */
		{
			unsigned di = v / 1000;
			snprintf(idn, 18, "610724%04u%02u%02u%03u", 1950 + di / 336 % 70,
				 1 + di / 28 % 12, 1 + di % 28, v % 1000);
		}
		idn[17] = idcheck(idn);
		idn[18] = '\0';
		fprintf(f, "%s,%s-%06u,%s%s,%s,1%02u%08u,%s,%s,,active,,2020-12-01,"
			"2020-12-01T09:00:00,\n", id, sc, v % per + 1, fam[v % 8], giv[(v / 8) % 8],
			idn, 30 + v % 60, v % 100000000u, sc, v % 5 == 0 ? "党员" : "");
		hist_seq_format(v + 1, seq);
		snprintf(line, sizeof line,
			 "%s,2020-12-01,volunteer,%s,import,2020-12-01T09:00:00,\"card_no,%s-%06u,"
			 "name,%s%s,id_number,%s,phone,1%02u%08u,station,%s,tags,%s,platform_no,,"
			 "status,active,reason,,registered,2020-12-01,updated,2020-12-01T09:00:00,"
			 "old_cards,,id_corrections,\"", seq, id, sc, v % per + 1, fam[v % 8],
			 giv[(v / 8) % 8], idn, 30 + v % 60, v % 100000000u, sc,
			 v % 5 == 0 ? "党员" : "");
		ledger_hash(prev, line, strlen(line), hex);
		fprintf(h, "%s,%s\n", line, hex);
		memcpy(prev, hex, 65);
	}
	if (fclose(f) != 0)
		die("cannot write volunteers.csv");
	if (fclose(h) != 0)
		die("cannot write history.csv");
	/* the stamp names the history's head and the view's file (history.h:
	 * inode, size, modification and change times) */
	{
		struct stat vs;

		snprintf(path, sizeof path, "%s/volunteers.csv", dir);
		if (stat(path, &vs) != 0)
			die("cannot stat volunteers.csv");
		snprintf(path, sizeof path, "%s/.views", dir);
		f = fopen(path, "w");
		if (f == NULL)
			die("cannot write .views");
		hist_seq_format(nvol, seq);
		fprintf(f, "volunteers.csv %s:%s i%llu.%lld.%lld.%ld.%lld.%ld d2020-12-01\n", seq, prev,
			(unsigned long long)vs.st_ino, (long long)vs.st_size,
			(long long)vs.st_mtim.tv_sec, (long)vs.st_mtim.tv_nsec,
			(long long)vs.st_ctim.tv_sec, (long)vs.st_ctim.tv_nsec);
	}
	if (fclose(f) != 0)
		die("cannot write .views");
	chmod(path, 0600);
}

struct gen {
	FILE *f;
	uint64_t seq;
	char prev[65];
	unsigned nvol;
	int64_t *balance;
	uint64_t last_award_seq;
	unsigned last_award_vol;
	int64_t last_award_pts;
	int last_award_live;
};

static void
emit(struct gen *g, char *row, char *p)
{
	char h[65];

	ledger_hash(g->prev, row, (size_t)(p - row), h);
	*p++ = ',';
	memcpy(p, h, 64);
	p += 64;
	*p++ = '\n';
	if (fwrite(row, 1, (size_t)(p - row), g->f) != (size_t)(p - row))
		die("write error");
	memcpy(g->prev, h, 65);
	g->seq++;
}

static void
gen_row(struct gen *g, const char *date)
{
	char row[1024], *p = row, id[32], sc[13], txn[LEDGER_TXN_MAX];
	unsigned per = (g->nvol + NSTATIONS - 1) / NSTATIONS;
	unsigned v = (unsigned)(rnd() % g->nvol), r = (unsigned)(rnd() % 1000);

	volunteer_id(v, g->nvol, id);
	station_code(v / per, sc);
	ledger_txn_format(g->seq, txn);
	p = put_s(p, txn);
	*p++ = ',';
	p = put_s(p, date);
	if (r < 40) {                    /* goods received */
		p = put_s(p, ",stock,,");
		p = put_s(p, sc);
		p = put_s(p, ",0,,G0");
		*p++ = (char)('1' + r % 3);
		p = put_s(p, ",20,,,,");
		p = put_s(p, date);
		p = put_s(p, "T09:12:30,王芳,,,,爱心企业捐赠");
	} else if (r < 140 && g->balance[v] >= 30) {   /* a redemption */
		g->balance[v] -= 30;
		p = put_s(p, ",redeem,");
		p = put_s(p, id);
		*p++ = ',';
		p = put_s(p, sc);
		p = put_s(p, ",-30,,G01,-1,,");
		p = put_s(p, sc);
		p = put_s(p, "-000001,,");
		p = put_s(p, date);
		p = put_s(p, "T15:40:02,李娜,,,,");
	} else if (r < 143 && g->balance[v] > 0) {    /* cleared */
		p = put_s(p, ",clear,");
		p = put_s(p, id);
		*p++ = ',';
		p = put_s(p, sc);
		*p++ = ',';
		p = put_i(p, -g->balance[v]);
		g->balance[v] = 0;
		p = put_s(p, ",,,,,B,,");
		p = put_s(p, date);
		p = put_s(p, "T11:00:00,李娜,,,所长,不文明行为曝光");
	} else if (r < 146 && g->last_award_live) {   /* a reversal */
		char rt[LEDGER_TXN_MAX];

		volunteer_id(g->last_award_vol, g->nvol, id);
		station_code(g->last_award_vol / per, sc);
		ledger_txn_format(g->last_award_seq, rt);
		g->balance[g->last_award_vol] -= g->last_award_pts;
		g->last_award_live = 0;
		p = put_s(p, ",reverse,");
		p = put_s(p, id);
		*p++ = ',';
		p = put_s(p, sc);
		*p++ = ',';
		p = put_i(p, -g->last_award_pts);
		p = put_s(p, ",-2,,,,");
		p = put_s(p, rt);
		p = put_s(p, ",award,");
		p = put_s(p, date);
		p = put_s(p, "T16:20:00,李娜,,,所长,重复录入");
	} else {                          /* an award */
		int64_t pts = 5 + (int64_t)(r % 16) * 5;

		g->balance[v] += pts;
		g->last_award_seq = g->seq;
		g->last_award_vol = v;
		g->last_award_pts = pts;
		g->last_award_live = 1;
		p = put_s(p, ",award,");
		p = put_s(p, id);
		*p++ = ',';
		p = put_s(p, sc);
		*p++ = ',';
		p = put_i(p, pts);
		p = put_s(p, ",2,,,A");
		p = put_s(p, sc);
		*p++ = '-';
		p = put_u(p, 1000 + r % 9);
		p = put_s(p, ",,,");
		p = put_s(p, date);
		p = put_s(p, "T10:23:45,王芳,王芳,李明,,参加理论宣讲志愿服务");
	}
	emit(g, row, p);
}

static void
close_month(struct gen *g, const char *dir, const char *month, char *path)
{
	struct ledger_writer *w;
	struct seal_result res;
	struct wmsj_err err;

	if (fclose(g->f) != 0)
		die("write error");
	if (ledger_writer_open(&w, dir, &err) != WMSJ_OK || seal_close(w, month, "会计", &res, &err))
		die(err.msg);
	g->seq = ledger_writer_next_seq(w);
	memcpy(g->prev, ledger_writer_last_hash(w), 65);
	ledger_writer_release(w);
	g->f = fopen(path, "a");
	if (g->f == NULL)
		die("cannot reopen ledger.csv");
	setvbuf(g->f, NULL, _IOFBF, 1 << 24);
}

int
main(int argc, char **argv)
{
	const char *dir;
	unsigned long long rows;
	unsigned nvol, months = 60;
	int closes = 1;
	struct gen g;
	char path[4096], date[16], month[8], prevmonth[8] = "";
	uint64_t done = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: genledger DIR ROWS VOLUNTEERS [MONTHS [noclose]]\n");
		return 2;
	}
	dir = argv[1];
	rows = strtoull(argv[2], NULL, 10);
	nvol = (unsigned)strtoul(argv[3], NULL, 10);
	if (argc > 4)
		months = (unsigned)strtoul(argv[4], NULL, 10);
	/* noclose: no month is ever closed (a writer finds no seal to start at) */
	if (argc > 5 && strcmp(argv[5], "noclose") == 0)
		closes = 0;
	if (nvol == 0 || months == 0 || rows < months)
		die("need ROWS >= MONTHS and VOLUNTEERS > 0");
	/* The generator dates its own rows: months up to 2099 may be sealed. */
	wmsj_clock_set("2099-12-31", "2026-01-05T10:00:00");
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		die("cannot create the data directory");
	write_config(dir);
	write_volunteers(dir, nvol);
	snprintf(path, sizeof path, "%s/%s", dir, LEDGER_FILE);
	remove(path);
	g.f = fopen(path, "w");
	if (g.f == NULL)
		die("cannot write ledger.csv");
	chmod(path, 0600);
	setvbuf(g.f, NULL, _IOFBF, 1 << 24);
	fputs(LEDGER_HEADER "\n", g.f);
	g.seq = 1;
	memcpy(g.prev, ledger_zero_hash, 65);
	g.nvol = nvol;
	g.balance = xcalloc(nvol, sizeof *g.balance);
	g.last_award_live = 0;
	for (unsigned m = 0; m < months; m++) {
		int y = 2021 + (int)(m / 12), mo = 1 + (int)(m % 12);
		uint64_t n = rows / months + (m < rows % months), closeat = n / 10;

		snprintf(month, sizeof month, "%04d-%02d", y % 10000, mo % 100);
		for (uint64_t i = 0; i < n; i++) {
			int d = 1 + (int)(i * 28 / n);

			if (closes && i == closeat && prevmonth[0] != '\0')
				close_month(&g, dir, prevmonth, path);
			snprintf(date, sizeof date, "%s-%02d", month, d % 100);
			gen_row(&g, date);
			done++;
		}
		memcpy(prevmonth, month, 8);
		fprintf(stderr, "\rgenledger: %s %llu rows", month, (unsigned long long)done);
	}
	fprintf(stderr, "\n");
	if (fclose(g.f) != 0)
		die("write error");
	free(g.balance);
	return 0;
}
