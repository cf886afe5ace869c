import { type Actor, type PartnerScope, partnerScopeOf } from "@reseller/domain";
import { type DataSource } from "typeorm";
import { type AppConfig } from "./config.js";
import { unauthenticated } from "./graphql/errors.js";
import { createLoaders, type Loaders } from "./loaders/loaders.js";
import { type Logger } from "./logger.js";
import { type Mailer } from "./mail/mailer.js";
import { type Metrics } from "./modules/metrics/metrics.js";
import { type PasswordHasher } from "./modules/auth/password-hasher.js";
import { type RateLimits } from "./modules/auth/rate-limits.js";
import { type TransactionRunner } from "./persistence/data-source.js";
import { type PartnerEntity, type UserEntity } from "./persistence/entities/index.js";
import { type Services } from "./services.js";

/** What every service shares for the life of the server. */
export interface AppDeps {
  readonly config: AppConfig;
  readonly dataSource: DataSource;
  readonly tx: TransactionRunner;
  readonly mailer: Mailer;
  readonly logger: Logger;
  readonly hasher: PasswordHasher;
  readonly rateLimits: RateLimits;
  readonly now: () => Date;
  /** Prometheus metrics; null when /metrics is off (neither METRICS_TOKEN nor METRICS_PORT). */
  readonly metrics?: Metrics | null;
}

/** The authenticated caller, with its visibility scope worked out once per request. */
export interface ViewerIdentity {
  readonly user: UserEntity;
  readonly partner: PartnerEntity | null;
  readonly actor: Actor;
  readonly scope: PartnerScope;
  readonly credential: {
    readonly kind: "session" | "apiKey";
    readonly id: number;
    /** API keys only: READ keys may run queries alone. */
    readonly scope?: "READ" | "ADMIN";
  };
}

export interface RequestContext {
  readonly requestId: string;
  readonly ip: string;
  readonly logger: Logger;
  readonly viewer: ViewerIdentity | null;
  readonly loaders: Loaders;
  readonly services: Services;
}

export function toActor(user: UserEntity, partner: PartnerEntity | null): Actor {
  return {
    userId: String(user.id),
    role: user.role,
    partner:
      partner === null
        ? null
        : {
            id: String(partner.id),
            level: partner.level,
            parentId: partner.parentId === null ? null : String(partner.parentId),
            isReseller: partner.isReseller,
          },
  };
}

export function toViewerIdentity(
  user: UserEntity,
  partner: PartnerEntity | null,
  credential: ViewerIdentity["credential"],
): ViewerIdentity {
  const actor = toActor(user, partner);
  return { user, partner, actor, scope: partnerScopeOf(actor), credential };
}

export function requireViewer(ctx: RequestContext): ViewerIdentity {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}

export interface ContextInput {
  readonly requestId: string;
  readonly ip: string;
  readonly authorization: string | undefined;
  readonly logger: Logger;
}

export async function createRequestContext(
  deps: AppDeps,
  services: Services,
  input: ContextInput,
): Promise<RequestContext> {
  const viewer = await services.auth.authenticate(input.authorization);
  await deps.rateLimits.consumeRequest(viewer ? viewer.user.id : null, input.ip);
  return {
    requestId: input.requestId,
    ip: input.ip,
    logger: input.logger,
    viewer,
    loaders: createLoaders(deps.dataSource),
    services,
  };
}
