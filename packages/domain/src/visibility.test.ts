import { describe, expect, it } from "vitest";
import type { PartnerRef } from "./model.js";
import {
  actor,
  adminOfParentA,
  adminOfResellerA,
  errorOf,
  operator,
  parentA,
  parentB,
  plainChildA,
  resellerA,
  resellerB,
  sysAdminA,
  userOfResellerA,
  valueOf,
} from "./testing/fixtures.js";
import {
  canAdministerPartner,
  canSeePartner,
  checkCanAdminister,
  partnerScopeOf,
} from "./visibility.js";

const everyPartner: PartnerRef[] = [parentA, resellerA, plainChildA, parentB, resellerB];
const idsSeenBy = (scope: ReturnType<typeof partnerScopeOf>) =>
  everyPartner.filter((p) => canSeePartner(scope, p)).map((p) => p.id);

describe("partnerScopeOf", () => {
  it("should be ALL when the actor is an operator", () => {
    expect(partnerScopeOf(operator)).toEqual({ kind: "ALL" });
  });

  it("should be the family when the actor is a Partner Sys Admin of a Parent", () => {
    expect(partnerScopeOf(sysAdminA)).toEqual({ kind: "FAMILY", parentId: "1" });
  });

  it("should be NONE when a Partner Sys Admin belongs to a Child", () => {
    expect(partnerScopeOf(actor("PARTNER_SYS_ADMIN", resellerA))).toEqual({ kind: "NONE" });
  });

  it("should be OWN when the actor is an administrator or user with a partner", () => {
    expect(partnerScopeOf(adminOfResellerA)).toEqual({ kind: "OWN", partnerId: "11" });
    expect(partnerScopeOf(userOfResellerA)).toEqual({ kind: "OWN", partnerId: "11" });
  });

  it("should be NONE when an administrator or user has no partner", () => {
    expect(partnerScopeOf(actor("ADMINISTRATOR", null))).toEqual({ kind: "NONE" });
    expect(partnerScopeOf(actor("USER", null))).toEqual({ kind: "NONE" });
    expect(partnerScopeOf(actor("PARTNER_SYS_ADMIN", null))).toEqual({ kind: "NONE" });
  });
});

describe("canSeePartner", () => {
  it("should see every partner when the scope is ALL", () => {
    expect(idsSeenBy({ kind: "ALL" })).toEqual(["1", "11", "12", "2", "21"]);
  });

  it("should see the Parent and its Children only when the scope is FAMILY", () => {
    expect(idsSeenBy(partnerScopeOf(sysAdminA))).toEqual(["1", "11", "12"]);
  });

  it("should see its own partner only when the scope is OWN", () => {
    expect(idsSeenBy(partnerScopeOf(userOfResellerA))).toEqual(["11"]);
    expect(idsSeenBy(partnerScopeOf(adminOfParentA))).toEqual(["1"]);
  });

  it("should see nothing when the scope is NONE", () => {
    expect(idsSeenBy({ kind: "NONE" })).toEqual([]);
  });

  it("should not see a PARENT that claims a parentId when the scope is FAMILY", () => {
    const odd: PartnerRef = { id: "3", level: "PARENT", parentId: "1", isReseller: false };
    expect(canSeePartner({ kind: "FAMILY", parentId: "1" }, odd)).toBe(false);
  });
});

describe("canAdministerPartner", () => {
  const administered = (who: Parameters<typeof canAdministerPartner>[0]) =>
    everyPartner.filter((p) => canAdministerPartner(who, p)).map((p) => p.id);

  it("should administer any partner when the actor is an operator", () => {
    expect(administered(operator)).toEqual(["1", "11", "12", "2", "21"]);
  });

  it("should administer its Parent and the Parent's Children when the actor is a Partner Sys Admin", () => {
    expect(administered(sysAdminA)).toEqual(["1", "11", "12"]);
  });

  it("should administer only its own partner when the actor is an administrator", () => {
    expect(administered(adminOfResellerA)).toEqual(["11"]);
    expect(administered(adminOfParentA)).toEqual(["1"]);
  });

  it("should administer nothing when the actor is a user", () => {
    expect(administered(userOfResellerA)).toEqual([]);
  });

  it("should administer nothing when an administrator has no partner", () => {
    expect(administered(actor("ADMINISTRATOR", null))).toEqual([]);
  });
});

describe("checkCanAdminister", () => {
  it("should succeed when the actor administers the partner", () => {
    expect(valueOf(checkCanAdminister(sysAdminA, resellerA))).toBe(true);
  });

  it("should fail with NOT_FOUND when the actor cannot see the partner", () => {
    expect(errorOf(checkCanAdminister(sysAdminA, resellerB, "input.partnerId"))).toMatchObject({
      code: "NOT_FOUND",
      field: "input.partnerId",
      value: "21",
    });
  });

  it("should fail with ROLE_FORBIDDEN when the actor sees but may not change the partner", () => {
    expect(errorOf(checkCanAdminister(userOfResellerA, resellerA))).toMatchObject({
      code: "ROLE_FORBIDDEN",
      value: "11",
    });
  });

  it("should read the same for an invisible partner as for an unknown one", () => {
    const unknown: PartnerRef = { id: "21", level: "CHILD", parentId: "999", isReseller: false };
    const invisible = errorOf(checkCanAdminister(sysAdminA, resellerB));
    expect(errorOf(checkCanAdminister(sysAdminA, unknown))).toEqual(invisible);
  });
});
