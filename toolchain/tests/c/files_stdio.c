/* files: buffered stdio (fopen/fprintf/fgets/fseek/ftell/fread) over the raw calls. */
#include "wali_test.h"

int main(void) {
  const char *path = wt_path("stdio.txt");
  FILE *f = fopen(path, "w+");
  CHECK(f != NULL);
  for (int i = 0; i < 100; i++) {
    CHECK(fprintf(f, "line %03d %s\n", i, (i % 2) ? "odd" : "even") > 0);
  }
  CHECK_EQ(ftell(f), 50 * 14 + 50 * 13);
  CHECK_SYS(fflush(f));
  rewind(f);

  char line[64];
  int count = 0, odd = 0;
  while (fgets(line, sizeof line, f) != NULL && count < 1000) {
    count++;
    if (strstr(line, "odd") != NULL) {
      odd++;
    }
  }
  CHECK(feof(f));
  printf("lines: %d odd: %d\n", count, odd);

  CHECK_SYS(fseek(f, -13, SEEK_END));
  CHECK(fgets(line, sizeof line, f) != NULL);
  printf("last: %s", line);

  CHECK_SYS(fseek(f, 9, SEEK_SET));
  char word[5] = {0};
  CHECK_EQ(fread(word, 1, 4, f), 4);
  printf("word at 9: %s\n", word);
  CHECK_EQ(fclose(f), 0);

  /* Append mode through stdio. */
  f = fopen(path, "a");
  CHECK(f != NULL);
  fputs("tail\n", f);
  CHECK_EQ(fclose(f), 0);
  struct stat st;
  CHECK_SYS(stat(path, &st));
  CHECK_EQ(st.st_size, 1350 + 5);

  /* fdopen over a raw descriptor and getc/ungetc. */
  int fd = open(path, O_RDONLY);
  CHECK(fd >= 0);
  f = fdopen(fd, "r");
  CHECK(f != NULL);
  int c = getc(f);
  CHECK_EQ(c, 'l');
  CHECK_EQ(ungetc('L', f), 'L');
  CHECK_EQ(getc(f), 'L');
  CHECK_EQ(fclose(f), 0);
  CHECK_ERRNO(close(fd), EBADF);

  CHECK(fopen(wt_path("missing"), "r") == NULL);
  CHECK_EQ(errno, ENOENT);
  printf("PASS\n");
  return 0;
}
