/* auditstd: wmsj-audit's check of the station standards (audit.h,
 * standing.h): team size, participation, activities held each month, a
 * monthly exchange day, a published notice each quarter; due only from the
 * directory's first record (auditsel.h) and for months that are over. */
#ifndef WMSJ_AUDITSTD_H
#define WMSJ_AUDITSTD_H

#include "audit.h"

/* The standards of year (not one after today's). */
void audit_standards(struct audit_ctx *c, int year);

#endif
