// Typed INI error with a 1-based line number, thrown by the INI lexer and the fleet loader.

export type IniErrorCode =
  | 'too_large'
  | 'no_sections'
  | 'syntax'
  | 'key_outside_section'
  | 'duplicate_section'
  | 'duplicate_key'
  | 'bad_value'
  | 'unknown_archetype'
  | 'unknown_service'
  | 'bad_name'
  | 'duplicate_decky'
  | 'duplicate_ip';

export class IniError extends Error {
  override readonly name = 'IniError';
  constructor(
    readonly code: IniErrorCode,
    /** 1-based line the problem is on. */
    readonly line: number,
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`);
  }
}

export interface IniWarning {
  line: number;
  message: string;
}
