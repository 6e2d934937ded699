#!/usr/bin/env bash
# The e2e test as ctest runs it: installs its npm packages, builds the
# platform .vsix (scripts/package.sh: the extension with its self-contained
# server), then drives a real VS Code with it. Usage: run.sh CGOLS_BINARY
# OUT_DIR (the binary is only named to keep it off the editor's PATH).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$1 out=$2
mkdir -p "$out"
"$here/install.sh"
vsix=$("$here/../../scripts/package.sh")
node "$here/run.mjs" "$vsix" "$bin" "$out"
