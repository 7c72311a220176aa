// A reactor (no main): `greet: func(name: string) -> string` lifted by hand with the canonical ABI, using libc
// (malloc, snprintf, getenv) through the preview1 adapter.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *p, size_t old, size_t align, size_t size) {
  (void)old; (void)align;
  return realloc(p, size);
}
static uint32_t ret[2];
__attribute__((export_name("greet"))) uint32_t *greet(char *name, size_t len) {
  const char *g = getenv("GREETING");
  size_t cap = len + 64;
  char *out = malloc(cap);
  int n = snprintf(out, cap, "%s, %.*s!", g ? g : "Hello", (int)len, name);
  free(name);
  ret[0] = (uint32_t)(uintptr_t)out;
  ret[1] = (uint32_t)n;
  return ret;
}
__attribute__((export_name("count"))) uint32_t count(uint32_t n) {
  unsigned char b[8];
  uint32_t s = 0;
  for (uint32_t i = 0; i < n; i++) { arc4random_buf(b, sizeof b); uint64_t x; memcpy(&x, b, 8); s += x != 0 ? 1 : 0;  }
  return s;
}
