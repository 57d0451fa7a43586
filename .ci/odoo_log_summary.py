"""Summarise an Odoo --test-enable log as "passed failed" on one line.

A test counts as failed when Odoo reports it FAIL or ERROR, and also when it
was skipped (a browser tour Odoo skips for want of Chromium is a failure here).
Errors logged outside any test (a module that fails to load) count as one
failure, as does a non-zero exit code with no failure found.
"""
import re
import sys

path, rc = sys.argv[1], int(sys.argv[2])
total = 0
failed = 0
skipped = 0
stray_errors = 0
stats = re.compile(r"odoo\.tests\.result: (\d+) failed, (\d+) error\(s\) of (\d+) tests when loading")
fail = re.compile(r" (ERROR|CRITICAL) \S+ odoo\.(addons\.\w+\.tests\.|tests\.)\S*: (FAIL|ERROR): ")
skip = re.compile(r" INFO \S+ \S+: skipped ")
other_error = re.compile(r" (ERROR|CRITICAL) ")
with open(path, encoding="utf-8", errors="replace") as fh:
    for line in fh:
        m = stats.search(line)
        if m:
            total += int(m.group(3))
            continue
        if fail.search(line):
            failed += 1
        elif skip.search(line):
            skipped += 1
            print(line.rstrip(), file=sys.stderr)
        elif other_error.search(line):
            stray_errors += 1
            print(line.rstrip(), file=sys.stderr)
bad = failed + skipped
if stray_errors and not failed:
    bad += 1
if rc and not bad:
    bad = 1
print(max(total - failed - skipped, 0), bad)
