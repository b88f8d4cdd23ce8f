/* Error handling in the style of Lua's luaD_rawrunprotected: a chain of
 * protected calls, each with its jmp_buf on the C stack, errors thrown from
 * deep recursion and through function pointers, rethrown to outer handlers.
 * Exits with the number of errors caught plus 201 so the status is checked too. */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

struct handler {
  struct handler *previous;
  jmp_buf env;
  volatile int status;
};

static struct handler *current;
static char message[64];

static _Noreturn void throw_error(int status, const char *what) {
  snprintf(message, sizeof message, "%s", what);
  current->status = status;
  longjmp(current->env, status);
}

static int protected_call(void (*f)(void *), void *arg) {
  struct handler h;
  h.previous = current;
  h.status = 0;
  current = &h;
  if (setjmp(h.env) == 0) {
    f(arg);
  }
  current = h.previous;
  return h.status;
}

static int recurse(int n) {
  char pad[32];
  memset(pad, n, sizeof pad);
  if (n == 0) {
    throw_error(2, "bottom reached");
  }
  return recurse(n - 1) + pad[3];
}

static void deep(void *arg) { recurse(*(int *)arg); }

static void inner_then_rethrow(void *arg) {
  int n = *(int *)arg;
  int s = protected_call(deep, &n);
  printf("  inner caught %d (%s), rethrowing\n", s, message);
  throw_error(s + 1, "rethrown");
}

static void no_error(void *arg) { *(int *)arg += 1; }

int main(int argc, char **argv) {
  int caught = 0;
  for (int depth = 0; depth < 400; depth += 97) {
    int n = depth;
    int s = protected_call(deep, &n);
    caught += s != 0;
    printf("depth %d: status %d (%s)\n", depth, s, message);
  }
  int n = 50;
  int s = protected_call(inner_then_rethrow, &n);
  caught += s != 0;
  printf("outer caught %d (%s)\n", s, message);
  int value = 41;
  s = protected_call(no_error, &value);
  printf("no error: status %d, value %d\n", s, value);
  /* A jump buffer reused many times, as an interpreter loop does. */
  volatile int rounds = 0;
  static jmp_buf loop;
  int r = setjmp(loop);
  if (r < 1000) {
    rounds++;
    longjmp(loop, r + 1);
  }
  printf("rounds %d, last %d, args %d\n", rounds, r, argc);
  return caught + 200 + (argv[0] != NULL);
}
