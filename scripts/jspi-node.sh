#!/usr/bin/env bash
# A pinned Node 24 (24.22.3, V8 13.6: JSPI — WebAssembly.Suspending / WebAssembly.promising — on by default) at
# .cache/jspi-node/bin/node, for test/async/jspi-node.test.ts: the async spec scripts whose tasks block (a
# synchronous task or a stackful lift waiting, synchronous stream/future copies, component-model threads) pass
# there, while Node 20 (the CI's node) reports them as needing JSPI (scripts/pinned-node.sh).
exec bash "$(dirname "$0")/pinned-node.sh" jspi-node 24.22.3 \
  'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=='
