#!/bin/bash
# pam_exec (auth, expose_authtok): one line per password attempt for the monitor: outcome, the sshd
# pid holding the connection, then user, remote host, service and password NUL-separated in one base64
# value. Few processes on purpose: it runs on every attempt, inside the login's latency.
[ -p /run/sshd-audit ] || exit 0
f=$({ printf '%.256s\0%.256s\0%.32s\0' "$PAM_USER" "$PAM_RHOST" "$PAM_SERVICE"; head -c 1024; } | base64 -w0)
# The monitor holds the FIFO open for reading as long as sshd runs, so this open never blocks.
printf 'auth %s %s %s\n' "$1" "$PPID" "${f:--}" > /run/sshd-audit 2>/dev/null
exit 0
