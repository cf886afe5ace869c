import { describe, expect, it } from "vitest";
import { assertLevelUnchanged, checkHierarchy } from "./hierarchy.js";
import type { PartnerRef } from "./model.js";
import { parentA, resellerA, valueOf } from "./testing/fixtures.js";

describe("checkHierarchy", () => {
  it("should accept a Parent when it has no parent", () => {
    expect(valueOf(checkHierarchy({ level: "PARENT", parentId: null }, null))).toBe(true);
  });

  it("should accept a Child when its parent is the Parent it names", () => {
    expect(valueOf(checkHierarchy({ level: "CHILD", parentId: "1" }, parentA))).toBe(true);
  });

  it("should throw when a Parent names a parent", () => {
    expect(() => checkHierarchy({ level: "PARENT", parentId: "1" }, parentA)).toThrow(/PARENT/);
    expect(() => checkHierarchy({ level: "PARENT", parentId: null }, parentA)).toThrow();
  });

  it("should throw when a Child has no parent", () => {
    expect(() => checkHierarchy({ level: "CHILD", parentId: null }, null)).toThrow(
      /needs a parent/,
    );
    expect(() => checkHierarchy({ level: "CHILD", parentId: "1" }, null)).toThrow();
  });

  it("should throw when the parent is not the one the Child names", () => {
    expect(() => checkHierarchy({ level: "CHILD", parentId: "2" }, parentA)).toThrow();
  });

  it("should throw when the parent is itself a Child (depth three)", () => {
    expect(() => checkHierarchy({ level: "CHILD", parentId: "11" }, resellerA)).toThrow();
  });

  it("should throw when the parent claims to be a PARENT with a parent of its own", () => {
    const odd: PartnerRef = { id: "5", level: "PARENT", parentId: "1", isReseller: false };
    expect(() => checkHierarchy({ level: "CHILD", parentId: "5" }, odd)).toThrow();
  });
});

describe("assertLevelUnchanged", () => {
  it("should pass when the level stays the same", () => {
    expect(() => assertLevelUnchanged("CHILD", "CHILD")).not.toThrow();
  });

  it("should throw when the level changes", () => {
    expect(() => assertLevelUnchanged("CHILD", "PARENT")).toThrow(/never changes level/);
  });
});
