#!/bin/bash
# telnetd's login program (inetd.conf: telnetd -E /usr/lib/telnetlogin): becomes /bin/login on a new pty
# through the recorder (/lib/systemd/systemd --user, hi-init.c), whose output and keystroke logs the
# monitor turns into the session's recording once login succeeds (before that they hold the password,
# which is never recorded). The attacker's address is read from
# telnetd's socket (fd 0 of our parent) so login gets `-h` as with telnetd's default invocation.
note() { [ -p /run/sshd-audit ] && printf '%s\n' "$1" > /run/sshd-audit 2>/dev/null; }
ip=
ino=$(readlink "/proc/$PPID/fd/0" 2>/dev/null); ino=${ino#socket:\[}; ino=${ino%\]}
if [[ "$ino" =~ ^[0-9]+$ ]]; then
  while read -r _ _ rem _ _ _ _ _ _ i _; do
    if [ "$i" = "$ino" ] && [[ "${rem%:*}" =~ ^[0-9A-F]{8}$ ]]; then
      h=${rem%:*}; ip=$((16#${h:6:2})).$((16#${h:4:2})).$((16#${h:2:2})).$((16#${h:0:2})); break
    fi
  done < /proc/net/tcp
fi
login=(/bin/login -p); [ -n "$ip" ] && login+=(-h "$ip")
# login -p keeps the environment: nothing of this script's may reach the session.
export -n SHLVL
if [ ! -d /run/sshd-rec ]; then exec "${login[@]}"; fi
size=$(stty size 2>/dev/null); [[ "$size" =~ ^[0-9]+\ [0-9]+$ ]] || size="0 0"
id="${EPOCHREALTIME/./}$$"
f=$(printf '%.64s' "${TERM:-}" | base64 -w0)
note "tstart $$ $id ${size#* } ${size% *} ${f:--}"
exec /lib/systemd/systemd --user "/run/sshd-rec/$id" /bin/login "${login[@]}"
