#!/usr/bin/env bash
# Installs code-server and playwright-core for the e2e test, offline from
# everything but the npm registry (see shared/design/testing.md):
# - code-server's install compiles native modules (kerberos needs
#   libkrb5-dev) and runs a nested npm install, so its install scripts must
#   run: npm 11 blocks dependency scripts unless approved, and the nested
#   install has no package.json of ours to approve them in, so they are
#   allowed through the environment for this install only;
# - @vscode/ripgrep downloads rg at install time; Debian's rg is put where it
#   looks first (its download cache).
set -euo pipefail
cd "$(dirname "$0")"
if [ -x node_modules/.bin/code-server ] && [ -d node_modules/playwright-core ] &&
   [ -f node_modules/.cgols-installed ]; then
  exit 0
fi
TMPDIR=${TMPDIR:-/tmp}
cache="$TMPDIR/vscode-ripgrep-cache-1.15.11"
mkdir -p "$cache"
if [ ! -f "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" ]; then
  d=$(mktemp -d)
  cp "$(command -v rg)" "$d/rg"
  tar -C "$d" -czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg
  rm -rf "$d"
fi
export npm_config_unsafe_perm=true npm_config_yes=true
export npm_config_dangerously_allow_all_scripts=true
npm install --no-audit --no-fund --foreground-scripts > install.log 2>&1 || {
  tail -40 install.log; exit 1; }
touch node_modules/.cgols-installed
