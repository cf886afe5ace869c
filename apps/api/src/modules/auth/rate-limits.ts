import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { ApiError } from "../../graphql/errors.js";

export interface RateLimitSettings {
  /** Failed logins allowed per account and IP in the window (security.md: 5 per 15 min). */
  loginFailures: number;
  loginWindowSeconds: number;
  /** GraphQL requests per minute: anonymous per IP, authenticated per user. */
  anonymousPerMinute: number;
  authenticatedPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  loginFailures: 5,
  loginWindowSeconds: 15 * 60,
  anonymousPerMinute: 60,
  authenticatedPerMinute: 300,
};

function rateLimited(what: string, res: RateLimiterRes): ApiError {
  const retryAfterSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
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

/**
 * In-process limiters. With several API instances each keeps its own counts, so the
 * effective limit is per instance; a shared store can replace RateLimiterMemory later.
 */
export class RateLimits {
  private readonly loginFailures: RateLimiterMemory;
  private readonly anonymous: RateLimiterMemory;
  private readonly authenticated: RateLimiterMemory;

  constructor(settings: RateLimitSettings = DEFAULT_RATE_LIMITS) {
    this.loginFailures = new RateLimiterMemory({
      points: settings.loginFailures,
      duration: settings.loginWindowSeconds,
    });
    this.anonymous = new RateLimiterMemory({ points: settings.anonymousPerMinute, duration: 60 });
    this.authenticated = new RateLimiterMemory({
      points: settings.authenticatedPerMinute,
      duration: 60,
    });
  }

  private static loginKey(email: string, ip: string): string {
    return `${email.trim().toLowerCase()}|${ip}`;
  }

  /** Throws RATE_LIMITED once the account+IP pair has used up its failed attempts. */
  async assertLoginAllowed(email: string, ip: string): Promise<void> {
    const res = await this.loginFailures.get(RateLimits.loginKey(email, ip));
    if (res && res.consumedPoints >= this.loginFailures.points)
      throw rateLimited("failed sign-ins", res);
  }

  async recordLoginFailure(email: string, ip: string): Promise<void> {
    await this.loginFailures.penalty(RateLimits.loginKey(email, ip), 1);
  }

  async recordLoginSuccess(email: string, ip: string): Promise<void> {
    await this.loginFailures.delete(RateLimits.loginKey(email, ip));
  }

  async consumeRequest(userId: number | null, ip: string): Promise<void> {
    const [limiter, key] =
      userId === null ? [this.anonymous, ip] : [this.authenticated, `user:${userId}`];
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw rateLimited("requests", rejection);
      throw rejection;
    }
  }
}
