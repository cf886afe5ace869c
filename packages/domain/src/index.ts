// The public surface of @reseller/domain.
export * from "./result.js";
export * from "./errors.js";
export * from "./model.js";
export * from "./aws-account-id.js";
export * from "./validation.js";
export * from "./visibility.js";
export * from "./roles.js";
export * from "./hierarchy.js";
export * from "./partners.js";
export * from "./reseller-links.js";
export * from "./billing/money.js";
export * from "./billing/pricing.js";
export * from "./billing/allocation.js";
export * from "./billing/invoices.js";
export { isBillingMonth } from "./billing/month.js";
export * from "./user-management.js";
