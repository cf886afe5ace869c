import { type MigrationInterface } from "typeorm";
import { AuditLog1795740000000 } from "./1795740000000-AuditLog.js";
import { Billing1795681691245 } from "./1795681691245-Billing.js";
import { Init1795677233542 } from "./1795677233542-Init.js";
import { IdempotencyKeys1795688385595 } from "./1795688385595-IdempotencyKeys.js";
import { JobHeartbeat1795688660695 } from "./1795688660695-JobHeartbeat.js";
import { WidenBillingColumns1795683663530 } from "./1795683663530-WidenBillingColumns.js";

export const SQLITE_MIGRATIONS: (new () => MigrationInterface)[] = [
  Init1795677233542,
  Billing1795681691245,
  WidenBillingColumns1795683663530,
  IdempotencyKeys1795688385595,
  JobHeartbeat1795688660695,
  AuditLog1795740000000,
];
