import { requireText } from "@reseller/domain";
import { IsNull } from "typeorm";
import { type AppDeps, type ViewerIdentity } from "../../context.js";
import { notFound, unwrap } from "../../graphql/errors.js";
import { ApiKeyEntity } from "../../persistence/entities/index.js";
import { toRowId } from "../common/page.js";
import { API_KEY_PREFIX, newSecret } from "../auth/tokens.js";

export class ApiKeyService {
  constructor(private readonly deps: AppDeps) {}

  async create(
    viewer: ViewerIdentity,
    rawName: string,
  ): Promise<{ apiKey: ApiKeyEntity; secret: string }> {
    const name = unwrap(requireText(rawName, "name", 100));
    const { raw, hash } = newSecret(API_KEY_PREFIX);
    const apiKey = await this.deps.tx.run((m) =>
      m.save(
        m.create(ApiKeyEntity, {
          userId: viewer.user.id,
          name,
          secretHash: hash,
          createdAt: this.deps.now(),
          lastUsedAt: null,
          revokedAt: null,
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
