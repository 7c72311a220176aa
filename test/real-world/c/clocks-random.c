// Clocks and randomness: the wall clock is after 2020, the monotonic clock does not go back, entropy varies.
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
int main(int argc, char **argv) {
  struct timespec a, b, w;
  clock_gettime(CLOCK_MONOTONIC, &a);
  clock_gettime(CLOCK_REALTIME, &w);
  volatile unsigned long x = 0;
  for (unsigned long i = 0; i < 1000000; i++) x += i;
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("wall after 2020: %s\n", w.tv_sec > 1577836800 ? "yes" : "no");
  printf("monotonic ordered: %s\n", (b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec)) ? "yes" : "no");
  unsigned char r1[16], r2[16];
  int ok = getentropy(r1, sizeof r1) == 0 && getentropy(r2, sizeof r2) == 0;
  printf("entropy: %s\n", ok && memcmp(r1, r2, sizeof r1) != 0 ? "differs" : "same");
  // Sleeping blocks in wasi:io/poll, which the shim's browser build answers with a Promise: "nosleep" skips it.
  if (argc > 1 && strcmp(argv[1], "nosleep") == 0) return 0;
  struct timespec req = {0, 2000000};
  printf("sleep: %d\n", nanosleep(&req, 0));
  return 0;
}
