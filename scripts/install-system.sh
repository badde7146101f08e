#!/usr/bin/env bash
# Debian packages for PDF export (LaTeX, or HTML printed by Chromium), PDF text checks and the
# JupyterLab browser test.
# Installs them when missing and running as root; otherwise says what is missing.
set -euo pipefail
need=()
command -v xelatex >/dev/null || need+=(texlive-xetex texlive-fonts-recommended texlive-plain-generic)
command -v pandoc >/dev/null || need+=(pandoc)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v chromium >/dev/null || need+=(chromium)  # PDF fallback route and the browser test
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages (install them as root): ${need[*]}" >&2
  exit 0
fi
echo "installing Debian packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
