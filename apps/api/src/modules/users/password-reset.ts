import { RateLimiterMemory, type RateLimiterRes } from "rate-limiter-flexible";
import { ApiError } from "../../graphql/errors.js";

/** Reset links are short-lived (OWASP Forgot Password: minutes, not days) and used once. */
export const RESET_TOKEN_PREFIX = "rcr_";
export const RESET_TTL_MS = 30 * 60 * 1000;

export interface ForgotPasswordLimitSettings {
  /** Reset requests per IP in the window: over it, RATE_LIMITED (says nothing about the email). */
  perIp: number;
  /** Emails sent per address in the window: over it, the request still answers true but sends nothing. */
  perEmail: number;
  windowSeconds: number;
}

export const DEFAULT_FORGOT_PASSWORD_LIMITS: ForgotPasswordLimitSettings = {
  perIp: 10,
  perEmail: 3,
  windowSeconds: 60 * 60,
};

/** Its own limiter: forgot-password must neither ride nor drain the sign-in lock's counts. */
export class ForgotPasswordLimiter {
  private readonly byIp: RateLimiterMemory;
  private readonly byEmail: RateLimiterMemory;

  constructor(settings: ForgotPasswordLimitSettings = DEFAULT_FORGOT_PASSWORD_LIMITS) {
    this.byIp = new RateLimiterMemory({ points: settings.perIp, duration: settings.windowSeconds });
    this.byEmail = new RateLimiterMemory({
      points: settings.perEmail,
      duration: settings.windowSeconds,
    });
  }

  async consumeIp(ip: string): Promise<void> {
    try {
      await this.byIp.consume(ip);
    } catch (rejection) {
      const res = rejection as RateLimiterRes;
      if (typeof res?.msBeforeNext !== "number") throw rejection;
      const retryAfterSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      const error = new ApiError(
        "RATE_LIMITED",
        `Too many password reset requests; try again in ${retryAfterSeconds} s.`,
        { retryAfterSeconds },
      );
      Object.assign(error.extensions, {
        http: { status: 429, headers: new Map([["retry-after", String(retryAfterSeconds)]]) },
      });
      throw error;
    }
  }

  /** Whether another email may go to this address now. */
  async allowEmail(email: string): Promise<boolean> {
    try {
      await this.byEmail.consume(email);
      return true;
    } catch {
      return false;
    }
  }
}
