import { type MigrationInterface } from "typeorm";
import { Init1795677233542 } from "./1795677233542-Init.js";

export const SQLITE_MIGRATIONS: (new () => MigrationInterface)[] = [Init1795677233542];
