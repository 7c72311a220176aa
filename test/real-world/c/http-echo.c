// A wasi:http/incoming-handler written against the canonical ABI by hand (no bindings generator): GET /big sends
// 1 MiB, GET other paths answer "hello <path>", POST echoes the request body back. Bodies are streamed in chunks.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HTTP(name) __attribute__((import_module("wasi:http/types@0.2.12"), import_name(name)))
#define IO(name) __attribute__((import_module("wasi:io/streams@0.2.12"), import_name(name)))

HTTP("[method]incoming-request.method") void req_method(int32_t self, void *ret);
HTTP("[method]incoming-request.path-with-query") void req_path(int32_t self, void *ret);
HTTP("[method]incoming-request.consume") void req_consume(int32_t self, void *ret);
HTTP("[method]incoming-body.stream") void body_stream(int32_t self, void *ret);
HTTP("[static]incoming-body.finish") int32_t body_finish_in(int32_t body);
HTTP("[constructor]fields") int32_t fields_new(void);
HTTP("[method]fields.append") void fields_append(int32_t self, const char *n, size_t nl, const char *v, size_t vl, void *ret);
HTTP("[constructor]outgoing-response") int32_t response_new(int32_t headers);
HTTP("[method]outgoing-response.set-status-code") int32_t response_set_status(int32_t self, int32_t code);
HTTP("[method]outgoing-response.body") void response_body(int32_t self, void *ret);
HTTP("[method]outgoing-body.write") void body_write(int32_t self, void *ret);
HTTP("[static]outgoing-body.finish") void body_finish(int32_t body, int32_t has_trailers, int32_t trailers, void *ret);
HTTP("[static]response-outparam.set") void outparam_set(int32_t param, int32_t is_err, int32_t a, int32_t b, int64_t c, int32_t d, int32_t e, int32_t f, int32_t g);
HTTP("[resource-drop]future-trailers") void drop_trailers(int32_t h);
HTTP("[resource-drop]incoming-request") void drop_request(int32_t h);
IO("[method]input-stream.blocking-read") void stream_read(int32_t self, int64_t len, void *ret);
IO("[method]output-stream.blocking-write-and-flush") void stream_write(int32_t self, const void *p, size_t n, void *ret);
IO("[resource-drop]input-stream") void drop_input(int32_t h);
IO("[resource-drop]output-stream") void drop_output(int32_t h);

__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *p, size_t old, size_t align, size_t size) {
  (void)old; (void)align;
  return realloc(p, size);
}

// Return areas: a result/option discriminant byte, then its payload (aligned as the canonical ABI lays it out).
typedef struct { uint8_t tag; uint32_t a; uint32_t b; uint32_t c; } ret_t;

/** Writes all of `p` in chunks of at most 4096 bytes (blocking-write-and-flush's limit). */
static int write_all(int32_t out, const char *p, size_t n) {
  ret_t r;
  while (n > 0) {
    size_t k = n < 4096 ? n : 4096;
    stream_write(out, p, k, &r);
    if (r.tag != 0) return -1;
    p += k;
    n -= k;
  }
  return 0;
}

/** Starts a 200 response; returns its body's output stream and the body handle. */
static int32_t respond(int32_t outparam, const char *type, int32_t *body_out) {
  ret_t r;
  int32_t headers = fields_new();
  fields_append(headers, "content-type", 12, type, strlen(type), &r);
  int32_t resp = response_new(headers);
  response_set_status(resp, 200);
  response_body(resp, &r);
  int32_t body = (int32_t)r.a;
  body_write(body, &r);
  int32_t out = (int32_t)r.a;
  outparam_set(outparam, 0, resp, 0, 0, 0, 0, 0, 0);
  *body_out = body;
  return out;
}

static void finish(int32_t out, int32_t body) {
  uint64_t ret[6];
  drop_output(out);
  body_finish(body, 0, 0, ret);
}

__attribute__((export_name("wasi:http/incoming-handler@0.2.12#handle"))) void handle(int32_t request, int32_t outparam) {
  ret_t r;
  req_method(request, &r);
  int is_post = r.tag == 2; // method: get, head, post, ...
  int32_t body;
  if (is_post) {
    req_consume(request, &r);
    int32_t in_body = (int32_t)r.a;
    body_stream(in_body, &r);
    int32_t in = (int32_t)r.a;
    int32_t out = respond(outparam, "application/octet-stream", &body);
    for (;;) {
      stream_read(in, 65536, &r);
      if (r.tag != 0) break; // closed (or failed): the end of the request body
      write_all(out, (const char *)(uintptr_t)r.a, r.b);
      free((void *)(uintptr_t)r.a);
    }
    drop_input(in);
    drop_trailers(body_finish_in(in_body));
    finish(out, body);
  } else {
    req_path(request, &r);
    const char *path = r.tag ? (const char *)(uintptr_t)r.a : "/";
    size_t plen = r.tag ? r.b : 1;
    int32_t out = respond(outparam, "text/plain", &body);
    if (plen == 4 && memcmp(path, "/big", 4) == 0) {
      static char chunk[65536];
      memset(chunk, 'a', sizeof chunk);
      for (int i = 0; i < 16; i++) write_all(out, chunk, sizeof chunk);
    } else {
      write_all(out, "hello ", 6);
      write_all(out, path, plen);
    }
    finish(out, body);
  }
  drop_request(request);
}
