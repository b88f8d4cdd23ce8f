/* processes: exit() runs atexit handlers in reverse order and flushes stdio;
 * _exit() does neither; return from main equals exit. Observed via children. */
#include "wali_test.h"

static void h1(void) { fputs("h1 ", stdout); }
static void h2(void) { fputs("h2 ", stdout); }
static void h3(void) { fputs("h3\n", stdout); }

static char *capture(int mode, int *code) {
  int p[2];
  CHECK_SYS(pipe(p));
  pid_t pid = wt_fork();
  if (pid == 0) {
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    atexit(h3);
    atexit(h2);
    atexit(h1);
    printf("buffered ");
    if (mode == 0) {
      exit(4);
    }
    if (mode == 1) {
      _exit(5); /* buffered text and handlers are lost */
    }
    fflush(stdout);
    _Exit(6);
  }
  CHECK_SYS(close(p[1]));
  static char out[3][128];
  memset(out[mode], 0, sizeof out[mode]);
  wt_read_full(p[0], out[mode], sizeof out[mode] - 1);
  CHECK_SYS(close(p[0]));
  *code = wt_wait_exit(pid);
  return out[mode];
}

int main(void) {
  int code;
  char *o = capture(0, &code);
  printf("exit: code %d output [%s]\n", code, o);
  CHECK_EQ(code, 4);
  CHECK_STR(o, "buffered h1 h2 h3\n");
  o = capture(1, &code);
  printf("_exit: code %d output [%s]\n", code, o);
  CHECK_EQ(code, 5);
  CHECK_STR(o, "");
  o = capture(2, &code);
  printf("_Exit after fflush: code %d output [%s]\n", code, o);
  CHECK_EQ(code, 6);
  CHECK_STR(o, "buffered ");
  printf("PASS\n");
  return 0;
}
