import { computed, ref } from "vue";
import { useRoute, useRouter } from "vue-router";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isBillingMonth(value: unknown): value is string {
  return typeof value === "string" && MONTH.test(value);
}

/** AWS bills by UTC month, so "this month" is the UTC one. */
export function currentMonth(now: Date = new Date()): string {
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The month `delta` months after `month` (before, when negative). */
export function shiftMonth(month: string, delta: number): string {
  const [year = 0, monthNumber = 1] = month.split("-").map(Number);
  return currentMonth(new Date(Date.UTC(year, monthNumber - 1 + delta, 1)));
}

/** `month` and the `count - 1` months before it, newest first. */
export function monthsBack(month: string, count: number): string[] {
  return Array.from({ length: count }, (_, back) => shiftMonth(month, -back));
}

/** Every day of `month` as "YYYY-MM-DD". */
export function daysOf(month: string): string[] {
  const [year = 0, monthNumber = 1] = month.split("-").map(Number);
  const days = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  return Array.from(
    { length: days },
    (_, index) => `${month}-${String(index + 1).padStart(2, "0")}`,
  );
}

/** "2026-05" → "May 2026". */
export function monthLabel(month: string): string {
  const [year = 0, monthNumber = 1] = month.split("-").map(Number);
  return new Intl.DateTimeFormat("en-US", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(year, monthNumber - 1, 1)));
}

/**
 * The month a billing page shows: `?month=` in the address (so it can be linked and survives a
 * reload), else the default the page found (null while it looks).
 */
export function useBillingMonth() {
  const route = useRoute();
  const router = useRouter();
  const fallback = ref<string | null>(null);
  const month = computed(() =>
    isBillingMonth(route.query.month) ? route.query.month : fallback.value,
  );
  const chosen = computed(() => isBillingMonth(route.query.month));

  function setMonth(next: string): void {
    if (!isBillingMonth(next) || next === month.value) return;
    void router.replace({ query: { ...route.query, month: next } });
  }

  function setDefault(next: string): void {
    fallback.value = next;
  }

  return { month, chosen, setMonth, setDefault };
}
