/* directories: opendir/readdir (getdents64 underneath) lists every entry once. */
#include "wali_test.h"

static int cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void) {
  const char *names[] = {"banana", "apple", "cherry", ".hidden", "dir1"};
  for (int i = 0; i < 4; i++) {
    int fd = open(wt_path(names[i]), O_CREAT | O_WRONLY, 0600);
    CHECK(fd >= 0);
    CHECK_SYS(close(fd));
  }
  CHECK_SYS(mkdir(wt_path("dir1"), 0700));
  CHECK_SYS(symlink("apple", wt_path("link")));

  DIR *d = opendir(wt_tmpdir());
  CHECK(d != NULL);
  char *seen[32];
  int n = 0, dots = 0;
  struct dirent *e;
  errno = 0;
  while ((e = readdir(d)) != NULL && n < 32) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
      CHECK(e->d_type == DT_DIR || e->d_type == DT_UNKNOWN);
      dots++;
      continue;
    }
    /* d_type is filled on common file systems; DT_UNKNOWN is allowed. */
    if (e->d_type != DT_UNKNOWN) {
      if (strcmp(e->d_name, "dir1") == 0) {
        CHECK_EQ(e->d_type, DT_DIR);
      } else if (strcmp(e->d_name, "link") == 0) {
        CHECK_EQ(e->d_type, DT_LNK);
      } else {
        CHECK_EQ(e->d_type, DT_REG);
      }
    }
    CHECK(e->d_ino != 0);
    seen[n++] = strdup(e->d_name);
  }
  CHECK_EQ(errno, 0);
  CHECK_EQ(dots, 2);
  qsort(seen, n, sizeof seen[0], cmp);
  printf("entries (%d):", n);
  for (int i = 0; i < n; i++) {
    printf(" %s", seen[i]);
  }
  printf("\n");

  /* rewinddir starts over and sees the same count. */
  rewinddir(d);
  int again = 0;
  while ((e = readdir(d)) != NULL && again < 64) {
    again++;
  }
  CHECK_EQ(again, n + 2);

  /* dirfd gives a usable descriptor onto the directory. */
  int dfd = dirfd(d);
  CHECK(dfd >= 0);
  struct stat st;
  CHECK_SYS(fstatat(dfd, "apple", &st, 0));
  CHECK(S_ISREG(st.st_mode));
  CHECK_SYS(closedir(d));

  /* An empty directory lists only . and .. */
  d = opendir(wt_path("dir1"));
  CHECK(d != NULL);
  int count = 0;
  while ((e = readdir(d)) != NULL && count < 10) {
    count++;
  }
  CHECK_EQ(count, 2);
  CHECK_SYS(closedir(d));

  CHECK(opendir(wt_path("missing")) == NULL);
  CHECK_EQ(errno, ENOENT);
  CHECK(opendir(wt_path("apple")) == NULL);
  CHECK_EQ(errno, ENOTDIR);
  printf("PASS\n");
  return 0;
}
