import { AccountEntity } from "./account.entity.js";
import { AuditEntryEntity } from "./audit-entry.entity.js";
import {
  AllocatedCostEntity,
  BillingJobEntity,
  BillingMonthEntity,
  CostRowEntity,
  PricingRuleEntity,
  UnallocatedCostEntity,
} from "./billing.entities.js";
import {
  ActivationTokenEntity,
  ApiKeyEntity,
  PasswordResetTokenEntity,
  SessionEntity,
} from "./credential.entities.js";
import { IdempotencyKeyEntity } from "./idempotency-key.entity.js";
import {
  BillingDetailsEntity,
  InvoiceCostEntity,
  InvoiceCounterEntity,
  InvoiceEntity,
  InvoiceLineEntity,
} from "./invoice.entities.js";
import { PartnerEntity } from "./partner.entity.js";
import { ResellerLinkChangeEntity } from "./reseller-link-change.entity.js";
import { ResellerLinkPayeeEntity } from "./reseller-link-payee.entity.js";
import { ResellerLinkEntity } from "./reseller-link.entity.js";
import { ReportSourceEntity } from "./report-source.entity.js";
import { UserEntity } from "./user.entity.js";

export {
  AccountEntity,
  AuditEntryEntity,
  AllocatedCostEntity,
  BillingJobEntity,
  BillingMonthEntity,
  CostRowEntity,
  PricingRuleEntity,
  UnallocatedCostEntity,
  ActivationTokenEntity,
  ApiKeyEntity,
  IdempotencyKeyEntity,
  PartnerEntity,
  PasswordResetTokenEntity,
  ResellerLinkChangeEntity,
  ResellerLinkEntity,
  ResellerLinkPayeeEntity,
  ReportSourceEntity,
  SessionEntity,
  UserEntity,
  BillingDetailsEntity,
  InvoiceCostEntity,
  InvoiceCounterEntity,
  InvoiceEntity,
  InvoiceLineEntity,
};

export const ENTITIES = [
  PartnerEntity,
  AccountEntity,
  UserEntity,
  ResellerLinkEntity,
  ResellerLinkPayeeEntity,
  ResellerLinkChangeEntity,
  SessionEntity,
  ApiKeyEntity,
  ActivationTokenEntity,
  BillingMonthEntity,
  CostRowEntity,
  BillingJobEntity,
  AllocatedCostEntity,
  UnallocatedCostEntity,
  PricingRuleEntity,
  IdempotencyKeyEntity,
  ReportSourceEntity,
  BillingDetailsEntity,
  InvoiceCounterEntity,
  InvoiceEntity,
  InvoiceLineEntity,
  InvoiceCostEntity,
  PasswordResetTokenEntity,
  AuditEntryEntity,
];
