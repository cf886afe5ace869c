import { describe, expect, it } from "vitest";
import { checkRoleChange, checkUserManagement, grantableRoles } from "./user-management.js";
import {
  adminOfResellerA,
  errorOf,
  operator,
  parentA,
  resellerA,
  resellerB,
  sysAdminA,
  userOfResellerA,
  valueOf,
} from "./testing/fixtures.js";

const FIELD = "id";

describe("checkUserManagement", () => {
  it("should allow a Child administrator to manage a user of its own partner", () => {
    const target = { id: "900", role: "USER" as const, partner: resellerA };
    expect(valueOf(checkUserManagement(adminOfResellerA, target, FIELD))).toBe(true);
  });

  it("should allow a Partner Sys Admin to manage its Children's administrators", () => {
    const target = { id: "900", role: "ADMINISTRATOR" as const, partner: resellerA };
    expect(valueOf(checkUserManagement(sysAdminA, target, FIELD))).toBe(true);
  });

  it("should answer NOT_FOUND, naming the field and the user, for another tenant's user", () => {
    const target = { id: "900", role: "USER" as const, partner: resellerB };
    expect(errorOf(checkUserManagement(sysAdminA, target, FIELD))).toMatchObject({
      code: "NOT_FOUND",
      field: FIELD,
      value: "900",
    });
  });

  it("should refuse with ROLE_FORBIDDEN when the target ranks above the actor", () => {
    const target = { id: "900", role: "PARTNER_SYS_ADMIN" as const, partner: parentA };
    expect(errorOf(checkUserManagement(adminOfResellerA, target, FIELD)).code).toBe("NOT_FOUND");
    const sameParent = { id: "900", role: "PARTNER_SYS_ADMIN" as const, partner: resellerA };
    expect(errorOf(checkUserManagement(adminOfResellerA, sameParent, FIELD))).toMatchObject({
      code: "ROLE_FORBIDDEN",
      value: "900",
    });
  });

  it("should refuse with ROLE_FORBIDDEN when the actor targets itself", () => {
    const self = { id: adminOfResellerA.userId, role: "ADMINISTRATOR" as const, partner: resellerA };
    expect(errorOf(checkUserManagement(adminOfResellerA, self, FIELD))).toMatchObject({
      code: "ROLE_FORBIDDEN",
      field: FIELD,
    });
  });

  it("should refuse a plain user with ROLE_FORBIDDEN", () => {
    const target = { id: "900", role: "USER" as const, partner: resellerA };
    expect(errorOf(checkUserManagement(userOfResellerA, target, FIELD)).code).toBe(
      "ROLE_FORBIDDEN",
    );
  });
});

describe("checkRoleChange", () => {
  it("should refuse a Child administrator raising a user to PARTNER_SYS_ADMIN", () => {
    const target = { id: "900", role: "USER" as const, partner: resellerA };
    expect(
      errorOf(checkRoleChange(adminOfResellerA, target, "PARTNER_SYS_ADMIN", FIELD, "role")),
    ).toMatchObject({ code: "ROLE_GRANT_FORBIDDEN", field: "role", value: "PARTNER_SYS_ADMIN" });
  });

  it("should let a Child administrator make a user an ADMINISTRATOR", () => {
    const target = { id: "900", role: "USER" as const, partner: resellerA };
    expect(valueOf(checkRoleChange(adminOfResellerA, target, "ADMINISTRATOR", FIELD, "role"))).toBe(
      "ADMINISTRATOR",
    );
  });
});

describe("grantableRoles", () => {
  it("should offer each actor only the roles it may grant on the partner", () => {
    expect(grantableRoles(operator, parentA)).toEqual(["PARTNER_SYS_ADMIN", "ADMINISTRATOR", "USER"]);
    expect(grantableRoles(sysAdminA, resellerA)).toEqual(["ADMINISTRATOR", "USER"]);
    expect(grantableRoles(adminOfResellerA, resellerA)).toEqual(["ADMINISTRATOR", "USER"]);
    expect(grantableRoles(userOfResellerA, resellerA)).toEqual([]);
  });
});
