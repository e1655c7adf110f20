#!/usr/bin/env bash
# What the tests need beyond Python packages, installed only when missing:
#   Debian: poppler-utils (pdftotext, pdfinfo, pdffonts, pdftoppm), Chromium (the browser
#   tests, through Playwright), a Java runtime and npm (for the Nu HTML checker and axe-core,
#   pinned in tests/tools/package.json).
# Needs root for apt-get, as on the project's machines and CI, only when something is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "tests/system-deps.sh: please install ${need[*]} (apt-get needs root)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [ ! -f "$here/tools/node_modules/vnu-jar/build/dist/vnu.jar" ] || \
   [ ! -f "$here/tools/node_modules/axe-core/axe.min.js" ]; then
  (cd "$here/tools" && npm ci --no-audit --no-fund --loglevel=error)
fi
