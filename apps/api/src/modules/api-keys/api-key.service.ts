import { requireText } from "@reseller/domain";
import { IsNull } from "typeorm";
import { type AppDeps, type ViewerIdentity } from "../../context.js";
import { ApiError, notFound, unwrap } from "../../graphql/errors.js";
import { type ApiKeyScope } from "../../persistence/entities/credential.entities.js";
import { ApiKeyEntity } from "../../persistence/entities/index.js";
import { toRowId } from "../common/page.js";
import { API_KEY_PREFIX, newSecret } from "../auth/tokens.js";

export class ApiKeyService {
  constructor(private readonly deps: AppDeps) {}

  async create(
    viewer: ViewerIdentity,
    rawName: string,
    options: { scope: ApiKeyScope; expiresAt: Date | null },
  ): Promise<{ apiKey: ApiKeyEntity; secret: string }> {
    // A leaked key must not be able to mint fresh ones that outlive its revocation.
    if (viewer.credential.kind === "apiKey") {
      throw new ApiError("FORBIDDEN", "An API key may not create API keys; sign in instead.", {
        reason: "API_KEY_CANNOT_CREATE_KEYS",
      });
    }
    const name = unwrap(requireText(rawName, "name", 100));
    const now = this.deps.now();
    if (options.expiresAt !== null && options.expiresAt.getTime() <= now.getTime()) {
      throw new ApiError(
        "BAD_USER_INPUT",
        `expiresAt must be in the future; got ${options.expiresAt.toISOString()}.`,
        { field: "expiresAt", value: options.expiresAt.toISOString(), reason: "EXPIRY_IN_PAST" },
      );
    }
    const { raw, hash } = newSecret(API_KEY_PREFIX);
    const apiKey = await this.deps.tx.run((m) =>
      m.save(
        m.create(ApiKeyEntity, {
          userId: viewer.user.id,
          name,
          secretHash: hash,
          createdAt: now,
          lastUsedAt: null,
          revokedAt: null,
          scope: options.scope,
          expiresAt: options.expiresAt,
        }),
      ),
    );
    return { apiKey, secret: raw };
  }

  /** Only the key's owner may revoke it; anyone else's key reads as missing. */
  async revoke(viewer: ViewerIdentity, id: string): Promise<boolean> {
    const rowId = toRowId(id);
    const result =
      rowId === null
        ? { affected: 0 }
        : await this.deps.tx.run((m) =>
            m.update(
              ApiKeyEntity,
              { id: rowId, userId: viewer.user.id, revokedAt: IsNull() },
              { revokedAt: this.deps.now() },
            ),
          );
    if ((result.affected ?? 0) === 0) throw notFound("id", id);
    return true;
  }

  listOwn(viewer: ViewerIdentity): Promise<ApiKeyEntity[]> {
    return this.deps.dataSource
      .getRepository(ApiKeyEntity)
      .find({ where: { userId: viewer.user.id, revokedAt: IsNull() }, order: { id: "ASC" } });
  }
}
