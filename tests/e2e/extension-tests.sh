#!/usr/bin/env bash
# The extension's own checks: strict type check, bundle, and its unit tests
# (node's test runner).
set -euo pipefail
cd "$(dirname "$0")/../../vscode-ext"
[ -d node_modules ] || npm install --no-audit --no-fund >/dev/null 2>&1
npm run build >/dev/null
npm test
