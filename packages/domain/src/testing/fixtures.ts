// Shared test data: two Parents, their Children, and actors in every role.
import type { DomainError } from "../errors.js";
import type { AccountRef, Actor, PartnerRef, Role } from "../model.js";
import type { Result } from "../result.js";

export const parentA: PartnerRef = { id: "1", level: "PARENT", parentId: null, isReseller: false };
export const resellerA: PartnerRef = { id: "11", level: "CHILD", parentId: "1", isReseller: true };
export const plainChildA: PartnerRef = {
  id: "12",
  level: "CHILD",
  parentId: "1",
  isReseller: false,
};
export const parentB: PartnerRef = { id: "2", level: "PARENT", parentId: null, isReseller: false };
export const resellerB: PartnerRef = { id: "21", level: "CHILD", parentId: "2", isReseller: true };

export function actor(role: Role, partner: PartnerRef | null): Actor {
  return { userId: "100", role, partner };
}

export const operator = actor("OPERATOR", null);
export const sysAdminA = actor("PARTNER_SYS_ADMIN", parentA);
export const sysAdminB = actor("PARTNER_SYS_ADMIN", parentB);
export const adminOfParentA = actor("ADMINISTRATOR", parentA);
export const adminOfResellerA = actor("ADMINISTRATOR", resellerA);
export const userOfResellerA = actor("USER", resellerA);

export const masterPayerA: AccountRef = {
  id: "501",
  partnerId: "1",
  awsAccountId: "111111111111",
  isMasterPayer: true,
};
export const plainAccountA: AccountRef = {
  id: "502",
  partnerId: "1",
  awsAccountId: "222222222222",
  isMasterPayer: false,
};
export const resellerAccountA: AccountRef = {
  id: "511",
  partnerId: "11",
  awsAccountId: null,
  isMasterPayer: false,
};
export const plainChildAccountA: AccountRef = {
  id: "512",
  partnerId: "12",
  awsAccountId: null,
  isMasterPayer: false,
};
export const masterPayerB: AccountRef = {
  id: "601",
  partnerId: "2",
  awsAccountId: "333333333333",
  isMasterPayer: true,
};

/** The error of a failed result; fails the test when the result is ok. */
export function errorOf<T>(result: Result<T, DomainError>): DomainError {
  if (result.ok) throw new Error(`Expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error;
}

/** The value of a successful result; fails the test with the error otherwise. */
export function valueOf<T>(result: Result<T, DomainError>): T {
  if (!result.ok) throw new Error(`Expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}
