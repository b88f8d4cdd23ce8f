/* identity: uname fields are NUL-terminated and Linux; sysinfo reports a
 * running machine; gethostname agrees with uname's nodename. */
#include "wali_test.h"
#include <sys/sysinfo.h>
#include <sys/utsname.h>

static int terminated(const char *s, size_t cap) {
  return memchr(s, '\0', cap) != NULL;
}

int main(void) {
  struct utsname u;
  memset(&u, 0xff, sizeof u);
  CHECK_SYS(uname(&u));
  CHECK(terminated(u.sysname, sizeof u.sysname));
  CHECK(terminated(u.nodename, sizeof u.nodename));
  CHECK(terminated(u.release, sizeof u.release));
  CHECK(terminated(u.version, sizeof u.version));
  CHECK(terminated(u.machine, sizeof u.machine));
  printf("sysname: %s\n", u.sysname);
  CHECK_STR(u.sysname, "Linux");
  CHECK(u.release[0] >= '2' && u.release[0] <= '9');
  CHECK(strlen(u.machine) > 0);

  char host[256];
  CHECK_SYS(gethostname(host, sizeof host));
  CHECK_STR(host, u.nodename);

  struct sysinfo si;
  memset(&si, 0, sizeof si);
  CHECK_SYS(sysinfo(&si));
  CHECK(si.uptime > 0);
  CHECK(si.totalram > 0);
  CHECK(si.mem_unit >= 1);
  CHECK(si.freeram <= si.totalram);
  CHECK(si.procs > 0);
  unsigned long long total = (unsigned long long)si.totalram * si.mem_unit;
  CHECK(total >= 64ULL << 20); /* at least 64 MiB of RAM */
  printf("sysinfo: plausible\n");

  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  CHECK(cpus >= 1);
  /* The page size is not printed: a WALI libc may report its own. */
  long page = sysconf(_SC_PAGESIZE);
  CHECK(page >= 4096 && (page & (page - 1)) == 0);
  CHECK(sysconf(_SC_CLK_TCK) > 0);
  printf("page size: a power of two\n");
  printf("PASS\n");
  return 0;
}
