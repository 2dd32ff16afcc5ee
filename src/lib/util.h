/* The base of the library, one header for all: allocation (alloc.h),
 * growable strings (sb.h), splitting a list (strsplit.h), the arena
 * (arena.h), key hashing and the string map (map.h).  Each has its own .c
 * file; include the one you need or this one. */
#ifndef WMSJ_UTIL_H
#define WMSJ_UTIL_H

#include "alloc.h"
#include "arena.h"
#include "map.h"
#include "sb.h"
#include "strsplit.h"

#endif
