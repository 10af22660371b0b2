// Safe string-keyed records built from hostile keys (a key named `__proto__` stays data).

export function setOwn(target: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
