// The playground's C command (clang --target=wasm32-wasi, wasi-libc, the preview1 adapter): prints its arguments,
// lists the files it was given, counts the lines of notes.txt, upper-cases stdin and writes a log file.
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  printf("hello from C: %d argument%s\n", argc, argc == 1 ? "" : "s");
  for (int i = 1; i < argc; i++) printf("  argv[%d] = %s\n", i, argv[i]);
  DIR *d = opendir("/");
  if (d) {
    struct dirent *e;
    printf("files in /:");
    while ((e = readdir(d)) != NULL) if (e->d_name[0] != '.') printf(" %s", e->d_name);
    printf("\n");
    closedir(d);
  }
  FILE *f = fopen("/notes.txt", "r");
  int lines = 0;
  char buf[256];
  if (f) {
    while (fgets(buf, sizeof buf, f)) lines++;
    fclose(f);
    printf("notes.txt has %d line%s\n", lines, lines == 1 ? "" : "s");
  } else {
    fprintf(stderr, "no /notes.txt to read\n");
  }
  int n = 0;
  while (fgets(buf, sizeof buf, stdin)) {
    for (char *p = buf; *p; p++) *p = (char)toupper((unsigned char)*p);
    printf("stdin> %s", buf);
    n++;
  }
  FILE *out = fopen("/log.txt", "w");
  if (out) {
    fprintf(out, "ran with %d argument(s), read %d line(s) of stdin\n", argc, n);
    fclose(out);
  }
  fprintf(stderr, "done: %d stdin line%s\n", n, n == 1 ? "" : "s");
  return lines > 0 ? 0 : 3;
}
