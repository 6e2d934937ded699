#!/usr/bin/env bash
# The e2e test as ctest runs it: installs its npm packages, packages the
# extension, then drives a real VS Code. Usage: run.sh CGOLS_BINARY OUT_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$1 out=$2
mkdir -p "$out"
"$here/install.sh"
(cd "$here/../../vscode-ext" &&
 { [ -d node_modules ] || npm install --no-audit --no-fund >/dev/null 2>&1; } &&
 npm run package >/dev/null)
node "$here/run.mjs" "$here/../../vscode-ext/cgols.vsix" "$bin" "$out"
