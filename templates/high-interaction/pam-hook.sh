#!/bin/sh
# pam_exec (auth, expose_authtok): one line per password attempt for the monitor: outcome, the sshd
# pid holding the connection, then user, remote host, service and the password, base64 ("-" if empty).
b64() { v=$(head -c "$1" | base64 -w0); printf '%s' "${v:--}"; }
secret=$(head -c 1024 | tr -d '\000' | b64 1024)
user=$(printf '%s' "$PAM_USER" | b64 256)
rhost=$(printf '%s' "$PAM_RHOST" | b64 256)
svc=$(printf '%s' "$PAM_SERVICE" | b64 32)
[ -p /run/sshd-audit ] && timeout 2 sh -c 'printf "%s\n" "$1" > /run/sshd-audit' _ "auth $1 $PPID $user $rhost $svc $secret" 2>/dev/null
exit 0
