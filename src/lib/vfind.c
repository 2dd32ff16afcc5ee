/* Finding volunteers by name, correcting an ID number: see vfind.h. */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "i18n.h"
#include "validate.h"
#include "vfind.h"

int
vfind_pattern(const char *in, char **out, struct wmsj_err *err)
{
	*out = NULL;
	if (in == NULL || *in == '\0')
		return wmsj_err_set(err, WMSJ_REFUSED, _("--name needs part of a name"));
	return wmsj_name_normalize(in, out, err);
}

int
vfind_name_match(const char *name, const char *pat)
{
	return strstr(name, pat) != NULL;
}

size_t
vfind_by_name(const struct vregister *r, const char *name, size_t *idx, size_t max)
{
	char *norm = NULL;
	struct wmsj_err err;
	size_t n = 0;

	if (wmsj_name_normalize(name, &norm, &err) != WMSJ_OK)
		return 0;
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].name, norm) == 0) {
			if (n < max)
				idx[n] = i;
			n++;
		}
	free(norm);
	return n;
}

int
vreg_correct_idnum(struct vregister *r, struct volunteer *v, const char *in, const char *date,
		   const char *reason, struct wmsj_err *err)
{
	char idnum[19];
	struct volunteer *other;
	struct sb sb;

	if (date == NULL || wmsj_date_parse(date, NULL, NULL, NULL) != 0)
		return wmsj_err_set(err, WMSJ_REFUSED, _("--date needs a date YYYY-MM-DD, not '%s'"),
				    date != NULL ? date : "");
	if (reason == NULL || *reason == '\0')
		return wmsj_err_set(err, WMSJ_REFUSED, _("a reason is required: --reason TEXT"));
	if (wmsj_text_check(reason, 200, err) != WMSJ_OK)
		return WMSJ_REFUSED;
	if (strchr(reason, ';') != NULL)
		return wmsj_err_set(err, WMSJ_REFUSED, _("a reason may not hold ';'"));
	if (wmsj_idnum_check(in, idnum, NULL, err) != WMSJ_OK)
		return WMSJ_REFUSED;
	if (strcmp(v->id_number, idnum) == 0)
		return wmsj_err_set(err, WMSJ_REFUSED,
				    _("volunteer '%s' already has this ID number; nothing to correct"),
				    v->id);
	if ((other = vreg_find(r, idnum)) != NULL && strcmp(other->id_number, idnum) == 0)
		return wmsj_err_set(err, WMSJ_REFUSED,
				    _("the ID number is already registered as volunteer '%s'"), other->id);
	sb_init(&sb);
	sb_adds(&sb, v->id_corrections);
	if (sb.len > 0)
		sb_adds(&sb, "; ");
	sb_adds(&sb, date);
	sb_addc(&sb, ' ');
	sb_adds(&sb, v->id_number);
	sb_addc(&sb, ' ');
	sb_adds(&sb, reason);
	vreg_set(r, &v->id_corrections, sb.buf);
	sb_release(&sb);
	vreg_set(r, &v->id_number, idnum);
	vreg_set(r, &v->updated, wmsj_now());
	vreg_reindex(r);
	return WMSJ_OK;
}

enum vfind_key
vfind_key(const struct vregister *r, const char *key, struct volunteer **v, size_t *idx,
	  size_t max, size_t *n)
{
	*n = 0;
	if ((*v = vreg_find(r, key)) != NULL)
		return VK_FOUND;
	if ((*v = vreg_find_oldcard(r, key)) != NULL)
		return VK_REISSUED;
	*n = vfind_by_name(r, key, idx, max);
	if (*n == 1) {
		*v = &r->v[idx[0]];
		return VK_FOUND;
	}
	return *n > 1 ? VK_SHARED : VK_NONE;
}
