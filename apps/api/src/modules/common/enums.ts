import { registerEnumType } from "type-graphql";
import {
  type PartnerLevel,
  type PayerPayeeHistory,
  type Role,
  type UserStatus,
} from "@reseller/domain";

// GraphQL enums mirror the domain's string unions; `satisfies` keeps the two in step.

export const PartnerLevelEnum = { PARENT: "PARENT", CHILD: "CHILD" } as const satisfies Record<
  PartnerLevel,
  PartnerLevel
>;
registerEnumType(PartnerLevelEnum, {
  name: "PartnerLevel",
  description: "Where a partner sits in the two-level reseller hierarchy.",
  valuesConfig: {
    PARENT: { description: "L1: holds the AWS master payer billing data." },
    CHILD: { description: "L2: contained in exactly one Parent partner." },
  },
});

export const RoleEnum = {
  OPERATOR: "OPERATOR",
  PARTNER_SYS_ADMIN: "PARTNER_SYS_ADMIN",
  ADMINISTRATOR: "ADMINISTRATOR",
  USER: "USER",
} as const satisfies Record<Role, Role>;
registerEnumType(RoleEnum, {
  name: "Role",
  description: "What a user may do.",
  valuesConfig: {
    OPERATOR: {
      description: "Runs the service; creates Parent partners and their first Partner Sys Admin.",
    },
    PARTNER_SYS_ADMIN: {
      description: "Administers a Parent partner: its Child partners, accounts and reseller links.",
    },
    ADMINISTRATOR: { description: "Administers its own partner only." },
    USER: { description: "Reads its own partner only." },
  },
});

export const UserStatusEnum = {
  PENDING_ACTIVATION: "PENDING_ACTIVATION",
  ACTIVE: "ACTIVE",
  DISABLED: "DISABLED",
} as const satisfies Record<UserStatus, UserStatus>;
registerEnumType(UserStatusEnum, {
  name: "UserStatus",
  description: "Whether a user can sign in.",
  valuesConfig: {
    PENDING_ACTIVATION: {
      description: "Created without a password; must activate from the emailed link.",
    },
    ACTIVE: { description: "Can sign in." },
    DISABLED: { description: "Cannot sign in." },
  },
});

export const PayerPayeeHistoryEnum = {
  RESET_ALL_HISTORY: "RESET_ALL_HISTORY",
  KEEP_HISTORY: "KEEP_HISTORY",
} as const satisfies Record<PayerPayeeHistory, PayerPayeeHistory>;
registerEnumType(PayerPayeeHistoryEnum, {
  name: "PayerPayeeHistory",
  description: "How a change of a link's payees treats billing months already stored.",
  valuesConfig: {
    RESET_ALL_HISTORY: {
      description:
        "Rebuild the reseller's billing data for every stored month with the link's payees (the default).",
    },
    KEEP_HISTORY: {
      description:
        "Leave months already allocated as they are; the link's payees apply from the current billing month on.",
    },
  },
});
