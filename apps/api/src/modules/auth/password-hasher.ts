import argon2 from "argon2";
import { Semaphore } from "async-mutex";
import { rateLimited } from "./rate-limits.js";

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
 * keeps a burst of logins from exhausting memory or starving every other request. The queue
 * in front of the slots is bounded too: past it a caller is refused at once (RATE_LIMITED)
 * rather than left waiting for seconds behind a flood.
 */
export class PasswordHasher {
  private readonly slots: Semaphore;
  private waiting = 0;
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly maxConcurrent = 2,
    private readonly maxQueued = 32,
  ) {
    this.slots = new Semaphore(maxConcurrent);
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.slots.getValue() <= 0 && this.waiting >= this.maxQueued)
      throw rateLimited("sign-ins being checked at once", 1000);
    this.waiting += 1;
    let release: () => void;
    try {
      [, release] = await this.slots.acquire();
    } finally {
      this.waiting -= 1;
    }
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Password computations running or waiting now (tests read it). */
  get load(): { running: number; waiting: number } {
    return {
      running: this.maxConcurrent - Math.max(0, this.slots.getValue()),
      waiting: this.waiting,
    };
  }

  hash(password: string): Promise<string> {
    return this.run(async () => canonicalPhc(await argon2.hash(password, ARGON2_OPTIONS)));
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.run(() => argon2.verify(hash, password));
  }

  /** Spends the same time as a real check, so a wrong email and a wrong password look alike. */
  async verifyAgainstNothing(password: string): Promise<false> {
    // A refusal (queue full) must not be kept as the dummy hash.
    this.dummyHash ??= this.hash("not-a-real-password-for-timing").catch((error: unknown) => {
      this.dummyHash = null;
      throw error;
    });
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
