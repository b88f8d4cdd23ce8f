/* File and directory I/O through libc: the same output natively and under wali4j. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void) {
  char cwd[4096];
  if (mkdir("work", 0755) != 0 || chdir("work") != 0) {
    perror("mkdir/chdir");
    return 1;
  }
  getcwd(cwd, sizeof cwd);
  printf("cwd ends with /work: %d\n", strlen(cwd) >= 5 && strcmp(cwd + strlen(cwd) - 5, "/work") == 0);

  FILE *f = fopen("notes.txt", "w");
  for (int i = 0; i < 100; i++) {
    fprintf(f, "line %d\n", i);
  }
  fclose(f);

  struct stat st;
  stat("notes.txt", &st);
  printf("size %lld regular %d\n", (long long)st.st_size, S_ISREG(st.st_mode));

  int fd = open("notes.txt", O_RDONLY);
  char buf[32];
  lseek(fd, 70, SEEK_SET);
  ssize_t n = read(fd, buf, 10);
  buf[n] = 0;
  printf("read %zd at 70: [%s]\n", n, buf);
  n = pread(fd, buf, 6, 0);
  buf[n] = 0;
  printf("pread: [%s]\n", buf);

  char *map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  printf("mmap ok %d, last line starts with [%.7s]\n", map != MAP_FAILED, map + st.st_size - 8);
  munmap(map, st.st_size);
  close(fd);

  rename("notes.txt", "renamed.txt");
  symlink("renamed.txt", "link");
  char target[64] = {0};
  readlink("link", target, sizeof target - 1);
  printf("link -> %s\n", target);
  mkdir("sub", 0700);

  DIR *d = opendir(".");
  char *names[16];
  int count = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL && count < 16) {
    names[count++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, count, sizeof names[0], by_name);
  for (int i = 0; i < count; i++) {
    printf("entry %s\n", names[i]);
  }

  int r = open("missing", O_RDONLY);
  printf("open missing: %d %s\n", r, strerror(errno));
  r = close(99);
  printf("close bad fd: %d %s\n", r, strerror(errno));
  unlink("link");
  unlink("renamed.txt");
  rmdir("sub");
  chdir("..");
  printf("rmdir work: %d\n", rmdir("work"));

  char *p = malloc(1 << 20);
  memset(p, 7, 1 << 20);
  printf("malloc 1 MiB: %d\n", p[12345]);
  free(p);
  printf("HOME set: %d\n", getenv("HOME") != NULL);
  return 42;
}
