"""A PowerPoint deck of a report (``content.Report``): a title slide, per section a slide of headline figures (value,
n, published reference and source) and a slide per chart as a native, editable PowerPoint chart holding the same
numbers, the county map as a picture, and a sources slide. Every slide carries the demo notice while the demo is
active. Built with python-pptx; pure (report in, bytes out)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from sectorscope.charts import style
from sectorscope.export.content import (
    DEMO_NOTICE,
    PUBLISHED_FOR_ORIENTATION,
    Chart,
    Report,
    Section,
    privacy_line,
    slide_plan,
    staff_use,
)
from sectorscope.export.mapimage import county_map_png
from sectorscope.present.formatting import shortened
from sectorscope.present.headlines import Headline
from sectorscope.references import BOUNDARIES_CREDIT

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.5)
TITLE_ONLY, TITLE_SLIDE = 5, 0  # layouts of python-pptx's default template
# a gain with its sign, as the cards, the slides and the Showcase write one ("+$1.20", and "+$0.00" for a gain of
# nothing, as ``format_signed_dollars`` and Plotly's "+$,.2f" do: the deck alone read "$0.00", a code reviewer)
NUMBER_FORMATS = {"dollars": '"$"#,##0.00', "gain": '+"$"#,##0.00;-"$"#,##0.00;+"$"0.00', "dollars0": '"$"#,##0',
                  "percent": "0%", "count": "#,##0"}
CHART_TYPES = {"column": XL_CHART_TYPE.COLUMN_CLUSTERED, "bar": XL_CHART_TYPE.BAR_CLUSTERED,
               "stacked": XL_CHART_TYPE.COLUMN_STACKED}


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


GREY = _rgb(style.DECK_TEXT)
NOTICE_RED = _rgb(style.DECK_NOTICE)
CARD_FILL = _rgb(style.CARD_FILL)


def _text(slide, left, top, width, height, paragraphs: Sequence[tuple[str, int, dict]], *, wrap: bool = True):
    """A text box; each paragraph is (text, size in pt, options: bold, italic, colour, align)."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = wrap
    for index, (text, size, options) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = options.get("align", PP_ALIGN.LEFT)
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = options.get("bold", False)
        run.font.italic = options.get("italic", False)
        if "colour" in options:
            run.font.color.rgb = options["colour"]
    return box


FOOTER_GAP = Inches(0.2)
# the view and the date, and the demo / public notice (9 pt was too small from the back of a room: a convener)
FOOTER_POINTS = 10
# the view in a footer: two lines at most (a partnership's name has no limit; the title slide and the sources slide
# say the view in full), or it ran past the slide's bottom edge
FOOTER_VIEW_CHARACTERS = 200
CORE_PROPERTY_CHARACTERS = 255
BOLD_WIDTH = 1.1  # a bold character's width against a regular one's, near enough for sharing the line


def footer_widths(view: str, notice: str) -> tuple[int, int]:
    """Widths (EMU) of the footer's two boxes, the view on the left and the (bold) notice on the right: the line
    shared by the widths of their texts, each at least a fifth, so a long notice (the public one) is not folded
    beside a short view, nor a long view (a partnership's name) beside a short notice."""
    usable = WIDTH - 2 * MARGIN - FOOTER_GAP
    notice_width = BOLD_WIDTH * len(notice)
    share = min(max(len(view) / max(len(view) + notice_width, 1), 1 / 5), 4 / 5)
    left = int(usable * share)
    return left, usable - left


def _footer(slide, report: Report) -> None:
    """Filters and date on the left; the demo / public notice on the right."""
    top = HEIGHT - Inches(0.45)
    view = f"Sectorscope · {shortened(report.filters, FOOTER_VIEW_CHARACTERS)} · {report.generated_on:%B %-d, %Y}"
    left, right = footer_widths(view, report.notice) if report.notice else (WIDTH - 2 * MARGIN, 0)
    _text(slide, MARGIN, top, left, Inches(0.35), [(view, FOOTER_POINTS, {"colour": GREY})])
    if report.notice:
        _text(slide, MARGIN + left + FOOTER_GAP, top, right, Inches(0.35),
              [(report.notice, FOOTER_POINTS, {"bold": True, "colour": NOTICE_RED, "align": PP_ALIGN.RIGHT})])


def _slide(deck, report: Report, title: str):
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    slide.shapes.title.text = title
    title_shape = slide.shapes.title
    title_shape.left, title_shape.top, title_shape.width, title_shape.height = (
        MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, HEADING_BOX)
    points = title_points(title, HEADING_SIZES, HEADING_HEIGHT)
    for paragraph in title_shape.text_frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
        for run in paragraph.runs:
            run.font.size = Pt(points)
            run.font.bold = True
    _footer(slide, report)
    return slide


def _card(slide, headline: Headline, left, top, width, height) -> None:
    # a hidden figure says so in its own words ("hidden (fewer than 10)", or "hidden for privacy" from the release)
    shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top, width, height)
    shape.adjustments[0] = 0.06
    shape.fill.solid()
    shape.fill.fore_color.rgb = CARD_FILL
    shape.line.color.rgb = _rgb(style.CARD_EDGE)
    shape.shadow.inherit = False
    frame = shape.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = Inches(0.12)
    frame.vertical_anchor = 1  # top
    value_size = 16 if headline.suppressed or headline.value_in_words else 24  # words smaller than a number
    lines: list[tuple[str, int, dict]] = [(headline.label, 13, {"colour": GREY, "bold": True}),
                                          (headline.value, value_size,
                                           {"bold": True, "colour": _rgb(style.CARD_VALUE)})]
    if headline.delta:
        lines.append((headline.delta, 12, {"colour": GREY}))
    lines.append((headline.basis, 11, {"colour": GREY}))
    if headline.reference is not None:
        # read from the back of a room: at 10 and 8 pt they were barely legible (a convener)
        lines.append((f"Published: {headline.reference.text}", 11, {"italic": True, "colour": GREY}))
        lines.append((f"Source: {headline.reference.source}", 10, {"italic": True, "colour": GREY}))
    for index, (text, size, options) in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = options.get("bold", False)
        run.font.italic = options.get("italic", False)
        run.font.color.rgb = options["colour"]


def _absent(slide, text: str, title: str = "") -> None:
    """A slide's one line where its figures or chart would be: why there are none; its notes say it too, after the
    chart's ``title`` where there is one (a slide without notes left the presenter nothing to read: a convener)."""
    _text(slide, MARGIN, Inches(2.8), WIDTH - 2 * MARGIN, Inches(1.2), [(text, 24, {"colour": GREY})])
    slide.notes_slide.notes_text_frame.text = (f"{title}. " if title else "") + f"No figure on this slide: {text}"


# A card is no taller than a card in two rows of them: a row of three filled the slide's height with text in its top
# sixth, the rest an empty box (a reviewer: the systems change and community slides)
CARD_MAX_HEIGHT = Inches(2.65)


def _headline_slide(deck, report: Report, section: Section) -> None:
    slide = _slide(deck, report, section.title)
    if section.absent:
        _absent(slide, section.absent)
        return
    cards = section.headlines
    columns = 4 if len(cards) > 6 or len(cards) == 4 else 3
    rows = -(-len(cards) // columns)
    gap = Inches(0.2)
    top = Inches(1.35)
    bottom = HEIGHT - Inches(0.95 if section.note else 0.6)
    width = Emu(int((WIDTH - 2 * MARGIN - gap * (columns - 1)) / columns))
    height = Emu(min(int((bottom - top - gap * (rows - 1)) / rows), CARD_MAX_HEIGHT))
    for index, headline in enumerate(cards):
        row, column = divmod(index, columns)
        _card(slide, headline, MARGIN + column * (width + gap), top + row * (height + gap), width, height)
    if section.note:
        _text(slide, MARGIN, HEIGHT - Inches(0.9), WIDTH - 2 * MARGIN, Inches(0.4),
              [(section.note, 10, {"colour": GREY, "italic": True})])
    slide.notes_slide.notes_text_frame.text = "\n".join(card_note(card) for card in cards)


def card_note(card: Headline) -> str:
    """What a presenter reads of a card in the slide's notes: its figure, what it is counted over and what it
    means ("Participants who exited: 247 (in 2015–2025). People who left the program ..."), with its change and the
    published figure beside it as the card shows them ("Below poverty after: 12%, -4 pts from 16% (...). Published:
    64% → 35% (source)": the notes left both out, a convener). The notes held only the definitions once, and a
    convener reading them aloud had to look up at the screen for every figure."""
    return (f"{card.label}: {card.value}" + (f", {card.delta}" if card.delta else "")
            + (f" ({card.basis})" if card.basis else "")
            + (f". Published: {card.reference.text} ({card.reference.source})" if card.reference else "")
            + f". {card.definition}")


def label_format(chart: Chart) -> str:
    """The number format of a chart's data labels: its kind's, and for percents the decimals its values need (as a
    table's column: 99.6% labelled "100%" stood beside the card's 99.6%)."""
    if chart.number_format != "percent":
        return NUMBER_FORMATS[chart.number_format]
    decimals = chart.percent_decimals()
    return "0." + "0" * decimals + "%" if decimals else "0%"


def value_axis_bounds(chart: Chart) -> tuple[float | None, float | None]:
    """The value axis's minimum and maximum for a chart's bars (None: PowerPoint's own): from 0 when no value is
    negative, to 0 when none is positive, so that a bar's length is its value. PowerPoint chose its own minimum:
    wage gains of $3.74 and $3.60 stood on an axis from $3.50, one bar looking half as tall as the other (a
    reviewer). With values on both sides of 0 its own range holds 0. Shares end at 100%: PowerPoint ran the axis of
    shares near 100% to 120% (a convener), where the presentation's stops at 100%."""
    values = chart.values()
    if not values or min(values) >= 0:
        return 0.0, (1.0 if chart.number_format == "percent" and values and max(values) <= 1 else None)
    if max(values) <= 0:
        return None, 0.0
    return None, None


NO_BREAK_SPACE = "\u00a0"


def n_kept_whole(category: str) -> str:
    """A chart category with its "(n = 16 · small n)" kept on one line (its spaces made non-breaking): PowerPoint and
    LibreOffice broke labels inside it, "Reduced rework (n = 16 · small" over "n)" (a convener); the label still
    breaks before it."""
    name, bracket, rest = category.rpartition(" (")
    if not bracket or not rest.startswith("n ="):
        return category
    return f"{name} ({rest.replace(' ', NO_BREAK_SPACE)}"


def _chart_slide(deck, report: Report, chart: Chart) -> None:
    slide = _slide(deck, report, chart.title)
    slide.notes_slide.notes_text_frame.text = chart.in_words()
    if chart.absent:
        _absent(slide, chart.absent, chart.title)
        return
    data = CategoryChartData(number_format=NUMBER_FORMATS[chart.number_format])
    data.categories = [n_kept_whole(category) for category in chart.categories]
    for name, values in chart.series:
        data.add_series(name, list(values))
    kind = chart.kind
    frame = slide.shapes.add_chart(CHART_TYPES[kind], MARGIN, Inches(1.3), WIDTH - 2 * MARGIN,
                                   HEIGHT - Inches(1.3) - Inches(1.1 if chart.note else 0.6), data)
    drawn = frame.chart
    drawn.font.size = Pt(12)
    # the slide's title says what the chart shows; a demo's chart says it is made up in its own title, which goes
    # with it when copied into another deck (the copy, a native chart, said nothing of it: a convener)
    drawn.has_title = report.is_demo
    if report.is_demo:
        drawn.chart_title.text_frame.text = DEMO_NOTICE
        words = drawn.chart_title.text_frame.paragraphs[0].runs[0].font
        words.size, words.bold, words.italic = Pt(11), False, True
        words.color.rgb = GREY
    if kind == "bar":
        drawn.category_axis.reverse_order = True  # first category on top, as read
    # the names at the low end of the value axis: beside the axis at 0 (PowerPoint's default) a bar below 0 was drawn
    # over its own name
    drawn.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    drawn.has_legend = chart.has_legend()
    if drawn.has_legend:
        drawn.legend.position = XL_LEGEND_POSITION.BOTTOM
        drawn.legend.include_in_layout = False
    value_axis = drawn.value_axis
    value_axis.tick_labels.number_format = NUMBER_FORMATS[chart.number_format]
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = _rgb(style.GRID_PRESENTATION)
    value_axis.minimum_scale, value_axis.maximum_scale = value_axis_bounds(chart)
    step = chart.count_step()
    if step is not None:  # whole numbers, as the presentation's axis (0.2 steps read "0, 0, 0, 1, 1, 1")
        value_axis.major_unit = step
    plot = drawn.plots[0]
    if kind != "stacked":
        plot.gap_width = 60
    if chart.is_labelled():  # the before/after chart's four series too, as on the slides
        plot.has_data_labels = True
        plot.data_labels.number_format = label_format(chart)
        plot.data_labels.number_format_is_linked = False
        plot.data_labels.font.size = Pt(11 if len(chart.series) <= 2 else 10)
    for index, series in enumerate(plot.series):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = _rgb(chart.color(index))
    if chart.note:
        _text(slide, MARGIN, HEIGHT - Inches(1.05), WIDTH - 2 * MARGIN, Inches(0.55),
              [(chart.note, 11, {"colour": GREY, "italic": True})])


# The map slide's legend, in points of a picture drawn about as large as it is shown: at 7 pt it was read from the
# back of no room (a reviewer); the slide's other small text (notes, footers) is 11 pt
MAP_LEGEND_POINTS = 12


def _map_slide(deck, report: Report) -> None:
    county_map = report.county_map
    slide = _slide(deck, report, county_map.title)
    picture = county_map_png(county_map, width_in=9.0, height_in=5.4, dpi=130, title=False,
                             legend_points=MAP_LEGEND_POINTS, highlight=county_map.outlined,
                             notice=DEMO_NOTICE if report.is_demo else "")
    height = HEIGHT - Inches(1.3) - Inches(1.1)
    # the counties named (or how they are counted), and whose shapes these are, as the one-pager says (a reviewer)
    _text(slide, MARGIN, HEIGHT - Inches(1.05), WIDTH - 2 * MARGIN, Inches(0.55),
          [(" ".join(part for part in (county_map.note, BOUNDARIES_CREDIT) if part), 11,
            {"colour": GREY, "italic": True})])
    shape = slide.shapes.add_picture(io.BytesIO(picture), Emu(int((WIDTH - height * 9.0 / 5.4) / 2)),
                                     Inches(1.25), height=height)
    # its alt text, as the presentation's map: python-pptx wrote the file's name, "image.png" (a reviewer)
    shape._element.nvPicPr.cNvPr.set("descr", county_map.described())
    slide.notes_slide.notes_text_frame.text = "\n".join(part for part in (county_map.described(), county_map.note)
                                                         if part)


# A text box's lines sit inside its insets (PowerPoint's defaults, which python-pptx keeps): the titles were sized
# for the whole box, so a two-line heading ran about 14 pt into the chart or cards under it (a convener reviewer).
INSET_TOP_BOTTOM, INSET_SIDES = Inches(0.05), Inches(0.1)
TITLE_BOX = Inches(1.8)  # the title slide's title box
TITLE_HEIGHT = TITLE_BOX - 2 * INSET_TOP_BOTTOM  # its lines: three at 34 pt
TITLE_SIZES = (40, 34, 30, 26, 22)  # points, largest first
HEADING_BOX = Inches(0.9)  # another slide's title box, above the slide's content
HEADING_HEIGHT = HEADING_BOX - 2 * INSET_TOP_BOTTOM  # its lines: one at 30 pt, or two at 22 pt
HEADING_SIZES = (30, 26, 22, 18)
BOLD_EM = 0.6  # an average bold character's width in ems, near enough to count lines
LINE_WIDTH = WIDTH - 2 * MARGIN - 2 * INSET_SIDES  # a title's lines, inside its box's side insets


def title_points(title: str, sizes: Sequence[int] = TITLE_SIZES, height: int = TITLE_HEIGHT,
                 width: int = LINE_WIDTH) -> int:
    """A slide title's font size: the largest of ``sizes`` at which ``title`` fits its box in whole lines (a
    partnership's long name, four lines at 40 pt on the title slide, ran into the lines under it), else the
    smallest."""
    for points in sizes:
        per_line = max(int(width / Pt(points * BOLD_EM)), 1)
        lines = -(-len(title) // per_line)
        if lines * Pt(points * 1.2) <= height:
            return points
    return sizes[-1]


def _title_slide(deck, report: Report) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_SLIDE])
    slide.shapes.title.text = report.title
    title, body_shape = slide.shapes.title, slide.placeholders[1]
    title.left, title.top, title.width, title.height = MARGIN, Inches(1.4), WIDTH - 2 * MARGIN, TITLE_BOX
    body_shape.left, body_shape.top, body_shape.width, body_shape.height = (
        MARGIN, Inches(3.4), WIDTH - 2 * MARGIN, Inches(3.0))
    for run in title.text_frame.paragraphs[0].runs:
        run.font.size, run.font.bold = Pt(title_points(report.title)), True
    lines = [report.subtitle, report.filters, *report.not_applied,
             f"{report.generated_on:%B %-d, %Y} · Data: {report.data_source}"]
    if not report.public:
        lines.append(staff_use(report))
    if report.notice:
        lines.append(report.notice)
    body = slide.placeholders[1].text_frame
    body.text = lines[0]
    for line in lines[1:]:
        body.add_paragraph().text = line
    for paragraph in body.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(18)
    if report.is_demo:
        last = body.paragraphs[-1].runs[0].font
        last.bold, last.color.rgb = True, NOTICE_RED
    _footer(slide, report)
    # what the deck covers, to read out when opening (the title and sources slides had no notes: a convener)
    slide.notes_slide.notes_text_frame.text = "\n".join([f"{report.title}: {report.subtitle}.",
                                                         f"What it counts: {report.filters}.", *lines[2:]])


def _sources_slide(deck, report: Report) -> None:
    slide = _slide(deck, report, "Sources and definitions")
    lines = [(f"Data: {report.data_source}.", 14, {}), (f"View: {report.filters}.", 14, {}),
             (privacy_line(report), 14, {})]
    if report.words_used:  # "exiters", "leverage" in plain words, for an audience outside the trade
        lines.append((report.words_used, 12, {}))
    published = report.published_by_source()
    if published:  # a deck with no figure beside a published one ended on "... not as targets:"
        lines.append((PUBLISHED_FOR_ORIENTATION, 14, {}))
    for source, texts in published.items():
        lines.append((f"• {source}: {'; '.join(texts)}", 12, {"colour": GREY}))
    _text(slide, MARGIN, Inches(1.3), WIDTH - 2 * MARGIN, HEIGHT - Inches(2.0), lines)
    slide.notes_slide.notes_text_frame.text = "Where the figures come from, if asked:\n" + "\n".join(
        text for text, _, _ in lines)


def build_deck(report: Report) -> bytes:
    """The deck of ``report`` as .pptx bytes: title, per section a headline slide and a slide per chart (the map
    after the partnership figures), then the sources."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    # the file's properties hold 255 characters at most (python-pptx refuses more): a long partnership name made the
    # deck fail
    # python-pptx's template carries its own author, dates and comment ("Steve Canny", 2013, "generated using
    # python-pptx"), which PowerPoint shows in File > Info: Sectorscope's, the day the deck was made, and the notice
    properties = deck.core_properties
    properties.title = shortened(report.title + (f" ({DEMO_NOTICE})" if report.is_demo else ""),
                                 CORE_PROPERTY_CHARACTERS)
    properties.subject = shortened(report.filters, CORE_PROPERTY_CHARACTERS)
    properties.author = properties.last_modified_by = "Sectorscope"
    properties.comments = shortened(report.notice, CORE_PROPERTY_CHARACTERS)
    properties.keywords = DEMO_NOTICE if report.is_demo else ""
    properties.created = properties.modified = dt.datetime.combine(report.generated_on, dt.time())
    properties.revision = 1
    for slide in slide_plan(report):
        if slide.kind == "title":
            _title_slide(deck, report)
        elif slide.kind == "section":
            _headline_slide(deck, report, slide.section)
        elif slide.kind == "chart":
            _chart_slide(deck, report, slide.chart)
        elif slide.kind == "map":
            _map_slide(deck, report)
        else:
            _sources_slide(deck, report)
    buffer = io.BytesIO()
    deck.save(buffer)
    return _with_own_app_properties(buffer.getvalue(), len(deck.slides))


# The file's extended properties (PowerPoint's File > Info): python-pptx keeps its template's, "Microsoft Macintosh
# PowerPoint", "On-screen Show (4:3)" and 0 slides, and has no way to set them; every element there is optional.
APP_PROPERTIES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.'
                  'openxmlformats.org/officeDocument/2006/extended-properties"><Application>Sectorscope</Application>'
                  '<PresentationFormat>Widescreen</PresentationFormat><Slides>{slides}</Slides></Properties>')


def _with_own_app_properties(data: bytes, slides: int) -> bytes:
    """The .pptx ``data`` with Sectorscope's extended properties (``APP_PROPERTIES``) in place of the template's."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = (APP_PROPERTIES.format(slides=slides).encode("utf-8") if item.filename == "docProps/app.xml"
                    else source.read(item.filename))
            target.writestr(item, body)
    return out.getvalue()
