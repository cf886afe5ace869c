import {
  type Role,
  checkPassword,
  checkRoleChange,
  checkUserManagement,
  type ManagedUser,
} from "@reseller/domain";
import { IsNull, Not } from "typeorm";
import { type AppDeps, type ViewerIdentity } from "../../context.js";
import { ApiError, notFound, unwrap } from "../../graphql/errors.js";
import { type Loaders } from "../../loaders/loaders.js";
import {
  ActivationTokenEntity,
  PasswordResetTokenEntity,
  SessionEntity,
  UserEntity,
} from "../../persistence/entities/index.js";
import { type AuthService, type SignIn } from "../auth/auth.service.js";
import { ACTIVATION_TOKEN_PREFIX, hashSecret, isWellFormed, newSecret } from "../auth/tokens.js";
import { toRowId } from "../common/page.js";
import { partnerRefOf } from "../common/visibility.js";
import { ForgotPasswordLimiter, RESET_TOKEN_PREFIX, RESET_TTL_MS } from "./password-reset.js";

/** Administrators manage the users of partners they administer; users manage their own password. */
export class UserAdminService {
  constructor(
    private readonly deps: AppDeps,
    private readonly auth: AuthService,
    private readonly forgotLimiter = new ForgotPasswordLimiter(),
  ) {}

  /**
   * The user behind `id` with what the domain rule needs; an unknown id, an operator (no partner)
   * and a user of a partner the viewer cannot see all read as NOT_FOUND.
   */
  private async managed(
    viewer: ViewerIdentity,
    loaders: Loaders,
    id: string,
  ): Promise<{ user: UserEntity; target: ManagedUser }> {
    const rowId = toRowId(id);
    const user =
      rowId === null
        ? null
        : await this.deps.dataSource.getRepository(UserEntity).findOneBy({ id: rowId });
    const partner = user?.partnerId == null ? null : await loaders.partnerById.load(user.partnerId);
    if (!user || !partner) throw notFound("id", id);
    const target = { id: String(user.id), role: user.role, partner: partnerRefOf(partner) };
    const allowed = checkUserManagement(viewer.actor, target, "id");
    // Word for word what an unknown id gets.
    if (!allowed.ok && allowed.error.code === "NOT_FOUND") throw notFound("id", id);
    unwrap(allowed);
    return { user, target };
  }

  /** Disables a user: its sessions end and its API keys stop at once (authentication checks the status). */
  async disable(viewer: ViewerIdentity, loaders: Loaders, id: string): Promise<UserEntity> {
    const { user } = await this.managed(viewer, loaders, id);
    return this.deps.tx.run(async (m) => {
      const now = this.deps.now();
      await m.update(UserEntity, { id: user.id }, { status: "DISABLED" });
      await m.update(SessionEntity, { userId: user.id, revokedAt: IsNull() }, { revokedAt: now });
      return m.findOneByOrFail(UserEntity, { id: user.id });
    });
  }

  /** Re-enables a user: ACTIVE when it has a password, otherwise back to awaiting activation. */
  async enable(viewer: ViewerIdentity, loaders: Loaders, id: string): Promise<UserEntity> {
    const { user } = await this.managed(viewer, loaders, id);
    if (user.status !== "DISABLED") return user;
    const status = user.passwordHash === null ? "PENDING_ACTIVATION" : "ACTIVE";
    return this.deps.tx.run(async (m) => {
      await m.update(UserEntity, { id: user.id, status: "DISABLED" }, { status });
      return m.findOneByOrFail(UserEntity, { id: user.id });
    });
  }

  async changeRole(
    viewer: ViewerIdentity,
    loaders: Loaders,
    id: string,
    role: Role,
  ): Promise<UserEntity> {
    const { user, target } = await this.managed(viewer, loaders, id);
    unwrap(checkRoleChange(viewer.actor, target, role, "id", "role"));
    return this.deps.tx.run(async (m) => {
      await m.update(UserEntity, { id: user.id }, { role });
      return m.findOneByOrFail(UserEntity, { id: user.id });
    });
  }

  /** A fresh activation link for a user who has not activated; earlier links stop working. */
  async resendInvitation(
    viewer: ViewerIdentity,
    loaders: Loaders,
    id: string,
  ): Promise<UserEntity> {
    const { user } = await this.managed(viewer, loaders, id);
    if (user.status !== "PENDING_ACTIVATION") {
      throw new ApiError(
        "CONFLICT",
        `User ${user.email} has already activated (status ${user.status}); there is no invitation to resend.`,
        { field: "id", value: id, reason: "USER_NOT_PENDING" },
      );
    }
    const token = await this.deps.tx.run(async (m) => {
      await m.update(
        ActivationTokenEntity,
        { userId: user.id, usedAt: IsNull() },
        { usedAt: this.deps.now() },
      );
      await m.update(UserEntity, { id: user.id }, { invitedByUserId: viewer.user.id });
      return this.auth.issueActivationToken(m, user.id);
    });
    const updated = { ...user, invitedByUserId: viewer.user.id };
    await this.auth.sendActivationEmail(updated, token);
    return updated;
  }

  /** The caller's own password; its other sessions end (the one making the call stays). */
  async changePassword(
    viewer: ViewerIdentity,
    currentPassword: string,
    newPassword: string,
  ): Promise<boolean> {
    const password = unwrap(checkPassword(newPassword, "newPassword"));
    const hash = viewer.user.passwordHash;
    const valid =
      hash !== null && currentPassword.length <= 1024
        ? await this.deps.hasher.verify(hash, currentPassword)
        : false;
    if (!valid)
      throw new ApiError("BAD_USER_INPUT", "The current password is wrong.", {
        field: "currentPassword",
        reason: "PASSWORD_WRONG",
      });
    const passwordHash = await this.deps.hasher.hash(password);
    await this.deps.tx.run(async (m) => {
      await m.update(UserEntity, { id: viewer.user.id }, { passwordHash });
      await m.update(
        SessionEntity,
        {
          userId: viewer.user.id,
          revokedAt: IsNull(),
          ...(viewer.credential.kind === "session" ? { id: Not(viewer.credential.id) } : {}),
        },
        { revokedAt: this.deps.now() },
      );
    });
    return true;
  }

  resetLink(rawToken: string): string {
    return `${this.deps.config.publicUrl}/reset-password?token=${encodeURIComponent(rawToken)}`;
  }

  /**
   * Always answers the same, whether the email exists or not; the email goes out after the
   * answer so its time does not tell either.
   */
  async requestPasswordReset(rawEmail: string, ip: string): Promise<boolean> {
    await this.forgotLimiter.consumeIp(ip);
    const email = rawEmail.trim().toLowerCase();
    if (email.length === 0 || email.length > 254) return true;
    const user = await this.deps.dataSource.getRepository(UserEntity).findOneBy({ email });
    if (!user || user.status !== "ACTIVE") return true;
    if (!(await this.forgotLimiter.allowEmail(email))) return true;
    const { raw, hash } = newSecret(RESET_TOKEN_PREFIX);
    await this.deps.tx.run((m) =>
      m.insert(PasswordResetTokenEntity, {
        userId: user.id,
        tokenHash: hash,
        expiresAt: new Date(this.deps.now().getTime() + RESET_TTL_MS),
        usedAt: null,
      }),
    );
    const link = this.resetLink(raw);
    void this.deps.mailer
      .send({
        to: user.email,
        subject: "Reset your Reseller Console password",
        text: `Hello${user.name ? ` ${user.name}` : ""},\n\nSomeone (hopefully you) asked to reset the password of your Reseller Console account. Choose a new password here (the link works once, for 30 minutes):\n\n${link}\n\nIf you did not ask, ignore this email: your password stays as it is.\n`,
        link,
      })
      .catch((error: unknown) =>
        this.deps.logger.error({ err: error, to: user.email }, "reset email could not be sent"),
      );
    return true;
  }

  /** Sets a new password from an emailed reset token (once); every session and other reset link ends. */
  async resetPassword(rawToken: string, password: string): Promise<SignIn> {
    const invalid = () =>
      new ApiError(
        "BAD_USER_INPUT",
        "The reset link is invalid, used or expired; ask for a new one.",
        { field: "token", reason: "RESET_TOKEN_INVALID" },
      );
    if (!isWellFormed(rawToken, RESET_TOKEN_PREFIX)) throw invalid();
    const newPassword = unwrap(checkPassword(password, "password"));
    const passwordHash = await this.deps.hasher.hash(newPassword);
    return this.deps.tx.run(async (m) => {
      const now = this.deps.now();
      const token = await m.findOne(PasswordResetTokenEntity, {
        where: { tokenHash: hashSecret(rawToken), usedAt: IsNull() },
        relations: { user: true },
      });
      if (!token?.user || token.expiresAt <= now || token.user.status !== "ACTIVE") throw invalid();
      // Claiming the token inside the transaction makes a racing replay fail.
      const claimed = await m.update(
        PasswordResetTokenEntity,
        { id: token.id, usedAt: IsNull() },
        { usedAt: now },
      );
      if ((claimed.affected ?? 0) !== 1) throw invalid();
      await m.update(
        PasswordResetTokenEntity,
        { userId: token.user.id, usedAt: IsNull() },
        { usedAt: now },
      );
      await m.update(UserEntity, { id: token.user.id }, { passwordHash });
      await m.update(
        SessionEntity,
        { userId: token.user.id, revokedAt: IsNull() },
        { revokedAt: now },
      );
      const user = await m.findOneByOrFail(UserEntity, { id: token.user.id });
      return this.auth.startSession(m, user);
    });
  }

  /** For the activation page: who is invited, to which partner, by whom; null for a dead link. */
  async invitation(
    rawToken: string,
  ): Promise<{ email: string; partnerName: string | null; invitedBy: string | null } | null> {
    if (!isWellFormed(rawToken, ACTIVATION_TOKEN_PREFIX)) return null;
    const token = await this.deps.dataSource.getRepository(ActivationTokenEntity).findOne({
      where: { tokenHash: hashSecret(rawToken), usedAt: IsNull() },
      relations: { user: { partner: true } },
    });
    const user = token?.user;
    if (
      !token ||
      !user ||
      token.expiresAt <= this.deps.now() ||
      user.status !== "PENDING_ACTIVATION"
    )
      return null;
    const inviter =
      user.invitedByUserId === null
        ? null
        : await this.deps.dataSource
            .getRepository(UserEntity)
            .findOneBy({ id: user.invitedByUserId });
    return {
      email: user.email,
      partnerName: user.partner?.name ?? null,
      invitedBy: inviter ? (inviter.name ?? inviter.email) : null,
    };
  }
}
