/* sockets: sendmsg/recvmsg with several iovecs, msg_name on UDP, MSG_TRUNC,
 * and an SCM_RIGHTS descriptor passed over a unix socket. */
#include "wali_test.h"
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>

int main(void) {
  int sv[2];
  CHECK_SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));

  /* Gather three pieces into one stream write; scatter into two buffers. */
  char p1[] = "head:", p2[] = "body:", p3[] = "tail";
  struct iovec out[3] = {{p1, 5}, {p2, 5}, {p3, 4}};
  struct msghdr mh;
  memset(&mh, 0, sizeof mh);
  mh.msg_iov = out;
  mh.msg_iovlen = 3;
  CHECK_EQ(sendmsg(sv[0], &mh, 0), 14);
  char a[6] = {0}, b[16] = {0};
  struct iovec in[2] = {{a, 5}, {b, sizeof b - 1}};
  memset(&mh, 0, sizeof mh);
  mh.msg_iov = in;
  mh.msg_iovlen = 2;
  CHECK_EQ(recvmsg(sv[1], &mh, 0), 14);
  CHECK_EQ(mh.msg_flags, 0);
  printf("scatter: [%s] [%s]\n", a, b);

  /* SCM_RIGHTS: send a file descriptor; the receiver reads the same file. */
  int fd = open(wt_path("shared"), O_CREAT | O_RDWR, 0600);
  CHECK(fd >= 0);
  wt_write_all(fd, "passed-by-descriptor", 20);
  CHECK_EQ(lseek(fd, 7, SEEK_SET), 7);
  union {
    struct cmsghdr align;
    char buf[CMSG_SPACE(sizeof(int))];
  } ctl;
  memset(&ctl, 0, sizeof ctl);
  char tag = 'F';
  struct iovec tiov = {&tag, 1};
  memset(&mh, 0, sizeof mh);
  mh.msg_iov = &tiov;
  mh.msg_iovlen = 1;
  mh.msg_control = ctl.buf;
  mh.msg_controllen = sizeof ctl.buf;
  struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = SCM_RIGHTS;
  cm->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(cm), &fd, sizeof fd);
  CHECK_EQ(sendmsg(sv[0], &mh, 0), 1);
  CHECK_SYS(close(fd));

  union {
    struct cmsghdr align;
    char buf[CMSG_SPACE(sizeof(int))];
  } rctl;
  memset(&rctl, 0, sizeof rctl);
  char rtag = 0;
  struct iovec riov = {&rtag, 1};
  memset(&mh, 0, sizeof mh);
  mh.msg_iov = &riov;
  mh.msg_iovlen = 1;
  mh.msg_control = rctl.buf;
  mh.msg_controllen = sizeof rctl.buf;
  CHECK_EQ(recvmsg(sv[1], &mh, 0), 1);
  CHECK_EQ(rtag, 'F');
  cm = CMSG_FIRSTHDR(&mh);
  CHECK(cm != NULL);
  CHECK_EQ(cm->cmsg_level, SOL_SOCKET);
  CHECK_EQ(cm->cmsg_type, SCM_RIGHTS);
  CHECK_EQ(cm->cmsg_len, CMSG_LEN(sizeof(int)));
  int got;
  memcpy(&got, CMSG_DATA(cm), sizeof got);
  CHECK(got >= 0);
  /* The received descriptor shares the sender's open file description (offset 7). */
  char text[32] = {0};
  CHECK_EQ(read(got, text, sizeof text - 1), 13);
  printf("via passed fd: %s\n", text);
  CHECK_SYS(close(got));
  CHECK_SYS(close(sv[0]));
  CHECK_SYS(close(sv[1]));

  /* UDP: msg_name carries the destination and the source address. */
  int u1 = socket(AF_INET, SOCK_DGRAM, 0), u2 = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(u1 >= 0 && u2 >= 0);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  CHECK_SYS(bind(u2, (struct sockaddr *)&addr, sizeof addr));
  socklen_t len = sizeof addr;
  CHECK_SYS(getsockname(u2, (struct sockaddr *)&addr, &len));
  char d1[] = "dgram-", d2[] = "parts";
  struct iovec dv[2] = {{d1, 6}, {d2, 5}};
  memset(&mh, 0, sizeof mh);
  mh.msg_name = &addr;
  mh.msg_namelen = sizeof addr;
  mh.msg_iov = dv;
  mh.msg_iovlen = 2;
  CHECK_EQ(sendmsg(u1, &mh, 0), 11);
  struct sockaddr_in from, u1addr;
  len = sizeof u1addr;
  CHECK_SYS(getsockname(u1, (struct sockaddr *)&u1addr, &len));
  char small[4];
  struct iovec sv1 = {small, sizeof small};
  memset(&mh, 0, sizeof mh);
  mh.msg_name = &from;
  mh.msg_namelen = sizeof from;
  mh.msg_iov = &sv1;
  mh.msg_iovlen = 1;
  CHECK_EQ(recvmsg(u2, &mh, 0), 4);
  CHECK(mh.msg_flags & MSG_TRUNC);
  CHECK_EQ(mh.msg_namelen, sizeof from);
  CHECK_EQ(from.sin_port, u1addr.sin_port);
  printf("udp truncated to: %.4s\n", small);
  CHECK_SYS(close(u1));
  CHECK_SYS(close(u2));
  printf("PASS\n");
  return 0;
}
