import type { PartnerLevel, PartnerRef } from "./model.js";
import { ok, type Result } from "./result.js";
import type { DomainError } from "./errors.js";

/**
 * Rule 2: a Parent has no parent; a Child has exactly one parent, and it is a Parent. Depth two
 * rules out cycles. Callers build these shapes themselves, so a violation is a bug and throws.
 */
export function checkHierarchy(
  partner: { level: PartnerLevel; parentId: string | null },
  parent: PartnerRef | null,
): Result<true, DomainError> {
  switch (partner.level) {
    case "PARENT":
      if (partner.parentId !== null || parent !== null) {
        throw new Error("Hierarchy broken: a PARENT partner cannot have a parent");
      }
      return ok(true);
    case "CHILD":
      if (partner.parentId === null || parent === null) {
        throw new Error("Hierarchy broken: a CHILD partner needs a parent");
      }
      if (parent.id !== partner.parentId) {
        throw new Error(
          `Hierarchy broken: parentId ${partner.parentId} does not match parent ${parent.id}`,
        );
      }
      if (parent.level !== "PARENT" || parent.parentId !== null) {
        throw new Error(`Hierarchy broken: parent ${parent.id} of a CHILD must be a PARENT`);
      }
      return ok(true);
    default:
      throw new Error(`Hierarchy broken: unknown partner level ${JSON.stringify(partner.level)}`);
  }
}

/** Rule 2: a partner never changes level. Throws (a bug) when it would. */
export function assertLevelUnchanged(before: PartnerLevel, after: PartnerLevel): void {
  if (before !== after) {
    throw new Error(`A partner never changes level: ${before} -> ${after}`);
  }
}
