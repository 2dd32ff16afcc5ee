/* Chinese labels of columns and values, fitting tables: see labels.h. */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "i18n.h"
#include "labels.h"

static enum wmsj_header header_choice = WMSJ_HDR_AUTO;
static int wide_choice;

struct label {
	const char *en, *zh;
};

/* Every column the tools print (contract.md), sorted by en: the heading a
 * clerk reads, in a table on the terminal and in a sheet for Excel. */
static const struct label columns[] = {
	{"activities", "活动数"}, {"activities_per_month", "月均活动数"}, {"activity", "活动编号"},
	{"approver", "审批人"}, {"awards", "认定笔数"}, {"balance", "积分余额"}, {"card_no", "积分卡号"},
	{"certifier", "认定人"}, {"check", "检查项"}, {"cleared", "清零积分"}, {"content", "活动内容"},
	{"created", "创建时间"}, {"date", "日期"}, {"decided", "审核时间"}, {"earned", "获得积分"},
	{"hash", "校验哈希"}, {"hours", "服务时长（小时）"}, {"id", "编号"}, {"id_number", "身份证号"},
	{"item", "物品编号"}, {"item_name", "物品名称"}, {"kind", "类别"}, {"meets_target", "是否达标"},
	{"message", "说明"}, {"month", "月份"}, {"months_with_activity", "有活动的月数"},
	{"name", "姓名"}, {"next_level_hours", "距下一星级（小时）"}, {"note", "备注"},
	{"organizer", "组织者"}, {"participation", "参与率"}, {"phone", "手机号"}, {"place", "地点"},
	{"platform", "服务平台"}, {"platform_no", "平台编号"}, {"points", "积分"},
	{"points_per_volunteer", "人均积分"}, {"population", "常住人口"}, {"qty", "数量"},
	{"quarter", "季度"}, {"rank", "名次"}, {"reason", "原因"}, {"recorded", "记录时间"},
	{"recorder", "记录人"}, {"redeemed", "兑换积分"}, {"ref", "关联流水"},
	{"registered", "登记日期"}, {"responsible", "负责人"}, {"reverses", "冲正类别"},
	{"rows", "行数"}, {"seal", "账本校验码"}, {"severity", "级别"}, {"snapshot", "快照"},
	{"stars", "星级"}, {"station", "站点代码"}, {"station_name", "站点名称"}, {"status", "状态"},
	{"stock", "库存"}, {"stock_in", "入库"}, {"stock_out", "出库"}, {"supervisor", "监督员"},
	{"tags", "标签"}, {"target", "服务对象"}, {"title", "活动名称"}, {"txn", "流水号"},
	{"volunteer", "志愿者编号"}, {"volunteers", "志愿者人数"}, {"where", "位置"}, {"year", "年度"},
};

struct value_label {
	const char *col, *en, *zh;
};

/* The words of the data format (wmsj(5)) a person reads in a cell. */
static const struct value_label values[] = {
	{"status", "active", "正常"}, {"status", "suspended", "暂停"},
	{"status", "withdrawn", "退出"},
	{"kind", "award", "认定"}, {"kind", "redeem", "兑换"}, {"kind", "stock", "捐赠入库"},
	{"kind", "clear", "清零"}, {"kind", "reverse", "冲正"}, {"kind", "close", "月结"},
	{"severity", "error", "错误"}, {"severity", "warning", "警告"},
	{"severity", "anomaly", "异常"}, {"severity", "info", "提示"},
	{"meets_target", "yes", "是"}, {"meets_target", "no", "否"},
	/* wmsj-audit's checks (wmsj-audit(1)) */
	{"check", "chain", "哈希链"}, {"check", "sequence", "流水顺序"},
	{"check", "torn-tail", "残缺尾行"}, {"check", "format", "格式"},
	{"check", "seal", "月结封签"}, {"check", "snapshot", "快照"},
	{"check", "register", "名册"}, {"check", "unknown-volunteer", "未登记志愿者"},
	{"check", "negative-balance", "余额为负"}, {"check", "over-redeem", "超额兑换"},
	{"check", "stock", "库存"}, {"check", "clear-date", "清零日期"},
	{"check", "reverse", "冲正"}, {"check", "sealed-month", "已结月份"},
	{"check", "award-status", "认定时状态"}, {"check", "award-cleared", "认定已清零者"},
	{"check", "redeem-status", "兑换时状态"}, {"check", "redeem-cleared", "兑换已清零者"},
	{"check", "duplicate-award", "重复认定"}, {"check", "self-certification", "自我认定"},
	{"check", "no-supervisor", "无监督人"}, {"check", "over-cap", "超过上限"},
	{"check", "participants", "参与人数"}, {"check", "burst", "集中录入"},
	{"check", "monthly-activity", "月度活动"}, {"check", "exchange-day", "兑换日"},
	{"check", "team-size", "队伍规模"}, {"check", "participation", "参与率"},
	{"check", "notice", "公示"}, {"check", "notice-seal", "公示封签"},
	{"check", "witness", "见证封签"},
};

/* Columns a narrow terminal can do without, least useful first. */
static const char *const droppable[] = {
	"snapshot", "seal", "platform_no", "tags", "registered", "created", "content",
	"target", "organizer", "responsible", "place", "ref", "note", "where",
	"id_number", "phone", "station", "volunteer", /* the name is shown */
	"months_with_activity", "activities_per_month", "population", "cleared", "hours",
	"activity", "item",
	"id", /* the card number is a key as good as the volunteer id */
};

/* Columns of free text that may be cut short ("…") when dropping is not
 * enough; identifiers and figures never are. */
static const char *const narrowable[] = {
	"station_name", "title", "message", "note", "content", "item_name", "where",
	"place", "organizer", "target", "tags", "name",
};

static int
in(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

int
wmsj_header_parse(const char *name, enum wmsj_header *h)
{
	if (strcmp(name, "en") == 0)
		*h = WMSJ_HDR_EN;
	else if (strcmp(name, "zh") == 0)
		*h = WMSJ_HDR_ZH;
	else
		return -1;
	return 0;
}

void
out_set_header(enum wmsj_header h)
{
	header_choice = h;
}

void
out_set_wide(int wide)
{
	wide_choice = wide;
}

static int
label_cmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct label *)e)->en);
}

const char *
wmsj_column_zh(const char *col)
{
	const struct label *l = bsearch(col, columns, sizeof columns / sizeof columns[0],
	    sizeof columns[0], label_cmp);

	return l != NULL ? l->zh : NULL;
}

const char *
wmsj_value_zh(const char *col, const char *v)
{
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
		if (strcmp(values[i].col, col) == 0 && strcmp(values[i].en, v) == 0)
			return values[i].zh;
	return NULL;
}

/* A table speaks Chinese under a Chinese locale unless --header en.  The
 * locale is set once, at start: asked once, not for every cell. */
static int
table_chinese(void)
{
	static int zh = -1;

	if (header_choice != WMSJ_HDR_AUTO)
		return header_choice == WMSJ_HDR_ZH;
	if (zh < 0)
		zh = wmsj_i18n_chinese();
	return zh;
}

/* Shorter headings for a table on a terminal, where width is dear. */
static const struct label brief[] = {
	{"hours", "时长"}, {"next_level_hours", "距下一星级时长"},
};

const char *
out_header_label(const char *col, int is_table)
{
	const char *zh;

	if (is_table ? !table_chinese() : header_choice != WMSJ_HDR_ZH)
		return col;
	if (is_table)
		for (size_t i = 0; i < sizeof brief / sizeof brief[0]; i++)
			if (strcmp(col, brief[i].en) == 0)
				return brief[i].zh;
	zh = wmsj_column_zh(col);
	return zh != NULL ? zh : col;
}

const char *
out_value_label(const char *col, const char *v)
{
	const char *zh;

	if (!table_chinese())
		return v;
	zh = wmsj_value_zh(col, v);
	return zh != NULL ? zh : v;
}

const char *
wmsj_value_label(const char *col, const char *v)
{
	const char *zh;

	if (!wmsj_i18n_chinese())
		return v;
	zh = wmsj_value_zh(col, v);
	return zh != NULL ? zh : v;
}

const char *
wmsj_column_label(const char *col)
{
	const char *zh;

	if (!wmsj_i18n_chinese())
		return col;
	zh = wmsj_column_zh(col);
	return zh != NULL ? zh : col;
}

static size_t term_columns;   /* $COLUMNS as cli_init passed it; 0 = unset */

void
out_set_columns(const char *c)
{
	char *end;
	long v;

	term_columns = 0;
	if (c == NULL || *c == '\0')
		return;
	v = strtol(c, &end, 10);
	if (*end == '\0' && v > 0 && v < 10000)
		term_columns = (size_t)v;
}

size_t
out_term_width(FILE *fp)
{
	struct winsize ws;
	int fd = fileno(fp);

	if (fd < 0) /* a writer's output held in memory until its commit */
		fd = STDOUT_FILENO;
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return term_columns;
}

size_t
out_fit(FILE *fp, const char *const *cols, size_t *w, size_t n, int *hide)
{
	size_t width, total = 0, hidden = 0;

	for (size_t i = 0; i < n; i++) {
		hide[i] = 0;
		total += w[i] + (i > 0 ? 2 : 0);
	}
	if (wide_choice || n == 0 || (width = out_term_width(fp)) == 0 || total <= width)
		return 0;
	for (size_t d = 0; d < sizeof droppable / sizeof droppable[0] && total > width; d++)
		for (size_t i = 0; i < n; i++)
			if (!hide[i] && strcmp(cols[i], droppable[d]) == 0 && hidden + 1 < n) {
				hide[i] = 1;
				hidden++;
				total -= w[i] + 2;
			}
	/* Still too wide: narrow the widest text column (its cells end in "…"). */
	while (total > width) {
		size_t k = n;
		for (size_t i = 0; i < n; i++)
			if (!hide[i] && w[i] > OUT_MIN_WIDTH && (k == n || w[i] > w[k]) &&
			    in(cols[i], narrowable, sizeof narrowable / sizeof narrowable[0]))
				k = i;
		if (k == n)
			break;
		size_t cut = total - width;
		if (cut > w[k] - OUT_MIN_WIDTH)
			cut = w[k] - OUT_MIN_WIDTH;
		w[k] -= cut;
		total -= cut;
	}
	return hidden;
}
