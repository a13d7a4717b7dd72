#!/usr/bin/env bash
# Lighthouse scores of the home and article pages of the demo, served on loopback.
#   make lighthouse            (or: bash bench/lighthouse.sh)
# Needs Node.js (npx fetches lighthouse@12.2.3 from the npm registry; newer needs Node 22) and
# Debian's Chromium at /usr/bin/chromium. Writes bench/results/lighthouse.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8123}"
DB="$(mktemp -d)/lighthouse.sqlite3"
export DATABASE_URL="sqlite:///$DB" CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_demo >/dev/null
.venv/bin/python manage.py runserver "127.0.0.1:$PORT" --noreload >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 30); do curl -sf "http://127.0.0.1:$PORT/" >/dev/null && break; sleep 1; done

out=bench/results/lighthouse.md
{
  echo "# Lighthouse ($(date +%Y-%m-%d), lighthouse 12.2.3, desktop preset, runserver on loopback)"
  echo
  echo "| page | performance | accessibility | best practices | SEO |"
  echo "| --- | --- | --- | --- | --- |"
} > "$out"
seed="/news/gubernatory-ulyanovskoy-i-tulskoy-oblastey-podpisali-soglashenie-o-sotrudnichestve/"
for path in / "$seed"; do
  json="$(mktemp)"
  HOME="$(mktemp -d)" npx --yes lighthouse@12.2.3 "http://127.0.0.1:$PORT$path" --quiet \
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
