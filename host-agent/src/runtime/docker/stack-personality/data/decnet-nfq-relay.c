/*
 * decnet-nfq-relay: the only native piece of the stack personality. Run inside a decky's network
 * namespace (nsenter --net), it binds NFQUEUE <queue> there and relays each queued packet to its
 * parent over stdout; the parent (the agent's TypeScript rewriter) answers on stdin with a verdict
 * and, optionally, the rewritten packet. It never looks inside a packet. Exits on stdin EOF (the
 * agent is gone): the rules' --queue-bypass then lets packets through unchanged.
 *
 * Frames, big-endian:  out: u32 id | u16 len | len bytes (IPv4 packet)
 *                       in: u32 id | u8 verdict (0 drop, 1 accept) | u16 len | len bytes (0 = unchanged)
 * Build: gcc -O2 -o decnet-nfq-relay relay.c -lnetfilter_queue   (Debian: libnetfilter-queue-dev)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <linux/netfilter.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_PKT 65535

static unsigned char inbuf[1 << 20];
static size_t inlen;

static int write_all(int fd, const unsigned char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

static int on_packet(struct nfq_q_handle *qh, struct nfgenmsg *msg, struct nfq_data *nfa, void *data) {
  (void)msg;
  (void)data;
  struct nfqnl_msg_packet_hdr *ph = nfq_get_msg_packet_hdr(nfa);
  if (!ph) return 0;
  uint32_t id = ntohl(ph->packet_id);
  unsigned char *payload;
  int len = nfq_get_payload(nfa, &payload);
  if (len < 0 || len > MAX_PKT) return nfq_set_verdict(qh, id, NF_ACCEPT, 0, NULL);
  unsigned char head[6];
  uint32_t nid = htonl(id);
  uint16_t nlen = htons((uint16_t)len);
  memcpy(head, &nid, 4);
  memcpy(head + 4, &nlen, 2);
  if (write_all(1, head, 6) < 0 || write_all(1, payload, (size_t)len) < 0) {
    nfq_set_verdict(qh, id, NF_ACCEPT, 0, NULL);
    exit(0); /* parent gone */
  }
  return 0;
}

/* Applies every complete verdict frame in inbuf; keeps a partial tail. */
static void drain_verdicts(struct nfq_q_handle *qh) {
  size_t off = 0;
  while (inlen - off >= 7) {
    uint32_t id;
    uint16_t len;
    memcpy(&id, inbuf + off, 4);
    memcpy(&len, inbuf + off + 5, 2);
    id = ntohl(id);
    len = ntohs(len);
    if (inlen - off < 7u + len) break;
    unsigned verdict = inbuf[off + 4] ? NF_ACCEPT : NF_DROP;
    nfq_set_verdict(qh, id, verdict, len, len ? inbuf + off + 7 : NULL);
    off += 7u + len;
  }
  memmove(inbuf, inbuf + off, inlen - off);
  inlen -= off;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: decnet-nfq-relay <queue-num>\n");
    return 2;
  }
  int qnum = atoi(argv[1]);
  struct nfq_handle *h = nfq_open();
  if (!h) {
    perror("nfq_open");
    return 1;
  }
  struct nfq_q_handle *qh = nfq_create_queue(h, (uint16_t)qnum, &on_packet, NULL);
  if (!qh) {
    perror("nfq_create_queue");
    return 1;
  }
  if (nfq_set_mode(qh, NFQNL_COPY_PACKET, MAX_PKT) < 0) {
    perror("nfq_set_mode");
    return 1;
  }
  nfq_set_queue_maxlen(qh, 4096);
  /* A full queue lets packets through instead of dropping them. */
  nfq_set_queue_flags(qh, NFQA_CFG_F_FAIL_OPEN, NFQA_CFG_F_FAIL_OPEN);
  int fd = nfq_fd(h);
  static char buf[MAX_PKT + 4096] __attribute__((aligned));
  fprintf(stderr, "ready\n");
  struct pollfd fds[2] = {{.fd = fd, .events = POLLIN}, {.fd = 0, .events = POLLIN}};
  for (;;) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return 1;
    }
    if (fds[0].revents & POLLIN) {
      ssize_t rv = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
      if (rv > 0) nfq_handle_packet(h, buf, (int)rv);
      /* ENOBUFS: the kernel dropped notifications; fail-open already let those packets pass */
    }
    if (fds[1].revents & (POLLIN | POLLHUP)) {
      ssize_t r = read(0, inbuf + inlen, sizeof inbuf - inlen);
      if (r == 0) break;
      if (r < 0) {
        if (errno == EINTR) continue;
        break;
      }
      inlen += (size_t)r;
      drain_verdicts(qh);
    }
  }
  nfq_destroy_queue(qh);
  nfq_close(h);
  return 0;
}
