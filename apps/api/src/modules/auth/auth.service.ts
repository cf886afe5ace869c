import { checkPassword } from "@reseller/domain";
import { IsNull, type EntityManager } from "typeorm";
import { type AppDeps, type ViewerIdentity, toViewerIdentity } from "../../context.js";
import { ApiError, unauthenticated, unwrap } from "../../graphql/errors.js";
import { assertNotCommonPassword } from "./password-blocklist.js";
import {
  ActivationTokenEntity,
  ApiKeyEntity,
  PartnerEntity,
  SessionEntity,
  UserEntity,
} from "../../persistence/entities/index.js";
import {
  ACTIVATION_TOKEN_PREFIX,
  ACTIVATION_TTL_MS,
  API_KEY_PREFIX,
  SESSION_TOKEN_PREFIX,
  SESSION_TTL_MS,
  hashSecret,
  isWellFormed,
  newSecret,
} from "./tokens.js";

export interface SignIn {
  token: string;
  expiresAt: Date;
  user: UserEntity;
}

const API_KEY_TOUCH_INTERVAL_MS = 60_000;

/**
 * A bad credential is refused while the context is built, where Apollo answers 500 unless told
 * otherwise; it is the client's fault, so answer 401 as RFC 6750 says.
 */
function credentialRejected(message: string): ApiError {
  const error = unauthenticated(message);
  Object.assign(error.extensions, {
    http: { status: 401, headers: new Map([["www-authenticate", "Bearer"]]) },
  });
  return error;
}

export class AuthService {
  constructor(private readonly deps: AppDeps) {}

  /** Resolves a bearer credential to the caller; an unknown, expired or revoked one is rejected. */
  async authenticate(authorization: string | undefined): Promise<ViewerIdentity | null> {
    if (authorization === undefined || authorization === "") return null;
    const match = /^Bearer ([^\s]+)$/i.exec(authorization);
    const raw = match?.[1];
    if (!raw) throw credentialRejected("The Authorization header must be `Bearer <token>`.");
    if (isWellFormed(raw, SESSION_TOKEN_PREFIX)) return this.fromSession(raw);
    if (isWellFormed(raw, API_KEY_PREFIX)) return this.fromApiKey(raw);
    throw credentialRejected("The token is not valid; sign in again.");
  }

  private async fromSession(raw: string): Promise<ViewerIdentity> {
    // One joined query (findOne with relations would add a second, DISTINCT one).
    const session = await this.deps.dataSource
      .getRepository(SessionEntity)
      .createQueryBuilder("s")
      .innerJoinAndSelect("s.user", "u")
      .leftJoinAndSelect("u.partner", "p")
      .where("s.token_hash = :hash AND s.revoked_at IS NULL", { hash: hashSecret(raw) })
      .getOne();
    const user = session?.user;
    if (!session || !user || session.expiresAt <= this.deps.now() || user.status !== "ACTIVE") {
      throw credentialRejected("The session has expired or ended; sign in again.");
    }
    return toViewerIdentity(user, user.partner ?? null, { kind: "session", id: session.id });
  }

  private async fromApiKey(raw: string): Promise<ViewerIdentity> {
    const key = await this.deps.dataSource
      .getRepository(ApiKeyEntity)
      .createQueryBuilder("k")
      .innerJoinAndSelect("k.user", "u")
      .leftJoinAndSelect("u.partner", "p")
      .where("k.secret_hash = :hash AND k.revoked_at IS NULL", { hash: hashSecret(raw) })
      .getOne();
    const user = key?.user;
    const now = this.deps.now();
    if (!key || !user || user.status !== "ACTIVE")
      throw credentialRejected("The API key is not valid or was revoked.");
    if (key.expiresAt !== null && key.expiresAt <= now)
      throw credentialRejected("The API key has expired.");
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > API_KEY_TOUCH_INTERVAL_MS) {
      await this.deps.tx.run((m) => m.update(ApiKeyEntity, { id: key.id }, { lastUsedAt: now }));
    }
    return toViewerIdentity(user, user.partner ?? null, {
      kind: "apiKey",
      id: key.id,
      scope: key.scope,
    });
  }

  /**
   * `signedIn`: the request also carries a valid token. A sign-in is still charged to the
   * address's anonymous budget, so a session cannot lend its larger budget to guessing.
   */
  async login(email: string, password: string, ip: string, signedIn = false): Promise<SignIn> {
    const normalized = email.trim().toLowerCase();
    if (signedIn) await this.deps.rateLimits.consumeRequest(null, ip);
    // The failure is counted before the check, so parallel guesses cannot all get checked.
    const reservation = await this.deps.rateLimits.reserveLoginAttempt(normalized, ip);
    let user: UserEntity | null;
    let valid: boolean;
    try {
      user =
        normalized.length > 254
          ? null
          : await this.deps.dataSource.getRepository(UserEntity).findOneBy({ email: normalized });
      valid =
        user?.passwordHash && user.status === "ACTIVE" && password.length <= 1024
          ? await this.deps.hasher.verify(user.passwordHash, password)
          : await this.deps.hasher.verifyAgainstNothing(password.slice(0, 1024));
    } catch (error) {
      // Not a wrong password (a full hashing queue, a database error): nothing to count.
      await reservation.cancel();
      throw error;
    }
    if (!user || !valid) throw unauthenticated("The email or password is wrong.");
    await reservation.succeeded();
    return this.deps.tx.run((m) => this.startSession(m, user));
  }

  async startSession(manager: EntityManager, user: UserEntity): Promise<SignIn> {
    const { raw, hash } = newSecret(SESSION_TOKEN_PREFIX);
    const now = this.deps.now();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await manager.insert(SessionEntity, {
      userId: user.id,
      tokenHash: hash,
      createdAt: now,
      expiresAt,
      revokedAt: null,
    });
    await manager.update(UserEntity, { id: user.id }, { lastSignInAt: now });
    return { token: raw, expiresAt, user: Object.assign(user, { lastSignInAt: now }) };
  }

  /** Ends the calling session; an API key is not a session and stays valid. */
  async logout(viewer: ViewerIdentity): Promise<boolean> {
    if (viewer.credential.kind !== "session") return false;
    const sessionId = viewer.credential.id;
    const result = await this.deps.tx.run((m) =>
      m.update(
        SessionEntity,
        { id: sessionId, revokedAt: IsNull() },
        { revokedAt: this.deps.now() },
      ),
    );
    return (result.affected ?? 0) > 0;
  }

  /** Creates the single-use activation token of a PENDING_ACTIVATION user; returns the raw token for the email. */
  async issueActivationToken(manager: EntityManager, userId: number): Promise<string> {
    const { raw, hash } = newSecret(ACTIVATION_TOKEN_PREFIX);
    const expiresAt = new Date(this.deps.now().getTime() + ACTIVATION_TTL_MS);
    await manager.insert(ActivationTokenEntity, {
      userId,
      tokenHash: hash,
      expiresAt,
      usedAt: null,
    });
    return raw;
  }

  activationLink(rawToken: string): string {
    return `${this.deps.config.publicUrl}/activate?token=${encodeURIComponent(rawToken)}`;
  }

  /** The invitation names the partner and who invited, so the recipient knows it is expected. */
  async sendActivationEmail(
    user: {
      email: string;
      name: string | null;
      partnerId?: number | null;
      invitedByUserId?: number | null;
    },
    rawToken: string,
  ): Promise<void> {
    const link = this.activationLink(rawToken);
    try {
      const [partner, inviter] = await Promise.all([
        user.partnerId == null
          ? null
          : this.deps.dataSource.getRepository(PartnerEntity).findOneBy({ id: user.partnerId }),
        user.invitedByUserId == null
          ? null
          : this.deps.dataSource.getRepository(UserEntity).findOneBy({ id: user.invitedByUserId }),
      ]);
      const by = inviter
        ? ` by ${inviter.name ? `${inviter.name} (${inviter.email})` : inviter.email}`
        : "";
      const where = partner ? ` for ${partner.name}` : "";
      await this.deps.mailer.send({
        to: user.email,
        subject: partner
          ? `${partner.name} invites you to Reseller Console`
          : "Activate your Reseller Console account",
        text: `Hello${user.name ? ` ${user.name}` : ""},\n\nYou were invited${by} to Reseller Console${where}. Set your password here (the link works once, for 48 hours):\n\n${link}\n\nIf you did not expect this invitation, ignore this email.\n`,
        link,
      });
    } catch (error) {
      // The user is saved; the operator can see the failure and resend. The mutation still succeeds.
      this.deps.logger.error({ err: error, to: user.email }, "activation email could not be sent");
    }
  }

  async activate(rawToken: string, password: string): Promise<SignIn> {
    const invalid = () =>
      new ApiError(
        "BAD_USER_INPUT",
        "The activation link is invalid, used or expired; ask your administrator for a new one.",
        {
          field: "token",
          reason: "ACTIVATION_TOKEN_INVALID",
        },
      );
    if (!isWellFormed(rawToken, ACTIVATION_TOKEN_PREFIX)) throw invalid();
    const newPassword = unwrap(checkPassword(password, "password"));
    assertNotCommonPassword(newPassword, "password");
    const passwordHash = await this.deps.hasher.hash(newPassword);
    return this.deps.tx.run(async (m) => {
      const now = this.deps.now();
      const token = await m.findOne(ActivationTokenEntity, {
        where: { tokenHash: hashSecret(rawToken), usedAt: IsNull() },
        relations: { user: true },
      });
      if (!token?.user || token.expiresAt <= now || token.user.status !== "PENDING_ACTIVATION")
        throw invalid();
      // Marking the token used in the same transaction makes a replay fail even when it races.
      const claimed = await m.update(
        ActivationTokenEntity,
        { id: token.id, usedAt: IsNull() },
        { usedAt: now },
      );
      if ((claimed.affected ?? 0) !== 1) throw invalid();
      await m.update(UserEntity, { id: token.user.id }, { passwordHash, status: "ACTIVE" });
      const user = await m.findOneByOrFail(UserEntity, { id: token.user.id });
      return this.startSession(m, user);
    });
  }
}
