import { type PayerPayeeHistory } from "../../generated/graphql";

// Rule 6, in the words of the help page (labels) and of the contract's enum descriptions.
export const HISTORY_MODES: readonly {
  value: PayerPayeeHistory;
  label: string;
  explanation: string;
}[] = [
  {
    value: "RESET_ALL_HISTORY",
    label: "Reset all history",
    explanation:
      "Rebuild the reseller's billing data for every stored month with the link's payees (the default).",
  },
  {
    value: "KEEP_HISTORY",
    label: "Keep history",
    explanation:
      "Leave months already allocated as they are; the link's payees apply from the current billing month on.",
  },
];

export function historyLabel(history: PayerPayeeHistory): string {
  return HISTORY_MODES.find((mode) => mode.value === history)?.label ?? history;
}
