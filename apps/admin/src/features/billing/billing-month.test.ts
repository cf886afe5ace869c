import { describe, expect, it } from "vitest";
import {
  currentMonth,
  daysOf,
  isBillingMonth,
  monthLabel,
  monthsBack,
  shiftMonth,
} from "./billing-month";

describe("billing months", () => {
  it("should take the UTC month when the local date is already the next one", () => {
    expect(currentMonth(new Date("2026-01-31T23:30:00Z"))).toBe("2026-01");
    expect(currentMonth(new Date("2026-02-01T00:00:00Z"))).toBe("2026-02");
  });

  it("should cross years when shifting months", () => {
    expect(shiftMonth("2026-01", -1)).toBe("2025-12");
    expect(shiftMonth("2025-12", 1)).toBe("2026-01");
    expect(monthsBack("2026-02", 3)).toEqual(["2026-02", "2026-01", "2025-12"]);
  });

  it("should list every day of the month when the month is February of a leap year", () => {
    expect(daysOf("2028-02")).toHaveLength(29);
    expect(daysOf("2026-02").at(-1)).toBe("2026-02-28");
    expect(daysOf("2026-05")[0]).toBe("2026-05-01");
  });

  it("should accept only YYYY-MM when checking a month", () => {
    expect(isBillingMonth("2026-05")).toBe(true);
    expect(isBillingMonth("2026-13")).toBe(false);
    expect(isBillingMonth("2026-5")).toBe(false);
    expect(isBillingMonth(["2026-05"])).toBe(false);
    expect(monthLabel("2026-05")).toBe("May 2026");
  });
});
