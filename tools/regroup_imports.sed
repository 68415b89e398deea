# Rewrites module paths after the package regroup (issue 13, item 2). Temporary: delete once every branch is merged.
# Usage (GNU sed), then let ruff re-sort and re-merge the import lines it split:
#   sed -i -f tools/regroup_imports.sed FILES... && ruff check --fix --select I FILES...
# Safe to run twice: rewritten paths no longer match. A "# noqa" comment on a split "from sectorscope import a, b"
# line stays on the last name's line only; move it back by hand if ruff then reports E402.
#
#   ingest/  readers, validation, mapping, templates, load (was sectorscope/ingest.py)
#   sources/ qcew, qwi, geo, demo, builder, package_data/
#   present/ headlines, worker_headlines, formatting, availability
#   metrics/ privacy
#   unchanged: config, db, schema(.sql), codes, references, filters, extent, cli, commands/, metrics/*, charts/,
#              export/, release/, ui/

# The shipped county shapes record how they were built; that record must match the file, so it stays.
/"built_by": /b

# 1. "from sectorscope import a, b as c, d" -> one line per name (same indentation), so each can move on its own.
:split
s/^\([ \t]*\)from sectorscope import \([A-Za-z_]\+\( as [A-Za-z_]\+\)\?\), *\(.*\)$/\1from sectorscope import \2\n\1from sectorscope import \4/M
t split

# 2. "from sectorscope import X" for a moved module X.
s/^\([ \t]*\)from sectorscope import ingest as /\1from sectorscope.ingest import load as /Mg
s/^\([ \t]*\)from sectorscope import ingest\b/\1from sectorscope.ingest import load as ingest/Mg
s/^\([ \t]*\)from sectorscope import \(readers\|validation\|mapping\|templates\)\b/\1from sectorscope.ingest import \2/Mg
s/^\([ \t]*\)from sectorscope import \(qcew\|qwi\|geo\|demo\|builder\)\b/\1from sectorscope.sources import \2/Mg
s/^\([ \t]*\)from sectorscope import \(headlines\|worker_headlines\|formatting\|availability\)\b/\1from sectorscope.present import \2/Mg
s/^\([ \t]*\)from sectorscope import privacy\b/\1from sectorscope.metrics import privacy/Mg

# 3. Dotted paths: "from sectorscope.X import ...", "import sectorscope.X", "python -m sectorscope.X", strings.
/from sectorscope\.ingest import \(load\|readers\|validation\|mapping\|templates\)\b/!s/\bfrom sectorscope\.ingest import /from sectorscope.ingest.load import /g
s/\bsectorscope\.\(readers\|validation\|mapping\|templates\)\b/sectorscope.ingest.\1/g
s/\bsectorscope\.\(qcew\|qwi\|geo\|demo\|builder\)\b/sectorscope.sources.\1/g
s/\bsectorscope\.\(headlines\|worker_headlines\|formatting\|availability\)\b/sectorscope.present.\1/g
s/\bsectorscope\.privacy\b/sectorscope.metrics.privacy/g

# 4. File paths in prose and comments.
s#\bsectorscope/ingest\.py\b#sectorscope/ingest/load.py#g
s#\bsectorscope/\(readers\|validation\|mapping\|templates\)\.py\b#sectorscope/ingest/\1.py#g
s#\bsectorscope/\(qcew\|qwi\|geo\|demo\|builder\)\.py\b#sectorscope/sources/\1.py#g
s#\bsectorscope/package_data\b#sectorscope/sources/package_data#g
s#\bsectorscope/\(headlines\|worker_headlines\|formatting\|availability\)\.py\b#sectorscope/present/\1.py#g
s#\bsectorscope/privacy\.py\b#sectorscope/metrics/privacy.py#g
