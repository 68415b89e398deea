"""A one-page PDF (US Letter) for legislators about one county or region: the partnerships and sectors serving it,
participants and their mean wage gain (as the Overview), employer outcomes, grant dollars and a small map, with sources.

Built with fpdf2 (pure Python, real text that can be selected and searched, fonts embedded). The fonts are the
DejaVu Sans files matplotlib ships, so no system font is needed. Pure: report in, bytes out; always one page (lists
are cut to fit and say how many more there are).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import matplotlib
from fpdf import FPDF

from sectorscope.export.content import (
    DEMO_NOTICE,
    EMPLOYERS,
    PARTNERSHIPS,
    WORKERS,
    Report,
    staff_use,
)
from sectorscope.export.mapimage import county_map_png
from sectorscope.metrics.workers import is_small_n
from sectorscope.present.availability import SHORT_TEXT
from sectorscope.present.formatting import format_count, shortened
from sectorscope.present.glossary import words_used
from sectorscope.present.headlines import MAP_COUNTS_NOTE, MEAN_WAGE_GAIN, Headline
from sectorscope.references import BOUNDARIES_CREDIT
from sectorscope.release.story import STATE_GRANTS_CARD

FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
PAGE_W, PAGE_H, MARGIN = 215.9, 279.4, 14.0  # Letter, millimetres
INK, GREY, RED, FILL = (16, 30, 60), (85, 91, 102), (154, 52, 18), (244, 246, 251)
KEY_FIGURES = (  # (section, headline label) in reading order
    (PARTNERSHIPS, "Partnerships in view"),
    (WORKERS, "Participants who exited"),
    (WORKERS, MEAN_WAGE_GAIN),
    (WORKERS, "Completed training"),
    (EMPLOYERS, "Employers surveyed"),
    (EMPLOYERS, "Reduced turnover"),
    (PARTNERSHIPS, "Grant dollars"),
    (PARTNERSHIPS, "Leverage"),
)
PUBLIC_KEY_FIGURES = (  # the public release's cards (``release.story``), for a public report
    (PARTNERSHIPS, "Public partnerships"),
    (WORKERS, "People who left a program"),
    (WORKERS, "Completed their training"),
    (WORKERS, "Average raise per hour"),
    (EMPLOYERS, "Employer survey answers"),
    (EMPLOYERS, "Lower staff turnover"),
    (EMPLOYERS, "Value the partnership"),
    (PARTNERSHIPS, "Grant dollars"),
)


def _find(report: Report, section: str, label: str) -> tuple[Headline | None, str | None]:
    """The headline of ``section`` with ``label``; where the section has none, a card saying why
    (``Section.absence``: "Not loaded" over "No employer surveys are loaded for this state yet.", as a present
    section's card reads), else None and the reason."""
    found = report.section(section)
    if found.absent:
        if found.absence is not None:
            return Headline(label, SHORT_TEXT[found.absence], found.card_basis or found.absent, "",
                            absence=found.absence), None
        if found.card_value:
            return Headline(label, found.card_value, found.card_basis or found.absent, ""), None
        return None, found.absent
    # a place's grant card says its dollars are the whole state's ("Grant dollars, whole state")
    labels = (label, STATE_GRANTS_CARD) if label == "Grant dollars" else (label,)
    return next((h for h in found.headlines if h.label in labels), None), None


def _fit(pdf: FPDF, text: str, style: str, size: float, width: float, smallest: float) -> None:
    """Set the font at ``size``, or smaller (down to ``smallest``, by half points) until ``text`` fits ``width``."""
    pdf.set_font("DejaVu", style, size)
    while size > smallest and pdf.get_string_width(text) > width:
        size -= 0.5
        pdf.set_font("DejaVu", style, size)


def _box(pdf: FPDF, x: float, y: float, w: float, h: float, headline: Headline | None, label: str,
         absent: str | None) -> None:
    pdf.set_fill_color(*FILL)
    pdf.set_draw_color(208, 213, 223)
    pdf.rect(x, y, w, h, style="DF")
    pdf.set_xy(x + 2, y + 1.5)
    _fit(pdf, label, "B", 7.5, w - 4, smallest=6.0)
    pdf.set_text_color(*GREY)
    pdf.cell(w - 4, 4, label)
    pdf.set_xy(x + 2, y + 6)
    pdf.set_text_color(*INK)
    if headline is None:
        pdf.set_font("DejaVu", "", 7.5)
        pdf.multi_cell(w - 4, 3.4, absent or "no data", align="L")
        return
    value = headline.value  # a hidden figure says so in its own words
    _fit(pdf, value, "B", 15, w - 4, smallest=7.5)
    pdf.cell(w - 4, 7, value)
    pdf.set_xy(x + 2, y + 13.5)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(w - 4, 3, tile_basis(pdf, headline.basis, w - 4), align="L")


BASIS_LINES = 2  # what a tile holds under its value


def _sentence(text: str) -> str:
    """``text`` ending in one full stop (a basis may be a whole sentence already: "published yet.." read twice)."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def tile_basis(pdf: FPDF, basis: str, width: float) -> str:
    """A tile's basis in at most ``BASIS_LINES`` lines of ``width``: at 6.5 pt, else down to 5.5 pt, else without
    its last " · " parts (a basis was cut at 70 characters, mid-word, and a longer one ran out of its tile); sets
    the font it is to be written in."""
    parts = basis.split(" · ")
    while True:
        text = " · ".join(parts)
        for size in (6.5, 6.0, 5.5):
            pdf.set_font("DejaVu", "", size)
            if len(pdf.multi_cell(width, 3, text, dry_run=True, output="LINES")) <= BASIS_LINES:
                return text
        if len(parts) > 1:
            parts = parts[:-1]
            continue
        # one part too long for two lines at 5.5 pt: its first sentence ("No grants are loaded yet." without how to
        # load them, which ran out of the tile), else cut at a word with an ellipsis
        sentences = text.split(". ")
        if len(sentences) > 1:
            parts = [_sentence(sentences[0])]
            continue
        words = text.split(" ")
        while len(words) > 1 and len(pdf.multi_cell(width, 3, " ".join(words) + "…", dry_run=True,
                                                    output="LINES")) > BASIS_LINES:
            words = words[:-1]
        return " ".join(words).rstrip(" ,·") + "…"


def one_line(pdf: FPDF, text: str, width: float, sizes: Sequence[float], style: str = "") -> str:
    """``text`` on one line of ``width``: at the first of ``sizes`` it fits at, else at the last, cut with an
    ellipsis (a long area or partnership name ran off the page's right edge); sets the font it is to be written in."""
    for size in sizes:
        pdf.set_font("DejaVu", style, size)
        if pdf.get_string_width(text) <= width:
            return text
    limit = len(text)
    while limit > 1 and pdf.get_string_width(shortened(text, limit)) > width:
        limit -= max(1, limit // 20)
    return shortened(text, limit)


def title_lines(pdf: FPDF, text: str, width: float, sizes: Sequence[float], style: str = "",
                max_lines: int = 2) -> list[str]:
    """``text`` as a title of ``width``: one line at the first of ``sizes`` it fits at, else up to ``max_lines``
    lines at the last size, broken between words, the last cut with an ellipsis only beyond them ("Sector
    partnerships in Greater New Orleans Regional Labor Market A…" lost its name's end on one line); sets the
    font."""
    for size in sizes:
        pdf.set_font("DejaVu", style, size)
        if pdf.get_string_width(text) <= width:
            return [text]
    lines: list[str] = []
    words = text.split(" ")
    while words and len(lines) < max_lines - 1:
        line = words.pop(0)
        while words and pdf.get_string_width(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words:
        lines.append(one_line(pdf, " ".join(words), width, sizes[-1:], style))
    return lines


_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def source_mark(number: int) -> str:
    """A published figure's source as a superscript number ("¹", "¹²"), the same beside the figure and in the
    footer."""
    return str(number).translate(_SUPERSCRIPTS)


def _heading(pdf: FPDF, text: str, x: float, y: float, w: float) -> float:
    pdf.set_xy(x, y)
    pdf.set_font("DejaVu", "B", 10.5)
    pdf.set_text_color(*INK)
    pdf.cell(w, 6, text)
    return y + 6.5


def _lines(pdf: FPDF, x: float, y: float, w: float, lines: Sequence[str], size: float = 8.0,
           height: float = 3.9) -> float:
    pdf.set_font("DejaVu", "", size)
    pdf.set_text_color(*INK)
    for line in lines:
        pdf.set_xy(x, y)
        pdf.multi_cell(w, height, line, align="L")
        y = pdf.get_y() + 0.6
    return y


def _listed(pdf: FPDF, x: float, y: float, w: float, items: Sequence[str], bottom: float, size: float = 7.8,
            height: float = 3.6) -> float:
    """Items one under another down to ``bottom``; those that do not fit are counted in an "… and N more" line."""
    pdf.set_font("DejaVu", "", size)
    pdf.set_text_color(*INK)
    for index, item in enumerate(items):
        lines = len(pdf.multi_cell(w, height, item, dry_run=True, output="LINES"))
        left = len(items) - index
        if left > 1 and y + (lines + 1) * height + 1.2 > bottom:
            pdf.set_xy(x, y)
            pdf.multi_cell(w, height, f"… and {left} more partnerships", align="L")
            return pdf.get_y() + 0.6
        pdf.set_xy(x, y)
        pdf.multi_cell(w, height, item, align="L")
        y = pdf.get_y() + 0.6
    return y


def _n_of(headline: Headline) -> str:
    """What a shown figure rests on, short: "n = 1,955", "n = 4, small n" (``Headline.n``); "" where it names no
    count (a hidden figure, or a release's count hidden)."""
    if headline.suppressed or headline.n is None:
        return ""
    return f"n = {format_count(headline.n)}" + (", small n" if is_small_n(headline.n) else "")


def onepager_title(area: str) -> str:
    """A place's one-pager's title: "Sector partnerships in Bucks Region" (the command line said the deck's title,
    "Sector strategies at a glance", of the file it wrote: a convener)."""
    return f"Sector partnerships in {area}"


def build_onepager(report: Report, area: str, area_fips: Sequence[str] = ()) -> bytes:
    """The one-page PDF of ``report`` for ``area`` (the state's, a county's or a region's name; a county's or
    region's counties, ``area_fips``, outlined on the map).
    A public report (``export.public``, from the release) shows the release's own cards."""
    pdf = FPDF(orientation="P", unit="mm", format="Letter")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(FONTS / "DejaVuSans-Oblique.ttf"))
    # the file's properties (a viewer's Document Properties) say what the page says: the view, and the demo notice
    pdf.set_title(onepager_title(area) + (f" ({DEMO_NOTICE})" if report.is_demo else ""))
    pdf.set_subject(report.filters)
    pdf.set_keywords(report.notice)
    pdf.set_author("Sectorscope")
    pdf.set_creator("Sectorscope")
    pdf.add_page()
    width = PAGE_W - 2 * MARGIN

    # --- Header ------------------------------------------------------------------------------------------------
    pdf.set_text_color(*INK)
    titles = title_lines(pdf, onepager_title(area), width, (19, 17, 15, 13), "B")
    y = MARGIN
    for line in titles:  # two lines at most: the header below moves down by the second
        pdf.set_xy(MARGIN, y)
        pdf.cell(width, 9 if len(titles) == 1 else 6, line)
        y += 10 if len(titles) == 1 else 6.5
    pdf.set_xy(MARGIN, y)
    pdf.set_text_color(*GREY)
    # the state where the title does not name it ("Sector partnerships in Adams County": 12 states have one), where
    # the line keeps its years and date whole with it (a long one lost them: a code reviewer); the footer names it
    line = f"{report.filters} · {report.generated_on:%B %-d, %Y}"
    if report.state and report.state not in area:
        pdf.set_font("DejaVu", "", 8)
        if pdf.get_string_width(f"{report.state} · {line}") <= width:
            line = f"{report.state} · {line}"
    pdf.cell(width, 5, one_line(pdf, line, width, (9, 8)))
    y += 6
    if report.notice:
        pdf.set_xy(MARGIN, y)
        pdf.set_font("DejaVu", "B", 9)
        pdf.set_text_color(*RED)
        pdf.multi_cell(width, 4.5, report.notice + (" — every figure below is made up." if report.is_demo else ""))
        y = pdf.get_y() + 1

    # --- Key figures: two rows of four ----------------------------------------------------------------------------
    y += 1
    gap, columns, box_h = 3.0, 4, 21.0
    box_w = (width - gap * (columns - 1)) / columns
    tile_words: list[str] = []  # what the tiles say, for the words used
    for index, (section, label) in enumerate(PUBLIC_KEY_FIGURES if report.public else KEY_FIGURES):
        row, column = divmod(index, columns)
        headline, absent = _find(report, section, label)
        if headline is not None:
            tile_words += [headline.label, headline.value, headline.basis, headline.delta or ""]
        _box(pdf, MARGIN + column * (box_w + gap), y + row * (box_h + gap), box_w, box_h, headline,
             headline.label if headline is not None else label, absent)
    y += 2 * box_h + gap + 5

    # --- Partnerships (left) and map (right) ----------------------------------------------------------------------
    left_w = width * 0.48
    right_x = MARGIN + left_w + 6
    right_w = width - left_w - 6
    top = y
    y = _heading(pdf, "Public partnerships and their sectors" if report.public else "Partnerships and their sectors",
                 MARGIN, y, left_w)
    map_bottom = top + right_w * 3.0 / 4.2
    if report.partnerships:
        y = _listed(pdf, MARGIN, y, left_w, [f"• {name} — {sector}" for name, sector in report.partnerships],
                    bottom=map_bottom + 14)
    else:
        y = _lines(pdf, MARGIN, y, left_w, [report.section(PARTNERSHIPS).absent or "No partnership in view."])
    if report.county_map is not None:
        png = county_map_png(report.county_map, width_in=4.2, height_in=3.0, dpi=170,
                             highlight=tuple(area_fips), notice=DEMO_NOTICE if report.is_demo else "")
        pdf.image(io.BytesIO(png), x=right_x, y=top, w=right_w)
        pdf.set_xy(right_x, map_bottom)
        pdf.set_font("DejaVu", "I", 6.5)
        pdf.set_text_color(*GREY)
        # that every county is counted, as the deck's and the Overview's maps say: shaded counties outside the
        # region read as its own (an auditor)
        pdf.multi_cell(right_w, 3, (MAP_COUNTS_NOTE.format(marked="outlined in black") + " "
                                    if area_fips else "") + BOUNDARIES_CREDIT)
        y = max(y, pdf.get_y())
    elif report.no_map_because:
        y = max(y, _lines(pdf, right_x, top, right_w, [report.no_map_because]))
    y += 3

    # --- Workers' conditions and employers ------------------------------------------------------------------------
    y = _heading(pdf, "Who is served, and how they fared", MARGIN, y, width)
    lines = []
    printed: set[str] = set()  # the published figures the body prints beside a figure of its own
    # each published figure marked with its source's number in the footer ("Published¹: ..."): four sources listed
    # at the foot, none said which line it stood behind (a staffer quoting one)
    # numbered as the body reads: workers' figures, then employers', then the rest (alphabetical order put "²"
    # before "¹" on the demo's public one-pager: a code reviewer)
    in_order = sorted(report.sections, key=lambda section: {WORKERS: 0, EMPLOYERS: 1}.get(section.title, 2))
    sources = list(dict.fromkeys(h.reference.source for section in in_order for h in section.headlines
                                 if h.reference))
    marks = {source: source_mark(number) for number, source in enumerate(sources, start=1)}
    workers_section = report.section(WORKERS)
    if workers_section.note:  # people by where they live, partnerships by the counties they serve (the deck says it)
        lines.append(workers_section.note)
    if workers_section.absent:
        lines.append(workers_section.absent)
    else:
        for headline in workers_section.headlines:
            value = headline.value
            change = f" ({headline.delta})" if headline.delta and not headline.suppressed else ""
            is_figure = headline.absence is None or headline.suppressed
            published = (f" Published{marks[headline.reference.source]}: {headline.reference.text}."
                         if headline.reference and is_figure else "")
            printed |= {headline.reference.text} if published else set()
            lines.append(f"{headline.label}: {value}{change}, {_sentence(headline.basis)}{published}"
                         if headline.absence is None or headline.suppressed  # a figure, with what it rests on
                         else f"{headline.label}: {value.lower()}. {_sentence(headline.basis)}")  # why there is none
    employer_section = report.section(EMPLOYERS)
    if employer_section.absent:
        lines.append(f"Employers: {employer_section.absent}")
    else:
        shares = employer_section.headlines[1:5]
        # each with its n, flagged where small ("reduced rework 0%" of 4 employers stood alone: a reviewer); said
        # once after them where every share has the same
        shown = [h for h in shares if h.absence is None or h.suppressed]
        counts = {_n_of(h) for h in shown}
        one_count = len(counts) == 1 and "" not in counts
        figures = [f"{h.label.lower()} {h.value}" + (f" ({_n_of(h)})" if _n_of(h) and not one_count else "")
                   for h in shown]
        if one_count and figures:
            figures[-1] += f" ({'each ' if len(figures) > 1 else ''}{counts.pop()})"
        published = "; ".join(h.reference.text for h in shares if h.reference)  # the one list of published figures
        mark = "".join(dict.fromkeys(marks[h.reference.source] for h in shares if h.reference))
        # one definition on every surface: an employer's latest answer per partnership in the years
        # with the surveys' years where the header's, said with the exits, reach past them (a line of its own ran the
        # tiny state's county one-pager onto a second page)
        what = "share of survey answers, one per employer and partnership: its latest in the years" + (
            f", surveys of {employer_section.years_counted}" if employer_section.years_counted else "")
        answers = employer_section.headlines[0]
        if figures:
            lines.append(f"Employers ({what}): {'; '.join(figures)}. Published{mark} (Massachusetts Sector "
                         f"Initiative evaluation): {published}.")
            printed |= {h.reference.text for h in shares if h.reference}
        else:  # no answer to share: the count, and the published shares go to the sources with nothing to compare
            basis = _sentence(answers.basis)  # "one per employer ..." goes on; "No employer surveys ..." is a sentence
            lines.append(f"Employers: {answers.label}: {answers.value.lower()}"
                         + (f", {basis}" if basis[:1].islower() else f". {basis}"))
    y = _lines(pdf, MARGIN, y, width, lines, size=7.8, height=3.6)

    # --- Sources ------------------------------------------------------------------------------------------------------
    # every published figure the body did not print beside one of its own comes with its source here (the grant
    # ranges beside the grant dollars tile, Pennsylvania's 81 partnerships, a figure whose card has no value): a
    # source without its figure said nothing
    unprinted = {source: [text for text in texts if text not in printed]
                 for source, texts in report.published_by_source().items()}
    used = words_used([*tile_words, *lines])  # "exiters", "leverage" in plain words, for a reader outside the trade
    # a source no line of the body marks is listed unmarked: a "⁴" marking nothing sent a staffer looking for it
    # (a convener: the grant figures' source, printed here alone)
    marked = {source for source in sources if any(marks[source] in line for line in lines)}
    source_lines = [f"Data: {report.data_source}.", *([used] if used else [])] + [
        (f"{marks[source]} " if source in marked else "") + f"Published figure: {source}"
        + (f": {'; '.join(unprinted[source])}." if unprinted.get(source) else ".")
        for source in sources]
    if report.public:
        source_lines.append(f"Figures resting on fewer than {report.min_cell} people or employers are hidden, and "
                            "some others so that none can be worked out by subtraction.")
    else:
        source_lines.append(staff_use(report))
    pdf.set_text_color(*GREY)
    pdf.set_font("DejaVu", "", 6.5)
    # the footer sits at the bottom, as many lines high as its sources wrap to (a source with two figures takes two)
    footer_lines = sum(len(pdf.multi_cell(width, 3, line, dry_run=True, output="LINES")) for line in source_lines)
    y = max(y + 2, PAGE_H - MARGIN - 2 - 3 * footer_lines)
    pdf.set_draw_color(208, 213, 223)
    pdf.line(MARGIN, y, PAGE_W - MARGIN, y)
    y += 1.5
    for line in source_lines:
        pdf.set_xy(MARGIN, y)
        pdf.multi_cell(width, 3, line, align="L")
        y = pdf.get_y()
    pdf.set_xy(MARGIN, PAGE_H - MARGIN + 2)
    pdf.set_font("DejaVu", "", 6.5)
    pdf.cell(width, 3, " · ".join(part for part in (f"Sectorscope · {report.generated_on:%Y-%m-%d}", report.state,
                                                     report.notice) if part))
    if pdf.page_no() != 1 or y > PAGE_H - MARGIN:
        raise ValueError("the one-pager does not fit on one page")
    return bytes(pdf.output())
