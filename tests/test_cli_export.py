"""``export`` as a CLI reviewer ran it: an --out of the other kind's suffix, and options the command refuses worded
as refusals (the pages keep their link wording)."""

from __future__ import annotations

import pytest
from cli_support import run_cli
from test_filters import OPTIONS

from sectorscope.filters import parse_query_params


@pytest.mark.parametrize(("args", "out", "suffix"), [
    (("deck",), "x.pdf", ".pptx"),
    (("onepager", "--county", "42071"), "x.pptx", ".pdf"),
    (("deck",), "deck", ".pptx"),
])
def test_an_out_file_of_the_wrong_kind_is_a_usage_error(tiny_db, tmp_path, args, out, suffix):
    """``export deck --out x.pdf`` wrote a PowerPoint file named .pdf (exit 0)."""
    ran = run_cli("export", *args, "--out", str(tmp_path / out), "--db", str(tiny_db))
    assert ran.returncode == 2
    assert f"its name ends in {suffix}" in ran.stderr and len(ran.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(("args", "said"), [
    (("--partnership", "XYZ"), ["Unknown partnership 'XYZ': nothing written."]),
    (("--years", "2018-2016"), ["Years 2018-2016 run backwards (the first year comes first: 2016-2018): nothing "
                                "written."]),
    (("--sector", "NOPE", "--partnership", "XYZ"), ["Unknown sector 'NOPE'", "Unknown partnership 'XYZ'",
                                                    "Nothing written."]),
])
def test_refused_options_are_said_as_refused(tiny_db, tmp_path, args, said):
    """The command said "Ignored unknown partnership 'XYZ'." and then wrote nothing (exit 2)."""
    out = tmp_path / "view.pptx"
    ran = run_cli("export", "deck", *args, "--out", str(out), "--db", str(tiny_db))
    assert ran.returncode == 2
    assert ran.stderr.strip().splitlines() == said
    assert not out.exists()


def test_years_beyond_the_data_are_refused_naming_the_datas_years(tiny_db, tmp_path):
    ran = run_cli("export", "deck", "--years", "1990-2050", "--out", str(tmp_path / "view.pptx"), "--db",
                  str(tiny_db))
    assert ran.returncode == 2
    assert "Years 1990-2050 reach beyond the data's years" in ran.stderr and "nothing written" in ran.stderr
    assert "limited" not in ran.stderr


@pytest.mark.parametrize("params", [{"partnership": ["XYZ"]}, {"years": ["2022-2016"]}, {"sector": ["HLTH", "HLTH"]},
                                    {"years": ["1990-2050"]}, {"colour": ["red"]}])
def test_refusal_wording_changes_the_words_only(params):
    """The pages' notices keep their link wording; ``refused`` says the same change as what was wrong."""
    page = parse_query_params(params, OPTIONS)
    command = parse_query_params(params, OPTIONS, refused=True)
    assert command == page and len(command.notices) == len(page.notices) == 1
    assert "in the link" in page.notices[0] or "link" in page.notices[0]
    assert "link" not in command.notices[0] and "Ignored" not in command.notices[0]


def test_the_written_files_description_names_a_partnership_once():
    from sectorscope.commands.export import _what

    assert _what("York Makers", "York Makers · 2005–2025") == "York Makers · 2005–2025"
    assert _what("Sector strategies", "Healthcare · all counties · 2016") == (
        "Sector strategies · Healthcare · all counties · 2016")
