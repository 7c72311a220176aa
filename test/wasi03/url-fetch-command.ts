// A WASI 0.3 command written as component text (no toolchain): reads a URL from /data/url.txt, GETs it through
// wasi:http/client#send, writes the response body to /data/out.txt and prints "status NNN\n" and the body to stdout.
// `run` is async and callback-lifted (no JSPI): a small state machine whose steps run until one must wait; the
// callback stores the event's payload and resumes. Any failure prints a message to stderr and returns err (exit 1);
// a failed send prints its error-code case name ("send failed: HTTP-request-denied").
// WIT versions: the 0.3.0 names the wasi-testsuite p3 programs import (src/wasi/p3 accepts any 0.3.x).
import { RUN_EXPORT, bumpMemory } from '../support/wat-snippets.js';

/** A body for tests to serve: every byte value, and more than one read's worth (the guest reads to the end). */
export const TEST_BODY = new Uint8Array(70_000).map((_, i) => (i * 7 + (i >> 8)) & 0xff);

/** wasi:http/types error-code, as in the 0.3.0 WIT; its case names are the table the guest prints from. */
const HTTP_ERROR_CODE = `(variant (case "DNS-timeout") (case "DNS-error" $dnsp) (case "destination-not-found") (case "destination-unavailable")
      (case "destination-IP-prohibited") (case "destination-IP-unroutable") (case "connection-refused") (case "connection-terminated")
      (case "connection-timeout") (case "connection-read-timeout") (case "connection-write-timeout") (case "connection-limit-reached")
      (case "TLS-protocol-error") (case "TLS-certificate-error") (case "TLS-alert-received" $tlsp) (case "HTTP-request-denied")
      (case "HTTP-request-length-required") (case "HTTP-request-body-size" $ou64) (case "HTTP-request-method-invalid")
      (case "HTTP-request-URI-invalid") (case "HTTP-request-URI-too-long") (case "HTTP-request-header-section-size" $ou32)
      (case "HTTP-request-header-size" $ofsp) (case "HTTP-request-trailer-section-size" $ou32) (case "HTTP-request-trailer-size" $fsp)
      (case "HTTP-response-incomplete") (case "HTTP-response-header-section-size" $ou32) (case "HTTP-response-header-size" $fsp)
      (case "HTTP-response-body-size" $ou64) (case "HTTP-response-trailer-section-size" $ou32) (case "HTTP-response-trailer-size" $fsp)
      (case "HTTP-response-transfer-coding" $os) (case "HTTP-response-content-coding" $os) (case "HTTP-response-timeout")
      (case "HTTP-upgrade-failed") (case "HTTP-protocol-error") (case "loop-detected") (case "configuration-error")
      (case "internal-error" $os))`;

export const HTTP_ERROR_NAMES: readonly string[] = [...HTTP_ERROR_CODE.matchAll(/\(case "([^"]+)"/g)].map((m) => m[1]!);

const FS_ERROR_CODE = `(variant ${['access', 'already', 'bad-descriptor', 'busy', 'deadlock', 'quota', 'exist', 'file-too-large',
  'illegal-byte-sequence', 'in-progress', 'interrupted', 'invalid', 'io', 'is-directory', 'loop', 'too-many-links', 'message-size',
  'name-too-long', 'no-device', 'no-entry', 'no-lock', 'insufficient-memory', 'insufficient-space', 'not-directory', 'not-empty',
  'not-recoverable', 'unsupported', 'no-tty', 'no-such-device', 'overflow', 'not-permitted', 'pipe', 'read-only', 'invalid-seek',
  'text-file-busy', 'cross-device'].map((c) => `(case "${c}")`).join(' ')} (case "other" $os))`;

// Memory layout (4 pages): scratch and call areas below 1024, static strings from 1024, the error-name table at
// 8192 (48-byte slots: length byte, name), the URL at 16384, the stderr message at 20480, the body at BODY (its
// "status NNN\n" line just before it, so stdout is one range), the bump allocator from 200000.
const NAMES = 8192, URL = 16384, URL_CAP = 1024, MSG = 20480, BODY = 65536, BODY_CAP = 131072, HEAP = 200000;
const ZEROS = 448; // 48 zero bytes: ok(none) / ok(()) for the futures the guest writes

/** The steps of `run`, in table order; each returns 1 when it waits (for the event that resumes the next step). */
const STEPS = ['start', 'urlOpened', 'urlRead', 'sent', 'bodyRead', 'outOpened', 'outWritten', 'end', 'read', 'readGot', 'write', 'wrote', 'fut', 'futGot'] as const;
const S = Object.fromEntries(STEPS.map((s, i) => [s, i])) as Record<(typeof STEPS)[number], number>;
/** The step after `end`: the task has returned. */
const DONE = 255;
// wasi:filesystem flags bits: open-flags create (1), truncate (8); descriptor-flags read (1), write (2).
const OPEN_CREATE_TRUNCATE = 1 | 8, READ = 1, WRITE = 2;

/** The command's component text. */
export function urlFetchCommand(): string {
  const data: string[] = [];
  let at = 1024;
  // A static string: its data segment; its address and length.
  const lit = (s: string): [number, number] => {
    const b = new TextEncoder().encode(s);
    data.push(`(data (i32.const ${at}) "${s.replace(/\n/g, '\\n')}")`);
    at += b.length;
    return [at - b.length, b.length];
  };
  // The same as `(i32.const ptr) (i32.const len)` for a call.
  const str = (s: string): string => { const [p, n] = lit(s); return `(i32.const ${p}) (i32.const ${n})`; };
  HTTP_ERROR_NAMES.forEach((n, i) => data.push(`(data (i32.const ${NAMES + i * 48}) "\\${n.length.toString(16).padStart(2, '0')}${n}")`));
  // Fails the run: the message (static parts appended to MSG) goes to stderr, then `run` returns err.
  const fail = (...parts: string[]): string => `${parts.map((p) => `(call $append ${p})`).join(' ')} (return (call $fail))`;
  const open = (path: string, openFlags: number, flags: number): string => {
    const [p, n] = lit(path);
    return `
      ;; open-at(dir, no path-flags, ${JSON.stringify(path)}, open-flags ${openFlags}, descriptor-flags ${flags}): arguments at 32, result at 64
      (i32.store (i32.const 32) (global.get $dir))
      (i32.store8 (i32.const 36) (i32.const 0))
      (i32.store (i32.const 40) (i32.const ${p}))
      (i32.store (i32.const 44) (i32.const ${n}))
      (i32.store8 (i32.const 48) (i32.const ${openFlags}))
      (i32.store8 (i32.const 49) (i32.const ${flags}))`;
  };
  const core = `
    (global $ws (mut i32) (i32.const 0))     ;; the waitable set every wait uses
    (global $step (mut i32) (i32.const 0))   ;; the step to run next
    (global $res (mut i32) (i32.const 0))    ;; the payload of the event that resumed us
    (global $code (mut i32) (i32.const 0))   ;; 0 ok, 1 err
    (global $dir (mut i32) (i32.const 0))    ;; the /data descriptor
    (global $fd (mut i32) (i32.const 0))
    (global $tw (mut i32) (i32.const 0))     ;; the request trailers future's writable end while the host has not read it
    (global $status (mut i32) (i32.const 0))
    (global $msgLen (mut i32) (i32.const 0))
    ;; readAll: stream $rh into $rbuf (capacity $rcap), $rlen bytes so far, then step $rnext
    (global $rh (mut i32) (i32.const 0)) (global $rbuf (mut i32) (i32.const 0)) (global $rlen (mut i32) (i32.const 0))
    (global $rcap (mut i32) (i32.const 0)) (global $rnext (mut i32) (i32.const 0)) (global $rfut (mut i32) (i32.const 0))
    ;; writeAll: $wlen bytes at $wptr into stream $wh, drop it, then step $wnext
    (global $wh (mut i32) (i32.const 0)) (global $wptr (mut i32) (i32.const 0)) (global $wlen (mut i32) (i32.const 0))
    (global $wnext (mut i32) (i32.const 0))
    ;; awaitFuture: future $fut (a wasi:cli (0) or wasi:filesystem (1) result), ok → step $fnext
    (global $fut (mut i32) (i32.const 0)) (global $fkind (mut i32) (i32.const 0)) (global $fnext (mut i32) (i32.const 0))
    (global $urlLen (mut i32) (i32.const 0)) (global $bodyLen (mut i32) (i32.const 0))
    (global $urlOff (mut i32) (i32.const 0)) (global $authLen (mut i32) (i32.const 0))

    (table $steps ${STEPS.length} funcref)
    (elem (table $steps) (i32.const 0) func ${STEPS.map((s) => `$${s}`).join(' ')})
    (type $stepT (func (result i32)))

    ;; Runs steps until one waits (WAIT on $ws) or the task is done (EXIT).
    (func $go (result i32)
      (loop $l
        (if (call_indirect $steps (type $stepT) (global.get $step)) (then
          (return (i32.or (i32.const 2) (i32.shl (global.get $ws) (i32.const 4))))))
        (br_if $l (i32.ne (global.get $step) (i32.const ${DONE}))))
      (i32.const 0))
    ;; After an async-lowered call: 0 when it returned already, else 1 (its subtask joins the set).
    (func $call (param $r i32) (result i32)
      (if (i32.eq (i32.and (local.get $r) (i32.const 0xf)) (i32.const 2)) (then (return (i32.const 0))))
      (call $waitable.join (i32.shr_u (local.get $r) (i32.const 4)) (global.get $ws))
      (i32.const 1))
    ;; After a stream or future read/write: BLOCKED joins $h to the set (1), else its result is $res (0).
    (func $io (param $r i32) (param $h i32) (result i32)
      (if (i32.eq (local.get $r) (i32.const -1)) (then
        (call $waitable.join (local.get $h) (global.get $ws))
        (return (i32.const 1))))
      (global.set $res (local.get $r))
      (i32.const 0))
    (func $append (param $p i32) (param $n i32)
      (memory.copy (i32.add (i32.const ${MSG}) (global.get $msgLen)) (local.get $p) (local.get $n))
      (global.set $msgLen (i32.add (global.get $msgLen) (local.get $n))))
    ;; The message so far and a newline to stderr, then the end (err). A failure while failing just ends.
    (func $fail (result i32) (local $p i64)
      (if (global.get $code) (then (global.set $step (i32.const ${S.end})) (return (i32.const 0))))
      (global.set $code (i32.const 1))
      (call $append ${str('\n')})
      (local.set $p (call $stream.new))
      (global.set $fut (call $stderr (i32.wrap_i64 (local.get $p))))
      (global.set $fkind (i32.const 0))
      (call $writeAll (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))) (i32.const ${MSG}) (global.get $msgLen) (i32.const ${S.fut}))
      (global.set $fnext (i32.const ${S.end}))
      (i32.const 0))
    (func $readAll (param $h i32) (param $buf i32) (param $cap i32) (param $next i32)
      (global.set $rh (local.get $h)) (global.set $rbuf (local.get $buf)) (global.set $rlen (i32.const 0))
      (global.set $rcap (local.get $cap)) (global.set $rnext (local.get $next)) (global.set $step (i32.const ${S.read})))
    (func $writeAll (param $h i32) (param $p i32) (param $n i32) (param $next i32)
      (global.set $wh (local.get $h)) (global.set $wptr (local.get $p)) (global.set $wlen (local.get $n))
      (global.set $wnext (local.get $next)) (global.set $step (i32.const ${S.write})))
    ;; 1 when the $n bytes at $a are the $m at $b
    (func $eq (param $a i32) (param $n i32) (param $b i32) (param $m i32) (result i32)
      (if (i32.ne (local.get $n) (local.get $m)) (then (return (i32.const 0))))
      (block $no (loop $l
        (br_if $no (i32.eqz (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br_if $l (i32.eq (i32.load8_u (i32.add (local.get $a) (local.get $n))) (i32.load8_u (i32.add (local.get $b) (local.get $n)))))
        (return (i32.const 0))))
      (i32.const 1))

    ;; start: find the /data preopen, open url.txt for reading
    (func $start (result i32) (local $p i32) (local $end i32)
      (global.set $ws (call $waitable-set.new))
      (call $get-directories (i32.const 8))
      (local.set $p (i32.load (i32.const 8)))
      (local.set $end (i32.add (local.get $p) (i32.mul (i32.load (i32.const 12)) (i32.const 12))))
      (block $found (loop $l
        (br_if $found (i32.eq (local.get $p) (local.get $end)))
        (if (call $eq (i32.load offset=4 (local.get $p)) (i32.load offset=8 (local.get $p)) ${str('/data')}) (then
          (global.set $dir (i32.load (local.get $p)))))
        (local.set $p (i32.add (local.get $p) (i32.const 12)))
        (br $l)))
      (if (i32.eqz (global.get $dir)) (then ${fail(str('no /data preopen'))}))
      ${open('url.txt', 0, READ)}
      (global.set $step (i32.const ${S.urlOpened}))
      (call $call (call $open-at (i32.const 32) (i32.const 64))))

    ;; urlOpened: read the whole file (read-via-stream from offset 0)
    (func $urlOpened (result i32)
      (if (i32.load8_u (i32.const 64)) (then ${fail(str('cannot open /data/url.txt'))}))
      (global.set $fd (i32.load (i32.const 68)))
      (call $read-via-stream (global.get $fd) (i64.const 0) (i32.const 80))
      (global.set $rfut (i32.load (i32.const 84)))
      (call $readAll (i32.load (i32.const 80)) (i32.const ${URL}) (i32.const ${URL_CAP}) (i32.const ${S.urlRead}))
      (i32.const 0))

    ;; urlRead: parse http(s)://authority/path, build the request (GET, no body, ok(none) trailers) and send it
    (func $urlRead (result i32) (local $n i32) (local $i i32) (local $scheme i32) (local $p i64) (local $req i32)
      (call $ffsDropReadable (global.get $rfut))
      (call $dropDescriptor (global.get $fd))
      ;; without trailing whitespace
      (local.set $n (global.get $rlen))
      (block $b (loop $l
        (br_if $b (i32.eqz (local.get $n)))
        (br_if $b (i32.gt_u (i32.load8_u (i32.add (i32.const ${URL - 1}) (local.get $n))) (i32.const 32)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
      (global.set $urlLen (local.get $n))
      (if (call $eq (i32.const ${URL}) (i32.const 7) ${str('http://')}) (then
        (local.set $scheme (i32.const 0)) (global.set $urlOff (i32.const 7)))
      (else (if (call $eq (i32.const ${URL}) (i32.const 8) ${str('https://')}) (then
        (local.set $scheme (i32.const 1)) (global.set $urlOff (i32.const 8)))
      (else ${fail(str('not an http(s) URL: '), `(i32.const ${URL}) (global.get $urlLen)`)}))))
      (if (i32.gt_u (global.get $urlOff) (global.get $urlLen)) (then ${fail(str('not an http(s) URL'))}))
      ;; the authority runs to the first '/'
      (local.set $i (global.get $urlOff))
      (block $b (loop $l
        (br_if $b (i32.ge_u (local.get $i) (global.get $urlLen)))
        (br_if $b (i32.eq (i32.load8_u (i32.add (i32.const ${URL}) (local.get $i))) (i32.const 47)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
      (global.set $authLen (i32.sub (local.get $i) (global.get $urlOff)))
      ;; request.new(new fields, no contents, trailers future, no options) → (request, transmitted future) at 96
      (local.set $p (call $tfNew))
      (global.set $tw (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))))
      (call $request.new (call $fields.new) (i32.const 0) (i32.const 0) (i32.wrap_i64 (local.get $p)) (i32.const 0) (i32.const 0) (i32.const 96))
      (local.set $req (i32.load (i32.const 96)))
      (call $rfDropReadable (i32.load (i32.const 100)))
      (drop (call $set-scheme (local.get $req) (i32.const 1) (local.get $scheme) (i32.const 0) (i32.const 0)))
      (drop (call $set-authority (local.get $req) (i32.const 1) (i32.add (i32.const ${URL}) (global.get $urlOff)) (global.get $authLen)))
      ;; the path: what follows the authority, or "/"
      (if (i32.lt_u (local.get $i) (global.get $urlLen))
        (then (drop (call $set-path-with-query (local.get $req) (i32.const 1) (i32.add (i32.const ${URL}) (local.get $i)) (i32.sub (global.get $urlLen) (local.get $i)))))
        (else (drop (call $set-path-with-query (local.get $req) (i32.const 1) ${str('/')}))))
      ;; the trailers: ok(none), written now; the host reads them when it sends the request (until then it waits in the set)
      (if (i32.eq (call $tfWrite (global.get $tw) (i32.const ${ZEROS})) (i32.const -1))
        (then (call $waitable.join (global.get $tw) (global.get $ws)))
        (else (call $tfDropWritable (global.get $tw)) (global.set $tw (i32.const 0))))
      (global.set $step (i32.const ${S.sent}))
      (call $call (call $send (local.get $req) (i32.const 128))))

    ;; sent: result<response, error-code> at 128 (payload at 136); take the status and the body stream
    (func $sent (result i32) (local $p i64) (local $name i32)
      (if (i32.load8_u (i32.const 128)) (then
        (local.set $name (i32.add (i32.const ${NAMES}) (i32.mul (i32.load8_u (i32.const 136)) (i32.const 48))))
        ${fail(str('send failed: '), '(i32.add (local.get $name) (i32.const 1)) (i32.load8_u (local.get $name))')}))
      (global.set $status (call $get-status-code (i32.load (i32.const 136))))
      ;; consume-body(response, a future the host drops at once) → (body stream, trailers future) at 144
      (local.set $p (call $rfNew))
      (call $consume-body (i32.load (i32.const 136)) (i32.wrap_i64 (local.get $p)) (i32.const 144))
      (local.set $p (i64.shr_u (local.get $p) (i64.const 32)))
      (if (i32.eq (call $rfWrite (i32.wrap_i64 (local.get $p)) (i32.const ${ZEROS})) (i32.const -1)) (then
        (drop (call $rfCancelWrite (i32.wrap_i64 (local.get $p))))))
      (call $rfDropWritable (i32.wrap_i64 (local.get $p)))
      (global.set $rfut (i32.load (i32.const 148)))
      (call $readAll (i32.load (i32.const 144)) (i32.const ${BODY}) (i32.const ${BODY_CAP}) (i32.const ${S.bodyRead}))
      (i32.const 0))

    ;; bodyRead: open out.txt (create, truncate) for writing
    (func $bodyRead (result i32)
      (call $tfDropReadable (global.get $rfut))
      (global.set $bodyLen (global.get $rlen))
      ${open('out.txt', OPEN_CREATE_TRUNCATE, WRITE)}
      (global.set $step (i32.const ${S.outOpened}))
      (call $call (call $open-at (i32.const 32) (i32.const 64))))

    ;; outOpened: the body into write-via-stream at offset 0, then its result
    (func $outOpened (result i32) (local $p i64)
      (if (i32.load8_u (i32.const 64)) (then ${fail(str('cannot open /data/out.txt'))}))
      (global.set $fd (i32.load (i32.const 68)))
      (local.set $p (call $stream.new))
      (global.set $fut (call $write-via-stream (global.get $fd) (i32.wrap_i64 (local.get $p)) (i64.const 0)))
      (global.set $fkind (i32.const 1))
      (global.set $fnext (i32.const ${S.outWritten}))
      (call $writeAll (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))) (i32.const ${BODY}) (global.get $bodyLen) (i32.const ${S.fut}))
      (i32.const 0))

    ;; outWritten: "status NNN\\n" and the body to stdout
    (func $outWritten (result i32) (local $p i64) (local $s i32)
      (call $dropDescriptor (global.get $fd))
      (memory.copy (i32.const ${BODY - 11}) ${str('status ')})
      (local.set $s (global.get $status))
      (i32.store8 (i32.const ${BODY - 4}) (i32.add (i32.const 48) (i32.div_u (local.get $s) (i32.const 100))))
      (i32.store8 (i32.const ${BODY - 3}) (i32.add (i32.const 48) (i32.rem_u (i32.div_u (local.get $s) (i32.const 10)) (i32.const 10))))
      (i32.store8 (i32.const ${BODY - 2}) (i32.add (i32.const 48) (i32.rem_u (local.get $s) (i32.const 10))))
      (i32.store8 (i32.const ${BODY - 1}) (i32.const 10))
      (local.set $p (call $stream.new))
      (global.set $fut (call $stdout (i32.wrap_i64 (local.get $p))))
      (global.set $fkind (i32.const 0))
      (global.set $fnext (i32.const ${S.end}))
      (call $writeAll (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))) (i32.const ${BODY - 11}) (i32.add (global.get $bodyLen) (i32.const 11)) (i32.const ${S.fut}))
      (i32.const 0))

    ;; end: give up a trailers write the host never took (out of the set first; the end is dropped only once the
    ;; reader has gone: a future's writer may not drop it unwritten), return ok or err, EXIT
    (func $end (result i32)
      (if (global.get $tw) (then
        (call $waitable.join (global.get $tw) (i32.const 0))
        (if (i32.eq (i32.and (call $tfCancelWrite (global.get $tw)) (i32.const 0xf)) (i32.const 1)) (then
          (call $tfDropWritable (global.get $tw))))))
      (call $task.return (global.get $code))
      (global.set $step (i32.const ${DONE}))
      (i32.const 0))

    ;; readAll's steps
    (func $read (result i32)
      (global.set $step (i32.const ${S.readGot}))
      (call $io (call $stream.read (global.get $rh) (i32.add (global.get $rbuf) (global.get $rlen)) (i32.sub (global.get $rcap) (global.get $rlen))) (global.get $rh)))
    (func $readGot (result i32)
      (global.set $rlen (i32.add (global.get $rlen) (i32.shr_u (global.get $res) (i32.const 4))))
      (if (i32.eq (i32.and (global.get $res) (i32.const 0xf)) (i32.const 1)) (then
        ;; DROPPED: the writer ended the stream
        (call $stream.drop-readable (global.get $rh))
        (global.set $step (global.get $rnext))
        (return (i32.const 0))))
      (if (i32.eq (global.get $rlen) (global.get $rcap)) (then ${fail(str('too large'))}))
      (global.set $step (i32.const ${S.read}))
      (i32.const 0))
    ;; writeAll's steps
    (func $write (result i32)
      (if (i32.eqz (global.get $wlen)) (then
        (call $stream.drop-writable (global.get $wh))
        (global.set $step (global.get $wnext))
        (return (i32.const 0))))
      (global.set $step (i32.const ${S.wrote}))
      (call $io (call $stream.write (global.get $wh) (global.get $wptr) (global.get $wlen)) (global.get $wh)))
    (func $wrote (result i32) (local $n i32)
      (local.set $n (i32.shr_u (global.get $res) (i32.const 4)))
      (global.set $wptr (i32.add (global.get $wptr) (local.get $n)))
      (global.set $wlen (i32.sub (global.get $wlen) (local.get $n)))
      (if (i32.and (i32.ne (i32.and (global.get $res) (i32.const 0xf)) (i32.const 0)) (i32.ne (global.get $wlen) (i32.const 0))) (then
        (call $stream.drop-writable (global.get $wh))
        (global.set $wh (i32.const 0))
        ${fail(str('output closed early'))}))
      (global.set $step (i32.const ${S.write}))
      (i32.const 0))
    ;; awaitFuture's steps: its result<_, error-code> at 256
    (func $fut (result i32)
      (global.set $step (i32.const ${S.futGot}))
      (if (global.get $fkind)
        (then (return (call $io (call $ffsRead (global.get $fut) (i32.const 256)) (global.get $fut)))))
      (call $io (call $fcliRead (global.get $fut) (i32.const 256)) (global.get $fut)))
    (func $futGot (result i32)
      (if (global.get $fkind) (then (call $ffsDropReadable (global.get $fut))) (else (call $fcliDropReadable (global.get $fut))))
      (if (i32.load8_u (i32.const 256)) (then ${fail(str('write failed'))}))
      (global.set $step (global.get $fnext))
      (i32.const 0))

    (func (export "run") (result i32) (call $go))
    ;; A wait ended: a subtask's return, or a stream/future copy's result; the trailers write is taken on the side.
    (func (export "run-cb") (param $e i32) (param $h i32) (param $payload i32) (result i32)
      (if (i32.and (i32.ne (global.get $tw) (i32.const 0)) (i32.eq (local.get $h) (global.get $tw))) (then
        (call $waitable.join (global.get $tw) (i32.const 0))
        (call $tfDropWritable (global.get $tw))
        (global.set $tw (i32.const 0))
        (return (i32.or (i32.const 2) (i32.shl (global.get $ws) (i32.const 4))))))
      (if (i32.eq (local.get $e) (i32.const 1)) (then
        ;; SUBTASK: wait on until RETURNED
        (if (i32.ne (local.get $payload) (i32.const 2)) (then (return (i32.or (i32.const 2) (i32.shl (global.get $ws) (i32.const 4))))))
        (call $subtask.drop (local.get $h)))
      (else (call $waitable.join (local.get $h) (i32.const 0))))
      (global.set $res (local.get $payload))
      (call $go))
    ${data.join('\n    ')}`;
  return `(component
  ;; ---- the imports, typed as in the WASI 0.3.0 WIT (only the functions used) ----
  (import "wasi:cli/types@0.3.0" (instance $clitypes
    (type $e' (enum "io" "illegal-byte-sequence" "pipe"))
    (export "error-code" (type (eq $e')))))
  (alias export $clitypes "error-code" (type $cec))
  (import "wasi:cli/stdout@0.3.0" (instance $stdout
    (export "error-code" (type $e (eq $cec)))
    (export "write-via-stream" (func (param "data" (stream u8)) (result (future (result (error $e))))))))
  (import "wasi:cli/stderr@0.3.0" (instance $stderr
    (export "error-code" (type $e (eq $cec)))
    (export "write-via-stream" (func (param "data" (stream u8)) (result (future (result (error $e))))))))
  (import "wasi:filesystem/types@0.3.0" (instance $fstypes
    (export "descriptor" (type $d (sub resource)))
    (type $size' u64)
    (export "filesize" (type $size (eq $size')))
    (type $os (option string))
    (type $ec' ${FS_ERROR_CODE})
    (export "error-code" (type $ec (eq $ec')))
    (type $pf' (flags "symlink-follow"))
    (export "path-flags" (type $pf (eq $pf')))
    (type $of' (flags "create" "directory" "exclusive" "truncate"))
    (export "open-flags" (type $of (eq $of')))
    (type $df' (flags "read" "write" "file-integrity-sync" "data-integrity-sync" "requested-write-sync" "mutate-directory"))
    (export "descriptor-flags" (type $df (eq $df')))
    (type $res (result (error $ec)))
    (export "[method]descriptor.read-via-stream" (func (param "self" (borrow $d)) (param "offset" $size) (result (tuple (stream u8) (future $res)))))
    (export "[method]descriptor.write-via-stream" (func (param "self" (borrow $d)) (param "data" (stream u8)) (param "offset" $size) (result (future $res))))
    (export "[method]descriptor.open-at" (func async (param "self" (borrow $d)) (param "path-flags" $pf) (param "path" string) (param "open-flags" $of) (param "flags" $df) (result (result (own $d) (error $ec)))))))
  (alias export $fstypes "descriptor" (type $descriptor))
  (alias export $fstypes "error-code" (type $fec))
  (import "wasi:filesystem/preopens@0.3.0" (instance $preopens
    (export "descriptor" (type $d (eq $descriptor)))
    (export "get-directories" (func (result (list (tuple (own $d) string)))))))
  (import "wasi:http/types@0.3.0" (instance $httptypes
    (export "response" (type $response (sub resource)))
    (export "request" (type $request (sub resource)))
    (export "fields" (type $fields (sub resource)))
    (export "trailers" (type $trailers (eq $fields)))
    (export "headers" (type $headers (eq $fields)))
    (type $os (option string))
    (type $ou32 (option u32))
    (type $ou64 (option u64))
    (type $dnsp' (record (field "rcode" $os) (field "info-code" (option u16))))
    (export "DNS-error-payload" (type $dnsp (eq $dnsp')))
    (type $tlsp' (record (field "alert-id" (option u8)) (field "alert-message" $os)))
    (export "TLS-alert-received-payload" (type $tlsp (eq $tlsp')))
    (type $fsp' (record (field "field-name" $os) (field "field-size" $ou32)))
    (export "field-size-payload" (type $fsp (eq $fsp')))
    (type $ofsp (option $fsp))
    (type $ec' ${HTTP_ERROR_CODE})
    (export "error-code" (type $ec (eq $ec')))
    (type $scheme' (variant (case "HTTP") (case "HTTPS") (case "other" string)))
    (export "scheme" (type $scheme (eq $scheme')))
    (type $status' u16)
    (export "status-code" (type $status (eq $status')))
    (export "request-options" (type $ro (sub resource)))
    (type $tf (future (result (option (own $trailers)) (error $ec))))
    (type $rf (future (result (error $ec))))
    (export "[constructor]fields" (func (result (own $fields))))
    (export "[static]request.new" (func (param "headers" (own $headers)) (param "contents" (option (stream u8))) (param "trailers" $tf)
      (param "options" (option (own $ro))) (result (tuple (own $request) $rf))))
    (export "[method]request.set-path-with-query" (func (param "self" (borrow $request)) (param "path-with-query" $os) (result (result))))
    (export "[method]request.set-scheme" (func (param "self" (borrow $request)) (param "scheme" (option $scheme)) (result (result))))
    (export "[method]request.set-authority" (func (param "self" (borrow $request)) (param "authority" $os) (result (result))))
    (export "[method]response.get-status-code" (func (param "self" (borrow $response)) (result $status)))
    (export "[static]response.consume-body" (func (param "this" (own $response)) (param "res" $rf) (result (tuple (stream u8) $tf))))))
  (alias export $httptypes "request" (type $request))
  (alias export $httptypes "response" (type $response))
  (alias export $httptypes "fields" (type $fields))
  (alias export $httptypes "error-code" (type $hec))
  (import "wasi:http/client@0.3.0" (instance $client
    (export "request" (type $rq (eq $request)))
    (export "response" (type $rs (eq $response)))
    (export "error-code" (type $ec (eq $hec)))
    (export "send" (func async (param "request" (own $rq)) (result (result (own $rs) (error $ec)))))))

  ;; ---- memory and a bump allocator, first: the lowered imports need them ----
  ${bumpMemory(HEAP, 4)}

  ;; ---- the stream and future types the guest handles ----
  (type $R (result))
  (type $S (stream u8))
  (type $TF (future (result (option (own $fields)) (error $hec))))  ;; trailers
  (type $RF (future (result (error $hec))))                          ;; transmitted / consume-body's res
  (type $FF (future (result (error $fec))))                          ;; a filesystem stream's result
  (type $CF (future (result (error $cec))))                          ;; stdout's result

  (core func $stdout (canon lower (func $stdout "write-via-stream")))
  (core func $stderr (canon lower (func $stderr "write-via-stream")))
  (core func $read-via-stream (canon lower (func $fstypes "[method]descriptor.read-via-stream") (memory $memory)))
  (core func $write-via-stream (canon lower (func $fstypes "[method]descriptor.write-via-stream")))
  (core func $open-at (canon lower (func $fstypes "[method]descriptor.open-at") async (memory $memory) (realloc $realloc)))
  (core func $dropDescriptor (canon resource.drop $descriptor))
  (core func $get-directories (canon lower (func $preopens "get-directories") (memory $memory) (realloc $realloc)))
  (core func $fields.new (canon lower (func $httptypes "[constructor]fields")))
  (core func $request.new (canon lower (func $httptypes "[static]request.new") (memory $memory)))
  (core func $set-path-with-query (canon lower (func $httptypes "[method]request.set-path-with-query") (memory $memory)))
  (core func $set-scheme (canon lower (func $httptypes "[method]request.set-scheme") (memory $memory)))
  (core func $set-authority (canon lower (func $httptypes "[method]request.set-authority") (memory $memory)))
  (core func $get-status-code (canon lower (func $httptypes "[method]response.get-status-code")))
  (core func $consume-body (canon lower (func $httptypes "[static]response.consume-body") (memory $memory)))
  (core func $send (canon lower (func $client "send") async (memory $memory) (realloc $realloc)))
  (core func $subtask.drop (canon subtask.drop))
  (core func $waitable-set.new (canon waitable-set.new))
  (core func $waitable.join (canon waitable.join))
  (core func $task.return (canon task.return (result $R)))
  (core func $stream.new (canon stream.new $S))
  (core func $stream.read (canon stream.read $S async (memory $memory)))
  (core func $stream.write (canon stream.write $S async (memory $memory)))
  (core func $stream.drop-readable (canon stream.drop-readable $S))
  (core func $stream.drop-writable (canon stream.drop-writable $S))
  (core func $tfNew (canon future.new $TF))
  (core func $tfWrite (canon future.write $TF async (memory $memory)))
  (core func $tfCancelWrite (canon future.cancel-write $TF))
  (core func $tfDropWritable (canon future.drop-writable $TF))
  (core func $tfDropReadable (canon future.drop-readable $TF))
  (core func $rfNew (canon future.new $RF))
  (core func $rfWrite (canon future.write $RF async (memory $memory)))
  (core func $rfCancelWrite (canon future.cancel-write $RF))
  (core func $rfDropWritable (canon future.drop-writable $RF))
  (core func $rfDropReadable (canon future.drop-readable $RF))
  (core func $ffsRead (canon future.read $FF async (memory $memory) (realloc $realloc)))
  (core func $ffsDropReadable (canon future.drop-readable $FF))
  (core func $fcliRead (canon future.read $CF async (memory $memory)))
  (core func $fcliDropReadable (canon future.drop-readable $CF))

  (core module $M
    (import "" "mem" (memory 4))
    ${IMPORTS.map(([name, sig]) => `(import "" "${name}" (func $${name} ${sig}))`).join('\n    ')}
    ${core})
  (core instance $m (instantiate $M (with "" (instance
    (export "mem" (memory $memory))
    ${IMPORTS.map(([name]) => `(export "${name}" (func $${name}))`).join('\n    ')}))))
  ${RUN_EXPORT}`;
}

/** The core module's imports: name (the component's core func of that name) and signature. */
const IMPORTS: readonly (readonly [string, string])[] = [
  ['stdout', '(param i32) (result i32)'], ['stderr', '(param i32) (result i32)'],
  ['read-via-stream', '(param i32 i64 i32)'], ['write-via-stream', '(param i32 i32 i64) (result i32)'],
  ['open-at', '(param i32 i32) (result i32)'], ['dropDescriptor', '(param i32)'], ['get-directories', '(param i32)'],
  ['fields.new', '(result i32)'], ['request.new', '(param i32 i32 i32 i32 i32 i32 i32)'],
  ['set-path-with-query', '(param i32 i32 i32 i32) (result i32)'], ['set-scheme', '(param i32 i32 i32 i32 i32) (result i32)'],
  ['set-authority', '(param i32 i32 i32 i32) (result i32)'], ['get-status-code', '(param i32) (result i32)'],
  ['consume-body', '(param i32 i32 i32)'], ['send', '(param i32 i32) (result i32)'],
  ['subtask.drop', '(param i32)'], ['waitable-set.new', '(result i32)'], ['waitable.join', '(param i32 i32)'], ['task.return', '(param i32)'],
  ['stream.new', '(result i64)'], ['stream.read', '(param i32 i32 i32) (result i32)'], ['stream.write', '(param i32 i32 i32) (result i32)'],
  ['stream.drop-readable', '(param i32)'], ['stream.drop-writable', '(param i32)'],
  ['tfNew', '(result i64)'], ['tfWrite', '(param i32 i32) (result i32)'], ['tfCancelWrite', '(param i32) (result i32)'],
  ['tfDropWritable', '(param i32)'], ['tfDropReadable', '(param i32)'],
  ['rfNew', '(result i64)'], ['rfWrite', '(param i32 i32) (result i32)'], ['rfCancelWrite', '(param i32) (result i32)'],
  ['rfDropWritable', '(param i32)'], ['rfDropReadable', '(param i32)'],
  ['ffsRead', '(param i32 i32) (result i32)'], ['ffsDropReadable', '(param i32)'],
  ['fcliRead', '(param i32 i32) (result i32)'], ['fcliDropReadable', '(param i32)'],
];
