"""Summarise Lighthouse JSON reports and Nu Html Checker output for ``make audit``.

Usage: audit_report.py WORKDIR — reads WORKDIR/lighthouse-*.json and WORKDIR/vnu.json,
prints a table and exits 1 unless every score is 100, the first view keeps to its budget
(under 20 KB of HTML, CSS and JS compressed; fonts at most 40 KB), nothing comes from another
host, and the checker found no errors.
"""

import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# The budget of a first view, compressed: the page, its styles and scripts under 20 KB
# (fonts and images excluded), and fonts at most 40 KB.
FIRST_VIEW_BUDGET = 20 * 1024
FONT_BUDGET = 40 * 1024
FIRST_VIEW_TYPES = {"Document", "Stylesheet", "Script"}


def lighthouse_rows(workdir):
    failures = []
    for path in sorted(workdir.glob("lighthouse-*.json")):
        report = json.loads(path.read_text())
        scores = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
        requests = report["audits"]["network-requests"]["details"]["items"]
        document = next(r for r in requests if r.get("resourceType") == "Document")
        others = [r for r in requests if r is not document]
        metrics = report["audits"]
        print(
            f"{path.stem.removeprefix('lighthouse-'):16}"
            + "".join(f" {scores[c]:>4}" for c in CATEGORIES)
            + f"  html {document['transferSize'] / 1024:6.1f} KiB"
            f" ({document['resourceSize'] / 1024:.1f} KiB uncompressed)"
            f"  sub-resources {len(others):2} = {sum(r['transferSize'] for r in others) / 1024:6.1f} KiB"
            f"  LCP {metrics['largest-contentful-paint']['displayValue']}"
            f"  CLS {metrics['cumulative-layout-shift']['displayValue']}"
        )
        for r in others:
            print(f"{'':18}{r['resourceType']:10} {r['transferSize'] / 1024:6.1f} KiB  {r['url']}")
        first_view = sum(
            r["transferSize"] for r in requests if r.get("resourceType") in FIRST_VIEW_TYPES
        )
        fonts = sum(r["transferSize"] for r in requests if r.get("resourceType") == "Font")
        origin = urlsplit(report["finalDisplayedUrl"]).netloc
        third_party = [r["url"] for r in requests if urlsplit(r["url"]).netloc != origin]
        print(f"{'':18}first view (HTML, CSS, JS) {first_view / 1024:.1f} KiB, "
              f"fonts {fonts / 1024:.1f} KiB")  # fmt: skip
        if first_view > FIRST_VIEW_BUDGET:
            failures.append(f"{path.stem}: first view {first_view / 1024:.1f} KiB > 20 KiB")
        if fonts > FONT_BUDGET:
            failures.append(f"{path.stem}: fonts {fonts / 1024:.1f} KiB > 40 KiB")
        if third_party:
            failures.append(f"{path.stem}: third-party requests {third_party}")
        for category in CATEGORIES:
            if scores[category] < 100:
                failing = [
                    f"{ref['id']} ({metrics[ref['id']]['score']})"
                    for ref in report["categories"][category]["auditRefs"]
                    if ref["weight"] and (metrics[ref["id"]]["score"] or 0) < 1
                ]
                failures.append(f"{path.stem} {category} {scores[category]}: {', '.join(failing)}")
    return failures


def vnu_errors(workdir):
    messages = json.loads((workdir / "vnu.json").read_text() or '{"messages": []}')["messages"]
    errors = [m for m in messages if m.get("type") == "error"]
    checked = sorted(p.name for p in (workdir / "html").glob("*.html"))
    print(f"\nNu Html Checker: {len(checked)} pages, {len(errors)} errors")
    for error in errors:
        print(
            f"  {Path(error.get('url', '')).name}:{error.get('lastLine')}: {error.get('message')}"
        )
    return errors


def main():
    workdir = Path(sys.argv[1])
    print(f"{'page':16}" + "".join(f" {c[:4]:>4}" for c in CATEGORIES))
    failures = lighthouse_rows(workdir)
    errors = vnu_errors(workdir)
    for failure in failures:
        print("FAILED:", failure)
    return 1 if failures or errors else 0


if __name__ == "__main__":
    sys.exit(main())
