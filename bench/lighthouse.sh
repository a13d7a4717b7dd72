#!/usr/bin/env bash
# Lighthouse scores of the home and article pages of the demo, served on loopback.
#   make lighthouse            (or: bash bench/lighthouse.sh)
# Needs Node.js (npx fetches lighthouse@12.2.3 from the npm registry; newer needs Node 22) and
# Debian's Chromium at /usr/bin/chromium. Writes bench/results/lighthouse.md.
# With LIGHTHOUSE_BASE_URL set (`make bench` does) it scores that running server instead of
# starting runserver on the demo; LIGHTHOUSE_OUT names the report file.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
out="${LIGHTHOUSE_OUT:-bench/results/lighthouse.md}"
base="${LIGHTHOUSE_BASE_URL:-}"
served_by="${LIGHTHOUSE_SERVED_BY:-runserver on loopback}"
if [ -z "$base" ]; then
  PORT="${PORT:-8123}"
  DB="$(mktemp -d)/lighthouse.sqlite3"
  export DATABASE_URL="sqlite:///$DB"
  .venv/bin/python manage.py migrate --noinput -v0
  .venv/bin/python manage.py load_demo >/dev/null
  .venv/bin/python manage.py runserver "127.0.0.1:$PORT" --noreload >/dev/null 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  base="http://127.0.0.1:$PORT"
  for _ in $(seq 1 30); do curl -sf "$base/" >/dev/null && break; sleep 1; done
fi

{
  echo "# Lighthouse ($(date +%Y-%m-%d), lighthouse 12.2.3, desktop preset, $served_by)"
  echo
  echo "| page | performance | accessibility | best practices | SEO |"
  echo "| --- | --- | --- | --- | --- |"
} > "$out"
seed="/news/gubernatory-ulyanovskoy-i-tulskoy-oblastey-podpisali-soglashenie-o-sotrudnichestve/"
for path in / "$seed"; do
  json="$(mktemp)"
  HOME="$(mktemp -d)" npx --yes lighthouse@12.2.3 "$base$path" --quiet \
    --preset=desktop --output=json --output-path="$json" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-quic"
  python3 - "$json" "$path" >> "$out" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
scores = [report["categories"][key]["score"] for key in
          ("performance", "accessibility", "best-practices", "seo")]
print(f"| {sys.argv[2]} | " + " | ".join(f"{score:.2f}" for score in scores) + " |")
PY
done
cat "$out"
