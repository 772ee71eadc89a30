#!/usr/bin/env bash
# Install the Debian/Ubuntu packages thidua needs (Tesseract with Vietnamese, fonts, PostgreSQL, and a C
# compiler with Python headers for the decoder's compiled core; headless Chromium and its driver for the web
# app's browser tests).
# Idempotent: only calls apt-get when a package is missing.
set -euo pipefail
PACKAGES=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-vie tesseract-ocr-osd fonts-liberation2
          poppler-utils qpdf postgresql postgresql-contrib python3-venv python3-dev gcc
          chromium chromium-driver)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing system packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
