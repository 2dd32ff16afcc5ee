/* wmsj-report, private: the options every command reads and each command
 * group's commands, which the tool's entry (src/wmsj-report.c) dispatches
 * to with the directories loaded (report.h: struct rdir).  Only the tool
 * includes it. */
#ifndef WMSJ_TOOL_REPORT_H
#define WMSJ_TOOL_REPORT_H

#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "report.h"
#include "util.h"

/* The command line: the common options, the directories (-d, several),
 * each option as typed, and the arguments after the command word. */
struct opts {
	struct cli_common c;
	const char **dirs;
	size_t ndirs;
	const char *quarter, *station, *outdir, *month, *year, *by, *top, *format;
	int stations, reveal, preview, all;
	char **args;
	size_t nargs;
};

/* A figure as text. */
static inline void
i64(char *buf, size_t n, int64_t v)
{
	xsnprintf(buf, n, "%" PRId64, v);
}

/* notice.c */
int cmd_notice(struct opts *o, struct rdir *dd);
int cmd_exchanges(struct opts *o, struct rdir *dd);
/* stations.c */
int cmd_monthly(struct opts *o, struct rdir *dd);
int cmd_stats(struct opts *o, struct rdir *dd);
/* standing.c */
int cmd_ranking(struct opts *o, struct rdir *dd);
int cmd_stars(struct opts *o, struct rdir *dd);
int cmd_certificate(struct opts *o, struct rdir *dd);

#endif
