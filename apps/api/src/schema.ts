import { type GraphQLSchema, lexicographicSortSchema } from "graphql";
import { buildSchema, type NonEmptyArray } from "type-graphql";
import { AccountResolver } from "./modules/accounts/account.resolver.js";
import { ApiKeyResolver } from "./modules/api-keys/api-key.resolver.js";
import { AuditResolver } from "./modules/audit/audit.resolver.js";
import { AuthResolver } from "./modules/auth/auth.resolver.js";
import {
  BillingResolver,
  PartnerBillingResolver,
  ResellerMarginResolver,
} from "./modules/billing/billing.resolver.js";
import { DateTimeScalar } from "./modules/common/date-time.scalar.js";
import { InvoiceResolver, PartnerInvoicesResolver } from "./modules/invoices/invoice.resolver.js";
import { PartnerResolver } from "./modules/partners/partner.resolver.js";
import { ReportSourceResolver } from "./modules/report-sources/report-source.resolver.js";
import { LinkTimelineResolver } from "./modules/reseller-links/link-timeline.resolver.js";
import { ResellerLinkResolver } from "./modules/reseller-links/reseller-link.resolver.js";
import { PartnerRolesResolver, UserAdminResolver } from "./modules/users/user-admin.resolver.js";
import { UserResolver } from "./modules/users/user.resolver.js";

/** The one list of resolvers: the server and the schema emitter both build from it. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const RESOLVERS: NonEmptyArray<Function> = [
  AuthResolver,
  PartnerResolver,
  AccountResolver,
  UserResolver,
  ResellerLinkResolver,
  ApiKeyResolver,
  BillingResolver,
  PartnerBillingResolver,
  ResellerMarginResolver,
  ReportSourceResolver,
  InvoiceResolver,
  PartnerInvoicesResolver,
  UserAdminResolver,
  PartnerRolesResolver,
  LinkTimelineResolver,
  AuditResolver,
];

let built: Promise<GraphQLSchema> | null = null;

/** Built once per process: type-graphql's metadata is global, and building is not free. */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: RESOLVERS,
    validate: false,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
  }).then(lexicographicSortSchema);
  return built;
}
