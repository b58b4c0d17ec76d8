#!/usr/bin/env bash
# Replaces the vendored uPlot with another version from the npm registry (needs npm).
set -euo pipefail
version=${1:?usage: scripts/vendor-uplot.sh VERSION}
root=$(cd "$(dirname "$0")/.." && pwd)
target="$root/crates/api/assets/vendor/uplot"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
tarball=$(npm pack "uplot@$version" --silent)
expected=$(npm view "uplot@$version" dist.integrity)
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
[ "$expected" = "$actual" ] || { echo "integrity mismatch: $actual, expected $expected" >&2; exit 1; }
tar xzf "$tarball"
cp package/dist/uPlot.iife.min.js package/dist/uPlot.min.css package/LICENSE "$target/"
sed -i -E "s/^# uPlot .*/# uPlot $version/; s/uplot@[0-9.]+/uplot@$version/; s|^- integrity \(npm\): .*|- integrity (npm): \`$expected\`|" "$target/README.md"
echo "uPlot $version vendored in $target"
