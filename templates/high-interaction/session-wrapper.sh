#!/bin/bash
# sshd ForceCommand: a command (ssh host cmd, scp, sftp) is reported and run by the user's shell; an
# interactive login becomes the login shell on a new pty through the recorder (/lib/systemd/systemd
# --user, hi-init.c), whose output and keystroke logs the monitor turns into the session's recording.
# Nothing of this script's shows in the session: no SSH_ORIGINAL_COMMAND, no raised SHLVL. Reports go to
# the monitor's FIFO, text fields NUL-separated in one base64 value (this runs inside every login's latency).
sh="${SHELL:-/bin/bash}"
note() { [ -p /run/sshd-audit ] && printf '%s\n' "$1" > /run/sshd-audit 2>/dev/null; }
if [ -n "$SSH_ORIGINAL_COMMAND" ]; then
  f=$(printf '%.64s\0%.128s\0%.2048s' "$USER" "$SSH_CLIENT" "$SSH_ORIGINAL_COMMAND" | base64 -w0)
  note "exec $$ ${f:--}"
  c=$SSH_ORIGINAL_COMMAND; unset SSH_ORIGINAL_COMMAND; export -n SHLVL
  exec -a "${sh##*/}" "$sh" -c "$c"
fi
export -n SHLVL
if [ ! -t 0 ] || [ ! -d /run/sshd-rec ]; then exec -a "-${sh##*/}" "$sh"; fi
size=$(stty size 2>/dev/null); [[ "$size" =~ ^[0-9]+\ [0-9]+$ ]] || size="24 80"
id="${EPOCHREALTIME/./}$$"
f=$(printf '%.64s\0%.128s\0%.64s' "$USER" "$SSH_CLIENT" "$TERM" | base64 -w0)
note "start $$ $id ${size#* } ${size% *} ${f:--}"
exec /lib/systemd/systemd --user "/run/sshd-rec/$id" "$sh" "-${sh##*/}"
