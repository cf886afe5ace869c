import { domainError, planUser, type InitialUserPlan } from "@reseller/domain";
import { type EntityManager } from "typeorm";
import { type AppDeps, type ViewerIdentity } from "../../context.js";
import { notFound, toApiError, unwrap } from "../../graphql/errors.js";
import { type Loaders } from "../../loaders/loaders.js";
import { UserEntity } from "../../persistence/entities/index.js";
import { isUniqueViolation } from "../../persistence/unique-violation.js";
import { type AuthService } from "../auth/auth.service.js";
import { assertNotCommonPassword } from "../auth/password-blocklist.js";
import { findVisiblePartner, partnerRefOf } from "../common/visibility.js";
import { type CreateUserInput } from "./user.input.js";

export interface CreatedUser {
  user: UserEntity;
  /** Set when the user must activate: send the email after the transaction commits. */
  activationToken: string | null;
}

export class UserService {
  constructor(
    private readonly deps: AppDeps,
    private readonly auth: AuthService,
  ) {}

  /** Hashes outside the transaction: Argon2 is slow and must not hold the SQLite write lock. */
  async hashFor(plan: InitialUserPlan, passwordField = "input.password"): Promise<string | null> {
    if (plan.password === null) return null;
    assertNotCommonPassword(plan.password, passwordField);
    return this.deps.hasher.hash(plan.password);
  }

  async insert(
    manager: EntityManager,
    plan: InitialUserPlan,
    partnerId: number | null,
    passwordHash: string | null,
    emailField: string,
    invitedByUserId: number | null = null,
  ): Promise<CreatedUser> {
    const taken = () =>
      toApiError(
        domainError("EMAIL_TAKEN", `A user with the email ${plan.email} already exists.`, {
          field: emailField,
          value: plan.email,
        }),
      );
    if (await manager.existsBy(UserEntity, { email: plan.email })) throw taken();
    let user: UserEntity;
    try {
      user = await manager.save(
        manager.create(UserEntity, {
          partnerId,
          email: plan.email,
          name: plan.name,
          role: plan.role,
          status: plan.status,
          passwordHash,
          createdAt: this.deps.now(),
          lastSignInAt: null,
          invitedByUserId,
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw taken();
      throw error;
    }
    const activationToken =
      plan.status === "PENDING_ACTIVATION"
        ? await this.auth.issueActivationToken(manager, user.id)
        : null;
    return { user, activationToken };
  }

  async afterCommit(created: CreatedUser | null): Promise<void> {
    if (created?.activationToken)
      await this.auth.sendActivationEmail(created.user, created.activationToken);
  }

  async create(
    viewer: ViewerIdentity,
    loaders: Loaders,
    input: CreateUserInput,
  ): Promise<UserEntity> {
    const partner = await findVisiblePartner(loaders, viewer.scope, input.partnerId);
    if (!partner) throw notFound("input.partnerId", input.partnerId);
    const plan = unwrap(planUser(viewer.actor, partnerRefOf(partner), input));
    const passwordHash = await this.hashFor(plan);
    const created = await this.deps.tx.run((m) =>
      this.insert(m, plan, partner.id, passwordHash, "input.email", viewer.user.id),
    );
    await this.afterCommit(created);
    return created.user;
  }
}
