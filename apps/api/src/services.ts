import { type AppDeps } from "./context.js";
import { AccountService } from "./modules/accounts/account.service.js";
import { ApiKeyService } from "./modules/api-keys/api-key.service.js";
import { AuthService } from "./modules/auth/auth.service.js";
import { PartnerService } from "./modules/partners/partner.service.js";
import { ResellerLinkService } from "./modules/reseller-links/reseller-link.service.js";
import { UserService } from "./modules/users/user.service.js";

export function createServices(deps: AppDeps) {
  const auth = new AuthService(deps);
  const users = new UserService(deps, auth);
  return {
    auth,
    users,
    partners: new PartnerService(deps, users),
    accounts: new AccountService(deps),
    links: new ResellerLinkService(deps),
    apiKeys: new ApiKeyService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
