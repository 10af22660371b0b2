// Address normalisation shared by the runner's sockets: IPv4-mapped IPv6 ("::ffff:10.0.0.5") is
// reported as plain IPv4, as DECNET's collector expects in src_ip.

export function plainIp(addr: string | undefined): string {
  if (!addr) return '0.0.0.0';
  return addr.startsWith('::ffff:') && addr.includes('.') ? addr.slice(7) : addr;
}
