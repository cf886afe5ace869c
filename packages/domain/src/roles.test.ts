import { describe, expect, it } from "vitest";
import type { Role } from "./model.js";
import { ROLE_RANK, checkRoleGrant } from "./roles.js";
import {
  adminOfParentA,
  adminOfResellerA,
  errorOf,
  operator,
  parentA,
  parentB,
  resellerA,
  resellerB,
  sysAdminA,
  userOfResellerA,
  valueOf,
} from "./testing/fixtures.js";

const FIELD = "input.role";

describe("ROLE_RANK", () => {
  it("should rank operator above sys admin above administrator above user", () => {
    expect(ROLE_RANK.OPERATOR).toBeGreaterThan(ROLE_RANK.PARTNER_SYS_ADMIN);
    expect(ROLE_RANK.PARTNER_SYS_ADMIN).toBeGreaterThan(ROLE_RANK.ADMINISTRATOR);
    expect(ROLE_RANK.ADMINISTRATOR).toBeGreaterThan(ROLE_RANK.USER);
  });
});

describe("checkRoleGrant", () => {
  it.each<[string, Parameters<typeof checkRoleGrant>[0], typeof parentA, Role]>([
    ["an operator grants PARTNER_SYS_ADMIN on a Parent", operator, parentB, "PARTNER_SYS_ADMIN"],
    ["a sys admin grants PARTNER_SYS_ADMIN on its Parent", sysAdminA, parentA, "PARTNER_SYS_ADMIN"],
    ["a sys admin grants ADMINISTRATOR on its Child", sysAdminA, resellerA, "ADMINISTRATOR"],
    ["an administrator grants USER on its partner", adminOfResellerA, resellerA, "USER"],
    [
      "an administrator grants ADMINISTRATOR on its partner",
      adminOfResellerA,
      resellerA,
      "ADMINISTRATOR",
    ],
  ])("should allow the grant when %s", (_label, who, target, role) => {
    expect(valueOf(checkRoleGrant(who, target, role, FIELD))).toBe(role);
  });

  it("should fail with NOT_FOUND when the target is outside the actor's view", () => {
    expect(errorOf(checkRoleGrant(sysAdminA, resellerB, "USER", FIELD))).toMatchObject({
      code: "NOT_FOUND",
      value: "21",
    });
    expect(errorOf(checkRoleGrant(adminOfResellerA, parentA, "USER", FIELD)).code).toBe(
      "NOT_FOUND",
    );
  });

  it("should fail with ROLE_FORBIDDEN when the actor sees but does not administer the target", () => {
    expect(errorOf(checkRoleGrant(userOfResellerA, resellerA, "USER", FIELD)).code).toBe(
      "ROLE_FORBIDDEN",
    );
  });

  it("should check visibility before the role when both are wrong", () => {
    expect(errorOf(checkRoleGrant(adminOfResellerA, resellerB, "OPERATOR", FIELD)).code).toBe(
      "NOT_FOUND",
    );
  });

  it("should fail with ROLE_GRANT_FORBIDDEN when anyone grants OPERATOR", () => {
    expect(errorOf(checkRoleGrant(operator, parentA, "OPERATOR", FIELD))).toMatchObject({
      code: "ROLE_GRANT_FORBIDDEN",
      field: FIELD,
      value: "OPERATOR",
    });
  });

  it("should fail with ROLE_GRANT_FORBIDDEN when the role ranks above the actor's own", () => {
    expect(
      errorOf(checkRoleGrant(adminOfParentA, parentA, "PARTNER_SYS_ADMIN", FIELD)),
    ).toMatchObject({ code: "ROLE_GRANT_FORBIDDEN", field: FIELD, value: "PARTNER_SYS_ADMIN" });
  });

  it("should fail with ROLE_NOT_FOR_PARTNER_LEVEL when PARTNER_SYS_ADMIN is granted on a Child", () => {
    expect(errorOf(checkRoleGrant(sysAdminA, resellerA, "PARTNER_SYS_ADMIN", FIELD))).toMatchObject(
      { code: "ROLE_NOT_FOR_PARTNER_LEVEL", field: FIELD, value: "PARTNER_SYS_ADMIN" },
    );
  });
});
