/* directories: build a tree, walk it recursively with openat/fdopendir, and
 * delete it bottom-up with unlinkat. */
#include "wali_test.h"

static int files, dirs;
static long long bytes;

static void walk(int dfd, int depth) {
  CHECK(depth < 16);
  int fd = dup(dfd);
  CHECK(fd >= 0);
  DIR *d = fdopendir(fd);
  CHECK(d != NULL);
  struct dirent *e;
  int guard = 0;
  while ((e = readdir(d)) != NULL && guard++ < 1000) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
      continue;
    }
    struct stat st;
    CHECK_SYS(fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW));
    if (S_ISDIR(st.st_mode)) {
      dirs++;
      int sub = openat(dfd, e->d_name, O_RDONLY | O_DIRECTORY);
      CHECK(sub >= 0);
      walk(sub, depth + 1);
      CHECK_SYS(close(sub));
      CHECK_SYS(unlinkat(dfd, e->d_name, AT_REMOVEDIR));
    } else {
      files++;
      bytes += st.st_size;
      CHECK_SYS(unlinkat(dfd, e->d_name, 0));
    }
  }
  CHECK_SYS(closedir(d));
}

static void build(int dfd, int depth) {
  for (int i = 0; i < 3; i++) {
    char name[16];
    snprintf(name, sizeof name, "f%d", i);
    int fd = openat(dfd, name, O_CREAT | O_WRONLY, 0600);
    CHECK(fd >= 0);
    wt_write_all(fd, "xxxxxxxxxx", (size_t)(depth + i + 1));
    CHECK_SYS(close(fd));
  }
  if (depth == 3) {
    return;
  }
  for (int i = 0; i < 2; i++) {
    char name[16];
    snprintf(name, sizeof name, "d%d", i);
    CHECK_SYS(mkdirat(dfd, name, 0700));
    int sub = openat(dfd, name, O_RDONLY | O_DIRECTORY);
    CHECK(sub >= 0);
    build(sub, depth + 1);
    CHECK_SYS(close(sub));
  }
}

int main(void) {
  CHECK_SYS(mkdir(wt_path("tree"), 0700));
  int top = open(wt_path("tree"), O_RDONLY | O_DIRECTORY);
  CHECK(top >= 0);
  build(top, 0);
  walk(top, 0);
  CHECK_SYS(close(top));
  printf("files %d dirs %d bytes %lld\n", files, dirs, bytes);
  CHECK_SYS(rmdir(wt_path("tree")));
  printf("PASS\n");
  return 0;
}
