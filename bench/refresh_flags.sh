#!/usr/bin/env bash
# How long `flask reviews refresh-flags` takes: on a new SQLite database in a temporary
# instance folder, with N sample requests from seed-scale (nine in ten have a review in
# progress). It unsets CTDPPEIA_DATABASE_URL, so no configured database is ever touched.
#
#   bash bench/refresh_flags.sh [N]        # default 2000
#
# Prints, each the wall time of one shell command:
#   floor    `questionnaires list` (starting the app and loading the questionnaires)
#   check    `reviews refresh-flags --check` with every stored state up to date
#   refresh  `reviews refresh-flags` after every review's flag state was deleted, so every
#            review with a flag is written again (one transaction and audit events each)
#   again    `reviews refresh-flags` once more (nothing to write)
set -euo pipefail
N=${1:-2000}
HERE=$(cd "$(dirname "$0")/.." && pwd)
FLASK="$HERE/.venv/bin/flask --app ctdppeia"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
unset CTDPPEIA_DATABASE_URL
export CTDPPEIA_ENV=development CTDPPEIA_INSTANCE_PATH="$WORK/instance"
mkdir -p "$CTDPPEIA_INSTANCE_PATH"
cd "$HERE"
$FLASK db upgrade >/dev/null 2>&1
$FLASK seed-agencies >/dev/null
$FLASK seed-scale "$N" --password "bench-refresh-$$-password" | tail -1

timed() {  # label, command...
    local label=$1; shift
    local start end
    start=$(date +%s.%N)
    "$@" >"$WORK/out" 2>&1 || true
    end=$(date +%s.%N)
    printf '%-8s %6.2f s  %s\n' "$label" "$(echo "$end - $start" | bc)" "$(tail -1 "$WORK/out" | cut -c1-110)"
}

timed floor $FLASK questionnaires list
timed check $FLASK reviews refresh-flags --check
"$HERE/.venv/bin/python" - <<'PY'
from ctdppeia import create_app
from ctdppeia.extensions import db
from sqlalchemy import text
app = create_app()
with app.app_context():
    db.session.execute(text("DELETE FROM review_flag"))
    db.session.commit()
PY
timed refresh $FLASK reviews refresh-flags
timed again $FLASK reviews refresh-flags
