import argon2 from "argon2";
import { Semaphore } from "async-mutex";

/** OWASP Password Storage Cheat Sheet: Argon2id, m=19 MiB, t=2, p=1. */
export const ARGON2_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/**
 * node-argon2 writes the parameters as m,p,t (ranisalt/node-argon2#559); the PHC string format
 * requires m,t,p, and strict verifiers (libsodium, PHP's password_verify) reject any other order.
 * node-argon2 itself reads either order.
 */
function canonicalPhc(hash: string): string {
  return hash.replace(
    /^(\$argon2(?:id|i|d)\$v=\d+\$)m=(\d+),p=(\d+),t=(\d+)(?=\$)/,
    "$1m=$2,t=$4,p=$3",
  );
}

/**
 * Each hash takes ~19 MiB and tens of milliseconds of CPU; capping how many run at once
 * keeps a burst of logins from exhausting memory or starving every other request.
 */
export class PasswordHasher {
  private readonly slots: Semaphore;
  private dummyHash: Promise<string> | null = null;

  constructor(maxConcurrent = 2) {
    this.slots = new Semaphore(maxConcurrent);
  }

  hash(password: string): Promise<string> {
    return this.slots.runExclusive(async () =>
      canonicalPhc(await argon2.hash(password, ARGON2_OPTIONS)),
    );
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.slots.runExclusive(() => argon2.verify(hash, password));
  }

  /** Spends the same time as a real check, so a wrong email and a wrong password look alike. */
  async verifyAgainstNothing(password: string): Promise<false> {
    this.dummyHash ??= this.hash("not-a-real-password-for-timing");
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
