/** A mistake on the command line: reported without a stack trace. */
export class UsageError extends Error {}

/** Reads integer `--key=value` flags, with defaults; refuses flags nobody asked for, so a typo is not silently ignored. */
export class Flags {
  private readonly used = new Set<string>();

  constructor(private readonly values: Record<string, string>) {}

  int(name: string, fallback: number): number {
    this.used.add(name);
    const raw = this.values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--${name}=${raw}: expected a whole number of at least 0`);
    return n;
  }

  str<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    this.used.add(name);
    const raw = this.values[name] ?? fallback;
    if (!allowed.includes(raw as T)) throw new UsageError(`--${name}=${raw}: expected one of ${allowed.join(', ')}`);
    return raw as T;
  }

  /** Throws if a flag was given that no `int`/`str` call read. */
  checkAllUsed(): void {
    const unknown = Object.keys(this.values).filter((k) => !this.used.has(k));
    if (unknown.length > 0) throw new UsageError(`unknown flag(s): ${unknown.map((k) => `--${k}`).join(', ')}; known: ${[...this.used].map((k) => `--${k}`).join(', ')}`);
  }
}
