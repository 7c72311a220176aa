// Arguments (non-ASCII too) and the environment, then an exit code from main's return value.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
extern char **environ;
int main(int argc, char **argv) {
  printf("argc=%d\n", argc);
  for (int i = 1; i < argc; i++) printf("arg[%d]=%s (%zu bytes)\n", i, argv[i], strlen(argv[i]));
  int n = 0;
  for (char **e = environ; *e; e++) n++;
  printf("env count=%d\n", n);
  const char *g = getenv("GREETING");
  printf("GREETING=%s\n", g ? g : "(unset)");
  const char *h = getenv("HOME");
  printf("HOME=%s\n", h ? h : "(unset)");
  return argc > 1 && strcmp(argv[1], "fail") == 0 ? 7 : 0;
}
