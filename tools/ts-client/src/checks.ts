/** What the walkthrough expects, said once: a failed expectation stops it with the reason. */
export class WalkthroughFailure extends Error {
  override readonly name = "WalkthroughFailure";
}

export function fail(reason: string): never {
  throw new WalkthroughFailure(reason);
}

export function check(holds: boolean, reason: string): asserts holds {
  if (!holds) {
    fail(reason);
  }
}

export function checkEqual<T>(actual: T, expected: T, what: string): void {
  check(actual === expected, `${what}: expected ${show(expected)}, got ${show(actual)}`);
}

/**
 * A value the walkthrough needs, checked rather than asserted: the document may declare it
 * optional or nullable, and either way its absence here is a failure with a name.
 */
export function present<T>(value: T, what: string): NonNullable<T> {
  if (value === null || value === undefined) {
    fail(`${what}: expected a value, got ${show(value)}`);
  }
  return value;
}

/** Null and absent are the same to a reader of JSON: the document says which it is. */
export function absent(value: unknown, what: string): void {
  check(value === null || value === undefined, `${what}: expected null or absent, got ${show(value)}`);
}

export function show(value: unknown): string {
  return value === undefined ? "undefined" : JSON.stringify(value);
}
