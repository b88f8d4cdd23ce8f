/* links: an unlinked file lives on while a descriptor refers to it. */
#include "wali_test.h"

int main(void) {
  const char *path = wt_path("ghost");
  int fd = open(path, O_CREAT | O_RDWR, 0600);
  CHECK(fd >= 0);
  int fd2 = open(path, O_RDONLY);
  CHECK(fd2 >= 0);
  CHECK_SYS(unlink(path));
  CHECK_ERRNO(access(path, F_OK), ENOENT);

  struct stat st;
  CHECK_SYS(fstat(fd, &st));
  CHECK_EQ(st.st_nlink, 0);

  char data[8192];
  wt_pattern(data, sizeof data, 7);
  wt_write_all(fd, data, sizeof data);
  char back[8192];
  CHECK_EQ(wt_read_full(fd2, back, sizeof back), sizeof back);
  CHECK(memcmp(data, back, sizeof data) == 0);
  printf("checksum: %08x\n", wt_fnv1a(back, sizeof back));

  /* A new file at the same name is a different inode. */
  int fd3 = open(path, O_CREAT | O_EXCL | O_RDWR, 0600);
  CHECK(fd3 >= 0);
  struct stat st3;
  CHECK_SYS(fstat(fd3, &st3));
  CHECK(st3.st_ino != st.st_ino || st3.st_dev != st.st_dev);
  CHECK_EQ(st3.st_size, 0);
  CHECK_SYS(fstat(fd, &st));
  CHECK_EQ(st.st_size, 8192);

  CHECK_SYS(close(fd));
  CHECK_SYS(close(fd2));
  CHECK_SYS(close(fd3));

  /* Removing an open directory: the descriptor stays valid but lists nothing. */
  CHECK_SYS(mkdir(wt_path("dir"), 0700));
  int dfd = open(wt_path("dir"), O_RDONLY | O_DIRECTORY);
  CHECK(dfd >= 0);
  CHECK_SYS(rmdir(wt_path("dir")));
  CHECK_SYS(fstat(dfd, &st));
  CHECK(S_ISDIR(st.st_mode));
  CHECK_ERRNO(openat(dfd, "new", O_CREAT | O_WRONLY, 0600), ENOENT);
  CHECK_SYS(close(dfd));
  printf("PASS\n");
  return 0;
}
