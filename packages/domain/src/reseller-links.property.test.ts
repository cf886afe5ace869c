import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DomainError } from "./errors.js";
import type { AccountRef, PayerPayeeHistory } from "./model.js";
import {
  payeesForMonth,
  planLinkUpdate,
  planResellerLink,
  type LinkVersion,
} from "./reseller-links.js";
import { masterPayerA, resellerA, sysAdminA } from "./testing/fixtures.js";

const secondMasterPayer: AccountRef = {
  id: "503",
  partnerId: "1",
  awsAccountId: "444444444444",
  isMasterPayer: true,
};
const masterPayers = [masterPayerA, secondMasterPayer];
// A small pool, so that attempts collide often.
const payeePool = ["000000000001", "000000000002", "000000000003", "000000000004", "000000000005"];

type Attempt =
  | { kind: "create"; masterPayer: number; payees: string[]; history: PayerPayeeHistory }
  | { kind: "update"; link: number; payees: string[]; history: PayerPayeeHistory };

const payees = fc.array(fc.constantFrom(...payeePool), { minLength: 1, maxLength: 4 });
const history = fc.constantFrom<PayerPayeeHistory>("RESET_ALL_HISTORY", "KEEP_HISTORY");
const attempt: fc.Arbitrary<Attempt> = fc.oneof(
  fc.record({
    kind: fc.constant("create" as const),
    masterPayer: fc.nat({ max: 1 }),
    payees,
    history,
  }),
  fc.record({ kind: fc.constant("update" as const), link: fc.nat({ max: 20 }), payees, history }),
);

interface StoredLink {
  linkId: string;
  masterPayerAccountId: string;
  awsPayerAccountId: string;
  payeeIds: string[];
}

/** What an attempt aimed at, and how the domain answered; accepted attempts are applied to the store. */
interface Outcome {
  masterPayerAccountId: string;
  /** The link being edited, for updates. */
  self?: string;
  error: DomainError | null;
}

const hasDuplicate = (ids: readonly string[]) => new Set(ids).size !== ids.length;

function tryCreate(store: StoredLink[], a: Extract<Attempt, { kind: "create" }>): Outcome {
  const mp = masterPayers[a.masterPayer]!;
  const result = planResellerLink(
    {
      actor: sysAdminA,
      masterPayerAccount: mp,
      resellerPartner: resellerA,
      resellerAccount: null,
      existingLinks: store.map((l) => ({ ...l, payeeIds: [...l.payeeIds] })),
    },
    {
      masterPayerAccountId: mp.id,
      resellerPartnerId: resellerA.id,
      resellerAccountId: "0",
      awsPayerAccountId: mp.awsAccountId!,
      awsPayeeAccountIds: a.payees,
      history: a.history,
    },
  );
  if (!result.ok) return { masterPayerAccountId: mp.id, error: result.error };
  store.push({
    linkId: String(store.length + 1),
    masterPayerAccountId: result.value.masterPayerAccountId,
    awsPayerAccountId: result.value.awsPayerAccountId,
    payeeIds: result.value.awsPayeeAccountIds,
  });
  return { masterPayerAccountId: mp.id, error: null };
}

function tryUpdate(store: StoredLink[], a: Extract<Attempt, { kind: "update" }>): Outcome | null {
  if (store.length === 0) return null;
  const link = store[a.link % store.length]!;
  const result = planLinkUpdate(
    {
      actor: sysAdminA,
      link: { ...link, id: link.linkId, resellerPartnerId: resellerA.id },
      parentIdOfLink: "1",
      existingLinks: store.map((l) => ({ ...l, payeeIds: [...l.payeeIds] })),
    },
    { awsPayeeAccountIds: a.payees, history: a.history },
    new Date("2026-05-10T00:00:00Z"),
  );
  const outcome = { masterPayerAccountId: link.masterPayerAccountId, self: link.linkId };
  if (!result.ok) return { ...outcome, error: result.error };
  link.payeeIds = result.value.awsPayeeAccountIds;
  return { ...outcome, error: null };
}

describe("one link per payee under a master payer", () => {
  it("should never leave a payee in two links when random creates and updates are applied", () => {
    fc.assert(
      fc.property(fc.array(attempt, { maxLength: 25 }), (attempts) => {
        const store: StoredLink[] = [];
        for (const a of attempts) {
          const snapshot = store.map((l) => ({ ...l, payeeIds: [...l.payeeIds] }));
          const outcome = a.kind === "create" ? tryCreate(store, a) : tryUpdate(store, a);
          if (outcome === null) continue;

          // Reference: accepted exactly when the payees are unique and free under this master payer.
          const duplicate = hasDuplicate(a.payees);
          const heldElsewhere = snapshot.some(
            (l) =>
              l.masterPayerAccountId === outcome.masterPayerAccountId &&
              l.linkId !== outcome.self &&
              l.payeeIds.some((p) => a.payees.includes(p)),
          );
          expect(outcome.error === null).toBe(!duplicate && !heldElsewhere);

          const error = outcome.error;
          if (error?.code === "PAYEE_ALREADY_LINKED") {
            // The rejection names a payee that another link really holds.
            const { payee, linkId } = error.details ?? {};
            const holder = snapshot.find((l) => l.linkId === linkId);
            expect(holder).toBeDefined();
            expect(holder!.linkId).not.toBe(outcome.self);
            expect(holder!.masterPayerAccountId).toBe(outcome.masterPayerAccountId);
            expect(holder!.payeeIds).toContain(payee);
            expect(error.value).toBe(payee);
            expect(a.payees).toContain(payee);
          } else if (error !== null) {
            expect(error.code).toBe("PAYEE_DUPLICATE");
            expect(duplicate).toBe(true);
          }

          for (const mp of masterPayers) {
            const held = store
              .filter((l) => l.masterPayerAccountId === mp.id)
              .flatMap((l) => l.payeeIds);
            expect(hasDuplicate(held)).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("payeesForMonth", () => {
  const MONTHS = 24;
  const monthAt = (index: number) =>
    `${2025 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
  const version = fc.record({
    reset: fc.boolean(),
    from: fc.integer({ min: 0, max: MONTHS - 1 }),
    payeeIds: fc.subarray(payeePool),
  });
  const toVersions = (raw: { reset: boolean; from: number; payeeIds: string[] }[]): LinkVersion[] =>
    raw.map((r, i) => ({
      effectiveFromMonth: r.reset ? null : monthAt(r.from),
      payeeIds: r.payeeIds,
      recordedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i)),
    }));

  /** Reference: an explicit month-by-month table, rewritten by each version in turn. */
  function referenceTable(raw: { reset: boolean; from: number; payeeIds: string[] }[]): string[][] {
    const table: string[][] = Array.from({ length: MONTHS }, () => []);
    for (const r of raw) {
      for (let m = r.reset ? 0 : r.from; m < MONTHS; m++) table[m] = r.payeeIds;
    }
    return table;
  }

  it("should match a month-by-month reference model when versions are random", () => {
    fc.assert(
      fc.property(fc.array(version, { maxLength: 8 }), (raw) => {
        const versions = toVersions(raw);
        const table = referenceTable(raw);
        for (let m = 0; m < MONTHS; m++) {
          expect(payeesForMonth(versions, monthAt(m))).toEqual(table[m]);
        }
      }),
    );
  });

  it("should leave closed months unchanged when a KEEP version is recorded", () => {
    fc.assert(
      fc.property(
        fc.array(version, { maxLength: 8 }),
        fc.integer({ min: 0, max: MONTHS - 1 }),
        fc.subarray(payeePool),
        (raw, from, next) => {
          const before = toVersions(raw);
          const after = toVersions([...raw, { reset: false, from, payeeIds: next }]);
          for (let m = 0; m < MONTHS; m++) {
            const expected = m < from ? payeesForMonth(before, monthAt(m)) : next;
            expect(payeesForMonth(after, monthAt(m))).toEqual(expected);
          }
        },
      ),
    );
  });
});
