// A guest UDP echo client (component text, built here with the port of a loopback echo server this test starts baked
// in): wasi:sockets@0.3 udp-socket.create, send "ping" to 127.0.0.1:PORT (async), receive (async), and `run` returns
// ok only when the reply is "ping"; the socket is dropped before returning. Without the network, create is
// access-denied and `run` returns err.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import type { Wasi03Options } from '../../src/wasi/index.js';
import { runCommandText } from './run03.js';
import { RUN_EXPORT, SOCKET_TYPES, bumpMemory } from '../support/wat-snippets.js';

function udpEchoClient(port: number): string {
  return `(component
  (import "wasi:sockets/types@0.3.0" (instance $types
    (export "udp-socket" (type $udp (sub resource)))
    ${SOCKET_TYPES}
    (export "[static]udp-socket.create" (func (param "address-family" $fam) (result (result (own $udp) (error $ec)))))
    (export "[method]udp-socket.send" (func async (param "self" (borrow $udp)) (param "data" (list u8)) (param "remote-address" (option $sa)) (result (result (error $ec)))))
    (export "[method]udp-socket.receive" (func async (param "self" (borrow $udp)) (result (result (tuple (list u8) $sa) (error $ec)))))))
  (alias export $types "udp-socket" (type $udp))
  (alias export $types "[static]udp-socket.create" (func $create))
  (alias export $types "[method]udp-socket.send" (func $send))
  (alias export $types "[method]udp-socket.receive" (func $receive))
  ${bumpMemory(4096)}
  (type $R (result))
  (core func $create (canon lower (func $create) (memory $memory) (realloc $realloc)))
  (core func $send (canon lower (func $send) async (memory $memory) (realloc $realloc)))
  (core func $receive (canon lower (func $receive) async (memory $memory) (realloc $realloc)))
  (core func $drop (canon resource.drop $udp))
  (core func $subtask.drop (canon subtask.drop))
  (core func $waitable-set.new (canon waitable-set.new))
  (core func $waitable.join (canon waitable.join))
  (core func $ret (canon task.return (result $R)))
  (core module $M
    (import "" "mem" (memory 1))
    (import "" "create" (func $create (param i32 i32)))
    (import "" "send" (func $send (param i32 i32) (result i32)))
    (import "" "receive" (func $receive (param i32 i32) (result i32)))
    (import "" "drop" (func $drop (param i32)))
    (import "" "subtask.drop" (func $subtask.drop (param i32)))
    (import "" "waitable-set.new" (func $waitable-set.new (result i32)))
    (import "" "waitable.join" (func $waitable.join (param i32 i32)))
    (import "" "ret" (func $ret (param i32)))
    (data (i32.const 256) "ping")
    (global $ws (mut i32) (i32.const 0))
    (global $sock (mut i32) (i32.const 0))
    (global $sub (mut i32) (i32.const 0))
    (global $phase (mut i32) (i32.const 0))
    ;; returns ok (0) or err (1), drops the socket, exits
    (func $finish (param $err i32) (result i32)
      (if (global.get $sock) (then (call $drop (global.get $sock))))
      (call $ret (local.get $err))
      (i32.const 0))
    ;; a subtask status: returned → run the next phase now, else wait for it
    (func $await (param $r i32) (result i32)
      (if (i32.eq (i32.and (local.get $r) (i32.const 0xf)) (i32.const 2)) (then (return (call $step))))
      (global.set $sub (i32.shr_u (local.get $r) (i32.const 4)))
      (call $waitable.join (global.get $sub) (global.get $ws))
      (i32.or (i32.const 2) (i32.shl (global.get $ws) (i32.const 4))))
    (func $step (result i32)
      (global.set $phase (i32.add (global.get $phase) (i32.const 1)))
      ;; phase 1: send returned: result<_, error-code> at 128
      (if (i32.eq (global.get $phase) (i32.const 1)) (then
        (if (i32.load8_u (i32.const 128)) (then (return (call $finish (i32.const 1)))))
        (return (call $await (call $receive (global.get $sock) (i32.const 160))))))
      ;; phase 2: receive returned: result<tuple<list<u8>, ip-socket-address>, error-code> at 160
      (if (i32.load8_u (i32.const 160)) (then (return (call $finish (i32.const 1)))))
      (if (i32.ne (i32.load (i32.const 168)) (i32.const 4)) (then (return (call $finish (i32.const 1)))))
      (call $finish (i32.ne (i32.load (i32.load (i32.const 164))) (i32.load (i32.const 256)))))
    (func (export "run") (result i32)
      (global.set $ws (call $waitable-set.new))
      ;; create(ipv4): result<own<udp-socket>, error-code> at 16
      (call $create (i32.const 0) (i32.const 16))
      (if (i32.load8_u (i32.const 16)) (then (return (call $finish (i32.const 1)))))
      (global.set $sock (i32.load (i32.const 20)))
      ;; send's arguments at 64: self, data (ptr, len), some(ipv4 { port, 127.0.0.1 })
      (i32.store (i32.const 64) (global.get $sock))
      (i32.store (i32.const 68) (i32.const 256))
      (i32.store (i32.const 72) (i32.const 4))
      (i32.store8 (i32.const 76) (i32.const 1))
      (i32.store8 (i32.const 80) (i32.const 0))
      (i32.store16 (i32.const 84) (i32.const ${port}))
      (i32.store (i32.const 86) (i32.const 0x0100007f))
      (call $await (call $send (i32.const 64) (i32.const 128))))
    (func (export "run-cb") (param $e i32) (param $i i32) (param $payload i32) (result i32)
      (if (i32.ne (local.get $payload) (i32.const 2)) (then (return (i32.or (i32.const 2) (i32.shl (global.get $ws) (i32.const 4))))))
      (call $subtask.drop (global.get $sub))
      (call $step)))
  (core instance $m (instantiate $M (with "" (instance
    (export "mem" (memory $memory))
    (export "create" (func $create)) (export "send" (func $send)) (export "receive" (func $receive)) (export "drop" (func $drop))
    (export "subtask.drop" (func $subtask.drop)) (export "waitable-set.new" (func $waitable-set.new))
    (export "waitable.join" (func $waitable.join)) (export "ret" (func $ret))))))
  ${RUN_EXPORT}`;
}

function runClient(port: number, network: Wasi03Options['network']): Promise<number> {
  return runCommandText(udpEchoClient(port), network);
}

test('a guest UDP echo client sends to a loopback echo server the test starts and gets its datagram back; without the network it is access-denied', async () => {
  const server = createSocket('udp4');
  const seen: string[] = [];
  server.on('message', (m, r) => { seen.push(`${m.toString()} from ${r.address}`); server.send(m, r.port, r.address); });
  await new Promise<void>((r) => server.bind(0, '127.0.0.1', r));
  try {
    const port = server.address().port;
    assert.equal(await runClient(port, { allow: ['127.0.0.1'] }), 0);
    assert.deepEqual(seen, ['ping from 127.0.0.1']);
    // Deny by default: create fails (access-denied), run returns err, nothing is sent.
    assert.equal(await runClient(port, undefined), 1);
    assert.equal(seen.length, 1);
  } finally {
    server.close();
  }
});
