// RESP2 reply encoders and the error texts of the emulated redis-server version (they changed
// between 5.x, 6.x and 7.x; a scanner comparing them against INFO's redis_version must see agreement).

export type Reply = Buffer;

export const ok = (): Reply => Buffer.from('+OK\r\n');
export const status = (s: string): Reply => Buffer.from(`+${s}\r\n`, 'latin1');
export const int = (n: number): Reply => Buffer.from(`:${n}\r\n`);
export const nil = (): Reply => Buffer.from('$-1\r\n');
/** addReplyError: "-ERR " unless the text already starts with an error code after '-'. */
export const err = (s: string): Reply => Buffer.from(s.startsWith('-') ? `${s}\r\n` : `-ERR ${s}\r\n`, 'latin1');

export function bulk(v: string | Uint8Array): Reply {
  const b = typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v);
  return Buffer.concat([Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n')]);
}

export function array(items: Array<Reply>): Reply {
  return Buffer.concat([Buffer.from(`*${items.length}\r\n`), ...items]);
}

export const bulkArray = (items: Array<string | Uint8Array>): Reply => array(items.map(bulk));

/** Major and minor of a "6.0.16"-style version. */
export function versionOf(v: string): { major: number; minor: number } {
  const [major, minor] = v.split('.').map((x) => Number.parseInt(x, 10));
  return { major: Number.isFinite(major) ? (major ?? 7) : 7, minor: Number.isFinite(minor) ? (minor ?? 0) : 0 };
}

/** Bytes shown inside an error, as Redis's %s does (up to a NUL, newlines become spaces). */
function shown(b: Uint8Array, max?: number): string {
  const nul = b.indexOf(0);
  const s = Buffer.from(nul >= 0 ? b.subarray(0, nul) : b).toString('latin1');
  return (max === undefined ? s : s.slice(0, max)).replace(/[\r\n]/g, ' ');
}

export class RedisErrors {
  readonly major: number;
  readonly minor: number;
  constructor(version: string) {
    ({ major: this.major, minor: this.minor } = versionOf(version));
  }

  /** processCommand's reply to a name missing from the command table. */
  unknownCommand(argv: Buffer[]): Reply {
    const name = argv[0] ?? Buffer.alloc(0);
    let args = '';
    for (let i = 1; i < argv.length && args.length < 128; i++) {
      const a = shown(argv[i] ?? Buffer.alloc(0), 128 - args.length);
      args += this.major >= 7 ? `'${a}' ` : `\`${a}\`, `;
    }
    return this.major >= 7
      ? err(`unknown command '${shown(name, 128)}', with args beginning with: ${args}`)
      : err(`unknown command \`${shown(name)}\`, with args beginning with: ${args}`);
  }

  unknownSubcommand(cmd: string, sub: Uint8Array): Reply {
    return this.major >= 7
      ? err(`unknown subcommand '${shown(sub, 128)}'. Try ${cmd.toUpperCase()} HELP.`)
      : err(`Unknown subcommand or wrong number of arguments for '${shown(sub)}'. Try ${cmd.toUpperCase()} HELP.`);
  }

  arity(fullName: string): Reply {
    return err(`wrong number of arguments for '${this.major >= 7 ? fullName : (fullName.split('|')[0] ?? fullName)}' command`);
  }

  noAuth(): Reply {
    return err('-NOAUTH Authentication required.');
  }

  wrongPass(): Reply {
    if (this.major < 6) return err('invalid password');
    return this.major === 6 && this.minor < 2
      ? err('-WRONGPASS invalid username-password pair')
      : err('-WRONGPASS invalid username-password pair or user is disabled.');
  }

  authWithoutPassword(): Reply {
    return this.major < 6
      ? err('Client sent AUTH, but no password is set')
      : err('AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?');
  }
}

export const syntaxError = (): Reply => err('syntax error');
export const notInteger = (): Reply => err('value is not an integer or out of range');
