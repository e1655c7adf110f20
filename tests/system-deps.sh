#!/usr/bin/env bash
# Debian packages the tests read the brief back with: poppler-utils (pdftotext, pdfinfo,
# pdffonts) and HarfBuzz's subsetter, which WeasyPrint uses to embed fonts. Installs only
# what is missing; needs root (as on the project's machines and CI) when anything is.
set -euo pipefail
need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || need+=(libharfbuzz-subset0)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "tests/system-deps.sh: please install ${need[*]} (apt-get needs root)" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
