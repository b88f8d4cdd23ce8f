/* permissions: umask returns the previous mask and filters creation modes. */
#include "wali_test.h"

int main(void) {
  umask(022);
  CHECK_EQ(umask(077), 022);
  CHECK_EQ(umask(027), 077);

  const mode_t masks[] = {0, 022, 027, 077, 0777, 0111};
  for (size_t i = 0; i < sizeof masks / sizeof masks[0]; i++) {
    umask(masks[i]);
    char fname[32], dname[32];
    snprintf(fname, sizeof fname, "f%zu", i);
    snprintf(dname, sizeof dname, "d%zu", i);
    int fd = open(wt_path(fname), O_CREAT | O_EXCL | O_WRONLY, 0666);
    CHECK(fd >= 0);
    CHECK_SYS(close(fd));
    CHECK_SYS(mkdir(wt_path(dname), 0777));
    struct stat fs, ds;
    CHECK_SYS(stat(wt_path(fname), &fs));
    CHECK_SYS(stat(wt_path(dname), &ds));
    CHECK_EQ(fs.st_mode & 0777, 0666 & ~masks[i]);
    CHECK_EQ(ds.st_mode & 0777, 0777 & ~masks[i]);
    printf("umask %03o: file %03o dir %03o\n", (unsigned)masks[i],
           (unsigned)(fs.st_mode & 0777), (unsigned)(ds.st_mode & 0777));
  }

  /* Only the low 9 bits are kept. */
  umask(07777);
  CHECK_EQ(umask(022), 0777);
  /* umask does not apply to chmod. */
  umask(0777);
  CHECK_SYS(chmod(wt_path("f0"), 0755));
  struct stat st;
  CHECK_SYS(stat(wt_path("f0"), &st));
  CHECK_EQ(st.st_mode & 0777, 0755);
  umask(022);
  printf("PASS\n");
  return 0;
}
