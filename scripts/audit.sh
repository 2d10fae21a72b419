#!/usr/bin/env bash
# make audit: Lighthouse (mobile and desktop, home and article) and the Nu Html Checker
# (every page type) against the demo site on the production settings: gunicorn, whitenoise,
# DJANGO_DEBUG=0, collectstatic. Not part of `make test`: it needs npm, Java and a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.venv/bin/python}
PORT=${AUDIT_PORT:-8791}
TOOLS=.audit-tools
LIGHTHOUSE_VERSION=12.2.3
VNU_VERSION=26.9.27
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}

if [[ ! -x $TOOLS/node_modules/.bin/lighthouse || ! -f $TOOLS/node_modules/vnu-jar/build/dist/vnu.jar ]]; then
  mkdir -p "$TOOLS"
  # --ignore-scripts: vnu-jar's install script would download a Java runtime; Java 17 is here.
  npm install --prefix "$TOOLS" --no-audit --no-fund --ignore-scripts \
    "lighthouse@$LIGHTHOUSE_VERSION" "vnu-jar@$VNU_VERSION"
fi

WORK=$(mktemp -d /tmp/newsroom-audit.XXXXXX)
SERVER_PID=
cleanup() { [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

export DJANGO_DEBUG=0
export DJANGO_SECRET_KEY=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DATABASE_URL="sqlite:///$WORK/db.sqlite3"
export DJANGO_MEDIA_ROOT="$WORK/media"
export DJANGO_STATIC_ROOT="$WORK/static"
export DJANGO_CACHE_DIR="$WORK/cache"
# Plain HTTP on 127.0.0.1 (TLS is the proxy's job); HSTS is sent over HTTPS only anyway.
export DJANGO_SECURE_SSL_REDIRECT=0

echo "== production build in $WORK"
"$PYTHON" manage.py collectstatic --noinput -v0
"$PYTHON" manage.py migrate --noinput -v0
"$PYTHON" manage.py load_demo --no-admin
"$PYTHON" -m gunicorn newsroom.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 \
  --log-level warning &
SERVER_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 50); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.2; done
curl -sf "$BASE/healthz" >/dev/null || { echo "gunicorn did not start on port $PORT (set AUDIT_PORT)"; exit 1; }

ARTICLE=$("$PYTHON" manage.py shell -v 0 -c "from articles.models import Article; print(Article.objects.published().exclude(hero_image='').first().get_absolute_url())")
SEED=/world/2026/11/27/us-signals-conditional-security-guarantees-for-ukraine/

echo "== Nu Html Checker"
mkdir -p "$WORK/html"
declare -A PAGES=(
  [home]=/ [section]=/world/ [topic]=/topics/ukraine/
  [author]=/authors/lisa-chang/ [article]=$ARTICLE [article-seed]=$SEED
  [search]=/search/?q=ukraine [search-empty]=/search/ [search-none]=/search/?q=zzzz
  [not-found]=/no/such/page/ [terms]=/terms/ [privacy]=/privacy/
)
for name in "${!PAGES[@]}"; do
  curl -s -o "$WORK/html/$name.html" "$BASE${PAGES[$name]}"
done
"$PYTHON" manage.py shell -v 0 -c "from django.template.loader import render_to_string; print(render_to_string('500.html'))" > "$WORK/html/server-error.html"
java -jar "$TOOLS/node_modules/vnu-jar/build/dist/vnu.jar" --format json --exit-zero-always \
  "$WORK"/html/*.html 2> "$WORK/vnu.json"

echo "== Lighthouse $LIGHTHOUSE_VERSION with $CHROME_PATH"
for page in home article; do
  url=$BASE/
  [[ $page == article ]] && url=$BASE$ARTICLE
  for form in mobile desktop; do
    preset=()
    [[ $form == desktop ]] && preset=(--preset=desktop)
    "$TOOLS/node_modules/.bin/lighthouse" "$url" "${preset[@]}" --quiet \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
      --output=json --output-path="$WORK/lighthouse-$page-$form.json"
  done
done

echo "== results (reports in $WORK)"
"$PYTHON" scripts/audit_report.py "$WORK"
