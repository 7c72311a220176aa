// A guest TCP echo client (component text, built here with the port of a loopback echo server this test starts baked
// in): wasi:sockets@0.3 tcp-socket.create, connect to 127.0.0.1:PORT (async), send "ping" as a stream (its end
// shuts down the sending half), receive the stream until the peer closes; `run` returns ok only when the bytes that
// came back are "ping". Without the network, create is access-denied and `run` returns err.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import type { Wasi03Options } from '../../src/wasi/index.js';
import { runCommandText } from './run03.js';
import { RUN_EXPORT, SOCKET_TYPES, bumpMemory } from '../support/wat-snippets.js';

function tcpEchoClient(port: number): string {
  return `(component
  (import "wasi:sockets/types@0.3.0" (instance $types
    (export "tcp-socket" (type $tcp (sub resource)))
    ${SOCKET_TYPES}
    (type $res (result (error $ec)))
    (type $s (stream u8))
    (type $f (future $res))
    (export "[static]tcp-socket.create" (func (param "address-family" $fam) (result (result (own $tcp) (error $ec)))))
    (export "[method]tcp-socket.connect" (func async (param "self" (borrow $tcp)) (param "remote-address" $sa) (result $res)))
    (export "[method]tcp-socket.send" (func (param "self" (borrow $tcp)) (param "data" $s) (result $f)))
    (export "[method]tcp-socket.receive" (func (param "self" (borrow $tcp)) (result (tuple $s $f))))))
  (alias export $types "tcp-socket" (type $tcp))
  (alias export $types "error-code" (type $ec))
  (alias export $types "[static]tcp-socket.create" (func $create))
  (alias export $types "[method]tcp-socket.connect" (func $connect))
  (alias export $types "[method]tcp-socket.send" (func $send))
  (alias export $types "[method]tcp-socket.receive" (func $receive))
  ${bumpMemory(4096)}
  (type $R (result))
  (type $S (stream u8))
  (type $F (future (result (error $ec))))
  (core func $create (canon lower (func $create) (memory $memory) (realloc $realloc)))
  (core func $connect (canon lower (func $connect) async (memory $memory) (realloc $realloc)))
  (core func $send (canon lower (func $send) (memory $memory)))
  (core func $receive (canon lower (func $receive) (memory $memory)))
  (core func $drop (canon resource.drop $tcp))
  (core func $subtask.drop (canon subtask.drop))
  (core func $stream.new (canon stream.new $S))
  (core func $stream.write (canon stream.write $S async (memory $memory)))
  (core func $stream.read (canon stream.read $S async (memory $memory)))
  (core func $stream.drop-writable (canon stream.drop-writable $S))
  (core func $stream.drop-readable (canon stream.drop-readable $S))
  (core func $future.drop-readable (canon future.drop-readable $F))
  (core func $waitable-set.new (canon waitable-set.new))
  (core func $waitable.join (canon waitable.join))
  (core func $ret (canon task.return (result $R)))
  (core module $M
    (import "" "mem" (memory 1))
    (import "" "create" (func $create (param i32 i32)))
    (import "" "connect" (func $connect (param i32 i32) (result i32)))
    (import "" "send" (func $send (param i32 i32) (result i32)))
    (import "" "receive" (func $receive (param i32 i32)))
    (import "" "drop" (func $drop (param i32)))
    (import "" "subtask.drop" (func $subtask.drop (param i32)))
    (import "" "stream.new" (func $stream.new (result i64)))
    (import "" "stream.write" (func $stream.write (param i32 i32 i32) (result i32)))
    (import "" "stream.read" (func $stream.read (param i32 i32 i32) (result i32)))
    (import "" "stream.drop-writable" (func $stream.drop-writable (param i32)))
    (import "" "stream.drop-readable" (func $stream.drop-readable (param i32)))
    (import "" "future.drop-readable" (func $future.drop-readable (param i32)))
    (import "" "waitable-set.new" (func $waitable-set.new (result i32)))
    (import "" "waitable.join" (func $waitable.join (param i32 i32)))
    (import "" "ret" (func $ret (param i32)))
    (data (i32.const 256) "ping")
    (global $ws (mut i32) (i32.const 0))
    (global $sock (mut i32) (i32.const 0))
    (global $sub (mut i32) (i32.const 0))
    (global $tx (mut i32) (i32.const 0))
    (global $rx (mut i32) (i32.const 0))
    (global $sent (mut i32) (i32.const 0))
    (global $got (mut i32) (i32.const 0))
    (global $phase (mut i32) (i32.const 0))
    (func $wait (result i32) (i32.or (i32.const 2) (i32.shl (global.get $ws) (i32.const 4))))
    ;; ok (0) when "ping" came back, else err (1); every handle dropped; EXIT
    (func $finish (param $err i32) (result i32)
      (if (global.get $rx) (then (call $stream.drop-readable (global.get $rx)) (call $future.drop-readable (i32.load (i32.const 204)))))
      (if (global.get $sent) (then (call $future.drop-readable (global.get $sent))))
      (if (global.get $sock) (then (call $drop (global.get $sock))))
      (call $ret (local.get $err))
      (i32.const 0))
    ;; connected: "ping" into a new stream given to send
    (func $connected (result i32) (local $p i64) (local $r i32)
      (if (i32.load8_u (i32.const 128)) (then (return (call $finish (i32.const 1)))))
      (local.set $p (call $stream.new))
      (global.set $tx (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))))
      (global.set $sent (call $send (global.get $sock) (i32.wrap_i64 (local.get $p))))
      (local.set $r (call $stream.write (global.get $tx) (i32.const 256) (i32.const 4)))
      (if (i32.eq (local.get $r) (i32.const -1)) (then
        (global.set $phase (i32.const 2))
        (call $waitable.join (global.get $tx) (global.get $ws))
        (return (call $wait))))
      (call $written))
    ;; written: the end of the stream shuts down the sending half; then read what comes back until the peer closes
    (func $written (result i32)
      (call $waitable.join (global.get $tx) (i32.const 0))
      (call $stream.drop-writable (global.get $tx))
      (call $receive (global.get $sock) (i32.const 200))
      (global.set $rx (i32.load (i32.const 200)))
      (global.set $phase (i32.const 3))
      (call $read))
    (func $read (result i32) (local $r i32)
      (loop $l
        (local.set $r (call $stream.read (global.get $rx) (i32.add (i32.const 512) (global.get $got)) (i32.const 64)))
        (if (i32.eq (local.get $r) (i32.const -1)) (then
          (call $waitable.join (global.get $rx) (global.get $ws))
          (return (call $wait))))
        (if (call $took (local.get $r)) (then (br $l))))
      (call $done))
    ;; counts a read's bytes; 1 while the stream goes on
    (func $took (param $r i32) (result i32)
      (global.set $got (i32.add (global.get $got) (i32.shr_u (local.get $r) (i32.const 4))))
      (i32.ne (i32.and (local.get $r) (i32.const 0xf)) (i32.const 1)))
    (func $done (result i32)
      (call $waitable.join (global.get $rx) (i32.const 0))
      (call $finish (i32.or (i32.ne (global.get $got) (i32.const 4)) (i32.ne (i32.load (i32.const 512)) (i32.load (i32.const 256))))))
    (func (export "run") (result i32) (local $r i32)
      (global.set $ws (call $waitable-set.new))
      (call $create (i32.const 0) (i32.const 16))
      (if (i32.load8_u (i32.const 16)) (then (return (call $finish (i32.const 1)))))
      (global.set $sock (i32.load (i32.const 20)))
      ;; connect's arguments at 64: self, ipv4 { port, 127.0.0.1 }
      (i32.store (i32.const 64) (global.get $sock))
      (i32.store8 (i32.const 68) (i32.const 0))
      (i32.store16 (i32.const 72) (i32.const ${port}))
      (i32.store (i32.const 74) (i32.const 0x0100007f))
      (global.set $phase (i32.const 1))
      (local.set $r (call $connect (i32.const 64) (i32.const 128)))
      (if (i32.eq (i32.and (local.get $r) (i32.const 0xf)) (i32.const 2)) (then (return (call $connected))))
      (global.set $sub (i32.shr_u (local.get $r) (i32.const 4)))
      (call $waitable.join (global.get $sub) (global.get $ws))
      (call $wait))
    (func (export "run-cb") (param $e i32) (param $i i32) (param $payload i32) (result i32)
      (if (i32.eq (global.get $phase) (i32.const 1)) (then
        (if (i32.ne (local.get $payload) (i32.const 2)) (then (return (call $wait))))
        (call $subtask.drop (global.get $sub))
        (return (call $connected))))
      (if (i32.eq (global.get $phase) (i32.const 2)) (then (return (call $written))))
      (if (call $took (local.get $payload)) (then (return (call $read))))
      (call $done)))
  (core instance $m (instantiate $M (with "" (instance
    (export "mem" (memory $memory))
    (export "create" (func $create)) (export "connect" (func $connect)) (export "send" (func $send)) (export "receive" (func $receive))
    (export "drop" (func $drop)) (export "subtask.drop" (func $subtask.drop))
    (export "stream.new" (func $stream.new)) (export "stream.write" (func $stream.write)) (export "stream.read" (func $stream.read))
    (export "stream.drop-writable" (func $stream.drop-writable)) (export "stream.drop-readable" (func $stream.drop-readable))
    (export "future.drop-readable" (func $future.drop-readable))
    (export "waitable-set.new" (func $waitable-set.new)) (export "waitable.join" (func $waitable.join)) (export "ret" (func $ret))))))
  ${RUN_EXPORT}`;
}

function runClient(port: number, network: Wasi03Options['network']): Promise<number> {
  return runCommandText(tcpEchoClient(port), network);
}

test('a guest TCP echo client connects to a loopback echo server the test starts, sends a stream and reads the echo to its end; without the network it is access-denied', async () => {
  const seen: string[] = [];
  const server = createServer((c) => { c.on('data', (b: Buffer) => seen.push(b.toString())); c.pipe(c); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as AddressInfo).port;
    assert.equal(await runClient(port, { allow: ['127.0.0.1'] }), 0);
    assert.deepEqual(seen, ['ping']);
    assert.equal(await runClient(port, undefined), 1);
    assert.deepEqual(seen, ['ping'], 'nothing sent without the network');
  } finally {
    server.close();
  }
});
