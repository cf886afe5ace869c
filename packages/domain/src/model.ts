/** The shapes the rules reason about: plain data, no persistence. Ids are numeric strings. */
export type PartnerLevel = "PARENT" | "CHILD";
export type Role = "OPERATOR" | "PARTNER_SYS_ADMIN" | "ADMINISTRATOR" | "USER";
export type UserStatus = "PENDING_ACTIVATION" | "ACTIVE" | "DISABLED";
export type PayerPayeeHistory = "RESET_ALL_HISTORY" | "KEEP_HISTORY";

export interface PartnerRef {
  readonly id: string;
  readonly level: PartnerLevel;
  /** Set for a CHILD, null for a PARENT. */
  readonly parentId: string | null;
  readonly isReseller: boolean;
}

export interface AccountRef {
  readonly id: string;
  readonly partnerId: string;
  readonly awsAccountId: string | null;
  readonly isMasterPayer: boolean;
}

/** Who is acting: the signed-in user and its partner (null for an operator). */
export interface Actor {
  readonly userId: string;
  readonly role: Role;
  readonly partner: PartnerRef | null;
}

/** A stored link, as far as the one-link-per-payee rule needs it. */
export interface LinkPayees {
  readonly linkId: string;
  readonly masterPayerAccountId: string;
  readonly payeeIds: readonly string[];
}
