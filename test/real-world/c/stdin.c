// Reads stdin to its end: byte and line counts, and the text upper-cased (ASCII).
#include <ctype.h>
#include <stdio.h>
int main(void) {
  int c, bytes = 0, lines = 0;
  char out[4096];
  int n = 0;
  while ((c = getchar()) != EOF) {
    bytes++;
    if (c == '\n') lines++;
    if (n < (int)sizeof out - 1) out[n++] = (char)toupper(c);
  }
  out[n] = 0;
  printf("bytes=%d lines=%d\n%s", bytes, lines, out);
  return 0;
}
