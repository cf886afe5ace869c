import { type AppDeps } from "./context.js";
import { AccountService } from "./modules/accounts/account.service.js";
import { ApiKeyService } from "./modules/api-keys/api-key.service.js";
import { AuditService } from "./modules/audit/audit.service.js";
import { AuthService } from "./modules/auth/auth.service.js";
import { AllocationService } from "./modules/billing/allocation.service.js";
import { BillingWorker } from "./modules/billing/billing-worker.js";
import { BillingService } from "./modules/billing/billing.service.js";
import { CostStore } from "./modules/billing/cost-store.js";
import { IdempotencyService } from "./modules/idempotency/idempotency.service.js";
import { InvoiceService } from "./modules/invoices/invoice.service.js";
import { PartnerService } from "./modules/partners/partner.service.js";
import { ReportSourceService } from "./modules/report-sources/report-source.service.js";
import { LinkTimelineService } from "./modules/reseller-links/link-timeline.resolver.js";
import { ResellerLinkService } from "./modules/reseller-links/reseller-link.service.js";
import { UserAdminService } from "./modules/users/user-admin.service.js";
import { UserService } from "./modules/users/user.service.js";

export function createServices(deps: AppDeps) {
  const auth = new AuthService(deps);
  const users = new UserService(deps, auth);
  const costStore = new CostStore(deps);
  const billingWorker = new BillingWorker(deps, costStore, new AllocationService(deps, costStore));
  const billing = new BillingService(deps, billingWorker);
  return {
    auth,
    users,
    userAdmin: new UserAdminService(deps, auth),
    partners: new PartnerService(deps, users),
    accounts: new AccountService(deps),
    links: new ResellerLinkService(deps, billing),
    linkTimeline: new LinkTimelineService(deps),
    billing,
    billingWorker,
    reportSources: new ReportSourceService(deps, billing, billingWorker),
    apiKeys: new ApiKeyService(deps),
    idempotency: new IdempotencyService(deps),
    invoices: new InvoiceService(deps),
    audit: new AuditService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
