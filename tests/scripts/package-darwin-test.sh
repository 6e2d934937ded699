#!/usr/bin/env bash
# scripts/package.sh stages a darwin .vsix on Linux with stand-in binaries:
# real darwin/arm64 and darwin/amd64 Mach-O executables from
# `GOOS=darwin go build`, the Clang resource headers of this build. The
# darwin-arm64 .vsix holds the stand-in as extension/server/cgols, executable,
# the headers under extension/server/lib/clang/N/include, and says
# TargetPlatform="darwin-arm64"; a binary of another architecture or format
# is refused. Needs go, node and npm (the extension's dependencies), python3
# to read the zip. The working tree is not written (but vscode-ext/node_modules).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
resource=${1:?usage: package-darwin-test.sh CLANG_RESOURCE_DIR}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/hello"
printf 'package main\n\nfunc main() { println("stand-in") }\n' >"$t/hello/main.go"
printf 'module hello\n\ngo 1.19\n' >"$t/hello/go.mod"
for a in arm64 amd64; do
  (cd "$t/hello" && GOTOOLCHAIN=local CGO_ENABLED=0 GOOS=darwin GOARCH=$a \
    GOCACHE="$t/gocache" go build -o "$t/cgols-$a" .)
done
before=$(cd "$here" && git status --porcelain -- vscode-ext)

vsix=$("$here/scripts/package.sh" --target darwin-arm64 --binary "$t/cgols-arm64" \
  --resource "$resource" --out-dir "$t/out")
[ "$vsix" = "$t/out/cgols-darwin-arm64.vsix" ] || { echo "printed $vsix"; exit 1; }
python3 - "$vsix" "$t/cgols-arm64" "$(basename "$resource")" <<'PY'
import sys, zipfile
vsix, standin, major = sys.argv[1:]
z = zipfile.ZipFile(vsix)
names = set(z.namelist())
def need(cond, what):
    if not cond:
        sys.exit("darwin .vsix: " + what)
need("extension/server/cgols" in names, "no extension/server/cgols")
info = z.getinfo("extension/server/cgols")
need(z.read(info) == open(standin, "rb").read(), "server/cgols is not the stand-in, byte for byte")
need((info.external_attr >> 16) & 0o111, "server/cgols is not executable in the zip (mode %o)" % (info.external_attr >> 16))
need("extension/server/lib/clang/%s/include/stddef.h" % major in names, "no resource headers")
need("extension/dist/extension.js" in names, "no extension bundle")
need("extension/docs/checks.md" in names, "no docs")
need(not any(n.startswith("extension/node_modules/") for n in names), "node_modules packed")
manifest = z.read("extension.vsixmanifest").decode()
need('TargetPlatform="darwin-arm64"' in manifest, "manifest: " + manifest[:400])
print("darwin-arm64 .vsix: %d files, server/cgols mode %o" % (len(names), (info.external_attr >> 16) & 0o777))
PY

# The other Mac target takes the amd64 stand-in.
"$here/scripts/package.sh" --target darwin-x64 --binary "$t/cgols-amd64" \
  --resource "$resource" --out-dir "$t/out" >/dev/null
# Refused: an amd64 binary for arm64, a Linux ELF for a Mac, a script.
if err=$("$here/scripts/package.sh" --target darwin-arm64 --binary "$t/cgols-amd64" \
  --resource "$resource" --out-dir "$t/out" 2>&1); then
  echo "an x86_64 binary was packed for darwin-arm64"; exit 1
fi
grep -q "is darwin-x64, not darwin-arm64" <<<"$err" || { echo "message: $err"; exit 1; }
if err=$("$here/scripts/package.sh" --target darwin-arm64 --binary "$(command -v go)" \
  --resource "$resource" --out-dir "$t/out" 2>&1); then
  echo "a Linux binary was packed for darwin-arm64"; exit 1
fi
grep -q "is linux-.*, not darwin-arm64" <<<"$err" || { echo "message: $err"; exit 1; }
printf '#!/bin/sh\n' >"$t/script"
if "$here/scripts/package.sh" --target darwin-arm64 --binary "$t/script" \
  --resource "$resource" --out-dir "$t/out" >/dev/null 2>&1; then
  echo "a script was packed"; exit 1
fi
after=$(cd "$here" && git status --porcelain -- vscode-ext)
[ "$before" = "$after" ] || { echo "the working tree changed: $after"; exit 1; }
echo "package-darwin: ok"
