/* wmsj.yaml through libyaml's document API: see config.h for the schema. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "config.h"
#include "fsio.h"
#include "i18n.h"
#include "util.h"
#include "validate.h"

const char wmsj_config_template[] =
	"# wmsj.yaml — 新时代文明实践积分银行配置 (see wmsj(5))\n"
	"center: 某某县新时代文明实践中心          # 县级中心（可选）\n"
	"institute: 某某镇新时代文明实践所          # 镇（街道）实践所\n"
	"stations:                                 # 村（社区）实践站\n"
	"  - code: \"610724109201\"                  # 12 位区划代码，加引号\n"
	"    name: 某某村新时代文明实践站\n"
	"    population: 2350                      # 常住人口（13% 注册率目标）\n"
	"    supervisors: [张监督]                  # 监督员\n"
	"exchange: per-station                     # 各站积分兑换点各有货架；全所共用一个兑换点: shared\n"
	"goods:                                    # 积分兑换点货架\n"
	"  - code: G01\n"
	"    name: 洗衣液\n"
	"    points: 30\n"
	"  - code: G02\n"
	"    name: 食用油\n"
	"    points: 80\n"
	"rules:                                    # 规则（以下均为默认值）\n"
	"  max_points: 50                          # 单次认定积分上限\n"
	"  max_hours: 12                           # 单次认定时长上限（小时）\n"
	"  participation_target: 0.13              # 志愿者占常住人口目标\n"
	"  min_team: 20                            # 每站志愿者队伍最少人数\n"
	"  activities_per_month: 1                 # 每月至少开展活动次数\n"
	"  star_hours: [100, 300, 600, 1000, 1500] # 一至五星志愿者累计时长\n"
	"  max_participants: 200\n"
	"  activity_horizon_days: 90               # 活动日期最多可提前发布的天数\n"
	"  office_hours: \"08:00-18:00\"\n"
	"  burst: 50\n"
	"notice:                                   # 季度公示\n"
	"  publicity_days: 7                       # 公示期（天）\n"
	"  mask: [name, card_no]\n";

struct ctx {
	yaml_document_t *doc;
	const char *name;
	struct wmsj_err *err;
};

static int
bad(struct ctx *c, yaml_node_t *n, const char *fmt, const char *a, const char *b)
{
	char msg[900];

	/* fmt is always one of this file's _("...") formats taking two strings. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(msg, sizeof msg, fmt, a, b);   /* cut at 900 bytes: a message */
#pragma GCC diagnostic pop
	return wmsj_err_set(c->err, WMSJ_BADDATA, "%s:%zu: %s", c->name,
			    n != NULL ? n->start_mark.line + 1 : 1, msg);
}

static const char *
scalar(yaml_node_t *n)
{
	return n != NULL && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int
get_str(struct ctx *c, yaml_node_t *n, const char *key, char **out)
{
	const char *s = scalar(n);

	if (s == NULL)
		return bad(c, n, _("'%s' must be text%s"), key, "");
	if (wmsj_text_check(s, 1000, NULL) != WMSJ_OK)
		return bad(c, n, _("'%s' holds control characters or invalid UTF-8%s"), key, "");
	free(*out);
	*out = xstrdup(s);
	return WMSJ_OK;
}

static int
get_long(struct ctx *c, yaml_node_t *n, const char *key, long min, long *out)
{
	const char *s = scalar(n);
	int64_t v;

	if (s == NULL || wmsj_points_parse(s, &v) != 0 || s[0] == '+')
		return bad(c, n, _("'%s' must be a whole number, not '%s'"), key, s ? s : "...");
	if (v < min || v > 1000000000)
		return bad(c, n, _("'%s' is out of range: '%s'"), key, s);
	*out = (long)v;
	return WMSJ_OK;
}

static int
get_strlist(struct ctx *c, yaml_node_t *n, const char *key, char ***out, size_t *nout)
{
	size_t cnt = 0;
	char **v;

	if (n->type != YAML_SEQUENCE_NODE)
		return bad(c, n, _("'%s' must be a list%s"), key, "");
	cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	v = xcalloc(cnt + 1, sizeof *v);
	for (size_t i = 0; i < cnt; i++) {
		yaml_node_t *it = yaml_document_get_node(c->doc, n->data.sequence.items.start[i]);
		if (get_str(c, it, key, &v[i]) != WMSJ_OK) {
			for (size_t j = 0; j < i; j++)
				free(v[j]);
			free(v);
			return WMSJ_BADDATA;
		}
	}
	*out = v;
	*nout = cnt;
	return WMSJ_OK;
}

static int
parse_hhmm(const char *s, int *min)
{
	if (strlen(s) != 5 || s[2] != ':' || s[0] < '0' || s[0] > '2' || s[1] < '0' || s[1] > '9' ||
	    s[3] < '0' || s[3] > '5' || s[4] < '0' || s[4] > '9')
		return -1;
	*min = ((s[0] - '0') * 10 + (s[1] - '0')) * 60 + (s[3] - '0') * 10 + (s[4] - '0');
	return *min <= 24 * 60 ? 0 : -1;
}

#define FOR_PAIRS(c, map, k, v, key)                                                   \
	for (yaml_node_pair_t *p_ = (map)->data.mapping.pairs.start;                   \
	     p_ < (map)->data.mapping.pairs.top &&                                     \
	     ((k = yaml_document_get_node((c)->doc, p_->key)),                         \
	      (v = yaml_document_get_node((c)->doc, p_->value)),                       \
	      (key = scalar(k) ? scalar(k) : ""), 1);                                  \
	     p_++)

/* 1 if a pair before p in map has the key key.  A repeated key is refused,
 * naming its second line: libyaml keeps both pairs and the walk would let the
 * last one win.  Checked before a key is acted on, so an unknown key stops the
 * walk first and the scan stays short. */
static int
key_twice(struct ctx *c, yaml_node_t *map, yaml_node_pair_t *p, const char *key)
{
	for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
		const char *s = scalar(yaml_document_get_node(c->doc, q->key));

		if (strcmp(key, s != NULL ? s : "") == 0)
			return 1;
	}
	return 0;
}

#define KEY_ONCE(c, map, k, key, where)                                                \
	do {                                                                           \
		if (key_twice(c, map, p_, key))                                        \
			return bad(c, k, _("key '%s' appears twice in %s"), key, where); \
	} while (0)

static int
parse_station(struct ctx *c, yaml_node_t *n, size_t idx, struct wmsj_station *st)
{
	yaml_node_t *k, *v;
	const char *key;
	char where[32];
	int rc;

	xsnprintf(where, sizeof where, "stations[%zu]", idx + 1);
	if (n->type != YAML_MAPPING_NODE)
		return bad(c, n, _("'%s' must be a mapping with code and name%s"), where, "");
	FOR_PAIRS(c, n, k, v, key) {
		KEY_ONCE(c, n, k, key, where);
		if (strcmp(key, "code") == 0) {
			rc = get_str(c, v, "code", &st->code);
			if (rc == WMSJ_OK) {
				size_t i;
				for (i = 0; st->code[i] >= '0' && st->code[i] <= '9'; i++)
					;
				if (i != 12 || st->code[i] != '\0')
					rc = bad(c, v, _("station code '%s' must be a 12-digit division code (quote it)%s"),
						 st->code, "");
			}
		} else if (strcmp(key, "name") == 0) {
			rc = get_str(c, v, "name", &st->name);
		} else if (strcmp(key, "population") == 0) {
			rc = get_long(c, v, "population", 0, &st->population);
		} else if (strcmp(key, "supervisors") == 0) {
			for (size_t i = 0; i < st->nsupervisors; i++)
				free(st->supervisors[i]);
			free(st->supervisors);
			st->supervisors = NULL;
			rc = get_strlist(c, v, "supervisors", &st->supervisors, &st->nsupervisors);
		} else if (strcmp(key, "exchange_point") == 0) {
			rc = get_str(c, v, "exchange_point", &st->exchange_point);
		} else {
			rc = bad(c, k, _("unknown key '%s' in %s"), key, where);
		}
		if (rc != WMSJ_OK)
			return rc;
	}
	if (st->code == NULL)
		return bad(c, n, _("%s has no '%s'"), where, "code");
	if (st->name == NULL)
		return bad(c, n, _("%s has no '%s'"), where, "name");
	if (st->supervisors == NULL)
		st->supervisors = xcalloc(1, sizeof *st->supervisors);
	return WMSJ_OK;
}

static int
parse_goods(struct ctx *c, yaml_node_t *n, size_t idx, struct wmsj_goods *g)
{
	yaml_node_t *k, *v;
	const char *key;
	char where[32];
	int rc;

	xsnprintf(where, sizeof where, "goods[%zu]", idx + 1);
	if (n->type != YAML_MAPPING_NODE)
		return bad(c, n, _("'%s' must be a mapping with code, name and points%s"), where, "");
	FOR_PAIRS(c, n, k, v, key) {
		KEY_ONCE(c, n, k, key, where);
		if (strcmp(key, "code") == 0) {
			rc = get_str(c, v, "code", &g->code);
			if (rc == WMSJ_OK && (g->code[0] == '\0' || strpbrk(g->code, ",\" ") != NULL))
				rc = bad(c, v, _("goods code '%s' may not be empty or hold commas, quotes or spaces%s"),
					 g->code, "");
		} else if (strcmp(key, "name") == 0) {
			rc = get_str(c, v, "name", &g->name);
		} else if (strcmp(key, "points") == 0) {
			rc = get_long(c, v, "points", 1, &g->points);
		} else {
			rc = bad(c, k, _("unknown key '%s' in %s"), key, where);
		}
		if (rc != WMSJ_OK)
			return rc;
	}
	if (g->code == NULL)
		return bad(c, n, _("%s has no '%s'"), where, "code");
	if (g->name == NULL)
		return bad(c, n, _("%s has no '%s'"), where, "name");
	if (g->points == 0)
		return bad(c, n, _("%s has no '%s'"), where, "points");
	return WMSJ_OK;
}

static int
parse_rules(struct ctx *c, yaml_node_t *n, struct wmsj_rules *r)
{
	yaml_node_t *k, *v;
	const char *key;
	int rc = WMSJ_OK;

	if (n->type != YAML_MAPPING_NODE)
		return bad(c, n, _("'%s' must be a mapping%s"), "rules", "");
	FOR_PAIRS(c, n, k, v, key) {
		KEY_ONCE(c, n, k, key, "rules");
		const char *s = scalar(v);

		if (strcmp(key, "max_points") == 0) {
			rc = get_long(c, v, key, 1, &r->max_points);
		} else if (strcmp(key, "max_hours") == 0) {
			if (s == NULL || wmsj_hours_parse(s, &r->max_hours) != 0 || r->max_hours <= 0 ||
			    r->max_hours > 2400)
				rc = bad(c, v, _("'%s' must be hours between 0 and 24, not '%s'"), key,
					 s ? s : "...");
		} else if (strcmp(key, "participation_target") == 0) {
			char *end;
			double d = s ? strtod(s, &end) : -1;
			if (s == NULL || *s == '\0' || *end != '\0' || d < 0 || d > 1)
				rc = bad(c, v, _("'%s' must be a fraction between 0 and 1, not '%s'"), key,
					 s ? s : "...");
			else
				r->participation_target = d;
		} else if (strcmp(key, "min_team") == 0) {
			rc = get_long(c, v, key, 0, &r->min_team);
		} else if (strcmp(key, "activities_per_month") == 0) {
			rc = get_long(c, v, key, 0, &r->activities_per_month);
		} else if (strcmp(key, "max_participants") == 0) {
			rc = get_long(c, v, key, 1, &r->max_participants);
		} else if (strcmp(key, "activity_horizon_days") == 0) {
			rc = get_long(c, v, key, 0, &r->activity_horizon_days);
		} else if (strcmp(key, "burst") == 0) {
			rc = get_long(c, v, key, 1, &r->burst);
		} else if (strcmp(key, "star_hours") == 0) {
			size_t cnt;
			if (v->type != YAML_SEQUENCE_NODE ||
			    (cnt = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start)) != 5)
				rc = bad(c, v, _("'%s' must be a list of 5 whole numbers of hours%s"), key, "");
			for (size_t i = 0; rc == WMSJ_OK && i < 5; i++) {
				yaml_node_t *it = yaml_document_get_node(c->doc, v->data.sequence.items.start[i]);
				rc = get_long(c, it, key, 1, &r->star_hours[i]);
				if (rc == WMSJ_OK && i > 0 && r->star_hours[i] <= r->star_hours[i - 1])
					rc = bad(c, it, _("'%s' must increase%s"), key, "");
			}
		} else if (strcmp(key, "office_hours") == 0) {
			char a[6], b[6];
			if (s == NULL || strlen(s) != 11 || s[5] != '-' ||
			    (memcpy(a, s, 5), a[5] = 0, memcpy(b, s + 6, 5), b[5] = 0,
			     parse_hhmm(a, &r->office_start) != 0 || parse_hhmm(b, &r->office_end) != 0) ||
			    r->office_start >= r->office_end)
				rc = bad(c, v, _("'%s' must look like \"08:00-18:00\", not '%s'"), key,
					 s ? s : "...");
		} else {
			rc = bad(c, k, _("unknown key '%s' in %s"), key, "rules");
		}
		if (rc != WMSJ_OK)
			return rc;
	}
	return WMSJ_OK;
}

static int
parse_notice(struct ctx *c, yaml_node_t *n, struct wmsj_notice_cfg *nc)
{
	yaml_node_t *k, *v;
	const char *key;
	int rc = WMSJ_OK;

	if (n->type != YAML_MAPPING_NODE)
		return bad(c, n, _("'%s' must be a mapping%s"), "notice", "");
	FOR_PAIRS(c, n, k, v, key) {
		KEY_ONCE(c, n, k, key, "notice");
		if (strcmp(key, "publicity_days") == 0) {
			rc = get_long(c, v, key, 1, &nc->publicity_days);
		} else if (strcmp(key, "issuer") == 0) {
			rc = get_str(c, v, key, &nc->issuer);
		} else if (strcmp(key, "contact") == 0) {
			rc = get_str(c, v, key, &nc->contact);
		} else if (strcmp(key, "supervisors") == 0) {
			for (size_t i = 0; i < nc->nsupervisors; i++)
				free(nc->supervisors[i]);
			free(nc->supervisors);
			nc->supervisors = NULL;
			rc = get_strlist(c, v, key, &nc->supervisors, &nc->nsupervisors);
		} else if (strcmp(key, "mask") == 0) {
			char **m = NULL;
			size_t nm = 0;
			rc = get_strlist(c, v, key, &m, &nm);
			if (rc == WMSJ_OK) {
				nc->mask_name = nc->mask_card = 0;
				for (size_t i = 0; i < nm; i++) {
					if (strcmp(m[i], "name") == 0)
						nc->mask_name = 1;
					else if (strcmp(m[i], "card_no") == 0)
						nc->mask_card = 1;
					else if (rc == WMSJ_OK)
						rc = bad(c, v, _("'mask' lists '%s'; it may hold name and card_no%s"),
							 m[i], "");
				}
				for (size_t i = 0; i < nm; i++)
					free(m[i]);
				free(m);
			}
		} else {
			rc = bad(c, k, _("unknown key '%s' in %s"), key, "notice");
		}
		if (rc != WMSJ_OK)
			return rc;
	}
	return WMSJ_OK;
}

static void
defaults(struct wmsj_config *c)
{
	static const long stars[5] = {100, 300, 600, 1000, 1500};

	c->rules.max_points = 50;
	c->rules.max_hours = 1200;
	c->rules.participation_target = 0.13;
	c->rules.min_team = 20;
	c->rules.activities_per_month = 1;
	memcpy(c->rules.star_hours, stars, sizeof stars);
	c->rules.max_participants = 200;
	c->rules.activity_horizon_days = 90;
	c->rules.office_start = 8 * 60;
	c->rules.office_end = 18 * 60;
	c->rules.burst = 50;
	c->notice.publicity_days = 7;
	c->notice.mask_name = 1;
	c->notice.mask_card = 1;
}

static int
parse_root(struct ctx *c, yaml_node_t *root, struct wmsj_config *cfg)
{
	yaml_node_t *k, *v;
	const char *key;
	int rc = WMSJ_OK;

	static const char *const top[] = {"center", "institute", "stations", "goods", "rules", "notice",
					  "exchange", "exchange_point"};
	int seen[8] = {0};
	yaml_node_t *point = NULL;

	if (root == NULL || root->type != YAML_MAPPING_NODE)
		return bad(c, root, _("the configuration must be a mapping of keys (institute, stations, ...)%s%s"),
			   "", "");
	FOR_PAIRS(c, root, k, v, key) {
		for (int i = 0; i < 8; i++)
			if (strcmp(key, top[i]) == 0 && seen[i]++)
				return bad(c, k, _("key '%s' appears twice%s"), key, "");
		if (strcmp(key, "center") == 0) {
			rc = get_str(c, v, key, &cfg->center);
		} else if (strcmp(key, "institute") == 0) {
			rc = get_str(c, v, key, &cfg->institute);
		} else if (strcmp(key, "stations") == 0) {
			size_t cnt;
			if (v->type != YAML_SEQUENCE_NODE)
				return bad(c, v, _("'%s' must be a list%s"), key, "");
			cnt = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
			cfg->stations = xcalloc(cnt + 1, sizeof *cfg->stations);
			for (size_t i = 0; i < cnt; i++) {
				yaml_node_t *it = yaml_document_get_node(c->doc, v->data.sequence.items.start[i]);
				cfg->nstations = i + 1;
				rc = parse_station(c, it, i, &cfg->stations[i]);
				if (rc != WMSJ_OK)
					return rc;
				for (size_t j = 0; j < i; j++)
					if (strcmp(cfg->stations[j].code, cfg->stations[i].code) == 0)
						return bad(c, it, _("station code '%s' appears twice%s"),
							   cfg->stations[i].code, "");
			}
		} else if (strcmp(key, "goods") == 0) {
			size_t cnt;
			if (v->type == YAML_SCALAR_NODE && scalar(v)[0] == '\0')
				continue; /* goods: (empty) */
			if (v->type != YAML_SEQUENCE_NODE)
				return bad(c, v, _("'%s' must be a list%s"), key, "");
			cnt = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
			cfg->goods = xcalloc(cnt + 1, sizeof *cfg->goods);
			for (size_t i = 0; i < cnt; i++) {
				yaml_node_t *it = yaml_document_get_node(c->doc, v->data.sequence.items.start[i]);
				cfg->ngoods = i + 1;
				rc = parse_goods(c, it, i, &cfg->goods[i]);
				if (rc != WMSJ_OK)
					return rc;
				for (size_t j = 0; j < i; j++)
					if (strcmp(cfg->goods[j].code, cfg->goods[i].code) == 0)
						return bad(c, it, _("goods code '%s' appears twice%s"),
							   cfg->goods[i].code, "");
			}
		} else if (strcmp(key, "rules") == 0) {
			rc = parse_rules(c, v, &cfg->rules);
		} else if (strcmp(key, "notice") == 0) {
			rc = parse_notice(c, v, &cfg->notice);
		} else if (strcmp(key, "exchange") == 0) {
			const char *x = v->type == YAML_SCALAR_NODE ? scalar(v) : "";

			if (strcmp(x, "per-station") == 0)
				cfg->exchange_shared = 0;
			else if (strcmp(x, "shared") == 0)
				cfg->exchange_shared = 1;
			else
				rc = bad(c, v, _("'%s' must be per-station or shared, not '%s'"), key, x);
		} else if (strcmp(key, "exchange_point") == 0) {
			point = k;
			rc = get_str(c, v, key, &cfg->exchange_point);
		} else {
			rc = bad(c, k, _("unknown key '%s'%s"), key, "");
		}
		if (rc != WMSJ_OK)
			return rc;
	}
	if (cfg->institute == NULL)
		return bad(c, root, _("missing key '%s'%s"), "institute", "");
	if (cfg->nstations == 0)
		return bad(c, root, _("missing key '%s' (at least one station)%s"), "stations", "");
	if (point != NULL && !cfg->exchange_shared)
		return bad(c, point, _("'%s' names the institute's one shared exchange point: it needs "
				       "'exchange: shared'%s"), "exchange_point", "");
	if (cfg->notice.issuer == NULL)
		cfg->notice.issuer = xstrdup(cfg->institute);
	if (cfg->notice.supervisors == NULL)
		cfg->notice.supervisors = xcalloc(1, sizeof *cfg->notice.supervisors);
	return WMSJ_OK;
}

static int
syntax_error(const char *name, yaml_parser_t *parser, struct wmsj_err *err)
{
	return wmsj_err_set(err, WMSJ_BADDATA, "%s:%zu: %s %s", name, parser->problem_mark.line + 1,
			    _("YAML syntax error:"), parser->problem ? parser->problem : "?");
}

/* Before libyaml builds the document: nesting is bounded (its scanner is
 * quadratic in the depth: 20000 levels took seconds, 100000 minutes; the
 * schema needs four) and the file holds one document (the loader would
 * silently ignore a second).  Events are pulled one by one, so a hostile
 * file is given up at the first level too deep. */
static int
check_shape(const char *name, const char *buf, size_t len, struct wmsj_err *err)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	int depth = 0, docs = 0, rc = WMSJ_OK, done = 0;

	if (!yaml_parser_initialize(&parser))
		return wmsj_err_set(err, WMSJ_SYSERR, _("out of memory"));
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (!done && rc == WMSJ_OK) {
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = syntax_error(name, &parser, err);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1)
				rc = wmsj_err_set(err, WMSJ_BADDATA,
				    _("%s:%zu: a second YAML document ('---'); wmsj.yaml holds one"), name,
				    ev.start_mark.line + 1);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (++depth > CONFIG_MAX_DEPTH)
				rc = wmsj_err_set(err, WMSJ_BADDATA, _("%s:%zu: nested deeper than %d levels"),
						  name, ev.start_mark.line + 1, CONFIG_MAX_DEPTH);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return rc;
}

int
config_parse(struct wmsj_config *cfg, const char *name, const char *buf, size_t len,
	     struct wmsj_err *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	struct ctx c;
	int rc;

	memset(cfg, 0, sizeof *cfg);
	defaults(cfg);
	cfg->path = xstrdup(name);
	if ((rc = check_shape(name, buf, len, err)) != WMSJ_OK)
		return rc;
	if (!yaml_parser_initialize(&parser))
		return wmsj_err_set(err, WMSJ_SYSERR, _("out of memory"));
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &doc)) {
		rc = syntax_error(name, &parser, err);
		yaml_parser_delete(&parser);
		return rc;
	}
	c.doc = &doc;
	c.name = name;
	c.err = err;
	rc = parse_root(&c, yaml_document_get_root_node(&doc), cfg);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return rc;
}

int
config_load(struct wmsj_config *cfg, const char *dir, struct wmsj_err *err)
{
	char *path = fsio_path(dir, "wmsj.yaml");
	char *buf;
	size_t len;
	int rc;
	struct stat st;

	memset(cfg, 0, sizeof *cfg);
	/* Every command starts here: refuse a directory others can write. */
	if (stat(dir, &st) == 0 && (rc = fsio_check_dir(dir, 0, err)) != WMSJ_OK) {
		free(path);
		return rc;
	}
	rc = fsio_read_in(dir, "wmsj.yaml", &buf, &len, err);
	if (rc == WMSJ_OK && buf == NULL)
		rc = wmsj_err_set(err, WMSJ_BADDATA,
		    _("'%s' is not a wmsj data directory (no wmsj.yaml); create one with 'wmsj-volunteer init -d %s'"),
		    dir, dir);
	if (rc == WMSJ_OK) {
		rc = config_parse(cfg, path, buf, len, err);
		free(buf);
	}
	free(path);
	return rc;
}

static void
free_list(char **v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
config_release(struct wmsj_config *c)
{
	for (size_t i = 0; i < c->nstations; i++) {
		free(c->stations[i].code);
		free(c->stations[i].name);
		free(c->stations[i].exchange_point);
		free_list(c->stations[i].supervisors, c->stations[i].nsupervisors);
	}
	free(c->stations);
	for (size_t i = 0; i < c->ngoods; i++) {
		free(c->goods[i].code);
		free(c->goods[i].name);
	}
	free(c->goods);
	free(c->path);
	free(c->center);
	free(c->institute);
	free(c->exchange_point);
	free(c->notice.issuer);
	free(c->notice.contact);
	free_list(c->notice.supervisors, c->notice.nsupervisors);
	memset(c, 0, sizeof *c);
}

const struct wmsj_station *
config_station(const struct wmsj_config *c, const char *code)
{
	for (size_t i = 0; i < c->nstations; i++)
		if (strcmp(c->stations[i].code, code) == 0)
			return &c->stations[i];
	return NULL;
}

#define STATION_SUFFIX "新时代文明实践站"

/* [*s, *s + *n) without white space at either end (ASCII, U+3000). */
static void
trim_span(const char **s, size_t *n)
{
	for (;;) {
		if (*n >= 1 && (**s == ' ' || **s == '\t')) {
			(*s)++, (*n)--;
		} else if (*n >= 3 && memcmp(*s, "\xe3\x80\x80", 3) == 0) {
			*s += 3, *n -= 3;
		} else if (*n >= 1 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t')) {
			(*n)--;
		} else if (*n >= 3 && memcmp(*s + *n - 3, "\xe3\x80\x80", 3) == 0) {
			*n -= 3;
		} else {
			return;
		}
	}
}

/* The length of name without STATION_SUFFIX (its whole length if it has none). */
static size_t
short_len(const char *name)
{
	size_t n = strlen(name), k = strlen(STATION_SUFFIX);

	return n > k && strcmp(name + n - k, STATION_SUFFIX) == 0 ? n - k : n;
}

const struct wmsj_station *
config_station_find(const struct wmsj_config *c, const char *text)
{
	const struct wmsj_station *st = config_station(c, text), *hit;
	size_t n = strlen(text), fits;

	if (st != NULL)
		return st;
	trim_span(&text, &n);
	if (n == 0)
		return NULL;
	for (int shortened = 0; shortened <= 1; shortened++) {
		hit = NULL;
		fits = 0;
		for (size_t i = 0; i < c->nstations; i++) {
			const char *name = c->stations[i].name;
			size_t len = shortened ? short_len(name) : strlen(name);

			if (len == n && memcmp(name, text, n) == 0) {
				hit = &c->stations[i];
				fits++;
			}
		}
		if (fits == 1)
			return hit;
		if (fits > 1)
			return NULL;
	}
	return NULL;
}

const struct wmsj_goods *
config_goods(const struct wmsj_config *c, const char *code)
{
	for (size_t i = 0; i < c->ngoods; i++)
		if (strcmp(c->goods[i].code, code) == 0)
			return &c->goods[i];
	return NULL;
}
