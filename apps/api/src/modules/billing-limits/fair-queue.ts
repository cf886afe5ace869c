import { type EntityManager } from "typeorm";

/**
 * The next job to run, fairly across Parents: each Parent's oldest queued job is a candidate,
 * and the Parent whose last job started longest ago (or never) goes first. One Parent's 300
 * queued reports then delay another's by at most the job already running, not by all 300.
 */
export async function nextQueuedJobId(manager: EntityManager): Promise<number | null> {
  const rows: { id: number | string }[] = await manager.query(
    `SELECT j."id" AS "id" FROM "billing_job" j
      WHERE j."state" = 'QUEUED'
        AND j."id" = (SELECT MIN(q."id") FROM "billing_job" q
                       WHERE q."state" = 'QUEUED' AND q."parent_partner_id" = j."parent_partner_id")
      ORDER BY (SELECT MAX(r."started_at") FROM "billing_job" r
                 WHERE r."parent_partner_id" = j."parent_partner_id") ASC NULLS FIRST,
               j."id" ASC
      LIMIT 1`,
  );
  const id = rows[0]?.id;
  return id === undefined ? null : Number(id);
}
