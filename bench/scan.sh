#!/usr/bin/env bash
# sqlmap and wapiti, once, against the demo site served on loopback inside a network namespace
# of its own (`unshare -n`): nothing the scanners send can leave the machine. Not run by
# `make test`; docs/security.md records what they reported.
#
#   bash bench/scan.sh
#
# SCANNERS: a virtualenv with sqlmap and wapiti3 (made under /tmp on first use, never the
#   project's venv). SCAN_DB: a PostgreSQL database reached through the Unix socket (the
#   namespace has no TCP route to the host's 127.0.0.1), dropped and recreated; SCAN_DB=sqlite
#   uses a throwaway SQLite file. SCAN_OUT: where logs and reports go. Each scanner run is
#   bounded by `timeout` and by its own limits.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
SCANNERS="${SCANNERS:-/tmp/secsuite-scanners}"
SCAN_DB="${SCAN_DB:-pressoffice_scan}"
SCAN_OUT="${SCAN_OUT:-/tmp/pressoffice-scan}"
PORT="${PORT:-8765}"
SQLMAP_SECONDS="${SQLMAP_SECONDS:-240}"   # per target URL
WAPITI_SECONDS="${WAPITI_SECONDS:-600}"
STEPS="${STEPS:-sqlmap wapiti}"   # which scanners to run

if [ "${1:-}" != "--inside" ]; then
  if [ ! -x "$SCANNERS/bin/sqlmap" ] || [ ! -x "$SCANNERS/bin/wapiti" ]; then
    python3 -m venv "$SCANNERS"
    "$SCANNERS/bin/pip" install -q sqlmap wapiti3
  fi
  rm -rf "$SCAN_OUT" && mkdir -p "$SCAN_OUT"
  if [ "$(id -u)" = 0 ]; then unshare=(unshare -n); else unshare=(unshare -rn); fi
  exec "${unshare[@]}" env SCANNERS="$SCANNERS" SCAN_DB="$SCAN_DB" SCAN_OUT="$SCAN_OUT" \
    PORT="$PORT" SQLMAP_SECONDS="$SQLMAP_SECONDS" WAPITI_SECONDS="$WAPITI_SECONDS" STEPS="$STEPS" \
    bash "$0" --inside
fi

# --- inside the namespace: only `lo` exists ---------------------------------------------------
ip link set lo up
if curl -s -m 3 -o /dev/null https://pypi.org/ 2>/dev/null; then
  echo "The namespace reaches the outside network: refusing to scan." >&2
  exit 1
fi

export DJANGO_SETTINGS_MODULE=pressoffice.settings.dev
export DJANGO_SECRET_KEY="scan-only-not-secret"
export DJANGO_MEDIA_ROOT="$SCAN_OUT/media"
export PAGE_CACHE_SECONDS=0   # every request reaches the views and the database
unset REDIS_URL
if [ "$SCAN_DB" = sqlite ]; then
  export DATABASE_URL="sqlite:///$SCAN_OUT/scan.sqlite3"
else
  psql -q -h /var/run/postgresql -U postgres -c "DROP DATABASE IF EXISTS $SCAN_DB" \
    -c "CREATE DATABASE $SCAN_DB"
  export DATABASE_URL="postgres://postgres@%2Fvar%2Frun%2Fpostgresql/$SCAN_DB"
fi
py="$ROOT/.venv/bin/python"
"$py" manage.py migrate --noinput -v0
"$py" manage.py load_demo >/dev/null

# Slugs of a region, topic and person that have news, for the list pages' parameters, and the
# month of that article (its sitemap section).
read -r REGION TOPIC PERSON ARTICLE MONTH < <("$py" manage.py shell --no-imports -c '
from django.utils import timezone
from articles.models import Article, Block
a = Article.objects.published().filter(regions__isnull=False, topics__isnull=False).first()
b = Block.objects.filter(person__isnull=False, article__in=Article.objects.published()).first()
month = timezone.localtime(a.published_at).strftime("%Y-%m")
print(a.regions.first().slug, a.topics.first().slug, b.person.slug, a.slug, month)')

"$ROOT/.venv/bin/gunicorn" pressoffice.wsgi --bind "127.0.0.1:$PORT" --workers 2 \
  --timeout 30 --no-control-socket --access-logfile "$SCAN_OUT/access.log" \
  --error-logfile "$SCAN_OUT/gunicorn.log" 2>> "$SCAN_OUT/django.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
base="http://127.0.0.1:$PORT"
for _ in $(seq 1 30); do curl -sf -o /dev/null "$base/" && break; sleep 1; done

# --- sqlmap: every query parameter of search and the lists, and the article slug ---------------
search="/search/?q=губернатор&region=$REGION&person=$PERSON&topic=$TOPIC&date_from=2020-01-01&date_to=2030-01-01&page=1"
# The search page one parameter group at a time, so each gets its own time bound; the slug in
# the path is marked with * (sqlmap's injection point).
targets=(
  "$search -p q"
  "$search -p region,person,topic"
  "$search -p date_from,date_to,page"
  "/?page=1"
  "/news/?page=1"
  "/regions/$REGION/?page=1"
  "/topics/$TOPIC/?page=1"
  "/people/?page=1"
  "/people/$PERSON/?page=1"
  "/sitemap-articles-$MONTH.xml?p=1"
  "/news/$ARTICLE*/"
)

run_sqlmap() {
  local started target url options
  started=$(date +%s)
  for target in "${targets[@]}"; do
    echo "== sqlmap $target" | tee -a "$SCAN_OUT/sqlmap.log"
    read -r url options <<< "$target"
    # shellcheck disable=SC2086  # options are sqlmap arguments, split on purpose
    timeout "$SQLMAP_SECONDS" "$SCANNERS/bin/sqlmap" -u "$base$url" $options --batch \
      --level 3 --risk 2 --time-sec 2 --timeout 10 --retries 1 --threads 4 \
      --disable-coloring --output-dir "$SCAN_OUT/sqlmap" >> "$SCAN_OUT/sqlmap.log" 2>&1 \
      || echo "   exit $? (124: stopped by the time bound)" | tee -a "$SCAN_OUT/sqlmap.log"
  done
  echo "sqlmap: $(( $(date +%s) - started )) s" | tee -a "$SCAN_OUT/durations.txt"
}

# --- wapiti: xss and sql over the public site (the admin left out) -----------------------------
run_wapiti() {
  local started
  started=$(date +%s)
  HOME="$SCAN_OUT/home" timeout "$(( WAPITI_SECONDS + 120 ))" "$SCANNERS/bin/wapiti" \
    -u "$base/" --scope folder -m xss,sql --flush-session \
    --dns-endpoint 127.0.0.1 --no-bugreport --endpoint "$base/" \
    --max-scan-time "$WAPITI_SECONDS" --max-links-per-page 40 --max-files-per-dir 30 \
    --tasks 4 -x "$base/admin/*" -f txt -o "$SCAN_OUT/wapiti.txt" \
    > "$SCAN_OUT/wapiti.log" 2>&1 || echo "wapiti exit $?"
  echo "wapiti: $(( $(date +%s) - started )) s" | tee -a "$SCAN_OUT/durations.txt"
}

for step in $STEPS; do "run_$step"; done
echo "HTTP 500 responses: $(grep -c '" 500 ' "$SCAN_OUT/access.log" || true)" \
  | tee -a "$SCAN_OUT/durations.txt"
