"""Render: a document, a year-over-year diff or track's verdicts as one self-contained HTML page, for people.

The page is a single file with its CSS and script inline and nothing fetched, so it can be
mailed, archived or opened from disk. A Content-Security-Policy allows only that inline CSS
and script (by hash) and no network: every piece of document text is escaped as well, so a
report that contains markup shows it and runs nothing. The same input gives the same bytes.

The pages are Jinja templates in this folder (page.html around document.html, diff.html,
tracking.html and tracking_series.html; macros.html, marks.html and charts.html for their
pieces) rendered with autoescape on; the CSS and script are style.css and script.js here.
pages.py gives the templates their values; charts.py places the marks of the charts, inline SVG
drawn by charts.html, which render_series_svg also writes as a picture of its own.
"""

from plantool.output.render.pages import render_diff, render_document, render_series_svg, render_tracking

__all__ = ["render_diff", "render_document", "render_series_svg", "render_tracking"]
