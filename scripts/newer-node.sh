#!/usr/bin/env bash
# A pinned newer Node (22.23.3, V8 12.4: compiles multi-memory and try_table/exnref core modules, which Node 20
# cannot) at .cache/newer-node/bin/node, for test/spec-runtime/newer-node.test.ts (scripts/pinned-node.sh).
exec bash "$(dirname "$0")/pinned-node.sh" newer-node 22.23.3 \
  'sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng=='
