"""Take-away tools on every page (deck and one-pager downloads, a Present button) and presentation mode
(``?present=1``): the view's sections one screen at a time, in large type, with Next/Previous, the keyboard keys a
presentation clicker sends, a slide counter and a way back to the same view. ``ui.setup.page_setup`` calls both, so
pages need no code of their own. The content is ``export.content``'s report: the deck's slides, on screen.

Release pages (the Showcase, ``ui.showcase.release_setup``) get the same Present button and a deck download of the
chosen release cell, read from the protected release only (``export.public``), in either mode. Both carry the print
stylesheet (``PRINT_CSS``): a printed page shows its content, its maps as pictures drawn on the server
(``ui.printing``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import html
import json
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import streamlit as st

from sectorscope import codes, config, db
from sectorscope.charts import style
from sectorscope.export import content
from sectorscope.filters import FilterOptions, Selection, parse_query_params, to_query_params
from sectorscope.present.availability import Absence
from sectorscope.present.formatting import as_markdown_text
from sectorscope.ui.data import connection, database_signature, fetch
from sectorscope.ui.render import ABSENCE_ICONS, render_headlines, screen_reader_only

if TYPE_CHECKING:
    import pandas as pd

PRESENT = "present"
SLIDE = "_present_slide"
SLIDE_IN_LINK = "slide"  # the slide shown, counted from 1: a reload or a shared link comes back to it
SLIDE_WRITTEN = "_present_slide_in_link"  # what this session last wrote there (a link changed since: Back, Forward)
MAP_LEGEND_POINTS = 15  # the map slide's legend: about 15 px as the picture is shown at 1280 x 720
PLOT = {"displaylogo": False, "displayModeBar": False}
CHROME_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stSidebarNav"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"], footer,
[data-testid="stMainMenu"], [data-testid="stStatusWidget"] { display: none !important; }
/* Type sized by the screen, the smaller of its height's and its width's share: at 1280 x 720 a card's value is 39 px
   and its small print 15.5 px, at 1920 x 1080 58 and 23 px. The slide was zoomed to 0.62 on short screens (cards'
   values 20.6 px, their n and sources 10.4 px, a change line 8.7 px, the bottom fifth of a 720 px screen empty: a
   reviewer), and the rules meant to enlarge the cards lost to the pages' own card styles (ui.render.CARD_CSS). */
[data-testid="stMain"] {
  --slide-text: clamp(14px, calc(min(2.15vh, 1.3vw) * var(--slide-fit, 1)), 24px);
  --slide-label: clamp(16px, calc(min(2.6vh, 1.6vw) * var(--slide-fit, 1)), 28px);
  --slide-value: clamp(28px, calc(min(5.4vh, 3.2vw) * var(--slide-fit, 1)), 60px);
  --slide-words: clamp(20px, calc(min(3.3vh, 2vw) * var(--slide-fit, 1)), 38px);
  --slide-title: clamp(28px, calc(min(5.6vh, 3.4vw) * var(--slide-fit, 1)), 60px); }
[data-testid="stMainBlockContainer"] { padding: 0.8rem 2.5rem 0.5rem 2.5rem; max-width: 1900px; }
[data-testid="stMain"] h1 { font-size: var(--slide-title); padding: 0.2em 0 0.25em 0; }
[data-testid="stMain"] h2 { font-size: calc(var(--slide-title) * 0.7); }
[data-testid="stMain"] h3 { font-size: calc(var(--slide-title) * 0.55); }
[data-testid="stMain"] [data-testid="stMetricValue"], [data-testid="stMain"] [data-testid="stMetricValue"] p {
  font-size: var(--slide-value) !important; line-height: 1.15; }
[data-testid="stMain"] [class*="st-key-words-card-"] [data-testid="stMetricValue"],
[data-testid="stMain"] [class*="st-key-words-card-"] [data-testid="stMetricValue"] p {
  font-size: var(--slide-words) !important; line-height: 1.25; }
[data-testid="stMain"] [data-testid="stMetricLabel"], [data-testid="stMain"] [data-testid="stMetricLabel"] p {
  font-size: var(--slide-label) !important; }
[data-testid="stMain"] [data-testid="stMetricDelta"], [data-testid="stMain"] [data-testid="stMetricDelta"] div,
[data-testid="stMain"] [data-testid="stMetricDelta"] p, [data-testid="stMain"] [data-testid="stMetricDelta"] svg {
  font-size: var(--slide-text) !important; }
[data-testid="stMain"] [data-testid="stMetricDelta"] svg { width: 1em; height: 1em; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: var(--slide-text); line-height: 1.35; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li, [data-testid="stMain"] button p,
[data-testid="stMain"] a.sectorscope-exit, [data-testid="stMain"] [data-testid="stMarkdown"] p {
  font-size: var(--slide-text); }
/* a card (a bordered block in a column): its parts closer together than the page's (1rem apart, 15 px inside) */
[data-testid="stMain"] [data-testid="stColumn"] [data-testid="stLayoutWrapper"] > [data-testid="stVerticalBlock"] {
  gap: 0.35rem; padding: 0.55rem 0.8rem; }
[data-testid="stMain"] [data-testid="stAlert"] p { font-size: var(--slide-label); }
.sectorscope-counter { font-size: var(--slide-label); text-align: center; padding-top: 0.3rem; }
/* the demo notice as large as the slide counter: at 1280 x 720 it read as 9 px text in a corner (a reviewer) */
.sectorscope-present-notice { font-size: var(--slide-label); font-weight: 700; margin: 0; padding-top: 0.3rem; }
.st-key-present-first, .st-key-present-last { display: none !important; }
/* the map's picture as tall as the screen leaves it under the slide's title (SLIDE_SCRIPT sets its height) */
[data-testid="stMain"] [data-testid="stImage"] img { width: auto !important; max-width: 100%; object-fit: contain; }
/* A slide fits the screen it is shown on, and a clicker cannot scroll (PageDown is "Next"). Only on screens shorter
   than 700 px is the slide drawn smaller, but for the charts: a chart's whole block (Streamlit sets its height there)
   is zoomed back, so Plotly lays it out at its own size (PRESENTATION_CHART_HEIGHT) and full width; zoomed with the
   rest it took a third of the slide's width and cut its labels. Screens only: a printed slide keeps its size. */
/* On a phone Streamlit stacks columns: the controls took 270 px of an 844 px screen, one per row, and a slide's cards
   and charts scrolled under them (a convener). There the notice keeps a row of its own and Previous, the counter, Next
   and Exit share the next, each as wide as it needs; the page's side padding shrinks to 1 rem. */
@media screen and (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding: 0.5rem 1rem 0.5rem 1rem; }
  .st-key-present-controls [data-testid="stHorizontalBlock"] { flex-wrap: wrap; row-gap: 0.2rem; column-gap: 0.5rem; }
  .st-key-present-controls [data-testid="stColumn"] { min-width: 0 !important; width: auto !important;
    flex: 1 1 auto !important; }
  .st-key-present-controls [data-testid="stColumn"]:first-child { flex: 1 0 100% !important; }
  .st-key-present-controls button { padding-left: 0.5rem; padding-right: 0.5rem; }
}
@media screen and (max-height: 699px) {
  [data-testid="stMainBlockContainer"] { zoom: 0.8; }
  [data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {
    zoom: calc(1 / 0.8); }
}
</style>"""
# Clicks the Next/Previous buttons for the keys a presentation clicker sends; one listener per browser tab.
KEYS_SCRIPT = """<span id="sectorscope-present"></span><script>
if (!window.sectorscopePresentKeys) {
  window.sectorscopePresentKeys = true;
  document.addEventListener("keydown", (event) => {
    if (!document.getElementById("sectorscope-present")) return;
    const target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable)) return;
    if (event.key === "Escape") {  // leaves the presentation, as a slide show does
      const exit = document.querySelector("a.sectorscope-exit");
      if (exit) { event.preventDefault(); exit.click(); }
      return;
    }
    // Home and End go to the first and the last slide (their buttons are hidden: keys only)
    const moves = {ArrowRight: "next", PageDown: "next", ArrowLeft: "previous", PageUp: "previous",
                   Home: "first", End: "last"};
    const move = moves[event.key];
    if (!move) return;
    const button = document.querySelector(`.st-key-present-${move} button`);
    if (button && !button.disabled) {
      event.preventDefault();
      window.sectorscopeMovedByKey = Date.now();  // the next slide puts focus back on Next (SLIDE_SCRIPT)
      button.click();
    }
  });
  // Leaving: the page then gives focus back to its Present button (it was left on the page's body, and a keyboard
  // user tabbed from the top again)
  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest("a.sectorscope-exit")) {
      try { sessionStorage.setItem("sectorscope-focus-present", "1"); } catch (error) { /* no storage here */ }
    }
  }, true);
}
</script>"""


# Runs on every slide (its text names the slide, so Streamlit runs it anew each time):
# - Focus on a control a keyboard can use. On entering, and after a key moved the slide (a clicker's PageUp, Home,
#   End), on Next, or on Previous where Next is disabled (the last slide); otherwise wherever the reader left it,
#   unless that is the page's body or a button just disabled. On the last slide Next became disabled and focus
#   dropped to the body, and PageUp from there left it there (a reviewer).
# - Fit the slide to the screen, which a stylesheet alone cannot: a slide with more text than most (a public slide's
#   note, a partnership's two-line name above its map) ran 4-40 px past a 720 px screen. While the slide is drawn
#   (for 4 s) its type is set smaller in steps (``--slide-fit``, down to 0.8; CHROME_CSS keeps every text at 14 px
#   or more) until its last element ends on the screen, and the map's picture is given the height left under the
#   title. Elements of the slide before, kept on the page while this one is drawn (``data-stale``), are not
#   measured. Again when the window changes size (a projector, full screen).
SLIDE_SCRIPT = """<script>
(() => {
  const slide = SLIDE_STATE;  // {counter: "2 / 13", first: false, last: false}
  // A chart fills the screen's height under the slide's title, less what follows it (its note), at least its own
  // height and at most its most (export.figures.presentation_figure's meta "slide_fit"): at 1920 x 1080 it stood
  // 400 px tall, a third of the screen blank under it (a convener reviewer). Set through the chart's element, whose
  // height Streamlit gives the figure, once the chart has not been redrawn for 400 ms: set while Streamlit still
  // redrew it, two redraws in flight took turns for ever (as ui.present.CHARTS_SCRIPT's maps).
  const fitChart = (plot) => {
    const layout = plot._fullLayout || {};
    const fit = (layout.meta || {}).slide_fit;
    const chart = plot.closest('[data-testid="stPlotlyChart"]');
    const holder = plot.closest('[data-testid="stElementContainer"]');
    const main = document.querySelector('[data-testid="stMain"]');
    if (!fit || !chart || !holder || !main || !layout.height || !plot.on) return;
    // the drawing hidden from screen readers, the chart in words before it (as CHARTS_SCRIPT's quietDrawing)
    plot.querySelectorAll("svg.main-svg:not([aria-hidden])").forEach((drawing) => drawing.setAttribute("aria-hidden",
                                                                                                       "true"));
    if (!plot.sectorscopeSlideHooked) {
      plot.sectorscopeSlideHooked = true;
      plot.sectorscopeDrawnAt = Date.now();
      plot.on("plotly_afterplot", () => { plot.sectorscopeDrawnAt = Date.now(); });
    }
    if (Date.now() - plot.sectorscopeDrawnAt < 400) return;
    const box = holder.getBoundingClientRect();
    let below = 0;  // how far the slide's last element ends under the chart
    main.querySelectorAll('[data-testid="stElementContainer"]:not([data-stale="true"])').forEach((element) => {
      const other = element.getBoundingClientRect();
      if (other.height > 0) below = Math.max(below, other.bottom - box.bottom);
    });
    const zoom = holder.currentCSSZoom || 1;
    const room = Math.floor((window.innerHeight - box.top - below - 28) / zoom);
    const wanted = Math.min(Math.max(room, fit.min_px), fit.max_px);
    if (Math.abs(wanted - layout.height) < 4 && holder.style.flexBasis === chart.style.height) return;
    chart.style.height = `${wanted}px`;
    holder.style.flexBasis = `${wanted}px`;  // its block keeps Streamlit's height (flex 0 0 400px) else
  };
  const fit = () => {
    const main = document.querySelector('[data-testid="stMain"]');
    if (!main) return;
    let scale = 1, rounds = 0, focused = false;
    main.style.setProperty("--slide-fit", "1");
    clearInterval(window.sectorscopeFitTimer);
    window.sectorscopeFitTimer = setInterval(() => {
      rounds += 1;
      const next = document.querySelector(".st-key-present-next button");
      const previous = document.querySelector(".st-key-present-previous button");
      const counter = document.querySelector('[data-testid="present-counter"]');
      if (!focused && next && previous && counter && counter.textContent.trim() === slide.counter
          && next.disabled === slide.last && previous.disabled === slide.first) {  // this slide's controls
        focused = true;
        const byKey = Date.now() - (window.sectorscopeMovedByKey || 0) < 10000;
        window.sectorscopeMovedByKey = 0;
        const active = document.activeElement;
        if (byKey || !active || active === document.body || active.disabled) {
          (next.disabled ? previous : next).focus();
        }
      }
      main.querySelectorAll(".js-plotly-plot").forEach(fitChart);
      const contentBottom = () => {
        let lowest = 0;
        main.querySelectorAll('[data-testid="stElementContainer"]:not([data-stale="true"])').forEach((element) => {
          const box = element.getBoundingClientRect();
          if (box.height > 0) lowest = Math.max(lowest, box.bottom);
        });
        return lowest;
      };
      const image = main.querySelector('[data-testid="stImage"] img');
      if (image) {  // the room under the title, less what the slide shows under the picture (the counties named:
        // at 1280 x 720 the map left them 23 px below the screen)
        const zoom = image.currentCSSZoom || 1;
        const box = image.getBoundingClientRect();
        const under = Math.max(contentBottom() - box.bottom, 0);
        const room = (window.innerHeight - box.top - under - 28) / zoom;
        image.style.maxHeight = `${Math.max(Math.floor(room), 160)}px`;
      }
      const bottom = contentBottom();
      if (bottom + main.scrollTop > window.innerHeight - 20 && scale > 0.8) {  // the page's padding under it
        scale = Math.round((scale - 0.04) * 100) / 100;
        main.style.setProperty("--slide-fit", String(scale));
      }
      if (rounds > 80) clearInterval(window.sectorscopeFitTimer);
    }, 50);
  };
  window.sectorscopeFit = fit;
  if (!window.sectorscopeFitOnResize) {
    window.sectorscopeFitOnResize = true;
    window.addEventListener("resize", () => window.sectorscopeFit && window.sectorscopeFit());
  }
  fit();
})();
</script>"""
# A shared profile link (?partnership=) scrolls the Partnerships page to the profile once it is drawn, once per load,
# and keeps it there while the charts above it are still growing (for 6 s, or until the reader scrolls).
PROFILE_SCRIPT = """<script>
(() => {
  const chosen = new URLSearchParams(window.location.search).get("partnership");
  if (!chosen || window.location.search.includes("present=1")) return;
  const done = `sectorscopeScrolled-${window.location.pathname}-${chosen}`;
  if (window[done]) return;
  window[done] = true;
  let ticks = 0, found = 0, reader = false;
  const stop = () => { reader = true; };
  for (const event of ["wheel", "touchstart", "keydown", "mousedown"]) {
    window.addEventListener(event, stop, {once: true, capture: true});
  }
  const timer = setInterval(() => {
    const heading = document.getElementById("partnership-profile");
    ticks += 1;
    if (heading && !reader) {
      found += 1;
      const top = heading.getBoundingClientRect().top;
      if (top < 0 || top > 120) heading.scrollIntoView({block: "start"});
    }
    if (reader || found > 30 || ticks > 150) clearInterval(timer);
  }, 200);
})();
</script>"""
# Every chart's PNG download (the camera in its toolbar) gets a file name that says what and which view, e.g.
# "sectorscope_grant-dollars-by-start-year_sector-hlth.png", and its scale for print; checked every second, as charts
# come and go. Printed tables are made from their text when the browser is about to print.
# Present from anywhere on a page: from a partnership's deep link, the button was 19 Shift+Tabs back (a convener).
# Alt+P: no browser's own, and no character typed on Windows or Linux; Streamlit lets a shortcut with Alt through even
# in a text box, where on a Mac Option+P types "π": CHARTS_SCRIPT keeps the character there and does not present
PRESENT_SHORTCUT = "Alt+P"

# The sidebar's first stop for a keyboard: past the menu and every filter to Present and the downloads (a convener
# pressed Tab 48 times on a profile to reach Present). Out of sight until focused, as skip links are; the script moves
# focus itself, since Streamlit's router is not an in-page anchor's target.
SKIP_TO_TAKE_AWAY = """<style>
.sectorscope-skip { position: absolute; left: -10000px; top: auto; width: 1px; height: 1px; overflow: hidden; }
.sectorscope-skip:focus { position: static; width: auto; height: auto; display: inline-block; padding: 0.25rem 0.5rem;
  outline: 3px solid PRIMARY; outline-offset: 2px; background: white; color: PRIMARY; font-weight: 600; }
/* no gap of its own above the menu while out of sight */
[data-testid="stElementContainer"]:has(.sectorscope-skip) { margin-bottom: -1rem; }
[data-testid="stElementContainer"]:has(.sectorscope-skip:focus) { margin-bottom: 0; }
</style>
<a class="sectorscope-skip" href="#take-away">Skip to Present and downloads</a>
<script>
(() => {  // one listener for the document, whatever Streamlit draws again; without it the link's anchor is the target
  if (window.sectorscopeSkip) return;
  window.sectorscopeSkip = true;
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a.sectorscope-skip");
    const target = link && document.querySelector(".st-key-present-start button");
    if (!target) return;
    event.preventDefault();
    target.focus();
  }, true);
})();
</script>""".replace("PRIMARY", style.THEME_PRIMARY)

CHARTS_SCRIPT = r"""<script>
(() => {  // back from a presentation: focus on the Present button the reader left from
  let back = false;
  try { back = Boolean(sessionStorage.getItem("sectorscope-focus-present")); } catch (error) { return; }
  if (!back) return;
  let tries = 0;
  const timer = setInterval(() => {
    const present = document.querySelector(".st-key-present-start button");
    tries += 1;
    if (present || tries > 100) {
      clearInterval(timer);
      try { sessionStorage.removeItem("sectorscope-focus-present"); } catch (error) { /* no storage here */ }
      if (present) present.focus();
    }
  }, 50);
})();
(() => {
  if (window.sectorscopeCharts) return;
  window.sectorscopeCharts = true;
  // Alt+P presents (PRESENT_SHORTCUT), also from a text box, where Streamlit lets Alt shortcuts through: on a Mac,
  // where Option+P types a character there ("π"), the character is kept and nothing presents. Stopped at the window
  // before the document, where Streamlit's shortcuts listen. A Mac only: on Windows and Linux Alt+P types nothing,
  // whatever the layout ("π" or "з" as its key on a Greek or Russian one), and presents; text boxes only (a checkbox
  // or a radio button types nothing).
  const onMac = /mac|iphone|ipad/i.test((navigator.userAgentData || {}).platform || navigator.platform || "");
  const typedInto = 'textarea, [contenteditable]:not([contenteditable="false"]), input:not([type="checkbox"])' +
    ':not([type="radio"]):not([type="range"]):not([type="file"]):not([type="button"]):not([type="submit"])';
  if (onMac) window.addEventListener("keydown", (event) => {
    const box = event.target && event.target.closest && event.target.closest(typedInto);
    if (box && event.altKey && event.code === "KeyP") event.stopPropagation();
  }, true);
  const slug = (text) => String(text || "").toLowerCase().replace(/<[^>]*>/g, " ").replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const fileName = (plot) => {
    const layout = plot._fullLayout || {};
    const title = slug(layout.title && layout.title.text) || slug(document.title.split("·")[0]);
    const link = new URLSearchParams(window.location.search);
    const view = ["partnership", "sector", "region", "county", "years"]
      .flatMap((name) => link.getAll(name).map((value) => slug(`${name}-${value}`))).join("_");
    return ["sectorscope", title.slice(0, 60), view.slice(0, 60)].filter(Boolean).join("_");
  };
  const name = (plot) => {
    // charts drawn by ui.render.render_chart name themselves; others get a name here
    if (!plot._context || (plot._context.toImageButtonOptions || {}).filename) return;
    plot._context.toImageButtonOptions = {...(plot._context.toImageButtonOptions || {}), filename: fileName(plot)};
  };
  // A chart keeps its screen width in print: one wider than a printed page (7.4 in = 710 CSS px) is scaled down to
  // fit (PRINT_CSS applies the zoom), read from Plotly's own layout width, which zoom does not change.
  const fitPrint = (plot) => {
    const width = (plot._fullLayout || {}).width;
    if (width) plot.style.setProperty("--sectorscope-print-zoom", String(Math.min(1, 710 / width)));
  };
  // An icon in Markdown or a caption (":material/visibility_off: hidden for privacy") is an image Streamlit names
  // after the icon: a screen reader said "visibility_off icon" before every hidden card's reason, which its words
  // already give (a keyboard reviewer). Ours are all beside words: hidden from screen readers.
  const quietIcons = () => document.querySelectorAll(
    '[data-testid="stMain"] span[role="img"][aria-label$=" icon"]:not([aria-hidden])')
    .forEach((icon) => icon.setAttribute("aria-hidden", "true"));
  // A chart's drawing reached a screen reader as a loose list of its ticks' and labels' numbers, after the chart in
  // words that ui.render.render_chart puts before it (a public visitor): the drawing is hidden from screen readers,
  // the words and the chart's table stay. The toolbar is outside the drawing and keeps its buttons.
  const quietDrawing = (plot) => plot.querySelectorAll("svg.main-svg:not([aria-hidden])")
    .forEach((drawing) => drawing.setAttribute("aria-hidden", "true"));
  // Every chart's toolbar said "Download plot as a PNG" and "Fullscreen", the same words for each chart of a page, and
  // a map's canvas was a Tab stop named only "Map" (a keyboard reviewer): each button and canvas is named after its
  // chart's title. The tooltips keep their own words (Plotly's come from data-title). Tags become spaces: a
  // regular expression spelling out a line break's tag kept Streamlit from running any of this script.
  const named = (element, words) => {
    if (element.getAttribute("aria-label") !== words) element.setAttribute("aria-label", words);
  };
  // Streamlit's own toolbar over an element (a chart's Fullscreen, a table's Show/hide columns, Search, Fullscreen)
  const nameToolbar = (holder, what) => (holder ? holder.querySelectorAll('[data-testid="stElementToolbar"] button')
    : []).forEach((button) => {
    button.sectorscopeOwnName = button.sectorscopeOwnName || button.getAttribute("aria-label") || "";
    if (button.sectorscopeOwnName) named(button, `${button.sectorscopeOwnName}: ${what}`);
  });
  const nameControls = (plot) => {
    const title = ((plot._fullLayout || {}).title || {}).text || "";
    const chartName = title.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
    if (!chartName) return;
    plot.querySelectorAll(".modebar-btn[data-title]")
      .forEach((button) => named(button, `${button.getAttribute("data-title")}: ${chartName}`));
    plot.querySelectorAll("canvas.maplibregl-canvas").forEach((canvas) => named(canvas,
      `Map: ${chartName}. Arrow keys move it, plus and minus zoom; its figures are in the table after it.`));
    nameToolbar(plot.closest('[data-testid="stElementContainer"]'), chartName);
  };
  // A table's toolbar alike, after the words of the expander it stands in: "Search: table of Middle hourly raise by
  // sector, all years" for "Show the data as a table: Middle hourly raise ..."
  const nameTableControls = () => document.querySelectorAll('[data-testid="stExpander"]').forEach((expander) => {
    const words = expander.querySelector('summary [data-testid="stMarkdownContainer"]');
    const text = words ? words.innerText.replace(/\s+/g, " ").trim() : "";
    const what = text.includes(": ") ? `table of ${text.split(": ").slice(1).join(": ")}` : text;
    if (!what) return;
    expander.querySelectorAll('[data-testid="stElementContainer"]:has([data-testid="stDataFrame"])')
      .forEach((holder) => nameToolbar(holder, what));
  });
  // A filter changed every figure of the page and a screen reader said nothing (a keyboard reviewer): once a run has
  // ended, a view other than the one last said (``take_away_heading``'s data-sectorscope-view) is said in a polite
  // live region of the page's own. It stays put: Streamlit draws its elements anew, and a live region drawn anew is
  // not read. The first view of a visit is not said (the page's heading is). Made once the page has a body: a
  // script run before it (a page given this script in its head) stopped here, and nothing after this was set up.
  let announcer = null;
  let viewSaid = null;
  setInterval(() => {
    if (!announcer && document.body) {
      announcer = document.createElement("div");
      announcer.className = "sectorscope-announcer";
      announcer.setAttribute("role", "status");
      announcer.setAttribute("aria-live", "polite");
      announcer.setAttribute("aria-atomic", "true");
      announcer.style.cssText = "position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; " +
        "clip: rect(0 0 0 0); white-space: nowrap; border: 0;";
      document.body.append(announcer);
    }
    const app = document.querySelector('[data-testid="stApp"]');
    const marker = document.querySelector("[data-sectorscope-view]");
    if (!announcer || !app || !marker || app.getAttribute("data-test-script-state") !== "notRunning") return;
    const view = marker.getAttribute("data-sectorscope-view");
    if (viewSaid !== null && view !== viewSaid) announcer.textContent = `Now showing: ${view}`;
    viewSaid = view;
  }, 250);
  setInterval(() => {
    document.querySelectorAll(".js-plotly-plot").forEach((plot) => {
      name(plot); fitPrint(plot); quietDrawing(plot); nameControls(plot);
    });
    nameTableControls();
    quietIcons();
  }, 1000);
  // A download made when clicked (ui.render.render_download, the decks) greys its button while the file is written,
  // and a greyed button loses focus: a keyboard user was sent back to the top after every download (a keyboard
  // reviewer). Focus goes back to the button once it is ready again, unless the reader has moved on.
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest('[data-testid="stDownloadButton"] button');
    if (!button) return;
    // the same button once redrawn: itself while it stands, else by its own element's key, else by its place
    const holder = button.closest('[data-testid="stElementContainer"]');
    const key = holder && [...holder.classList].find((name) => name.startsWith("st-key-"));
    const buttons = () => [...document.querySelectorAll('[data-testid="stDownloadButton"] button')];
    const place = buttons().indexOf(button);
    const find = () => (button.isConnected ? button : key
      ? document.querySelector(`.${CSS.escape(key)} [data-testid="stDownloadButton"] button`)
      : buttons()[place] || null);
    let tries = 0;
    let greyed = false;
    const timer = setInterval(() => {
      tries += 1;
      const again = find();
      const active = document.activeElement;
      const lost = !active || active === document.body;
      greyed = greyed || Boolean(again && again.disabled);
      const ready = again && !again.disabled;
      // focus back where it fell to the page: once greyed and ready again, or within a second of the click (a
      // file written faster than a tick greys it unseen); not later, when a reader may have clicked the page
      if (ready && lost && (greyed || tries <= 20)) {
        again.focus();
        clearInterval(timer);
      } else if ((greyed && ready) || (!greyed && tries > 20) || (!lost && active !== again) || tries > 200) {
        clearInterval(timer);  // never greyed (a file given at once), the reader moved on, or 10 s passed
      }
    }, 50);
  }, true);
  // A county map comes zoomed for the narrowest width it is drawn at (a tile map cannot fit itself): zoomed here to
  // fit its box into its real size by the server's own formula (charts.maps.map_layout, view_for_bounds), when it
  // arrives and whenever its size changes. A view the visitor zoomed is left alone until the size changes.
  const mercatorY = (lat) => Math.log(Math.tan(Math.PI / 4 + Math.max(Math.min(lat, 85), -85) * Math.PI / 360));
  const fittedZoom = (fit, width, height) => {
    const [west, south, east, north] = fit.bounds;
    const lonSpan = Math.max(east - west, 0.05);
    const ySpan = Math.max(mercatorY(north) - mercatorY(south), 0.05 * Math.PI / 180);
    const usableWidth = width * (1 - 2 * fit.padding);
    const usableHeight = height * (1 - 2 * fit.padding);
    const zoom = Math.min(Math.log2(usableWidth * 360 / (512 * lonSpan)),
                          Math.log2(usableHeight * 2 * Math.PI / (512 * ySpan)));
    return Math.max(Math.round((Math.floor(zoom * 100) / 100 - fit.zoom_out) * 100) / 100, 0);
  };
  const fitMap = (plot) => {
    const layout = plot._fullLayout || {};
    const fit = (layout.meta || {}).map_fit;
    const map = layout.map && layout.map._subplot && layout.map._subplot.map;
    if (!fit || !map) return;
    const box = map.getContainer();
    const size = `${box.clientWidth}x${box.clientHeight}`;
    if (!box.clientWidth || !box.clientHeight) return;
    if (layout.map.zoom !== fit.zoom && plot.sectorscopeFitSize === size) return;  // fitted, or the visitor's
    plot.sectorscopeFitSize = size;
    const zoom = fittedZoom(fit, box.clientWidth, box.clientHeight);
    if (Math.abs(zoom - layout.map.zoom) < 0.005) return;
    layout.map.zoom = zoom;  // kept by Plotly's next redraw (a resize), as a visitor's zoom is
    if (layout.map._input) layout.map._input.zoom = zoom;
    map.jumpTo({zoom});
  };
  // On a phone a map is lowered to the height its box of counties takes at its real width (charts.maps.map_layout:
  // a state is less tall than wide, and the map came sized for a wide screen: Pennsylvania amid 300 px of white),
  // through the chart's element, whose height Streamlit gives the figure; once lowered, it gets its own height back
  // whenever it is wider. Lowered only when the chart has been still for 400 ms (its width and its last redraw): set
  // while Streamlit still redrew it for a new width, the two redraws in flight took turns for ever (react-plotly's
  // loop: 16 redraws in 2 s after 1400 -> 390 px, none since).
  // Has the chart been still for 400 ms: no change of its width, no redraw? (Its last redraw is noted by the
  // plotly_afterplot hook below.)
  const isStill = (plot) => {
    const width = (plot._fullLayout || {}).width, now = Date.now();
    if (plot.sectorscopeWidthSeen !== width) {
      plot.sectorscopeWidthSeen = width;
      plot.sectorscopeWidthAt = now;
    }
    return now - Math.max(plot.sectorscopeDrawnAt || 0, plot.sectorscopeWidthAt) >= 400;
  };
  // Once a map is lowered (fitMapHeight), Streamlit redrew it for ever, 5 to 8 times a second: in 58 of 104 phone
  // loads (390 px) of the Overview and Worker outcomes on a busy machine (none of 26 of Partnerships, none of 8
  // without lowering), which costs a phone's battery and at times starved the page's widgets still loading (grey
  // placeholders for a minute). Giving Streamlit its height back did not stop it. Every such redraw was of the figure
  // the map already showed: the same data and config, a new copy of the same layout. A lowered map's redraw of what
  // it already shows is not drawn: no loop in 210 loads (100 at 390 px; 110 at 1400 px with maps in a narrow column
  // lowered too, which looped in 10 of 49 without this). Any other redraw (new data, size, config) is drawn.
  const skipSameRedraws = () => {
    const plotly = window.Plotly;
    if (!plotly || plotly.sectorscopeSkipsSame) return;
    const react = plotly.react;
    plotly.react = function (plot, figure) {
      let same = false;
      try {
        same = Boolean(plot && plot.sectorscopeHeightKept && plot._fullLayout && figure && !Array.isArray(figure)
          && figure.data === plot.data && figure.config === plot.sectorscopeConfig
          && JSON.stringify(figure.layout) === JSON.stringify(plot.layout));
      } catch (error) { same = false; }  // drawn as asked
      if (same) return Promise.resolve(plot);
      if (plot && figure && !Array.isArray(figure)) plot.sectorscopeConfig = figure.config;
      return react.apply(this, arguments);
    };
    plotly.sectorscopeSkipsSame = true;
  };
  const fitMapHeight = (plot) => {
    const layout = plot._fullLayout || {};
    const fit = (layout.meta || {}).map_fit;
    const map = layout.map && layout.map._subplot && layout.map._subplot.map;
    const chart = plot.closest('[data-testid="stPlotlyChart"]');
    const holder = chart && chart.closest('[data-testid="stElementContainer"]');
    if (!fit && plot.sectorscopeHeightKept && chart) {  // a new figure without a map: Streamlit's height again
      chart.style.height = "";
      if (holder) holder.style.flexBasis = "";
      plot.sectorscopeHeightKept = false;
    }
    if (!fit || !fit.plot_px || !map || !chart || !layout.width || !layout.height) return;
    const box = map.getContainer();
    if (!box.clientWidth || !box.clientHeight) return;
    const still = isStill(plot);
    // a phone's map only, not a map in a narrow column of a wide window (the Overview's, 368 px wide at 1400 px):
    // lowering a chart sets the height of Streamlit's own element, and in about 1 load of 20 Streamlit then redrew
    // the chart for ever (8 times a second), which starved the page's widgets still loading: the menu, the filters
    // and the download buttons stayed grey placeholders (the project's CI failed on it). None of 140 loads
    // without lowering. A phone's map loops as well, but for skipSameRedraws: the white around the state on a
    // phone is worth a guard (its redraws are counted in the tests)
    const narrow = layout.width < fit.narrow_below_px && window.innerWidth < fit.narrow_below_px;
    if (!narrow && !plot.sectorscopeHeightKept) return;  // never lowered: Streamlit's height, as the server made it
    let mapPx = fit.plot_px;
    if (narrow) {
      // lowered once per chart: lowered again for each width (a phone turned, 390 -> 844 -> 390 px), one time in
      // five the redraws took turns for ever (none of five without)
      if (!still || plot.sectorscopeHeightKept) return;
      const [west, south, east, north] = fit.bounds;
      const lonSpan = Math.max(east - west, 0.05);
      const ySpan = Math.max(mercatorY(north) - mercatorY(south), 0.05 * Math.PI / 180);
      const boxPx = Math.ceil(box.clientWidth * (ySpan * 180 / Math.PI) / lonSpan) + 2;  // the same scale both ways
      mapPx = Math.min(fit.plot_px, Math.max(boxPx, fit.phone_min_px));
    }
    const wanted = `${layout.height - box.clientHeight + mapPx}px`;  // the title, notes and colour bar kept
    if (chart.style.height === wanted && (!holder || holder.style.flexBasis === wanted)) return;
    chart.style.height = wanted;
    // the chart's block keeps the height Streamlit gave it (flex 0 0 638px): lowered alike, or the white moved
    // from the map to under it
    if (holder) holder.style.flexBasis = wanted;
    plot.sectorscopeHeightKept = true;
  };
  // A chart's title comes wrapped for the narrowest width the chart is drawn at (export.figures.with_source): three
  // lines over a 700 px chart at 1920 px, cut on a phone. Wrapped here again for the chart's real width by the
  // server's own rule (between words, a line with markup whole), the top margin moved by the lines it gains or loses;
  // the chart keeps its height (Streamlit sets that). Done again after every redraw, which puts the server's back.
  const wrapWords = (line, characters) => {
    const lines = [];
    let current = "";
    for (const word of line.split(/\s+/).filter(Boolean)) {
      if (current && current.length + 1 + word.length > characters) {
        lines.push(current);
        current = word;
      } else {
        current = current ? `${current} ${word}` : word;
      }
    }
    if (current) lines.push(current);
    return lines.length ? lines : [line];
  };
  // A title's words and where its lines break, its other tags taken out. "\x3c" stands for "<" in this script:
  // Streamlit drops a script whose text holds a line-break tag.
  const lineText = (text) => String(text).replace(/\x3c(?!br\s*\/?>)[^>]*>/gi, "");
  const leadingBolds = (text) => (String(text).match(/^(?:\x3cb>)*/) || [""])[0].length / 3;
  const fitTitle = (plot) => {
    const layout = plot._fullLayout || {};
    const fit = (layout.meta || {}).title_fit;
    const title = plot.layout && plot.layout.title;
    if (!fit || !title || !layout.width || !window.Plotly) return;
    const characters = Math.max(1, Math.floor((layout.width - fit.inset_px) / fit.character_px));
    const lines = fit.text.split(/\x3cbr\s*\/?>/).flatMap((line) => (line.includes("\x3c") ? [line]
      : wrapWords(line, characters)));
    const wanted = lines.join("\x3cbr>");
    const written = String(typeof title === "string" ? title : title.text || "");
    // compared without their tags: a title of its own markup ("\x3ci>") once gained a tag at every redraw, forever
    if (lineText(written) === lineText(wanted)) return;
    // Streamlit's theme wraps the title in its own bold: kept around the lines
    const bolds = Math.max(leadingBolds(written) - leadingBolds(fit.text), 0);
    const lowered = lines.length > 1 ? fit.lowered_px : 0;
    window.Plotly.relayout(plot, {"title.text": "\x3cb>".repeat(bolds) + wanted + "\x3c/b>".repeat(bolds),
                                  "margin.t": fit.top_px + fit.line_px * (lines.length - fit.authored_lines) + lowered,
                                  "title.pad.t": fit.pad_px + lowered});
  };
  // What a chart changes on a phone (charts.style.narrow_layout: shorter names and labels, a quadrant's name in two
  // lines, a slimmer colour bar) is set while the chart is narrower than its width and the chart's own values are
  // put back when it is wider (kept here when the narrow ones are set; a redraw of the server's figure puts them
  // back itself, and the narrow ones are set again).
  const valueAt = (object, path) => path.replace(/\[(\d+)\]/g, ".$1").split(".")
    .reduce((value, key) => (value === undefined || value === null ? undefined : value[key]), object);
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const fitNarrow = (plot) => {
    const layout = plot._fullLayout || {};
    const narrow = (layout.meta || {}).narrow;
    if (!narrow || !layout.width || !window.Plotly || !plot.layout || !plot.data || plot.sectorscopeNarrowing) return;
    const key = JSON.stringify(narrow);  // this figure's narrow layout: a new figure's is another
    if (plot.sectorscopeNarrowFailed === key) return;  // set once and not taken: never tried again every 50 ms
    const traces = Object.keys(narrow.traces || {}).map(Number).filter((index) => plot.data[index]);
    const isSet = () => Object.entries(narrow.layout || {})
      .every(([path, value]) => same(valueAt(plot.layout, path), value))
      && traces.every((index) => Object.entries(narrow.traces[String(index)])
        .every(([path, value]) => same(valueAt(plot.data[index], path), value)));
    const wanted = layout.width < narrow.below_px;
    const wide = plot.sectorscopeWide && plot.sectorscopeWide.key === key ? plot.sectorscopeWide : null;
    if (isSet() === wanted || (!wanted && !wide)) return;
    const own = (value) => (value === undefined ? null : value);
    if (wanted && !wide) {  // the chart's own values, kept once per figure (not again from a half-set chart)
      plot.sectorscopeWide = {
        key,
        layout: Object.fromEntries(Object.keys(narrow.layout || {})
          .map((path) => [path, own(valueAt(plot.layout, path))])),
        traces: Object.fromEntries(traces.map((index) => [index, Object.fromEntries(
          Object.keys(narrow.traces[String(index)]).map((path) => [path, own(valueAt(plot.data[index], path))]))])),
      };
    }
    const kept = plot.sectorscopeWide;
    const changed = traces.filter((index) => wanted || kept.traces[index]);
    // one restyle per trace (each its own values), then the layout; not looked at again before all are done (each
    // redraw calls this: half set, the chart's own values were kept as the narrow ones)
    plot.sectorscopeNarrowing = true;
    changed.reduce((done, index) => done.then(() => window.Plotly.restyle(plot, Object.fromEntries(
      Object.entries(wanted ? narrow.traces[String(index)] : kept.traces[index])
        .map(([path, value]) => [path, [value]])), [index])), Promise.resolve())
      .then(() => window.Plotly.relayout(plot, wanted ? narrow.layout || {} : kept.layout))
      .then(() => { if (wanted && !isSet()) plot.sectorscopeNarrowFailed = key; },
            () => { plot.sectorscopeNarrowFailed = key; })
      .finally(() => { plot.sectorscopeNarrowing = false; });
  };
  // A chart's source note starts at the plot's left edge where its longest line fits right of it, else it ends at
  // the plot's right edge (export.figures._note_placement's rule, there for the narrowest width): for the real one;
  // where it fits neither way, it starts at the figure's left edge.
  const fitNote = (plot) => {
    const layout = plot._fullLayout || {};
    const fit = (layout.meta || {}).note_fit;
    const notes = (plot.layout && plot.layout.annotations) || [];
    const index = fit ? notes.findIndex((note) => note.name === fit.name) : -1;
    if (index < 0 || !layout._size || !layout.width || !window.Plotly) return;
    const needed = fit.characters * fit.character_px;
    const fromLeft = layout.width - layout._size.l >= needed;
    // neither (a phone's plot with room kept right of it): from the figure's own left edge, as far left as it goes
    const fromRight = layout._size.l + layout._size.w >= needed;
    const x = fromLeft ? 0 : fromRight ? 1 : -layout._size.l / layout._size.w;
    const xanchor = fromLeft || !fromRight ? "left" : "right";
    if (Math.abs(notes[index].x - x) < 1e-6 && notes[index].xanchor === xanchor) return;
    window.Plotly.relayout(plot, {[`annotations[${index}].x`]: x, [`annotations[${index}].xanchor`]: xanchor});
  };
  // A legend under the plot hangs a fixed number of pixels under it (export.figures.with_source), given as a share of
  // the plot's height: again for the plot's height now, which a title's lines change.
  const fitLegend = (plot) => {
    const layout = plot._fullLayout || {};
    const fit = (layout.meta || {}).note_fit;
    const legend = plot.layout && plot.layout.legend;
    if (!fit || !fit.legend_offset_px || !legend || !layout._size || !layout._size.h || !window.Plotly) return;
    const y = -fit.legend_offset_px / layout._size.h;
    if (Math.abs((legend.y || 0) - y) * layout._size.h < 0.5) return;
    window.Plotly.relayout(plot, {"legend.y": y});
  };
  // Fitted once Plotly has drawn the chart and, for a map, MapLibre has loaded it: a relayout of a map still
  // loading threw in Plotly's map code (3 loads of 20 on the Partnerships page at 390 px: a reviewer).
  const fitText = (plot) => {
    const layout = plot._fullLayout;
    if (!layout || !layout._size) return;
    const map = layout.map && layout.map._subplot && layout.map._subplot.map;
    if (layout.map && !(map && map.loaded())) return;
    fitTitle(plot);
    fitNarrow(plot);
    fitNote(plot);
    fitLegend(plot);
  };
  window.sectorscopeMapChecks = 0;  // how often the maps were looked at: a test waits for the next looks
  setInterval(() => {
    document.querySelectorAll(".js-plotly-plot").forEach((plot) => {
      // Fitted again as soon as Plotly puts the server's zoom back (a redraw of the same figure does, once the page
      // has run), before MapLibre draws it: it did, and the map jumped back and forth within half a second.
      // MapLibre's own move events carry no originalEvent when a program moves the map, one when a visitor does.
      const map = plot._fullLayout && plot._fullLayout.map && plot._fullLayout.map._subplot
        && plot._fullLayout.map._subplot.map;
      if (!plot.sectorscopeFitTextHooked && plot.on) {
        plot.on("plotly_afterplot", () => { plot.sectorscopeDrawnAt = Date.now(); fitText(plot); });
        plot.sectorscopeFitTextHooked = true;
      }
      fitText(plot);
      if (map && !map.sectorscopeFitHooked) {
        map.on("moveend", (event) => { if (!event.originalEvent) fitMap(plot); });
        map.sectorscopeFitHooked = true;
      }
      fitMap(plot);
      fitMapHeight(plot);
    });
    skipSameRedraws();
    window.sectorscopeMapChecks += 1;
  }, 50);
  // A table's printed copy comes as its text (``ui.printing.print_table_source``) and is made into tables only when
  // the browser is about to print (Ctrl+P, the print dialog, headless printing): every cell set as text, never
  // parsed as HTML. Made again only when the page has sent other text since.
  const buildTable = (source) => {
    const text = source.getAttribute("data-table");
    if (source.sectorscopePrinted === text) return;
    const table = JSON.parse(text);
    const parts = document.createDocumentFragment();
    const cell = (row, tag, column, value) => {
      const element = document.createElement(tag);
      if (table.numeric[column]) element.className = "n";
      element.textContent = value;
      row.append(element);
    };
    const rows = table.cells.length ? table.cells[0].length : 0;
    for (const part of table.parts) {
      if (part.note) {
        const note = document.createElement("p");
        note.className = "sectorscope-print-note";
        note.textContent = part.note;
        parts.append(note);
      }
      const printed = document.createElement("table");
      printed.className = "sectorscope-print-table";
      const head = printed.createTHead().insertRow();
      part.columns.forEach((column) => cell(head, "th", column, table.columns[column]));
      const body = printed.createTBody();
      for (let index = 0; index < rows; index += 1) {
        const row = body.insertRow();
        part.columns.forEach((column) => cell(row, "td", column, table.cells[column][index]));
      }
      parts.append(printed);
    }
    source.replaceChildren(parts);
    source.sectorscopePrinted = text;
  };
  window.addEventListener("beforeprint",
                          () => document.querySelectorAll(".sectorscope-print-source").forEach(buildTable));
})();
</script>"""
# Printing a page gives its content only: no sidebar, header or buttons, wide tables wrapped rather than cut. Maps
# are WebGL canvases, which print as blank boxes: in print each gives way to the picture of the same figure drawn on
# the server (``ui.printing``, ``export.printmap``), which the page carries hidden on screen beside it; a data grid
# given a print table (``ui.printing.render_print_table``) gives way to it, every row and column.
PRINT_CSS = """<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stDownloadButton"],
  [data-testid="stElementToolbar"], .modebar-container { display: none !important; }
  [data-testid="stMain"], [data-testid="stMainBlockContainer"] { margin: 0 !important; padding: 0 !important;
    max-width: 100% !important; width: 100% !important; }
  [data-testid="stMainBlockContainer"] { max-width: 7.4in !important; }  /* as a Letter or A4 page prints */
  [data-testid="stAppViewContainer"] { position: static !important; overflow: visible !important; }
  [data-testid="stDataFrame"] { overflow: visible !important; }
  [data-testid="stVerticalBlock"] { break-inside: auto; }
  [data-testid="stMetric"], .js-plotly-plot { break-inside: avoid; }
  /* a headline card whole on one page (its border's block holds the metric and its captions): a profile's wage card
     broke after its value, its "Published ... Source" starting the next page in a fragment of its border */
  [data-testid="stLayoutWrapper"]:has(> [data-testid="stVerticalBlock"] > [data-testid="stElementContainer"]
    > [data-testid="stMetric"]),
  [data-testid="stVerticalBlock"]:has(> [data-testid="stElementContainer"] > [data-testid="stMetric"]) {
    break-inside: avoid; }
  .js-plotly-plot { zoom: var(--sectorscope-print-zoom, 1); }
  [data-testid="stElementContainer"]:has(canvas.maplibregl-canvas),
  [data-testid="stPlotlyChart"]:has(canvas.maplibregl-canvas) { display: none !important; }
  [class*="st-key-print-map-"], [class*="st-key-print-table-"] { display: block !important; }
  [class*="st-key-print-map-"] { break-inside: avoid; }
  [class*="st-key-print-map-"] img { max-width: 100% !important; height: auto !important; }
  .sectorscope-print-title { font-weight: 600; font-size: 11pt; margin: 0 0 2pt 0; }
  .sectorscope-print-note { font-size: 8pt; color: NOTE_COLOUR; margin: 0; }
  table.sectorscope-print-table { width: 100%; border-collapse: collapse; font-size: 7pt; table-layout: auto; }
  table.sectorscope-print-table th, table.sectorscope-print-table td { border-bottom: 0.5pt solid RULE_COLOUR;
    padding: 1.5pt 3pt; text-align: left; vertical-align: top; overflow-wrap: break-word; }
  table.sectorscope-print-table .n { text-align: right; }
  table.sectorscope-print-table td.n { white-space: nowrap; }
  table.sectorscope-print-table thead { display: table-header-group; }
  table.sectorscope-print-table + .sectorscope-print-note { margin-top: 8pt; }
  table.sectorscope-print-table tr { break-inside: avoid; }
}
[class*="st-key-print-map-"], [class*="st-key-print-table-"] { display: none; }
</style>"""
PRINT_CSS = PRINT_CSS.replace("NOTE_COLOUR", style.NOTE_TEXT).replace("RULE_COLOUR", style.PRINT_RULE)


@st.cache_data(max_entries=16, ttl=3600, show_spinner="Preparing the slides…")
def _report(signature: db.FileIdentity, params: tuple[tuple[str, tuple[str, ...]], ...], public: bool,
            min_cell: int, today: dt.date) -> content.Report:
    con = connection(signature)
    view = content.view_options(con, public)
    return content.build_report(con, view, content.selection_from(view, dict(params)), public=public,
                                min_cell=min_cell, today=today)


@st.cache_data(max_entries=16, ttl=3600, show_spinner="Preparing the slides…")
def _release_report(signature: db.FileIdentity, params: tuple[tuple[str, tuple[str, ...]], ...],
                    today: dt.date) -> content.Report:
    from sectorscope.export.public import build_public_report, release_choice

    con = connection(signature)
    # a choice outside the release falls back to the whole state, and its title slide says so
    choice, problems = release_choice(con, dict(params))
    is_demo = bool(db.run_query(con, "dataset_status")["is_demo"].iloc[0])
    return build_public_report(con, choice, is_demo=is_demo, today=today, not_applied=problems)


def _release_file(kind: str, path: str, params: tuple[tuple[str, tuple[str, ...]], ...]) -> bytes:
    """The public deck or one-pager (``kind``) of one release cell, built when the download is asked for (on its own
    connection). A deck of a choice outside the release is the whole state's; a one-pager of no place, none."""
    from sectorscope.export.public import public_export

    con = db.connect_read_only(Path(path))
    try:
        data, _, problems = public_export(con, kind, dict(params))
    finally:
        con.close()
    if data is None:
        raise ValueError(" ".join(problems))
    return data


def _link(selection: Selection, options: FilterOptions) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(sorted((name, tuple(values)) for name, values in to_query_params(selection, options).items()))


def _build_file(kind: str, path: str, params: tuple, public: bool, min_cell: int, area: str,
                area_fips: tuple[str, ...]) -> bytes:
    """The deck or one-pager, built only when the download is asked for (on its own connection: it may run
    outside the script's thread). In public mode both come from the protected release (``export.public``)."""
    con = db.connect_read_only(Path(path))
    if public:
        from sectorscope.export.public import public_export

        try:
            data, _, problems = public_export(con, kind, dict(params))
        finally:
            con.close()
        if data is None:
            raise ValueError(" ".join(problems))
        return data
    try:
        view = content.view_options(con, public)
        report = content.build_report(con, view, content.selection_from(view, dict(params)), public=public,
                                      min_cell=min_cell)
    finally:
        con.close()
    if kind == "deck":
        from sectorscope.export.deck import build_deck

        return build_deck(report)
    from sectorscope.export.onepager import build_onepager

    return build_onepager(report, area, area_fips)


def file_slug_of(text: str) -> str:
    """``text`` in a file's name: lower-case ASCII letters and digits, a dash for the rest; accented letters keep
    their base letter ("Doña Ana County" is "dona-ana-county": its "ñ" was dropped, "do-a-ana-county")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "view"


def _start() -> None:
    st.session_state[SLIDE] = 0
    st.session_state.pop(SLIDE_WRITTEN, None)
    st.query_params[PRESENT] = "1"


def _link_params() -> dict[str, list[str]]:
    """The link's parameters but the presentation's own (``present``, ``slide``): what the slides are of."""
    return {name: st.query_params.get_all(name) for name in st.query_params if name not in (PRESENT, SLIDE_IN_LINK)}


def _slide_in_link() -> int:
    """The slide the link names (``slide=3`` is the third), as an index; the first for none or a malformed one
    ("x", "0", "²": a digit ``int`` refuses)."""
    shown = st.query_params.get(SLIDE_IN_LINK, "")
    return int(shown) - 1 if shown.isascii() and shown.isdecimal() and len(shown) < 6 and int(shown) > 0 else 0


def _present_partnership(partnership_id: str) -> None:
    st.session_state[SLIDE] = 0
    st.session_state.pop(SLIDE_WRITTEN, None)
    st.query_params.pop(SLIDE_IN_LINK, None)
    st.query_params["partnership"] = partnership_id


def _refused_partnership(params: dict[str, list[str]], presentable: set[str], public: bool) -> list[str]:
    """The partnerships a presentation link asks for where it cannot present them (none: it can, or it asks for none),
    read as the slides would read them: staff slides take the last value given, stripped (``filters._single``), the
    release one non-empty value as written (``export.public.release_choice``), refusing two. A value repeated or padded
    with a space also presented the whole state (a code reviewer)."""
    if public:
        asked = [value for value in params.get("partnership", ()) if value]
        return asked if asked and (len(asked) > 1 or asked[0] not in presentable) else []
    asked = [value.strip() for value in params.get("partnership", ())]
    return asked[-1:] if any(asked) and asked[-1] not in presentable else []


def _no_such_partnership(asked: list[str], choices: pd.DataFrame, params: dict[str, list[str]],
                         public: bool) -> None:
    """A presentation link naming a partnership it cannot present (mistyped, or in public mode not cleared for
    public display: said in the same words, so that which partnerships exist is not told). Nothing is presented in
    its place: the whole state's slides came up instead under one line of the title slide, and a meeting read the
    state's figures as its partnership's (a convener). The partnerships that can be presented are offered (typed to
    filter), the link's other choices without a partnership a click away; ends the run."""
    st.html(CHROME_CSS)
    if bool(fetch("dataset_status")["is_demo"].iloc[0]):  # the partnerships offered are the demo's made-up ones
        st.html(f'<p class="sectorscope-present-notice" style="color: {style.DEMO_NOTICE_TEXT}">'
                f"{html.escape(content.DEMO_NOTICE)}</p>")
    st.markdown("# No partnership to present")
    kind = "public partnership" if public else "partnership"
    named = ", ".join(f"'{value[:60]}'" for value in asked[:3])
    st.error(as_markdown_text(
        (f"This link asks for {kind} {named}, and there is none by that ID"
         f"{' among the public figures' if public else ' in this data'}." if len(asked) == 1 else
         f"This link asks for {len(asked):,} {kind}s ({named}): slides present one at a time.")
        + " Nothing is presented in its place."), icon=":material/link_off:")
    names = dict(zip(choices["partnership_id"], choices["name"], strict=True))
    if names:
        st.selectbox(f"Present one of the {len(names):,} {kind}s instead", list(names), index=None,
                     format_func=lambda pid: f"{names[pid]} ({pid})", key="present-choose-partnership",
                     placeholder="Type a name or an ID", on_change=lambda: _present_partnership(
                         st.session_state["present-choose-partnership"]))
    others = {name: values for name, values in params.items() if name != "partnership"}
    without = "?" + urlencode({**others, PRESENT: "1"}, doseq=True)
    back = "?" + urlencode(others, doseq=True)
    st.markdown(f'<a href="{html.escape(without)}" target="_self">Present without a partnership</a> · '
                f'<a href="{html.escape(back)}" target="_self" class="sectorscope-exit">Exit presentation</a>',
                unsafe_allow_html=True)
    st.stop()


def file_stem(what: str, is_demo: bool) -> str:
    """The start of a downloaded file's name: "sectorscope-", "demo-" for the synthetic demo (a file passed on by
    e-mail says so by its name too), then what it is about."""
    return f"sectorscope-{'demo-' if is_demo else ''}{file_slug_of(what)}"


DECK_NAME_CHARACTERS = 80


def deck_name(partnership: str | None, params: tuple[tuple[str, tuple[str, ...]], ...], place: str = "") -> str:
    """What a downloaded deck is about, for its file's name: the partnership chosen by its name and the years of the
    link (its deck counts those years: a partnership's all-years deck and its 2024 deck were one file name, the
    second overwriting the first: a convener), else the ``place`` chosen by its name as its one-pager is named
    ("Lancaster Region-IT", not "r01-it"), else the filters in the link ("HLTH-42071-2019-2023"), else
    "whole-state" (every deck was "sectorscope-view-<date>.pptx", and three of them in one folder could not be told
    apart)."""
    if partnership:
        years = [value for name, values in params if name == "years" for value in values]
        return "-".join([partnership[:DECK_NAME_CHARACTERS], *years])
    if place:
        return one_pager_name(place[:DECK_NAME_CHARACTERS], params)
    named = "-".join(value for name, values in params if name != "partnership" for value in values) or "whole-state"
    # many counties chosen made a name past the 255 bytes a file system allows (a code reviewer)
    return named if len(named) <= DECK_NAME_CHARACTERS else named[:DECK_NAME_CHARACTERS - 5] + "-more"


def one_pager_name(area: str, params: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    """What a downloaded one-pager is about, for its file's name: its place, then the sectors and years of the link
    where chosen ("Philadelphia County-HLTH-2018-2022": a staffer's Healthcare 2018-2022 handout was named as the
    county's whole record)."""
    return "-".join([area, *(value for name, values in params if name in ("sector", "years") for value in values)])


def _one_pager_area(selection: Selection, region_names: dict[str, str], county_names: dict[str, str],
                    state_title: str) -> str:
    """The place a one-pager of ``selection`` is about, by its name: the one region chosen, else the one county,
    else the whole state (``state_title``: the governor's office's page); "" where there is none (a partnership is
    open: one partnership's figures are its deck's; or several places are chosen)."""
    if selection.partnership_id:
        return ""
    if len(selection.region_ids) == 1:
        return region_names.get(selection.region_ids[0], selection.region_ids[0])
    if len(selection.county_fips) == 1 and not selection.region_ids:
        return county_names.get(selection.county_fips[0], selection.county_fips[0])
    if not selection.county_fips and not selection.region_ids:
        return state_title
    return ""


def _shareable_partnership(selection: Selection, min_cell: int) -> str | None:
    """The id of the partnership in the link where the public release has its slides: it is cleared for public
    display and a release that may be shown is stored (``release.publishable``); None otherwise."""
    if not selection.partnership_id or _chosen_partnership(selection, public=True) is None:
        return None
    # imported here: the Overview without a partnership imports no release code (tests/test_startup_imports.py)
    from sectorscope.release.publishable import is_publishable, stored_release

    return selection.partnership_id if is_publishable(stored_release(fetch), min_cell) else None


def _public_partnership_deck(path: str, partnership_id: str) -> bytes:
    """The public deck of one partnership, read from the protected release only (``export.public``), as the
    command line's ``export deck --partnership P --public`` writes it; refused where the release does not hold it
    as asked (never another cell's slides in its place)."""
    from sectorscope.export.public import public_export

    con = db.connect_read_only(Path(path))
    try:
        data, _, problems = public_export(con, "deck", {"partnership": [partnership_id]})
    finally:
        con.close()
    if data is None or problems:
        raise ValueError(" ".join(problems) or "The public release holds no slides of this partnership.")
    return data


def _chosen_partnership(selection: Selection, public: bool) -> str | None:
    """The name of the partnership in the link, if the visitor may see it (its slides are what Present makes)."""
    if not selection.partnership_id:
        return None
    choices = fetch("partnership_choices", public_only=public)
    return dict(zip(choices["partnership_id"], choices["name"], strict=True)).get(selection.partnership_id)


def render_take_away(selection: Selection, options: FilterOptions, mode: str, region_names: dict[str, str],
                     county_names: dict[str, str], is_demo: bool, state_fips: str = "", view_words: str = "") -> None:
    """Sidebar tools: download the view (or partnership) as a deck, the state's, a county's or a region's one-pager,
    present it. ``view_words``: the view in words (``filters.describe_selection``), said when it changes.
    With a partnership in the link, the slides and the deck are that partnership's, whichever page is open (the
    Overview and the Funding page show every partnership's totals): the sidebar says so."""
    public = mode == "public"
    params = _link(selection, options)
    path = str(config.database_path())
    k = config.min_cell_size()
    chosen = _chosen_partnership(selection, public)
    whose = f"{chosen}, the partnership chosen" if chosen else "this view"
    area = _one_pager_area(selection, region_names, county_names, codes.state_title(state_fips, is_demo))
    # a region's or a county's deck named as its one-pager is; the whole state's stays "whole-state"; a public
    # partnership's deck covers all its years, whatever the link says (the release is not split by year for it)
    named_params = tuple(param for param in params if not (public and chosen and param[0] == "years"))
    what = deck_name(chosen, named_params, area if selection.region_ids or selection.county_fips else "")
    with st.sidebar:
        st.html(PRINT_CSS)
        st.html(CHARTS_SCRIPT, unsafe_allow_javascript=True)
        if selection.partnership_id:
            st.html(PROFILE_SCRIPT, unsafe_allow_javascript=True)
        # the skip link's own target, where its script has not run
        st.html(take_away_heading(f"{chosen} · {view_words}" if chosen else view_words))
        st.button("Present", icon=":material/slideshow:", key="present-start", on_click=_start, width="stretch",
                  shortcut=PRESENT_SHORTCUT,
                  help=f"Full-screen slides of {whose}, one section at a time (arrow keys or a clicker).")
        st.download_button(
            "Download deck (.pptx)", functools.partial(_build_file, "deck", path, params, public, k, "", ()),
            file_name=f"{file_stem(what, is_demo)}-{dt.date.today():%Y-%m-%d}.pptx", icon=":material/download:",
            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation", key="download-deck",
            on_click="ignore", width="stretch", help=f"PowerPoint slides of {whose} with editable charts.")
        shareable = None if public else _shareable_partnership(selection, k)
        if shareable:  # the staff deck says "the public Showcase's figures are the ones to share", and the Showcase
            # offers no partnership: its public slides, from the protected release, where a convener presents (one)
            st.download_button(
                "Public deck to share (.pptx)", functools.partial(_public_partnership_deck, path, shareable),
                file_name=f"{file_stem('public-' + deck_name(chosen, ()), is_demo)}-{dt.date.today():%Y-%m-%d}.pptx",
                icon=":material/public:", key="download-public-deck", on_click="ignore", width="stretch",
                mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                help=f"The public Showcase's slides of {chosen}: public figures only, small groups hidden, all its "
                     "years.")
        if chosen:  # said where everyone reads it: a page showing every partnership's totals hands out one's slides
            filters = (" All its counties and its sector, not the sectors, regions or counties chosen here (its "
                       "title slide says which)." if selection.sector_codes or selection.county_fips
                       or selection.region_ids else "")
            st.caption(f"Slides and deck: **{chosen}** (the partnership chosen).{filters}")
        st.download_button(
            "One-pager (PDF)", functools.partial(_build_file, "onepager", path, params, public, k, area,
                                                 tuple(selection.county_fips)),
            # dated, as the decks are: a handout of another month's figures is told apart by its name (a convener)
            file_name=f"{file_stem(one_pager_name(area, params), is_demo)}-one-pager-{dt.date.today():%Y-%m-%d}.pdf",
            mime="application/pdf",
            key="download-onepager",
            icon=":material/description:", on_click="ignore", width="stretch", disabled=not area,
            help=(f"One Letter page about {area}" + (" for legislators." if public else
                                                      ": staff figures, for use inside the state.")) if area else None)
        if area and not public:  # its footer says so; the help said "for legislators" (a staffer)
            st.caption("One-pager: staff figures, for use inside the state. To hand out, the Showcase's one-pager "
                       "(public figures).")
        if not area:  # said where everyone reads it, not only in a tooltip a keyboard never opens
            st.caption("A one-pager is about a place: close the partnership (the whole state), or choose one county or "
                       "one region." if selection.partnership_id else
                       "One-pager: choose one county or one region in the filters, or none for the whole state.")


def take_away_heading(view_words: str) -> str:
    """The sidebar's "Take away" heading, the skip link's target, carrying the view in words (``view_words``) for
    CHARTS_SCRIPT to say when it changes."""
    return (f'<p id="take-away" tabindex="-1" style="margin: 0" data-sectorscope-view="{html.escape(view_words)}">'
            "<strong>Take away</strong></p>")


def render_release_take_away(params: dict[str, str], is_demo: bool, view_words: str) -> None:
    """Sidebar tools of a release page (the Showcase): present the chosen release cell, download it as a deck.
    Both read the protected release only, in either mode."""
    link = tuple(sorted((name, (value,)) for name, value in params.items()))
    with st.sidebar:
        st.html(PRINT_CSS)
        st.html(CHARTS_SCRIPT, unsafe_allow_javascript=True)
        st.html(take_away_heading(view_words))
        st.button("Present", icon=":material/slideshow:", key="present-start", on_click=_start, width="stretch",
                  shortcut=PRESENT_SHORTCUT,
                  help="Full-screen slides of these public figures, one section at a time (arrow keys or a clicker).")
        stem = file_stem('public-' + ('-'.join(params.values()) or 'state'), is_demo)
        st.download_button(
            "Download deck (.pptx)", functools.partial(_release_file, "deck", str(config.database_path()), link),
            file_name=f"{stem}-{dt.date.today():%Y-%m-%d}.pptx", icon=":material/download:",
            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation", key="download-deck",
            on_click="ignore", width="stretch", help="PowerPoint slides of these public figures, editable charts.")
        # the handout to share: the staff one-pager says "the public Showcase's figures are the ones to share", and
        # the Showcase offered none (a staffer); of the place chosen (the Showcase offers no partnership)
        st.download_button(
            "One-pager (PDF)", functools.partial(_release_file, "onepager", str(config.database_path()), link),
            file_name=f"{stem}-one-pager-{dt.date.today():%Y-%m-%d}.pdf", mime="application/pdf",
            key="download-onepager", icon=":material/description:", on_click="ignore", width="stretch",
            help="One Letter page of these public figures, to hand out.")


def _step(change: int, count: int) -> None:
    st.session_state[SLIDE] = min(max(st.session_state.get(SLIDE, 0) + change, 0), count - 1)


def _go(index: int) -> None:
    st.session_state[SLIDE] = index


def _render_slide(slide: content.Slide, report: content.Report) -> None:
    if slide.kind == "title":  # headings in order, h1 then h2 and h3 (an h3 under the h1 skipped a level)
        st.markdown(f"# {report.title}")
        st.markdown(f"## {report.subtitle}")
        st.markdown(f"### {report.filters}")
        for line in report.not_applied:  # what the link asked for and the slides do not show (the deck says it too)
            # it echoes the link's values: literal text, never Markdown (a link to another site on public slides)
            st.warning(as_markdown_text(line), icon=":material/link_off:")
        st.caption(f"{report.generated_on:%B %-d, %Y} · Data: {report.data_source}")
        if report.not_public and not report.public:  # on the screen a meeting sees first, not in small print
            st.warning(content.staff_use(report), icon=":material/visibility_off:")
        elif not report.public:  # as the deck's title slide: small groups' figures, for use inside the state
            st.caption(content.staff_use(report))
        return
    st.markdown(f"# {slide.title}")
    if slide.kind == "section":
        section = slide.section
        if section.absent:
            st.info(section.absent, icon=ABSENCE_ICONS.get(section.absence, ABSENCE_ICONS[Absence.EMPTY]))
            return
        render_headlines(section.headlines, columns=4 if len(section.headlines) > 6 else 3)
        if section.note:
            st.caption(section.note)
    elif slide.kind == "chart":
        chart = slide.chart
        if chart.absent:
            st.info(chart.absent, icon=ABSENCE_ICONS.get(chart.absence, ABSENCE_ICONS[Absence.EMPTY]))
            return
        from sectorscope.charts.describe import figure_summary
        from sectorscope.export.figures import presentation_figure

        figure = presentation_figure(chart)
        # the chart in words first, as on every page (ui.render.render_chart): the slide's chart had none
        # "Chart: untitled" without the title; and every value after the summary, which names the highest and the
        # lowest alone, where the page has a table beside its chart and a slide has none (an accessibility reviewer)
        st.html(screen_reader_only(f"{figure_summary(figure, title=chart.title)} Every value: "
                                   f"{'; '.join(chart.category_lines())}."))
        st.plotly_chart(figure, key=f"present-chart-{slide.title}", config=PLOT)
        if chart.note:
            st.caption(chart.note)
    elif slide.kind == "map":
        from sectorscope.export.mapimage import county_map_png
        from sectorscope.references import BOUNDARIES_CREDIT

        # its legend read from the back of a room: 7 pt in a picture shown at two thirds of its size was 7 px;
        # in the middle of the slide (at its own 990 px it stood left, a third of a 1366 px screen empty beside it)
        with st.container(horizontal_alignment="center"):
            st.image(county_map_png(report.county_map, width_in=9.0, height_in=5.2, dpi=110, title=False,
                                    legend_points=MAP_LEGEND_POINTS, highlight=report.county_map.outlined,
                                    notice=content.DEMO_NOTICE if report.is_demo else ""),
                     alt=report.county_map.described())
        st.caption(" ".join(part for part in (report.county_map.note, BOUNDARIES_CREDIT) if part))
    else:
        st.markdown(f"- **Data**: {report.data_source}.\n- **View**: {report.filters}.\n"
                    f"- {content.privacy_line(report)}"  # the deck's sources slide's words
                    + (f"\n- {report.words_used}" if report.words_used else ""))
        # every figure of each source (keyed by source alone, only a source's last figure was listed), after the
        # deck's words on what they are (left out here: a convener)
        if published := report.published_by_source():
            st.markdown(content.PUBLISHED_FOR_ORIENTATION + "\n\n" + "\n".join(
                f"- *{source}*: {'; '.join(texts)}" for source, texts in published.items()))


def present_if_requested(options: FilterOptions, mode: str) -> None:
    """With ``?present=1`` in the link: draw the presentation instead of the page and end the run. In public mode
    the slides are the release's (``present_release_if_requested``)."""
    if st.query_params.get(PRESENT) != "1":
        return
    if mode == "public":
        present_release_if_requested()
    params = _link_params()
    selection = parse_query_params(params, options)
    refused = _refused_partnership(params, set(options.partnership_ids), public=False)
    if refused:
        _no_such_partnership(refused, fetch("partnership_choices", public_only=False), params, public=False)
    report = _report(database_signature(), _link(selection, options), False, config.min_cell_size(),
                     dt.date.today())
    # what the link asked for and the slides leave out ("Ignored unknown partnership 'P999' in the link."), on the
    # title slide as the public slides say theirs: they presented the whole state without a word
    report = dataclasses.replace(report, not_applied=tuple(selection.notices) + report.not_applied)
    _present(report, "?" + urlencode(to_query_params(selection, options), doseq=True))


def present_release_if_requested() -> None:
    """With ``?present=1`` on a release page: the chosen release cell (``county``/``region``, ``sector``, ``year``
    or ``partnership`` in the link) as slides, read from the protected release only; ends the run."""
    if st.query_params.get(PRESENT) != "1":
        return
    params = _link_params()
    choices = fetch("partnership_choices", public_only=True)
    refused = _refused_partnership(params, set(choices["partnership_id"]), public=True)
    if refused:
        _no_such_partnership(refused, choices, params, public=True)
    report = _release_report(database_signature(), tuple(sorted((n, tuple(v)) for n, v in params.items())),
                             dt.date.today())
    _present(report, "?" + urlencode(params, doseq=True))


def _present(report: content.Report, back: str) -> None:
    """The slides of ``report`` with Previous/Next, the counter, the keys and the way back to ``back``."""
    slides = content.slide_plan(report)
    linked = st.query_params.get(SLIDE_IN_LINK)
    # A new session (a reload, a link passed on) opens on the slide its link names; so does a link changed under
    # this one: the browser's Back and Forward step through the slides (each slide shown is an entry of its history,
    # and Back did nothing visible, once per slide seen: a code reviewer)
    if SLIDE not in st.session_state or linked != st.session_state.get(SLIDE_WRITTEN, linked):
        st.session_state[SLIDE] = _slide_in_link()
    index = min(max(int(st.session_state[SLIDE]), 0), len(slides) - 1)
    st.session_state[SLIDE] = index
    if linked != str(index + 1):  # the link names the slide shown (a reload went back to the first)
        st.query_params[SLIDE_IN_LINK] = str(index + 1)
    st.session_state[SLIDE_WRITTEN] = str(index + 1)
    st.html(CHROME_CSS)
    st.html(KEYS_SCRIPT, unsafe_allow_javascript=True)
    state = {"counter": f"{index + 1} / {len(slides)}", "first": index == 0, "last": index == len(slides) - 1}
    st.html(SLIDE_SCRIPT.replace("SLIDE_STATE", json.dumps(state)), unsafe_allow_javascript=True)
    notice, previous, counter, next_, leave = st.container(key="present-controls").columns(
        [3, 1, 0.8, 1, 1.2], vertical_alignment="center")
    previous.button("Previous", icon=":material/arrow_back:", key="present-previous", on_click=_step,
                    args=(-1, len(slides)), disabled=index == 0, width="stretch")
    # the counter as seen, and for a screen reader a live region saying which slide came up (a slide change was
    # silent: focus stays on Next and the new slide's heading was never read)
    counter.html(f'<div class="sectorscope-counter" data-testid="present-counter" aria-hidden="true">{index + 1} / '
                 f'{len(slides)}</div>')
    # a live region drawn anew with each slide may be read by no screen reader (it appears already filled): one
    # region kept in the page's body for the whole presentation, whose text each slide changes
    announce = json.dumps(f"Slide {index + 1} of {len(slides)}: {slides[index].title}").replace("</", "<\\/")
    st.html("<script>(() => { let live = document.getElementById('sectorscope-announce'); if (!live) { "
            "live = document.createElement('div'); live.id = 'sectorscope-announce'; "
            "live.className = 'sectorscope-sr'; live.setAttribute('role', 'status'); "
            "live.setAttribute('aria-live', 'polite'); document.body.appendChild(live); } "
            f"live.textContent = {announce}; }})();</script>", unsafe_allow_javascript=True)
    next_.button("Next", icon=":material/arrow_forward:", key="present-next", on_click=_step, args=(1, len(slides)),
                 disabled=index == len(slides) - 1, width="stretch")
    leave.markdown(f'<a href="{back}" target="_self" class="sectorscope-exit">Exit presentation</a>',
                   unsafe_allow_html=True)
    # Home and End (KEYS_SCRIPT clicks these; CHROME_CSS hides them: keys only, out of the tab order)
    leave.button("First slide", key="present-first", on_click=_go, args=(0,), disabled=index == 0)
    leave.button("Last slide", key="present-last", on_click=_go, args=(len(slides) - 1,),
                 disabled=index == len(slides) - 1)
    if report.notice:
        notice.html(f'<p class="sectorscope-present-notice" style="color: {style.DEMO_NOTICE_TEXT}">'
                    f"{html.escape(report.notice)}</p>")
    _render_slide(slides[index], report)
    st.stop()
