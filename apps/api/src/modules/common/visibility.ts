import { type PartnerRef, type PartnerScope, canSeePartner } from "@reseller/domain";
import { type Loaders } from "../../loaders/loaders.js";
import {
  type AccountEntity,
  type PartnerEntity,
  type ResellerLinkEntity,
} from "../../persistence/entities/index.js";
import { toRowId } from "./page.js";

// Rule 3 applied to rows: anything the caller may not see is treated as if it did not exist.

export function partnerRefOf(entity: PartnerEntity): PartnerRef {
  return {
    id: String(entity.id),
    level: entity.level,
    parentId: entity.parentId === null ? null : String(entity.parentId),
    isReseller: entity.isReseller,
  };
}

export function canSeePartnerRow(
  scope: PartnerScope,
  entity: PartnerEntity | null,
): entity is PartnerEntity {
  return entity !== null && canSeePartner(scope, partnerRefOf(entity));
}

/** A link shows a Parent's account and a Child partner: it is visible only to who sees both. */
export function canSeeLinkRow(
  scope: PartnerScope,
  link: ResellerLinkEntity | null,
): link is ResellerLinkEntity {
  if (link === null) return false;
  const parentPartnerId = String(link.parentPartnerId);
  return (
    canSeePartner(scope, {
      id: parentPartnerId,
      level: "PARENT",
      parentId: null,
      isReseller: false,
    }) &&
    canSeePartner(scope, {
      id: String(link.resellerPartnerId),
      level: "CHILD",
      parentId: parentPartnerId,
      isReseller: true,
    })
  );
}

export async function findVisiblePartner(
  loaders: Loaders,
  scope: PartnerScope,
  id: string,
): Promise<PartnerEntity | null> {
  const rowId = toRowId(id);
  if (rowId === null) return null;
  const partner = await loaders.partnerById.load(rowId);
  return canSeePartnerRow(scope, partner) ? partner : null;
}

export async function findVisibleAccount(
  loaders: Loaders,
  scope: PartnerScope,
  id: string,
): Promise<AccountEntity | null> {
  const rowId = toRowId(id);
  if (rowId === null) return null;
  const account = await loaders.accountById.load(rowId);
  if (!account) return null;
  const owner = await loaders.partnerById.load(account.partnerId);
  return canSeePartnerRow(scope, owner) ? account : null;
}

export async function findVisibleLink(
  loaders: Loaders,
  scope: PartnerScope,
  id: string,
): Promise<ResellerLinkEntity | null> {
  const rowId = toRowId(id);
  if (rowId === null) return null;
  const link = await loaders.linkById.load(rowId);
  return canSeeLinkRow(scope, link) ? link : null;
}
