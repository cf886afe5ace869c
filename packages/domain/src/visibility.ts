import { notFound } from "./error-helpers.js";
import { domainError, type DomainError } from "./errors.js";
import type { Actor, PartnerRef } from "./model.js";
import { assertUnreachable, err, ok, type Result } from "./result.js";

/** Which partners an actor may see (rule 3). */
export type PartnerScope =
  | { readonly kind: "ALL" }
  | { readonly kind: "FAMILY"; readonly parentId: string }
  | { readonly kind: "OWN"; readonly partnerId: string }
  | { readonly kind: "NONE" };

/**
 * The actor's visibility: an operator sees everything; a Partner Sys Admin of a Parent sees that
 * Parent and its Children; an administrator or user sees its own partner; anyone else nothing.
 */
export function partnerScopeOf(actor: Actor): PartnerScope {
  const partner = actor.partner;
  switch (actor.role) {
    case "OPERATOR":
      return { kind: "ALL" };
    case "PARTNER_SYS_ADMIN":
      return partner?.level === "PARENT"
        ? { kind: "FAMILY", parentId: partner.id }
        : { kind: "NONE" };
    case "ADMINISTRATOR":
    case "USER":
      return partner ? { kind: "OWN", partnerId: partner.id } : { kind: "NONE" };
    default:
      return assertUnreachable(actor.role);
  }
}

/** Whether `partner` is inside `scope`. */
export function canSeePartner(scope: PartnerScope, partner: PartnerRef): boolean {
  switch (scope.kind) {
    case "ALL":
      return true;
    case "FAMILY":
      return (
        partner.id === scope.parentId ||
        (partner.level === "CHILD" && partner.parentId === scope.parentId)
      );
    case "OWN":
      return partner.id === scope.partnerId;
    case "NONE":
      return false;
    default:
      return assertUnreachable(scope);
  }
}

/**
 * Whether the actor may change `partner` (its users, accounts, settings): an operator any partner,
 * a Partner Sys Admin its Parent and that Parent's Children, an administrator its own partner.
 */
export function canAdministerPartner(actor: Actor, partner: PartnerRef): boolean {
  switch (actor.role) {
    case "OPERATOR":
    case "PARTNER_SYS_ADMIN":
      return canSeePartner(partnerScopeOf(actor), partner);
    case "ADMINISTRATOR":
      return actor.partner !== null && actor.partner.id === partner.id;
    case "USER":
      return false;
    default:
      return assertUnreachable(actor.role);
  }
}

/**
 * {@link canAdministerPartner} as a result: `NOT_FOUND` when the actor cannot even see the partner
 * (an invisible id behaves like an unknown one), `ROLE_FORBIDDEN` when it sees but may not change it.
 */
export function checkCanAdminister(
  actor: Actor,
  partner: PartnerRef,
  field?: string,
): Result<true, DomainError> {
  if (canAdministerPartner(actor, partner)) return ok(true);
  if (!canSeePartner(partnerScopeOf(actor), partner)) {
    return err(notFound("Partner", partner.id, field));
  }
  return err(
    domainError("ROLE_FORBIDDEN", `Your role may not change partner ${partner.id}`, {
      ...(field === undefined ? {} : { field }),
      value: partner.id,
    }),
  );
}
