import { domainError, type DomainError } from "./errors.js";
import type { Actor, PartnerRef, Role } from "./model.js";
import { err, ok, type Result } from "./result.js";
import { checkCanAdminister } from "./visibility.js";

/** Higher ranks may do more; nobody grants a role above its own. */
export const ROLE_RANK: Record<Role, number> = {
  OPERATOR: 3,
  PARTNER_SYS_ADMIN: 2,
  ADMINISTRATOR: 1,
  USER: 0,
};

/**
 * Whether `actor` may give `role` to a user of `target`. Checks, in order: the actor administers
 * the target (`NOT_FOUND` if it cannot see it, `ROLE_FORBIDDEN` if it can); `OPERATOR` is never
 * granted here and no role above the actor's own (`ROLE_GRANT_FORBIDDEN`); `PARTNER_SYS_ADMIN`
 * only on a Parent partner (`ROLE_NOT_FOR_PARTNER_LEVEL`).
 */
export function checkRoleGrant(
  actor: Actor,
  target: PartnerRef,
  role: Role,
  field: string,
): Result<Role, DomainError> {
  const administrable = checkCanAdminister(actor, target);
  if (!administrable.ok) return administrable;
  // Operators are provisioned outside the product, never through a grant.
  if (role === "OPERATOR" || ROLE_RANK[role] > ROLE_RANK[actor.role]) {
    return err(
      domainError("ROLE_GRANT_FORBIDDEN", `You may not grant the role ${role}`, {
        field,
        value: role,
      }),
    );
  }
  if (role === "PARTNER_SYS_ADMIN" && target.level !== "PARENT") {
    return err(
      domainError(
        "ROLE_NOT_FOR_PARTNER_LEVEL",
        `${field}: ${role} exists only on a Parent partner, partner ${target.id} is a ${target.level}`,
        { field, value: role },
      ),
    );
  }
  return ok(role);
}
