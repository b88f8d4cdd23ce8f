/*
 * A single-process TCP echo server on loopback built around one epoll loop: it listens on an
 * ephemeral port of 127.0.0.1, writes the port to the file "port", echoes every byte each client
 * sends, and after argv[1] connections have come and gone prints what it served and exits 0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_EVENTS 64

static void die(const char *what) {
  fprintf(stderr, "echo_server: %s: %s\n", what, strerror(errno));
  exit(2);
}

/* Writes all of buf to fd, waiting on poll-free retries: the socket is blocking for writes. */
static int write_all(int fd, const char *buf, ssize_t n) {
  while (n > 0) {
    ssize_t w = write(fd, buf, (size_t)n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    buf += w;
    n -= w;
  }
  return 0;
}

int main(int argc, char **argv) {
  long want = argc > 1 ? atol(argv[1]) : 1;
  int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (ls < 0) die("socket");
  int one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  if (bind(ls, (struct sockaddr *)&a, sizeof a) < 0) die("bind");
  if (listen(ls, 128) < 0) die("listen");
  socklen_t len = sizeof a;
  if (getsockname(ls, (struct sockaddr *)&a, &len) < 0) die("getsockname");

  int ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) die("epoll_create1");
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = ls};
  if (epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev) < 0) die("epoll_ctl listen");

  /* Publish the port only when it accepts: write to a temporary name, then rename. */
  FILE *f = fopen("port.tmp", "w");
  if (!f) die("fopen");
  fprintf(f, "%d\n", ntohs(a.sin_port));
  fclose(f);
  if (rename("port.tmp", "port") < 0) die("rename");

  long accepted = 0, closed = 0, bytes = 0, reads = 0;
  char buf[16384];
  struct epoll_event events[MAX_EVENTS];
  while (closed < want) {
    int n = epoll_wait(ep, events, MAX_EVENTS, 10000);
    if (n < 0) {
      if (errno == EINTR) continue;
      die("epoll_wait");
    }
    if (n == 0) {
      fprintf(stderr, "echo_server: idle for 10 s with %ld of %ld connections done\n", closed, want);
      return 3;
    }
    for (int i = 0; i < n; i++) {
      int fd = events[i].data.fd;
      if (fd == ls) {
        for (;;) {
          int c = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
          if (c < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            die("accept4");
          }
          struct epoll_event cev = {.events = EPOLLIN | EPOLLRDHUP, .data.fd = c};
          if (epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev) < 0) die("epoll_ctl client");
          accepted++;
        }
        continue;
      }
      ssize_t r = read(fd, buf, sizeof buf);
      if (r > 0) {
        reads++;
        bytes += r;
        if (write_all(fd, buf, r) < 0) die("write");
      } else if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
        epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
        close(fd);
        closed++;
      }
    }
  }
  printf("served %ld connections, %ld bytes echoed\n", accepted, bytes);
  fprintf(stderr, "echo_server: %ld reads\n", reads);
  return 0;
}
