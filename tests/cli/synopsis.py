#!/usr/bin/env python3
"""Compare a tool's --help synopsis with its man page's SYNOPSIS.

usage: synopsis.py HELP_FILE MAN_PAGE...

The help's command lines are the lines after its heading that begin with two
spaces (a command) or more (its continuation).  A man page's SYNOPSIS is a
series of .Nm entries; .Cm gives the command (".Cm reissue | resume" names
two), "Fl -x" an option.  For every command, the set of options must be the
same in the help and in each page, and the commands the same.  Prints each
difference and exits 1 if there is one."""
import re
import sys


def from_help(text):
    cmds, cur, started = {}, None, False
    for line in text.splitlines():
        if line.startswith("  "):
            started = True
            if not line.startswith("   "):
                body = line[2:]
                first = body.split()[0]
                name = "" if first.startswith("[") else first
                words = body.split()
                if len(words) > 1 and re.fullmatch(r"[a-z]+", words[1]) and name == "activity":
                    name += " " + words[1]
                cur = cmds.setdefault(name, set())
            cur |= set(re.findall(r"(?:^|[\s\[|])--([a-z][a-z0-9-]*)", line))
        elif started:
            break
    return cmds


def from_man(text):
    m = re.search(r"^\.Sh SYNOPSIS\n(.*?)^\.Sh ", text, re.S | re.M)
    cmds = {}
    for entry in re.split(r"^\.Nm\n", m.group(1), flags=re.M)[1:]:
        names, opts = None, set()
        for line in entry.splitlines():
            if line.startswith(".Cm ") and names is None:
                names = [n.strip() for n in line[4:].split("|")]
            opts |= set(re.findall(r"\bFl -([a-z][a-z0-9-]*)", line))
        for n in names or [""]:
            cmds.setdefault(n, set()).update(opts)
    return cmds


def main():
    helpcmds = from_help(open(sys.argv[1], encoding="utf-8").read())
    bad = 0
    for page in sys.argv[2:]:
        mancmds = from_man(open(page, encoding="utf-8").read())
        for name in sorted(set(helpcmds) | set(mancmds)):
            h, m = helpcmds.get(name), mancmds.get(name)
            label = "'%s'" % name if name else "(no command)"
            if h is None:
                print("%s: %s is in the man page, not in --help" % (page, label))
                bad = 1
            elif m is None:
                print("%s: %s is in --help, not in the man page" % (page, label))
                bad = 1
            elif h != m:
                print("%s: %s: --help has %s, the man page %s" % (
                    page, label, " ".join(sorted("--" + o for o in h - m)) or "nothing more",
                    " ".join(sorted("--" + o for o in m - h)) or "nothing more"))
                bad = 1
    sys.exit(bad)


main()
