#!/bin/bash
# sshd ForceCommand: a command (ssh host cmd, scp, sftp) is reported and run by the user's shell; an
# interactive login runs the login shell under script(1), whose output and keystroke logs the monitor
# turns into the session's recording. Reports go to the monitor's FIFO, fields base64 ("-" if empty).
b64() { local v; v=$(printf '%s' "$1" | head -c "$2" | base64 -w0); printf '%s' "${v:--}"; }
note() { [ -p /run/sshd-audit ] && timeout 2 bash -c 'printf "%s\n" "$1" > /run/sshd-audit' _ "$1" 2>/dev/null; }
sh="${SHELL:-/bin/bash}"
user=$(b64 "$(id -un)" 64)
client=$(b64 "$SSH_CLIENT" 128)
if [ -n "$SSH_ORIGINAL_COMMAND" ]; then
  note "exec $$ $user $client $(b64 "$SSH_ORIGINAL_COMMAND" 2048)"
  exec "$sh" -c "$SSH_ORIGINAL_COMMAND"
fi
if [ ! -t 0 ] || [ ! -d /run/sshd-rec ]; then exec -a "-${sh##*/}" "$sh"; fi
size=$(stty size 2>/dev/null); [[ "$size" =~ ^[0-9]+\ [0-9]+$ ]] || size="24 80"
id="$(date +%s%N)$$"
note "start $$ $id $user $client $(b64 "$TERM" 64) ${size#* } ${size% *}"
umask 077
exec script -q -f -E never -O "/run/sshd-rec/$id.o" -I "/run/sshd-rec/$id.i" -c "exec -a -${sh##*/} $sh"
