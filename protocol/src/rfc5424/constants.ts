// RFC 5424 constants and the size bounds DECNET uses (syslog_bridge.py) plus our own caps.
// One place so the formatter, the parser and the event schema agree.

/** Facility local0 (RFC 5424 §6.2.1, table 1): PRI = 16 * 8 + severity. */
export const FACILITY_LOCAL0 = 16;

/** SD-ID of DECNET's single SD-ELEMENT (private enterprise number 55555). */
export const DECNET_SD_ID = 'relay@55555';

export const NILVALUE = '-';

/** RFC 5424 §6.2.1 table 2. */
export const Severity = {
  emerg: 0,
  alert: 1,
  crit: 2,
  err: 3,
  warning: 4,
  notice: 5,
  info: 6,
  debug: 7,
} as const;
export type SeverityName = keyof typeof Severity;
export type SeverityLevel = (typeof Severity)[SeverityName];

export const SYSLOG_LIMITS = {
  /** RFC 5424 §6.2.4 and DECNET _MAX_HOSTNAME. */
  hostnameMaxChars: 255,
  /** RFC 5424 §6.2.5 and DECNET _MAX_APPNAME. */
  appNameMaxChars: 48,
  /** RFC 5424 §6.2.6. */
  procIdMaxChars: 128,
  /** RFC 5424 §6.2.7 and DECNET _MAX_MSGID. */
  msgidMaxChars: 32,
  /** RFC 5424 §6.3.2/§6.3.3 SD-NAME. */
  sdNameMaxChars: 32,
  /** Ours: attacker-controlled values are capped before escaping. */
  paramValueMaxChars: 4096,
  /** Ours: at most this many SD-PARAMs per line (matches the event schema's field cap). */
  maxParams: 64,
  /** Ours: a formatted line never exceeds this many UTF-8 bytes. */
  lineMaxBytes: 16384,
  /** Ours: MSG keeps at least min(its size, this) bytes when params compete for the line budget. */
  msgReserveBytes: 4096,
  /** Ours: the parser refuses longer input outright (characters, not bytes). */
  parseMaxChars: 65536,
} as const;
