/* The high-interaction container's /lib/systemd/systemd (and /sbin/init): one static binary, so what an
 * intruder sees (`ps`, /proc/1/cmdline, /proc/<pid>/exe) looks like Debian 12's systemd (issue 18).
 *  - PID 1: reaps every process and runs the supervisor (which names itself systemd-journald).
 *  - `systemd --user <log base> <path> <argv0> [args]`: the session recorder. The process itself becomes
 *    <path> (the login shell, or /bin/login for telnet) on a new pty, so it stays the direct child of
 *    sshd/telnetd; a detached grandchild, under PID 1 and titled `/lib/systemd/systemd --user` (as the
 *    user manager of a real login is), relays between the old terminal and the new pty and logs output
 *    (<base>.o) and keystrokes (<base>.i) for the supervisor.
 *  - otherwise: what systemd prints when it is not PID 1. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static char *const SUPERVISOR[] = {"/usr/lib/openssh/sshd-monitor", "/usr/lib/openssh/sshd-monitor.mjs", NULL};
static const char VERSION[] = "systemd 252 (252.39-1~deb12u1)\n+PAM +AUDIT +SELINUX +APPARMOR +IMA +SMACK +SECCOMP +GCRYPT -GNUTLS +OPENSSL +ACL +BLKID +CURL +ELFUTILS +FIDO2 +IDN2 -IDN +IPTC +KMOD +LIBCRYPTSETUP +LIBFDISK +PCRE2 -PWQUALITY +P11KIT +QRENCODE +TPM2 +BZIP2 +LZ4 +XZ +ZLIB +ZSTD -BPF_FRAMEWORK -XKBCOMMON +UTMP +SYSVINIT default-hierarchy=unified\n";

/* Rewrites the process's argv area (what /proc/<pid>/cmdline shows) to `title` (NUL-separated words). */
static void retitle(int argc, char **argv, const char *title, size_t len) {
  char *start = argv[0], *end = argv[argc - 1] + strlen(argv[argc - 1]) + 1;
  size_t room = (size_t)(end - start);
  memset(start, 0, room);
  memcpy(start, title, len < room ? len : room - 1);
}

static int init_main(void) {
  prctl(PR_SET_NAME, "systemd");
  /* PID 1's own environment (readable in /proc/1/environ) becomes the kernel's usual one. */
  extern char **environ;
  if (environ && environ[0]) {
    char *s = environ[0], *e = s;
    for (char **p = environ; *p; p++) e = *p + strlen(*p) + 1;
    memset(s, 0, (size_t)(e - s));
    static const char env[] = "HOME=/\0TERM=linux";
    if ((size_t)(e - s) > sizeof env) memcpy(s, env, sizeof env);
  }
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  sigprocmask(SIG_BLOCK, &set, NULL);
  pid_t sup = fork();
  if (sup == 0) {
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    setsid();
    char *envp[] = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8", NULL};
    execve(SUPERVISOR[0], SUPERVISOR, envp);
    _exit(127);
  }
  for (;;) {
    int sig;
    if (sigwait(&set, &sig) != 0) continue;
    if (sig != SIGCHLD) {
      if (sup > 0) kill(sup, SIGTERM);
      continue;
    }
    int st;
    pid_t p;
    while ((p = waitpid(-1, &st, WNOHANG)) > 0)
      if (p == sup) return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  }
}

static int write_all(int fd, const char *b, ssize_t n) {
  while (n > 0) {
    ssize_t w = write(fd, b, (size_t)n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return -1;
    b += w;
    n -= w;
  }
  return 0;
}

/* The relay: terminal (fds 0/1, already raw) <-> pty master, both directions logged; ends when either
 * side ends, then gives the terminal back its modes. */
static void relay(int master, int log_o, int log_i, const struct termios *saved) {
  struct winsize last = {0}, now;
  ioctl(0, TIOCGWINSZ, &last);
  char buf[16384];
  struct pollfd fds[2] = {{.fd = 0, .events = POLLIN}, {.fd = master, .events = POLLIN}};
  for (;;) {
    int r = poll(fds, 2, 500);
    if (r < 0 && errno != EINTR) break;
    /* sshd/telnetd resize the old terminal; nobody gets its SIGWINCH now, so the size is polled. */
    if (ioctl(0, TIOCGWINSZ, &now) == 0 && (now.ws_row != last.ws_row || now.ws_col != last.ws_col)) {
      last = now;
      ioctl(master, TIOCSWINSZ, &now);
    }
    if (r <= 0) continue;
    if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = read(master, buf, sizeof buf);
      if (n <= 0 && !(n < 0 && errno == EINTR)) break; /* EIO: the session's last process closed the pty */
      if (n > 0 && (write_all(1, buf, n) < 0 || write_all(log_o, buf, n) < 0)) break;
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = read(0, buf, sizeof buf);
      if (n <= 0 && !(n < 0 && errno == EINTR)) break; /* the connection is gone: closing the master hangs up the shell */
      if (n > 0 && (write_all(master, buf, n) < 0 || write_all(log_i, buf, n) < 0)) break;
    }
  }
  tcsetattr(0, TCSANOW, saved);
}

static int rec_main(int argc, char **argv) {
  const char *base = argv[2], *path = argv[3];
  char **cmd = argv + 4;
  struct winsize ws;
  int have_ws = ioctl(0, TIOCGWINSZ, &ws) == 0;
  struct termios t;
  int master, slave;
  char name[128], po[4096], pi[4096];
  if (!isatty(0) || tcgetattr(0, &t) != 0 || openpty(&master, &slave, name, &t, have_ws ? &ws : NULL) != 0) goto run;
  snprintf(po, sizeof po, "%s.o", base);
  snprintf(pi, sizeof pi, "%s.i", base);
  int log_o = open(po, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  int log_i = open(pi, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (log_o < 0 || log_i < 0) {
    close(master);
    close(slave);
    goto run;
  }
  int ready[2];
  if (pipe2(ready, O_CLOEXEC) != 0) goto run;
  /* The old terminal goes raw now: the new pty echoes (a cooked old one would echo typed-ahead input twice). */
  struct termios raw = t;
  cfmakeraw(&raw);
  tcsetattr(0, TCSANOW, &raw);
  pid_t c = fork();
  if (c < 0) {
    tcsetattr(0, TCSANOW, &t);
    goto run;
  }
  if (c == 0) {
    if (fork() != 0) _exit(0); /* the relay is reparented to PID 1, out of the session's tree */
    setsid();
    signal(SIGHUP, SIG_IGN);
    close(slave);
    close(ready[0]);
    /* Out of the old session now: the hangup below cannot reach it. */
    write_all(ready[1], "1", 1);
    close(ready[1]);
    static const char title[] = "/lib/systemd/systemd\0--user";
    retitle(argc, argv, title, sizeof title);
    prctl(PR_SET_NAME, "systemd");
    relay(master, log_o, log_i, &t);
    _exit(0);
  }
  waitpid(c, NULL, 0);
  close(ready[1]);
  char one;
  while (read(ready[0], &one, 1) < 0 && errno == EINTR) {
  }
  close(ready[0]);
  close(master);
  close(log_o);
  close(log_i);
  /* Leave the old terminal (its session leader would be hung up: ignored for the moment), take the new one. */
  signal(SIGHUP, SIG_IGN);
  ioctl(0, TIOCNOTTY);
  signal(SIGHUP, SIG_DFL);
  if (ioctl(slave, TIOCSCTTY, 0) != 0 && setsid() >= 0) ioctl(slave, TIOCSCTTY, 0);
  dup2(slave, 0);
  dup2(slave, 1);
  dup2(slave, 2);
  if (slave > 2) close(slave);
  if (getenv("SSH_TTY")) setenv("SSH_TTY", name, 1);
run:
  execv(path, cmd);
  return 127;
}

int main(int argc, char **argv) {
  if (getpid() == 1) return init_main();
  if (argc >= 5 && strcmp(argv[1], "--user") == 0) return rec_main(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
    fputs(VERSION, stdout);
    return 0;
  }
  fputs("Trying to run as user instance, but the system has not been booted with systemd.\n", stderr);
  return 1;
}
