"""Draw the README's picture: the national GDP growth target against the outcome, 1992–2019, as the
page of `plantool track` draws it (docs/national-gdp-1992-2019.svg).

    python docs/gdp_chart.py           # rewrite the picture from the national reports
    python docs/gdp_chart.py --check   # exit 1 if it is out of date

The reports are the shared corpus's national/1992.txt … 2019.txt (../shared beside the checkout,
or $PLANTOOL_SHARED); a year without one (1996) shows as `no report`. A slow test checks that the
picture is what this script draws now, so it stays true to the tool.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from plantool import extract, load_rules
from plantool.analysis.track import track_series
from plantool.output.render import render_series_svg

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PLANTOOL_SHARED", ROOT.parent / "shared"))
OUT = ROOT / "docs" / "national-gdp-1992-2019.svg"
YEARS = range(1992, 2020)
INDICATOR, UNIT = "国内生产总值", "%"


def render() -> str:
    """The picture, drawn from the reports of YEARS that the corpus has."""
    rules = load_rules()
    folder = SHARED / "corpus" / "national"
    reports = [folder / f"{year}.txt" for year in YEARS if (folder / f"{year}.txt").is_file()]
    series = track_series([extract(path, rules=rules) for path in reports], rules)
    return render_series_svg(series, INDICATOR, UNIT, rules)


if __name__ == "__main__":
    picture = render()
    if "--check" in sys.argv[1:]:
        current = OUT.is_file() and OUT.read_text(encoding="utf-8") == picture
        print(f"{OUT.relative_to(ROOT)} is {'current' if current else 'out of date: run python docs/gdp_chart.py'}")
        sys.exit(0 if current else 1)
    OUT.write_text(picture, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
