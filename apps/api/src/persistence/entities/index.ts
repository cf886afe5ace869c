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
import { ActivationTokenEntity, ApiKeyEntity, SessionEntity } from "./credential.entities.js";
import { IdempotencyKeyEntity } from "./idempotency-key.entity.js";
import { PartnerEntity } from "./partner.entity.js";
import { ResellerLinkChangeEntity } from "./reseller-link-change.entity.js";
import { ResellerLinkPayeeEntity } from "./reseller-link-payee.entity.js";
import { ResellerLinkEntity } from "./reseller-link.entity.js";
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
  ResellerLinkChangeEntity,
  ResellerLinkEntity,
  ResellerLinkPayeeEntity,
  SessionEntity,
  UserEntity,
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
  AuditEntryEntity,
];
