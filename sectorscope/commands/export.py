"""``export``: a PowerPoint deck of a view or a partnership, or a one-page PDF of a county, a region or the state.

    python -m sectorscope export deck [--partnership P] [--county FIPS ...] [--region R ...] [--sector S ...]
                                      [--years A-B] [--public] --out FILE [--db PATH]
    python -m sectorscope export onepager [--county FIPS | --region R] [--sector S ...] [--years A-B] [--public]
                                      --out FILE [--db PATH]

The filters mean what the app's link parameters mean (``?sector=HLTH&region=3&years=2018-2022``); ``--public``
applies the public mode's rules, and so does a public deployment (``SECTORSCOPE_MODE=public``, flag or not: a
reviewer's one-pager of a region there read 792 exiters, the staff's count, beside the public 566, and named a
partnership not cleared for public display): a public deck covers one cell of the protected public release (one
county or region or the state, one sector or all, one year or all, or one public partnership), a public one-pager
one county or region of it; neither reads anything else about people or employers, and small groups stay hidden as
the release hides them (k as the release stores it).
Exit codes: 0 written, 2 usage error (no database at --db, an unknown code, a one-pager without one area).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from sectorscope import codes, config, db, filters
from sectorscope.commands.common import UsageError, add_db_option, database_from
from sectorscope.export import content

SUFFIXES = {"deck": ".pptx", "onepager": ".pdf"}  # what each kind writes


def register(subparsers) -> None:
    """Add the ``export`` command."""
    parser = subparsers.add_parser(
        "export", help="write a PowerPoint deck or a one-page PDF of a view",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Write a PowerPoint deck of a view or a partnership, or a one-page PDF of a county, a region "
                    "or the state.\n\n"
                    "  deck      [--partnership P] [--county FIPS ...] [--region R ...] [--sector S ...]\n"
                    "            [--years A-B] [--public] --out FILE.pptx\n"
                    "  onepager  [--county FIPS | --region R] [--sector S ...] [--years A-B] [--public]\n"
                    "            --out FILE.pdf\n\n"
                    "The filters mean what the app's link parameters mean. A one-pager covers one county, one "
                    "region or,\nwith neither, the whole state, and takes no --partnership.")
    parser.add_argument("kind", choices=("deck", "onepager"), help="deck (.pptx) or onepager (.pdf)")
    parser.add_argument("--partnership", help="deck only: one partnership's deck (its id, e.g. P002)")
    parser.add_argument("--county", action="append", default=[],
                        help="county FIPS (a deck: repeatable; a one-pager: one county, or --region, or neither for "
                             "the state)")
    parser.add_argument("--region", action="append", default=[],
                        help="region id (a deck: repeatable; a one-pager: one region, or --county, or neither for "
                             "the state)")
    parser.add_argument("--sector", action="append", default=[], help="sector code (repeatable; both)")
    parser.add_argument("--years", help="exit/survey/start years, e.g. 2018-2022 or 2020 (both)")
    parser.add_argument("--public", action="store_true",
                        help="apply the public mode's rules (both: one cell of the public release); "
                             "always so where $SECTORSCOPE_MODE is public")
    parser.add_argument("--out", required=True, metavar="FILE",
                        help="file to write: .pptx for a deck, .pdf for a one-pager")
    add_db_option(parser)
    parser.set_defaults(run=run)


def link_parameters(args: argparse.Namespace) -> dict[str, list[str]]:
    """The command's filters as the app's link parameters."""
    params = {"sector": args.sector, "region": args.region, "county": args.county,
              "years": [args.years] if args.years else [], "partnership": [args.partnership] if args.partnership
              else []}
    return {name: values for name, values in params.items() if values}


def _what(title: str, filters: str) -> str:
    """What a file holds, in words: its title and filters, the title once where the filters begin with it (a
    partnership's deck said "Lancaster Area Energy Careers Consortium · Lancaster Area Energy Careers Consortium ·
    2005–2025")."""
    return filters if filters.startswith(title) else f"{title} · {filters}"


def _write(out: Path, data: bytes, what: str) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"Wrote {out} ({len(data):,} bytes): {what}", file=sys.stderr)
    return 0


def _public(con, args: argparse.Namespace) -> int:
    """A public deck or one-pager: one cell of the protected release (as the Showcase shows it), nothing read about
    people or employers (``export.public.public_export``)."""
    from sectorscope.export.public import public_export

    data, report, problems = public_export(con, args.kind, link_parameters(args))
    if problems:
        # said as the page and the deck's title slide say them, which go on with the whole state ("No public
        # partnership P026: showing the whole state instead"); refused here, so without what is shown instead
        return _refused([re.sub(r": showing .+ instead\.$", ".", problem) for problem in problems])
    return _write(Path(args.out), data, _what(report.title, report.filters))


def _refused(problems: list[str]) -> int:
    """Say what was refused, and that nothing was written (a usage error)."""
    if len(problems) == 1:
        print(f"{problems[0].rstrip('.')}: nothing written.", file=sys.stderr)
    else:
        print("\n".join(problems) + "\nNothing written.", file=sys.stderr)
    return 2


def checked_out(kind: str, out: str) -> Path:
    """``--out`` when its suffix is what ``kind`` writes (.pptx for a deck, .pdf for a one-pager); else a usage
    error naming the right one (a deck written as x.pdf was a PowerPoint file that no PDF reader opens)."""
    path = Path(out)
    suffix = SUFFIXES[kind]
    if path.suffix.lower() != suffix:
        what = "a deck is a PowerPoint file" if kind == "deck" else "a one-pager is a PDF"
        raise UsageError(f"--out {out}: {what}, so its name ends in {suffix} (e.g. {path.with_suffix(suffix).name})")
    return path


def run(args: argparse.Namespace) -> int:
    """Write the deck or the one-pager."""
    out = checked_out(args.kind, args.out)
    path = database_from(args, must_exist=True)
    # the whole state (neither --county nor --region), one county or one region: a place, never a partnership
    if args.kind == "onepager" and (args.partnership or (args.county and args.region)
                                    or len(args.county) > 1 or len(args.region) > 1):
        print("A one-pager covers the whole state, one county (--county FIPS) or one region (--region R).",
              file=sys.stderr)
        return 2
    con = db.connect_read_only(path)
    try:
        if args.public or config.app_mode() == "public":  # a public deployment writes nothing but public files
            if not args.public:
                print("SECTORSCOPE_MODE is public: writing the public version (as --public does).", file=sys.stderr)
            return _public(con, args)
        view = content.view_options(con, args.public)
        # worded as what was refused: the pages' "Ignored unknown partnership 'XYZ' in the link." read as if the
        # deck had been written without it
        selection = filters.parse_query_params(link_parameters(args), view.options, refused=True)
        if selection.notices:
            return _refused(list(selection.notices))
        report = content.build_report(con, view, selection, public=args.public, min_cell=config.min_cell_size())
        if args.kind == "deck":
            from sectorscope.export.deck import build_deck

            data = build_deck(report)
        else:
            from sectorscope.export.onepager import build_onepager, onepager_title

            area = (view.county_names[selection.county_fips[0]] if args.county
                    else view.region_names.get(args.region[0], args.region[0]) if args.region
                    else codes.state_title(view.state_fips, view.is_demo))
            data = build_onepager(report, area, selection.county_fips)
    finally:
        con.close()
    title = report.title if args.kind == "deck" else onepager_title(area)
    return _write(out, data, _what(title, report.filters))
