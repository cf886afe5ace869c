import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver } from "type-graphql";
import { type RequestContext, requireViewer } from "../../context.js";
import { type ApiKeyScope } from "../../persistence/entities/credential.entities.js";
import { Viewer } from "../auth/auth.type.js";
import { DateTimeScalar } from "../common/date-time.scalar.js";
import { ApiKeyScopeEnum } from "./api-key-scope.js";
import { ApiKey, CreateApiKeyPayload, toApiKey } from "./api-key.type.js";

@Resolver(() => Viewer)
export class ApiKeyResolver {
  @Mutation(() => CreateApiKeyPayload, {
    description:
      "Creates an API key that acts as the caller. The secret is shown once. Only a signed-in session may create keys (an API key may not: FORBIDDEN, reason API_KEY_CANNOT_CREATE_KEYS).",
  })
  async createApiKey(
    @Ctx() ctx: RequestContext,
    @Arg("name", () => String) name: string,
    @Arg("scope", () => ApiKeyScopeEnum, {
      defaultValue: "ADMIN",
      description: "READ for queries only; ADMIN (the default) for everything the caller may do.",
    })
    scope: ApiKeyScope,
    @Arg("expiresAt", () => DateTimeScalar, {
      nullable: true,
      description: "When the key stops working (in the future); leave out for no expiry.",
    })
    expiresAt: Date | null | undefined,
  ): Promise<CreateApiKeyPayload> {
    const created = await ctx.services.apiKeys.create(requireViewer(ctx), name, {
      scope,
      expiresAt: expiresAt ?? null,
    });
    return { apiKey: toApiKey(created.apiKey), secret: created.secret };
  }

  @Mutation(() => Boolean, {
    description: "Revokes one of the caller's API keys; it stops working at once.",
  })
  async revokeApiKey(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID) id: string,
  ): Promise<boolean> {
    return ctx.services.apiKeys.revoke(requireViewer(ctx), id);
  }

  @FieldResolver(() => [ApiKey], {
    description:
      "The caller's own API keys that are not revoked (expired ones included, with their expiresAt).",
  })
  async apiKeys(@Ctx() ctx: RequestContext): Promise<ApiKey[]> {
    return (await ctx.services.apiKeys.listOwn(requireViewer(ctx))).map(toApiKey);
  }
}
