import { type MigrationInterface } from "typeorm";
import { ReportSources1795700000000 } from "./1795700000000-ReportSources.js";
import { AuditLog1795740000000 } from "./1795740000000-AuditLog.js";
import { Billing1795681691245 } from "./1795681691245-Billing.js";
import { Init1795677233542 } from "./1795677233542-Init.js";
import { IdempotencyKeys1795688385595 } from "./1795688385595-IdempotencyKeys.js";
import { Invoices1795710000000 } from "./1795710000000-Invoices.js";
import { JobHeartbeat1795688660695 } from "./1795688660695-JobHeartbeat.js";
import { WidenBillingColumns1795683663530 } from "./1795683663530-WidenBillingColumns.js";
import { RateLimits1795720000000 } from "./1795720000000-RateLimits.js";
import { ConsoleUsersAndKeys1795730000000 } from "./1795730000000-ConsoleUsersAndKeys.js";

export const SQLITE_MIGRATIONS: (new () => MigrationInterface)[] = [
  Init1795677233542,
  Billing1795681691245,
  WidenBillingColumns1795683663530,
  IdempotencyKeys1795688385595,
  JobHeartbeat1795688660695,
  ReportSources1795700000000,
  Invoices1795710000000,
  RateLimits1795720000000,
  ConsoleUsersAndKeys1795730000000,
  AuditLog1795740000000,
];
