import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../config.js";

describe("AUDIT_RETENTION_DAYS", () => {
  it("should keep entries 400 days when the variable is not set", () => {
    expect(loadConfig({}).auditRetentionDays).toBe(400);
    expect(loadConfig({ AUDIT_RETENTION_DAYS: "" }).auditRetentionDays).toBe(400);
  });

  it("should read a whole number of days from 30 on when it is set", () => {
    expect(loadConfig({ AUDIT_RETENTION_DAYS: "30" }).auditRetentionDays).toBe(30);
    expect(loadConfig({ AUDIT_RETENTION_DAYS: "3650" }).auditRetentionDays).toBe(3650);
  });

  it("should stop the start naming the variable and value when it is below 30 or not a number", () => {
    for (const raw of ["29", "0", "-5", "1.5", "forever", "9999999"]) {
      let caught: unknown;
      try {
        loadConfig({ AUDIT_RETENTION_DAYS: raw });
      } catch (error) {
        caught = error;
      }
      expect(caught, raw).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).variable).toBe("AUDIT_RETENTION_DAYS");
      expect((caught as ConfigError).message).toContain(`"${raw}"`);
    }
  });
});
