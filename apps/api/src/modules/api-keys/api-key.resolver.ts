import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver } from "type-graphql";
import { type RequestContext, requireViewer } from "../../context.js";
import { Viewer } from "../auth/auth.type.js";
import { ApiKey, CreateApiKeyPayload, toApiKey } from "./api-key.type.js";

@Resolver(() => Viewer)
export class ApiKeyResolver {
  @Mutation(() => CreateApiKeyPayload, {
    description: "Creates an API key that acts as the caller. The secret is shown once.",
  })
  async createApiKey(
    @Ctx() ctx: RequestContext,
    @Arg("name", () => String) name: string,
  ): Promise<CreateApiKeyPayload> {
    const created = await ctx.services.apiKeys.create(requireViewer(ctx), name);
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

  @FieldResolver(() => [ApiKey], { description: "The caller's own API keys that are not revoked." })
  async apiKeys(@Ctx() ctx: RequestContext): Promise<ApiKey[]> {
    return (await ctx.services.apiKeys.listOwn(requireViewer(ctx))).map(toApiKey);
  }
}
