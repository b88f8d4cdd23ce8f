/* environment: getenv/setenv/unsetenv/putenv/clearenv and environ. */
#include "wali_test.h"

extern char **environ;

static int count_env(void) {
  int n = 0;
  for (char **e = environ; e && *e; e++) {
    n++;
  }
  return n;
}

int main(void) {
  CHECK(getenv("WALI_TEST_UNSET_VARIABLE") == NULL);
  int base = count_env();

  CHECK_SYS(setenv("WALI_A", "one", 1));
  CHECK_STR(getenv("WALI_A"), "one");
  CHECK_EQ(count_env(), base + 1);
  /* overwrite = 0 keeps the old value. */
  CHECK_SYS(setenv("WALI_A", "two", 0));
  CHECK_STR(getenv("WALI_A"), "one");
  CHECK_SYS(setenv("WALI_A", "two", 1));
  CHECK_STR(getenv("WALI_A"), "two");
  CHECK_EQ(count_env(), base + 1);
  printf("WALI_A=%s\n", getenv("WALI_A"));

  /* Values may contain '=' and be empty. */
  CHECK_SYS(setenv("WALI_B", "x=y=z", 1));
  CHECK_STR(getenv("WALI_B"), "x=y=z");
  CHECK_SYS(setenv("WALI_EMPTY", "", 1));
  CHECK(getenv("WALI_EMPTY") != NULL);
  CHECK_STR(getenv("WALI_EMPTY"), "");

  /* putenv uses the caller's string. */
  static char entry[] = "WALI_PUT=first";
  CHECK_EQ(putenv(entry), 0);
  CHECK_STR(getenv("WALI_PUT"), "first");
  strcpy(entry + 9, "later");
  CHECK_STR(getenv("WALI_PUT"), "later");

  /* environ lists our variables. */
  int found = 0;
  for (char **e = environ; *e; e++) {
    if (strncmp(*e, "WALI_", 5) == 0) {
      found++;
    }
  }
  printf("WALI_* entries: %d\n", found);

  CHECK_SYS(unsetenv("WALI_A"));
  CHECK(getenv("WALI_A") == NULL);
  CHECK_SYS(unsetenv("WALI_A")); /* removing a missing name is fine */
  CHECK_SYS(unsetenv("WALI_PUT"));
  CHECK(getenv("WALI_PUT") == NULL);

  CHECK_ERRNO(setenv("", "v", 1), EINVAL);
  CHECK_ERRNO(setenv("BAD=NAME", "v", 1), EINVAL);
  CHECK_ERRNO(unsetenv("BAD=NAME"), EINVAL);

  /* clearenv empties the environment. */
  CHECK_EQ(clearenv(), 0);
  CHECK_EQ(count_env(), 0);
  CHECK(getenv("WALI_B") == NULL);
  CHECK_SYS(setenv("AFTER_CLEAR", "1", 1));
  CHECK_EQ(count_env(), 1);
  printf("after clearenv: %s\n", environ[0]);
  printf("PASS\n");
  return 0;
}
