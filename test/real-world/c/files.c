// Files and directories in a mapped directory: read, write, mkdir, list, stat, rename, unlink.
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "/data";
  char path[512];
  snprintf(path, sizeof path, "%s/in.txt", dir);
  FILE *f = fopen(path, "r");
  if (!f) { printf("open %s failed: %s\n", path, strerror(errno)); return 1; }
  char buf[256];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = 0;
  fclose(f);
  printf("read %zu bytes: %s", n, buf);
  snprintf(path, sizeof path, "%s/sub", dir);
  if (mkdir(path, 0755) != 0) printf("mkdir failed: %s\n", strerror(errno));
  snprintf(path, sizeof path, "%s/sub/out-\xc3\xbc.txt", dir);
  f = fopen(path, "w");
  if (!f) { printf("create failed: %s\n", strerror(errno)); return 1; }
  fprintf(f, "written by the guest: %s", buf);
  fclose(f);
  struct stat st;
  if (stat(path, &st) == 0) printf("stat size=%lld dir=%d\n", (long long)st.st_size, S_ISDIR(st.st_mode));
  char to[512];
  snprintf(to, sizeof to, "%s/sub/renamed.txt", dir);
  if (rename(path, to) != 0) printf("rename failed: %s\n", strerror(errno));
  snprintf(path, sizeof path, "%s/sub", dir);
  DIR *d = opendir(path);
  char *names[32];
  int count = 0;
  struct dirent *e;
  while (d && (e = readdir(d)) && count < 32) if (e->d_name[0] != '.') names[count++] = strdup(e->d_name);
  if (d) closedir(d);
  qsort(names, count, sizeof *names, cmp);
  for (int i = 0; i < count; i++) printf("entry %s\n", names[i]);
  snprintf(path, sizeof path, "%s/missing.txt", dir);
  if (!fopen(path, "r")) printf("missing: %s\n", strerror(errno));
  if (unlink(to) != 0) printf("unlink failed: %s\n", strerror(errno));
  snprintf(path, sizeof path, "%s/sub", dir);
  if (rmdir(path) != 0) printf("rmdir failed: %s\n", strerror(errno));
  printf("done\n");
  return 0;
}
