"""How each page's figures are measured: the text of its "How these are measured" note, in Markdown.

One place for the methods a reader can check, so that a page is a short story (it renders the note, it does not hold
it) and the text can be read and tested without Streamlit. Each function takes what its text depends on;
``min_cell`` is the public view's k (None for staff views, whose note has no public-view line).
"""

from __future__ import annotations

from sectorscope.metrics import labor_market as lm
from sectorscope.metrics import workers


def _public_view(min_cell: int | None, text: str) -> str:
    """The note's last line in a public view: what it hides, ``text`` with ``{k}`` for the view's k; none for staff."""
    return f"\n- **Public view**: {text.format(k=min_cell)}" if min_cell else ""


def overview_methods(min_cell: int | None) -> str:
    """The Overview's note: what its filters select and how its headline figures are defined."""
    return (
        "- **Filters**: sectors are the partnerships' sectors; counties are where participants live, where "
        "surveyed employers are, and which counties a partnership serves; years are exit years for participants, "
        "survey years for employers, start years for grants and dates of systems changes.\n"
        "- **Wage gain**: post minus pre hourly wage among completers with both wages.\n"
        "- **Before → after shares**: among participants with both answers known.\n"
        "- **Leverage**: non-state grant dollars per state dollar.\n"
        "- **Published figures** are national or other states' results, shown for orientation, not as targets "
        "this state's data must meet."
        + _public_view(min_cell, "any figure resting on fewer than {k} people or employers is hidden.")
    )


def industry_methods(reference_name: str, min_cell: int | None, *, from_bls: bool = True, agency: str = "BLS",
                     published_lq_name: str = lm.LQ_SOURCES["BLS published"]) -> str:
    """The Industry page's note: location quotients, sums over counties, growth, wages, shift-share, suppression
    (``reference_name``: what LQs compare against, e.g. "the U.S."). What the files publish and withhold is
    credited as the page credits it: to BLS for BLS's own files (``from_bls``), else to the file loaded;
    ``agency`` withheld the suppressed cells ("BLS", "the data's source") and ``published_lq_name`` is how the
    page names a published LQ ("BLS-published LQ", "LQ published in the loaded file")."""
    published_lq = ("BLS's own published LQ is shown when the file carries it" if from_bls else
                    "the LQ published in the loaded file is shown where it has one")
    published_lqs = "BLS's published LQs" if from_bls else "the published LQs"
    published_change = ("BLS's published change over the year" if from_bls else
                        "the change over the year published in the loaded file")
    # quarterly files are BLS's alone (only its reader makes annual averages of them): their words stay BLS's
    quarterly_files = "quarterly files" if from_bls else "BLS's quarterly files"
    return (
        f"- **Location quotient (LQ)** = the industry's share of the area's jobs ÷ its share of {reference_name}'s "
        "jobs (all-industry, all-ownership totals), as BLS computes it. LQ 1.5 = 50% more concentrated. For a "
        f"single county against the U.S., {published_lq} (**{published_lq_name}**; from quarterly files, "
        f"{lm.MONTHLY_LQ_METHOD}). Without the U.S. "
        f"file, several counties use the U.S. industry shares that {published_lqs} imply, share = (county "
        "share) ÷ LQ; with it, LQs are **computed from the U.S. file**.\n"
        f"- **Several counties** add up their disclosed cells; where {agency} suppressed some, the figure is a lower "
        "bound and the table says how many counties (and what share of establishments) are missing. A change "
        "over time is the area's only where every county is disclosed in both years; where one was suppressed "
        "in either, the other counties' change is shown marked **partial** (\"+3.2% (partial: 2 of 3 "
        "counties)\", a hollow bubble), never scored, ranked or flagged, and left out of shift-share: it can "
        "differ from the area's even in sign.\n"
        "- **Growth**: 1-year and 5-year percent change ending in the last year; per year = compound annual "
        f"growth over the years compared. Where the previous year's file is not loaded, the 1-year change is "
        f"{published_change} (in each annual file; from {quarterly_files}, the mean of BLS's 12 monthly "
        "changes over the year, where all 12 are disclosed). Of several counties it is given only where every "
        "county with jobs in the industry has one and none is suppressed (as above); otherwise it is "
        "empty and the table's notes and CSV say which counties lack one.\n"
        "- **Average weekly wage** = total annual wages ÷ annual average employment ÷ 52.\n"
        "- **Shift-share**: reference growth = e₀·G; industry mix = e₀·(Gᵢ − G); regional = e₀·(gᵢ − Gᵢ); "
        "they sum to the actual change.\n"
        f"- **Concentrated and growing**: LQ ≥ {lm.STRONG_LQ} and jobs grew over the years compared. **No "
        "partnership**: no partnership in view (sidebar sectors and years) that serves a county of the area "
        "has a sector whose NAICS codes cover the industry.\n"
        f"- **Suppressed** cells ({'BLS ' if from_bls else ''}disclosure code N) stay missing: never counted as "
        "zero.\n"
        "- Quarterly files give annual averages as BLS makes them (mean of 12 months; wages summed over 4 "
        "quarters), only where all four quarters are present and disclosed."
        + _public_view(min_cell, "an industry or county with fewer than {k} jobs is hidden like a cell "
           f"{agency} suppressed.")
    )


def worker_methods(min_cell: int | None) -> str:
    """The Worker outcomes page's note: who counts, the wage gain and its interval, jobs after exit, and the WIOA
    indicators as DOL defines them, with their cohorts."""
    return (
        "- **Who counts**: people who left a program (exited) in the selected years, trained by a partnership in the "
        "selected sectors; counties are where they lived at enrolment, or the counties their partnership serves "
        "(the switch above the figures).\n"
        "- **Wage gain**: hourly wage in the job after training minus the job before, for completers with both "
        "wages; median and mean in dollars, and per person as a percent of the wage before. The 95% interval of "
        "the median is the distribution-free order-statistic interval: with a group's n gains sorted, from the "
        "j-th smallest to the j-th largest, j the largest rank for which a binomial(n, 1/2) count stays below j "
        "with probability at most 2.5% (it replaces the bootstrap interval earlier versions showed, needs no "
        "resampling, and has none below 6 completers). Groups "
        f"resting on fewer than {workers.SMALL_N} completers are flagged *small n*.\n"
        "- **Completion** is among exiters; **credential** among completers; **employed in the sector** among "
        "exiters with a known answer (program records).\n"
        "- **Jobs after exit** (Sectorscope's own measures, not WIOA): among exiters of the calendar years *with* "
        "UI wage records, UI earnings above $0 in the 2nd / 4th calendar quarter after the exit quarter. People "
        "without any wage record, or whose quarter is before the first or past the last quarter of the wage records "
        "(a state may load only its recent quarters), or is a quarter inside them holding no record at all (never "
        "loaded, named above the cards), are left out and "
        "counted. **Median earnings, 2nd quarter**: among those employed then. **Same employer**: employed in the "
        "2nd quarter and paid by one of the same UI employer accounts in the 4th, among those employed in the 2nd.\n"
        "- **WIOA indicators by program year** follow the U.S. Department of Labor's definitions (WIOA sec. "
        "116(b)(2)(A); 20 CFR 677.155; TEGL 10-16 Change 1 and Change 2) and are counted as the annual report for "
        "PY N (July 1 of N to June 30 of N + 1, due October 1 of N + 1) counts them, each over its own cohort (the "
        "ETA-9169's \"Annual Periods of Reporting\"; the dates of each report are in the small table under it):\n"
        "  - *Cohorts*: Employment Rate (Q2), Median Earnings (Q2) and the youth rate (Q2) count exits from July 1 "
        "of N - 1 to June 30 of N; Employment Rate (Q4), Credential Rate, Retention and the youth rate (Q4) count "
        "exits from January 1 to December 31 of N - 1; Measurable Skill Gains counts people in training in PY N "
        "itself; Participants Exited counts exits from April 1 of N to March 31 of N + 1, a quarter behind the "
        "program year (FutureWork Systems' WIOA timing chart; the ETA-9169 sheet itself was not at hand, so check "
        "the dates against the report you compare with). Only reports whose every cohort lies inside the years "
        "chosen are shown.\n"
        "  - *Employment Rate (Q2) / (Q4)*: exiters employed in the 2nd / 4th quarter after the exit quarter by UI "
        "wage records or supplemental wage information (TEGL 26-16), divided by **all** exiters: someone with no "
        "wage record and no supplemental information counts as not employed (TEGL 10-16 Change 1, Attachment 10, "
        "Figure 1).\n"
        "  - *Median Earnings (Q2)*: median UI (or supplemental) earnings in the 2nd quarter after exit among those "
        "employed then.\n"
        "  - *Who is counted*: every exiter of the partnerships in view, across programs (WIOA adults, dislocated "
        "workers and youth, incumbent workers, people in no WIOA program); a state's ETA-9169 counts one program's "
        "participants, so the definitions are DOL's and the cells are not a filed report's.\n"
        "  - *Credential Rate*: exiters who were in training other than on-the-job and customized training and "
        "earned a credential while in the program or within one year after exit (completers or not), divided by all "
        "such exiters (TEGL 10-16 Change 2). Pre-employment training is left out too: prevocational services are "
        "career services under WIOA (sec. 134(c)(2)(A)(xii); 20 CFR 680.150), not training services, and count in "
        "no credential cohort. Every other training type of the records counts as training (occupational skills, "
        "apprenticeship, incumbent worker). Credentials carry no type in the records, so DOL's condition "
        "on a secondary school diploma (it counts only with employment or education within a year) is not "
        "applied. A credential without a date counts, since its window cannot be checked; one dated before "
        "enrolment does not (the loader warns about it); a cohort is shown once a year after its last exit is in "
        "the program records.\n"
        "  - *Measurable Skill Gains*: people in training at some time in the program year (exited or not) with at "
        "least one documented skill gain dated in it, divided by everyone in training then (20 CFR "
        "677.155(a)(1)(v)); every training type of the records counts here, pre-employment and on-the-job "
        "included. A person may have several gain dates: several in one year count once, gains in two "
        "years count in each. \"In training\" runs from enrolment to exit (DOL: from the training's start to its "
        "completion, which the records do not hold), so someone enrolled long before training counts longer.\n"
        "  - *Retention with the Same Employer*: exiters employed in the 2nd quarter after exit who are paid by one "
        "of the same employer accounts in the 4th (any account, when a person has two employers in a quarter), "
        "divided by all those employed in the 2nd, by wage records or supplemental information (PIRL 1618; joint "
        "DOL/ED guidance RSA-TAC-17-01 of June 2024, sec. F). Only the wage records carry employer accounts, so "
        "someone employed by supplemental information alone counts as not retained.\n"
        "  - *Youth Education or Employment Rate (Q2) / (Q4)*: exiters served as WIOA youth who are employed (as "
        "above) or enrolled in education or training in the 2nd / 4th quarter after exit, divided by all youth "
        "exiters (WIOA sec. 116(b)(2)(A)(ii)). Shown where the records mark youth and education after exit; "
        "otherwise the table says \"not in the data\".\n"
        "  - *Exclusions*: exiters who left because they were institutionalized, for health/medical reasons, "
        "deceased, called to active duty in the reserve or National Guard, or (WIOA youth, as the records mark "
        "them) moved with the foster care system are left out of the employment rates, median earnings, "
        "credential rate and skill gains; retention leaves out the same reasons but foster care (joint DOL/ED "
        "guidance RSA-TAC-17-01 of June 2024, Attachment II, Tables A and B).\n"
        "  - A cohort with anyone whose outcome quarter is not yet in the wage records has no figure yet: DOL "
        "reports a cohort once it is complete.\n"
        "  - Exiters whose outcome quarter lies before the first quarter of the wage records (a state may load only "
        "its recent quarters) are left out of the employment rates, median earnings, retention and the youth rates "
        "and counted in the Notes as \"before the data starts\": that quarter is unknown, not a quarter without "
        "pay.\n"
        "  - A quarter inside the wage records holding no record at all was never loaded: a cohort with anyone "
        "whose outcome quarter it is has no figure, and the Notes name the quarter (\"wage records of 2019 Q3 not "
        "loaded for 392 people\"); the load that left it out warned of it.\n"
        "- **Median quarterly earnings change**: 2nd-quarter earnings after exit ($0 if not employed) minus the "
        "mean of the 4 quarters before the entry quarter, per person; the median, among people whose quarters are "
        "all in the wage records (those whose quarters before entry start before the data are left out and "
        "counted). Beside it, the same people's mean earnings before and mean change: divide those two for a "
        "percentage, never the median by the mean.\n"
        "- **Before and after**: shares among people who answered both times (paired).\n"
        "- **Ranking**: every partnership in view, also when one is chosen (it is marked), so a partnership can be "
        "seen among its peers; the line is the 95% interval of its median.\n"
        "- **Published figures** are other programs' results, shown for orientation, not as targets."
        + _public_view(min_cell, "any figure resting on fewer than {k} people is hidden, with a "
           "second count where a total would reveal it.")
    )


def employer_methods(min_cell: int | None, is_demo: bool = False) -> str:
    """The Employer outcomes page's note: which survey counts, turnover change, survey shares, the QWI baseline and
    hires. On the demo (``is_demo``) the baseline is the generator's synthetic QWI, never credited to the Census
    Bureau (as the page's heading and caption say it)."""
    baseline = ("the synthetic demo QWI turnover (QWI-style figures made by the demo generator, not Census data)"
                if is_demo else "the Census Quarterly Workforce Indicators turnover")
    return (
        "- **Employers**: each employer counts once per partnership, with its latest survey in the selected years "
        "(survey years are the year filter; counties are where the employer's worksite is).\n"
        "- **Turnover change**: annual turnover at the survey minus before joining, for employers with both rates; "
        "those missing either are left out and counted. Medians, in percentage points.\n"
        "- **Survey shares**: yes answers among employers who answered the question.\n"
        f"- **QWI baseline**: {baseline} of the partnership sector's NAICS "
        "industries, in the counties of the surveyed employers and their survey years, weighted by employment, "
        "annualized as 4 × the quarterly rate (sector prefixes longer than two digits have no QWI industry); a "
        "survey year outside the QWI years loaded adds no QWI cells, and the page counts the answers of such years.\n"
        "- **Hires from training**: each survey reports the hires of its own year (the data dictionary asks for the "
        "year alone, not a running total since joining); summed over the surveys in view; per employer among "
        "employers reporting a number."
        + _public_view(min_cell, "groups resting on fewer than {k} employers are hidden (and one more "
           "where a total would reveal it); each employer's own rates are not shown.")
    )


def funding_methods(min_cell: int | None) -> str:
    """The Funding page's note: partnerships in view, grants and leverage, cost per person, gaps at the table and
    systems changes."""
    return (
        "- **Partnerships in view**: in the chosen sectors, serving a chosen county, active in the years.\n"
        "- **Grants**: grants that started in the selected years; **leverage** = non-state dollars (federal, "
        "private, philanthropic, employer match) per state dollar; \"No state dollars\" (\"no state $\" in a "
        "table) when there are no state dollars, \"no grant\" when there is no grant. A grant of $0 on record (an "
        "award not yet funded, say) "
        "counts as no grant in every funding figure: its partnership's exiters are left out with the rest.\n"
        "- **Grant dollars per exiter / completer**: the dollars of the grants that started in the years ÷ the "
        "participants who exited (or completed) in the same years of the partnerships those grants went to, "
        "wherever they live, over the partnerships with both (as each row of the table divides its own). The "
        "exiters of partnerships without a grant in those years are left out, and so are the grants of "
        "partnerships with no exiter (completer) yet; the card says how many of each; where the funded "
        "partnerships had no exiter there is no figure. Where the "
        "chosen years reach past the exits on record, both count only the years with exits on record (a grant "
        "of a year before them would be divided by people who left in later years); \"no grant\" where none "
        "started in those years. A simple ratio, not a cost-effectiveness estimate: grants pay for more than "
        "training, and training precedes an exit, so the grants of a window's first year funded people who left "
        "in it and before.\n"
        "- **Earnings return**: see the assumptions above; it is not a causal estimate. By sector it sets the "
        "sector's grants against the completers of its partnerships with a grant in the years; those without one "
        "are left out and counted under the chart, and so are the grants of partnerships with no completer yet "
        "(by partnership, each keeps its own gain beside \"no grant\").\n"
        "- **Gaps at the table**: no K-12 or postsecondary partner (a community-college convener counts); no "
        "employer partner other than the convener; no labor, community or social-services partner (a labor or "
        "community-based convener counts).\n"
        "- **Systems changes**: entries of the partnerships' log dated in the years."
        + _public_view(min_cell, "figures resting on fewer than {k} people are hidden.")
    )
