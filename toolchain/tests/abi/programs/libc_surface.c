/* Calls into many libc areas so their syscall imports appear in one module: files,
 * directories, links, fds, pipes, sockets, polling, time, memory, signals, processes. */
#define _GNU_SOURCE
#include <dirent.h>
#include <sched.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>

extern char **environ;

int main(int argc, char **argv)
{
	int ok = 1;
	char buf[256];
	struct stat st;
	struct statx stx;
	struct statfs sfs;
	int fd = open("/tmp/wali-surface", O_RDWR | O_CREAT | O_TRUNC, 0600);
	ok &= write(fd, "data", 4) == 4;
	ok &= pwrite(fd, "x", 1, 2) == 1 && pread(fd, buf, 4, 0) == 4;
	ok &= lseek(fd, 0, SEEK_SET) == 0 && read(fd, buf, 4) == 4;
	struct iovec iov = { buf, 4 };
	ok &= writev(fd, &iov, 1) == 4 && readv(fd, &iov, 1) >= 0;
	ok &= fstat(fd, &st) == 0 && stat("/tmp", &st) == 0 && lstat("/tmp", &st) == 0;
	ok &= statx(AT_FDCWD, "/tmp", 0, STATX_BASIC_STATS, &stx) == 0;
	ok &= statfs("/tmp", &sfs) == 0 && fstatfs(fd, &sfs) == 0;
	ok &= ftruncate(fd, 1) == 0 && fsync(fd) == 0 && fdatasync(fd) == 0;
	ok &= fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 && flock(fd, LOCK_EX) == 0;
	int fd2 = dup(fd), fd3 = dup2(fd, 20);
	ok &= dup3(fd, 21, O_CLOEXEC) == 21;
	close(fd2); close(fd3); close(21); close(fd);
	ok &= mkdir("/tmp/wali-surface.d", 0700) == 0 || 1;
	ok &= symlink("/tmp", "/tmp/wali-surface.l") == 0 || 1;
	ok &= readlink("/tmp/wali-surface.l", buf, sizeof buf) > 0 || 1;
	link("/tmp/wali-surface", "/tmp/wali-surface.h");
	rename("/tmp/wali-surface.h", "/tmp/wali-surface.r");
	chmod("/tmp/wali-surface.r", 0644); chown("/tmp/wali-surface.r", -1, -1);
	access("/tmp", R_OK); faccessat(AT_FDCWD, "/tmp", R_OK, 0); umask(022);
	utimensat(AT_FDCWD, "/tmp/wali-surface.r", 0, 0);
	unlink("/tmp/wali-surface.r"); unlink("/tmp/wali-surface.l"); rmdir("/tmp/wali-surface.d");
	unlinkat(AT_FDCWD, "/tmp/wali-surface", 0);
	DIR *d = opendir("/tmp");
	while (d && readdir(d)) {}
	if (d) closedir(d);
	ok &= getcwd(buf, sizeof buf) != 0 && chdir("/") == 0;
	int p[2];
	ok &= pipe(p) == 0 && pipe2(p, O_CLOEXEC) == 0;
	int sv[2];
	ok &= socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0;
	int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof sin;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	getsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, &len);
	bind(s, (struct sockaddr *)&sin, sizeof sin); listen(s, 1);
	getsockname(s, (struct sockaddr *)&sin, &len);
	int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	connect(c, (struct sockaddr *)&sin, sizeof sin);
	int a = accept4(s, 0, 0, SOCK_CLOEXEC);
	accept(s, 0, 0); getpeername(c, (struct sockaddr *)&sin, &len);
	send(c, "x", 1, 0); recv(a, buf, 1, MSG_DONTWAIT);
	sendto(c, "x", 1, 0, 0, 0); recvfrom(a, buf, 1, MSG_DONTWAIT, 0, 0);
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	sendmsg(c, &mh, 0); recvmsg(a, &mh, MSG_DONTWAIT); shutdown(c, SHUT_RDWR);
	struct pollfd pfd = { p[0], POLLIN, 0 };
	poll(&pfd, 1, 0); ppoll(&pfd, 1, &(struct timespec){0}, 0);
	fd_set rs; FD_ZERO(&rs); FD_SET(p[0], &rs);
	select(p[0] + 1, &rs, 0, 0, &(struct timeval){0});
	pselect(p[0] + 1, &rs, 0, 0, &(struct timespec){0}, 0);
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN };
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev); epoll_wait(ep, &ev, 1, 0); epoll_pwait(ep, &ev, 1, 0, 0);
	int efd = eventfd(0, EFD_NONBLOCK);
	eventfd_write(efd, 1);
	struct timespec ts;
	ok &= clock_gettime(CLOCK_MONOTONIC, &ts) == 0 && clock_getres(CLOCK_REALTIME, &ts) == 0;
	struct timeval tv; gettimeofday(&tv, 0);
	nanosleep(&(struct timespec){0, 1}, 0); clock_nanosleep(CLOCK_MONOTONIC, 0, &(struct timespec){0, 1}, 0);
	struct itimerval itv = {0}; setitimer(ITIMER_REAL, &itv, 0);
	void *m = mmap(0, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(m, 4096, PROT_READ); madvise(m, 4096, MADV_NORMAL); msync(m, 4096, MS_ASYNC);
	m = mremap(m, 65536, 131072, MREMAP_MAYMOVE); munmap(m, 131072);
	void *heap = malloc(1 << 20); free(heap);
	struct sigaction sa = { .sa_handler = SIG_IGN };
	sigaction(SIGPIPE, &sa, 0);
	sigset_t set; sigemptyset(&set); sigprocmask(SIG_BLOCK, &set, 0); sigpending(&set);
	stack_t ss = { .ss_flags = SS_DISABLE }; sigaltstack(&ss, 0);
	kill(getpid(), 0);
	struct utsname u; uname(&u);
	struct rlimit rl; getrlimit(RLIMIT_NOFILE, &rl); setrlimit(RLIMIT_NOFILE, &rl);
	prlimit(0, RLIMIT_NOFILE, 0, &rl);
	struct rusage ru; getrusage(RUSAGE_SELF, &ru);
	struct sysinfo si; sysinfo(&si);
	getuid(); geteuid(); getgid(); getegid(); getppid(); getpgid(0); getsid(0); setpgid(0, 0);
	getrandom(buf, 16, 0);
	cpu_set_t cs; sched_getaffinity(0, sizeof cs, &cs); sched_yield();
	pid_t child = fork();
	if (child == 0) {
		execve("/bin/true", argv, environ);
		_exit(127);
	}
	int status;
	waitpid(child, &status, 0);
	pid_t sp;
	char *args[] = { "true", 0 };
	if (posix_spawnp(&sp, "true", 0, 0, args, environ) == 0) waitpid(sp, &status, 0);
	FILE *f = popen("true", "r");
	if (f) pclose(f);
	printf("%d %d\n", ok, argc);
	return ok ? 0 : 1;
}
