# wmsj — volunteer points bank toolkit.  See README.md.
#
#   make              build the four tools and the translations into $(BUILD)
#   make check        unit + black-box tests, -Werror, then again under ASan+UBSan
#   make check-valgrind   the black-box suite under valgrind
#   make install      PREFIX=/usr/local DESTDIR=
#   make bench        province-scale benchmark (long; not part of check)
#   make fuzz         libFuzzer harnesses for a bounded time (clang)
#   make proptest     property tests: COUNT random scenarios from SEED (not in check)

PREFIX   ?= /usr/local
DESTDIR  ?=
BINDIR    = $(PREFIX)/bin
MANDIR    = $(PREFIX)/share/man
LOCALEDIR = $(PREFIX)/share/locale
COMPDIR   = $(PREFIX)/share/bash-completion/completions

CC       ?= cc
CFLAGS   ?= -O2 -g
BUILD    ?= build
WERROR   ?=
SAN      ?=
# TESTING=1 builds a test build: only it honours the test hooks (the WMSJ_TODAY /
# WMSJ_NOW clock and named fault points).  make check and check-valgrind set it;
# the tools you build with plain make and install never do.
TESTING  ?=
WARN      = -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wstrict-prototypes \
            -Wmissing-prototypes -Wvla -Wpointer-arith
ALL_CPPFLAGS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc/lib \
            -DLOCALEDIR='"$(LOCALEDIR)"' -DWMSJ_VERSION='"$(VERSION)"' \
            $(if $(TESTING),-DWMSJ_TESTING) $(PKG_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS = -std=c11 $(WARN) $(WERROR) $(SAN) $(CFLAGS)
# libxml2, libzip, libxlsxwriter and libqrencode through pkg-config when it is there.
PKGS      = libxml-2.0 libzip xlsxwriter libqrencode
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null || echo -I/usr/include/libxml2)
PKG_LIBS  := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lxml2 -lzip -lxlsxwriter -lqrencode)
LIBS      = -lcsv -lyaml -lcrypto $(PKG_LIBS) -pthread
VERSION   = 0.1.0

LIB_SRC  := $(wildcard src/lib/*.c)
LIB_OBJ  := $(LIB_SRC:src/lib/%.c=$(BUILD)/obj/lib/%.o)
TOOL_SRC := $(wildcard src/wmsj-*.c)
TOOLS    := $(TOOL_SRC:src/%.c=$(BUILD)/bin/%)
# A tool is src/wmsj-NAME.c (its entry: command table, options, dispatch) and
# the files of its command groups, src/NAME/*.c (git's builtin/ model).
tool_obj  = $(BUILD)/obj/wmsj-$(1).o \
            $(patsubst src/%.c,$(BUILD)/obj/%.o,$(wildcard src/$(1)/*.c))
TOOL_NAMES := $(TOOL_SRC:src/wmsj-%.c=%)
TOOL_OBJ := $(foreach t,$(TOOL_NAMES),$(call tool_obj,$(t)))
# The tools' command groups, for xgettext.
TOOL_GROUP_SRC := $(foreach t,$(TOOL_NAMES),$(wildcard src/$(t)/*.c))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNITS    := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/unit/%)
PO       := $(wildcard po/*.po)
MO       := $(PO:po/%.po=$(BUILD)/locale/%/LC_MESSAGES/wmsj.mo)
MAN      := $(wildcard man/*.[1-8])
# Translated man pages: man/LL/page.N installs to $(MANDIR)/LL/manN, where
# man(1) looks under an LL locale.
MAN_L10N := $(wildcard man/*/*.[1-8])

all: $(TOOLS) $(MO)

$(BUILD)/obj/lib/%.o: src/lib/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libwmsj.a: $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

define tool_link
$(BUILD)/bin/wmsj-$(1): $(call tool_obj,$(1)) $(BUILD)/libwmsj.a
	@mkdir -p $$(@D)
	$$(CC) $$(ALL_CFLAGS) $$(LDFLAGS) -o $$@ $(call tool_obj,$(1)) $$(BUILD)/libwmsj.a $$(LIBS)
endef
$(foreach t,$(TOOL_NAMES),$(eval $(call tool_link,$(t))))

$(BUILD)/unit/%: tests/unit/%.c $(BUILD)/libwmsj.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP $(LDFLAGS) -o $@ $< $(BUILD)/libwmsj.a $(LIBS) -lcmocka

$(BUILD)/locale/%/LC_MESSAGES/wmsj.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

# The tools' objects are real targets, not intermediates: a second make relinks nothing.
.SECONDARY: $(TOOL_OBJ)

-include $(LIB_OBJ:.o=.d) $(TOOL_OBJ:.o=.d) $(UNITS:=.d)

# ---- tests -------------------------------------------------------------------

STAGE = $(abspath $(BUILD))/stage

# Unit tests, then the black-box suite against an installed copy of the tools.
test: all $(UNITS)
	@set -e; for t in $(UNITS); do echo "== $$t"; $$t; done
	sh tests/structure.sh $(BUILD)
	rm -rf $(STAGE)
	$(MAKE) --no-print-directory install DESTDIR=$(STAGE) PREFIX=/usr BUILD=$(BUILD)
	WMSJ_STAGE=$(STAGE) WMSJ_LOCALEDIR=$(STAGE)/usr/share/locale \
	  WMSJ_PROP_COUNT=$(PROP_COUNT) sh tests/cli/run.sh

# Scenarios of the property tests in each build of make check (t-prop.sh).
PROP_COUNT ?= 150

check:
	$(MAKE) --no-print-directory test BUILD=build/check WERROR=-Werror TESTING=1
	$(MAKE) --no-print-directory test BUILD=build/asan WERROR=-Werror TESTING=1 \
	  SAN='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	  CFLAGS='-O1 -g' PROP_COUNT=50

check-valgrind:
	$(MAKE) --no-print-directory all BUILD=build/vg CFLAGS='-O1 -g' TESTING=1
	rm -rf build/vg/stage
	$(MAKE) --no-print-directory install DESTDIR=$(abspath build/vg)/stage PREFIX=/usr BUILD=build/vg TESTING=1
	WMSJ_STAGE=$(abspath build/vg)/stage WMSJ_LOCALEDIR=$(abspath build/vg)/stage/usr/share/locale \
	  WMSJ_VALGRIND=1 WMSJ_PROP_COUNT=10 sh tests/cli/run.sh

bench: all
	sh bench/bench.sh $(BUILD)/bin

fuzz:
	sh fuzz/run.sh $(FUZZ_SECONDS)

# Property tests beyond make check: COUNT scenarios of STEPS steps from seed
# SEED, every invariant (known defects reported, not skipped); each violated
# invariant's first seed is shrunk to a script in build/proptest/.
SEED  ?= 1
COUNT ?= 2000
STEPS ?= 25
proptest:
	$(MAKE) --no-print-directory all BUILD=build/prop TESTING=1
	rm -rf build/prop/stage
	$(MAKE) --no-print-directory install DESTDIR=$(abspath build/prop)/stage PREFIX=/usr BUILD=build/prop TESTING=1 >/dev/null
	PATH=$(abspath build/prop)/stage/usr/bin:$$PATH \
	  python3 tests/prop/prop.py run --seed $(SEED) --count $(COUNT) --steps $(STEPS) --shrink build/proptest

# ---- install -----------------------------------------------------------------

install: all
	mkdir -p $(DESTDIR)$(BINDIR)
	for t in $(TOOLS); do install -m 0755 $$t $(DESTDIR)$(BINDIR)/; done
	for m in $(MAN); do s=$${m##*.}; mkdir -p $(DESTDIR)$(MANDIR)/man$$s; \
	  install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	for m in $(MAN_L10N); do s=$${m##*.}; l=$${m#man/}; l=$${l%%/*}; \
	  mkdir -p $(DESTDIR)$(MANDIR)/$$l/man$$s; \
	  install -m 0644 $$m $(DESTDIR)$(MANDIR)/$$l/man$$s/; done
	for m in $(MO); do l=$${m#$(BUILD)/locale/}; l=$${l%%/*}; \
	  mkdir -p $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES; \
	  install -m 0644 $$m $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/wmsj.mo; done
	if [ -f contrib/wmsj.bash ]; then mkdir -p $(DESTDIR)$(COMPDIR); \
	  for t in $(TOOLS); do install -m 0644 contrib/wmsj.bash $(DESTDIR)$(COMPDIR)/$${t##*/}; done; fi

uninstall:
	for t in $(TOOLS); do rm -f $(DESTDIR)$(BINDIR)/$${t##*/} $(DESTDIR)$(COMPDIR)/$${t##*/}; done
	for m in $(MAN); do s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; done
	for m in $(MAN_L10N); do s=$${m##*.}; l=$${m#man/}; l=$${l%%/*}; \
	  rm -f $(DESTDIR)$(MANDIR)/$$l/man$$s/$${m##*/}; done
	for m in $(MO); do l=$${m#$(BUILD)/locale/}; l=$${l%%/*}; \
	  rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/wmsj.mo; done

# Refresh the translation template and merge it into every catalogue.
po-update:
	xgettext --from-code=UTF-8 -k_ -kN_ -c/ -o po/wmsj.pot src/*.c src/lib/*.c \
	  $(TOOL_GROUP_SRC)
	for p in $(PO); do msgmerge -q -U --backup=none $$p po/wmsj.pot; done

clean:
	rm -rf build

.PHONY: all test check check-valgrind bench fuzz proptest install uninstall po-update clean
