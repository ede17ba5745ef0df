#!/usr/bin/env bash
# Run the test suite. Bootstraps .venv on first use; the tests start their own
# Label Studio server (installed into its own virtualenv on first use). The browser
# test drives Debian's chromium (Playwright's own browser download cannot work here):
# it and a CJK font are installed with apt-get when missing.
source "$(dirname "$0")/_bootstrap.sh"
if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
  echo "installing chromium and fonts-noto-cjk (apt-get) for the browser test" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >&2
fi
exec python -m pytest "$@"
