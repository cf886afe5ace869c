import { AccountEntity } from "./account.entity.js";
import { ActivationTokenEntity, ApiKeyEntity, SessionEntity } from "./credential.entities.js";
import { PartnerEntity } from "./partner.entity.js";
import { ResellerLinkChangeEntity } from "./reseller-link-change.entity.js";
import { ResellerLinkPayeeEntity } from "./reseller-link-payee.entity.js";
import { ResellerLinkEntity } from "./reseller-link.entity.js";
import { UserEntity } from "./user.entity.js";

export {
  AccountEntity,
  ActivationTokenEntity,
  ApiKeyEntity,
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
];
