import { type MigrationInterface } from "typeorm";
import { Billing1795681691245 } from "./1795681691245-Billing.js";
import { Init1795677233542 } from "./1795677233542-Init.js";
import { WidenBillingColumns1795683663530 } from "./1795683663530-WidenBillingColumns.js";

export const SQLITE_MIGRATIONS: (new () => MigrationInterface)[] = [
  Init1795677233542,
  Billing1795681691245,
  WidenBillingColumns1795683663530,
];
