import { notFound } from "./error-helpers.js";
import { domainError, type DomainError } from "./errors.js";
import type { Actor, PartnerRef, Role } from "./model.js";
import { err, ok, type Result } from "./result.js";
import { ROLE_RANK, checkRoleGrant } from "./roles.js";
import { checkCanAdminister } from "./visibility.js";

/** The user an administrator wants to change: its id, current role and partner. */
export interface ManagedUser {
  readonly id: string;
  readonly role: Role;
  readonly partner: PartnerRef;
}

/**
 * Whether `actor` may change `target` (disable, enable, resend its invitation, change its role):
 * the actor administers the target's partner (`NOT_FOUND` when it cannot see it), the target is
 * not the actor itself and holds no role above the actor's (`ROLE_FORBIDDEN`).
 */
export function checkUserManagement(
  actor: Actor,
  target: ManagedUser,
  field: string,
): Result<true, DomainError> {
  const administrable = checkCanAdminister(actor, target.partner, field);
  // A user of an unseen partner reads as an unknown user: its partner's id is not told.
  if (!administrable.ok && administrable.error.code === "NOT_FOUND")
    return err(notFound("User", target.id, field));
  if (!administrable.ok) return administrable;
  if (target.id === actor.userId) {
    return err(
      domainError("ROLE_FORBIDDEN", "You may not change your own role or status", {
        field,
        value: target.id,
      }),
    );
  }
  if (ROLE_RANK[target.role] > ROLE_RANK[actor.role]) {
    return err(
      domainError("ROLE_FORBIDDEN", `Your role may not change a ${target.role}`, {
        field,
        value: target.id,
      }),
    );
  }
  return ok(true);
}

/** {@link checkUserManagement} on the user, then {@link checkRoleGrant} for the new role. */
export function checkRoleChange(
  actor: Actor,
  target: ManagedUser,
  role: Role,
  userField: string,
  roleField: string,
): Result<Role, DomainError> {
  const managed = checkUserManagement(actor, target, userField);
  if (!managed.ok) return managed;
  return checkRoleGrant(actor, target.partner, role, roleField);
}

/** The roles `actor` may give a user of `partner`, highest first (what a role picker offers). */
export function grantableRoles(actor: Actor, partner: PartnerRef): Role[] {
  return (["PARTNER_SYS_ADMIN", "ADMINISTRATOR", "USER"] as const).filter(
    (role) => checkRoleGrant(actor, partner, role, "role").ok,
  );
}
