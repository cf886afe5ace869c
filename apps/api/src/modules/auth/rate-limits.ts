import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
} from "rate-limiter-flexible";
import { type DataSource } from "typeorm";
import { ApiError } from "../../graphql/errors.js";

export interface RateLimitSettings {
  /** Failed logins allowed per account and IP in the window (security.md: 5 per 15 min). */
  loginFailures: number;
  /** Failed logins per IP whatever the account (credential stuffing from one address). */
  loginFailuresPerIp: number;
  /** Failed logins per account whatever the address (guessing spread over many addresses). */
  loginFailuresPerAccount: number;
  loginWindowSeconds: number;
  /** GraphQL requests per minute: anonymous per IP, authenticated per user. */
  anonymousPerMinute: number;
  authenticatedPerMinute: number;
  /** Report uploads per hour: per user, and per Parent (all its users and keys together). */
  uploadsPerHourPerUser: number;
  uploadsPerHourPerParent: number;
  /** Password checks waiting for a hashing slot; one more answers RATE_LIMITED at once. */
  passwordHashQueue: number;
}

/** Sized for a console (people) and an integration (an API key polling now and then). */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  loginFailures: 5,
  loginFailuresPerIp: 50,
  loginFailuresPerAccount: 50,
  loginWindowSeconds: 15 * 60,
  anonymousPerMinute: 60,
  authenticatedPerMinute: 300,
  uploadsPerHourPerUser: 30,
  uploadsPerHourPerParent: 60,
  passwordHashQueue: 32,
};

/** The PostgreSQL table the shared limiters count in (created by the RateLimits migration). */
export const RATE_LIMIT_TABLE = "rate_limit";

export function rateLimited(what: string, msBeforeNext: number): ApiError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const error = new ApiError(
    "RATE_LIMITED",
    `Too many ${what}; try again in ${retryAfterSeconds} s.`,
    {
      retryAfterSeconds,
    },
  );
  Object.assign(error.extensions, {
    http: { status: 429, headers: new Map([["retry-after", String(retryAfterSeconds)]]) },
  });
  return error;
}

/** What a login holds while its password is checked: a failure already counted. */
export interface LoginReservation {
  /** The password was right: the counted failure is taken back (and the account+IP count reset). */
  succeeded(): Promise<void>;
  /** The check did not happen (the hashing queue was full): nothing is counted. */
  cancel(): Promise<void>;
}

/**
 * The API's limiters. On PostgreSQL they count in one shared table, so every API process sees
 * the same counts; on SQLite (one process) they count in memory.
 */
export class RateLimits {
  private readonly loginPair: RateLimiterAbstract;
  private readonly loginIp: RateLimiterAbstract;
  private readonly loginAccount: RateLimiterAbstract;
  private readonly anonymous: RateLimiterAbstract;
  private readonly authenticated: RateLimiterAbstract;
  private readonly uploadsUser: RateLimiterAbstract;
  private readonly uploadsParent: RateLimiterAbstract;

  constructor(
    readonly settings: RateLimitSettings = DEFAULT_RATE_LIMITS,
    shared: DataSource | null = null,
  ) {
    const limiter = (keyPrefix: string, points: number, duration: number) =>
      shared
        ? new RateLimiterPostgres({
            storeClient: shared,
            storeType: "typeorm",
            tableName: RATE_LIMIT_TABLE,
            tableCreated: true,
            keyPrefix,
            points,
            duration,
          })
        : new RateLimiterMemory({ keyPrefix, points, duration });
    const window = settings.loginWindowSeconds;
    this.loginPair = limiter("login", settings.loginFailures, window);
    this.loginIp = limiter("login-ip", settings.loginFailuresPerIp, window);
    this.loginAccount = limiter("login-account", settings.loginFailuresPerAccount, window);
    this.anonymous = limiter("anon", settings.anonymousPerMinute, 60);
    this.authenticated = limiter("user", settings.authenticatedPerMinute, 60);
    this.uploadsUser = limiter("upload-user", settings.uploadsPerHourPerUser, 3600);
    this.uploadsParent = limiter("upload-parent", settings.uploadsPerHourPerParent, 3600);
  }

  /**
   * Takes one point from each limiter in turn, or none: a refusal gives back what was taken, so
   * a locked account does not also use up its address's budget.
   */
  private async consumeAll(
    what: string,
    entries: readonly (readonly [RateLimiterAbstract, string])[],
  ): Promise<void> {
    const taken: (readonly [RateLimiterAbstract, string])[] = [];
    for (const entry of entries) {
      try {
        await entry[0].consume(entry[1]);
        taken.push(entry);
      } catch (rejection) {
        await Promise.all(taken.map(([limiter, key]) => limiter.reward(key, 1)));
        if (rejection instanceof RateLimiterRes) throw rateLimited(what, rejection.msBeforeNext);
        throw rejection;
      }
    }
  }

  /**
   * Counts a failure before the password is checked, atomically in the store: of N parallel
   * guesses at most the limit get checked, as each must win a point first.
   */
  async reserveLoginAttempt(email: string, ip: string): Promise<LoginReservation> {
    const account = email.trim().toLowerCase();
    const pair = `${account}|${ip}`;
    await this.consumeAll("failed sign-ins", [
      [this.loginPair, pair],
      [this.loginAccount, account],
      [this.loginIp, ip],
    ]);
    const giveBack = () =>
      Promise.all([this.loginAccount.reward(account, 1), this.loginIp.reward(ip, 1)]);
    return {
      succeeded: async () => {
        await Promise.all([this.loginPair.delete(pair), giveBack()]);
      },
      cancel: async () => {
        await Promise.all([this.loginPair.reward(pair, 1), giveBack()]);
      },
    };
  }

  async consumeRequest(userId: number | null, ip: string): Promise<void> {
    await this.consumeAll("requests", [
      userId === null ? [this.anonymous, ip] : [this.authenticated, `user:${userId}`],
    ]);
  }

  /** One upload by this user for this Parent: both budgets must have a point left. */
  async consumeUpload(userId: number, parentPartnerId: number): Promise<void> {
    await this.consumeAll("uploads", [
      [this.uploadsUser, String(userId)],
      [this.uploadsParent, String(parentPartnerId)],
    ]);
  }
}
