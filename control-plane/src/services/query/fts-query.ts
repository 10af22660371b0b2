// The user's free-text `q` as a safe FTS5 query: its words (letters, digits and dots, as the index
// tokenizes them: unicode61 with tokenchars '.') become one quoted phrase whose last token is a
// prefix ("GET /wp-login" -> "GET wp login"*), so no FTS5 syntax from the user is ever interpreted
// and the query cannot fail to parse. Bounded in tokens and length.
import { AppError } from '../../errors';

export const FTS_MAX_TOKENS = 16;
const TOKEN_MAX_CHARS = 64;

/** FTS5 MATCH expression for `q`; 422 when `q` has no letter or digit to search for. */
export function ftsQuery(q: string): string {
  const tokens = (q.normalize('NFKC').match(/[\p{L}\p{N}.]+/gu) ?? []).slice(0, FTS_MAX_TOKENS).map((t) => t.slice(0, TOKEN_MAX_CHARS));
  if (!tokens.some((t) => /[\p{L}\p{N}]/u.test(t))) throw new AppError('validation_failed', 'q must contain a letter or a digit');
  // Tokens hold only letters, digits and dots: nothing inside the quotes can end the phrase.
  return `"${tokens.join(' ')}"*`;
}

/** In-memory equivalent for the live stream: every token appears in `text` (case-insensitive). */
export function ftsMatcher(q: string): (text: string) => boolean {
  const tokens = (q.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}.]+/gu) ?? []).slice(0, FTS_MAX_TOKENS);
  return (text) => {
    const lower = text.toLowerCase();
    return tokens.every((t) => lower.includes(t));
  };
}
