// Reading JSON columns back: a malformed value (never written by us, but never trusted either)
// reads as empty instead of failing the request.
export function jsonArray<T = string>(text: string | null | undefined): T[] {
  try {
    const v: unknown = JSON.parse(text ?? '[]');
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}
