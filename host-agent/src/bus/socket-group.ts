// Group id for the bus socket's group (mode 0660): a number, or a name looked up in /etc/group
// (Node has no getgrnam).
import { readFileSync } from 'node:fs';

export function groupId(group: string, groupFile = '/etc/group'): number {
  if (/^\d+$/.test(group)) return Number(group);
  for (const line of readFileSync(groupFile, 'utf8').split('\n')) {
    const [name, , gid] = line.split(':');
    if (name === group && gid !== undefined && /^\d+$/.test(gid)) return Number(gid);
  }
  throw new Error(`unknown group ${JSON.stringify(group)} for the bus socket`);
}
