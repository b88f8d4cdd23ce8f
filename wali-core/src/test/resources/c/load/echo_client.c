/*
 * Native load client for echo_server: opens CONNS connections to 127.0.0.1:PORT and sends
 * REQUESTS requests in all, round-robin over the connections, each a 64-byte message naming its
 * connection and sequence number; every reply must come back byte for byte. Prints the count and
 * exits 0 when none was lost or changed, 1 otherwise.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MSG 64

static int read_full(int fd, char *buf, size_t n) {
  while (n > 0) {
    ssize_t r = read(fd, buf, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    buf += r;
    n -= (size_t)r;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: echo_client PORT CONNS REQUESTS\n");
    return 2;
  }
  int port = atoi(argv[1]), conns = atoi(argv[2]);
  long requests = atol(argv[3]);
  int *fds = calloc((size_t)conns, sizeof *fds);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((unsigned short)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (int c = 0; c < conns; c++) {
    fds[c] = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fds[c], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fds[c], (struct sockaddr *)&a, sizeof a) < 0) {
      perror("connect");
      return 1;
    }
  }
  long ok = 0;
  char out[MSG], in[MSG];
  for (long i = 0; i < requests; i++) {
    int c = (int)(i % conns);
    memset(out, '.', MSG);
    snprintf(out, MSG, "conn %d request %ld", c, i);
    out[MSG - 1] = '\n';
    if (write(fds[c], out, MSG) != MSG) {
      perror("write");
      break;
    }
    if (read_full(fds[c], in, MSG) < 0) {
      fprintf(stderr, "echo_client: no reply to request %ld\n", i);
      break;
    }
    if (memcmp(in, out, MSG) != 0) {
      fprintf(stderr, "echo_client: reply to request %ld differs\n", i);
      break;
    }
    ok++;
  }
  for (int c = 0; c < conns; c++) close(fds[c]);
  printf("%ld of %ld requests echoed\n", ok, requests);
  return ok == requests ? 0 : 1;
}
