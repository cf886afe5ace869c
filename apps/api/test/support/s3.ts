// A real S3-compatible server (s3rver) on loopback for the report source suites, and the calls
// the tests make to it with the AWS SDK, as a Parent's bucket would be filled by AWS.
import { mkdtempSync, rmSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";

interface S3rverOptions {
  port: number;
  address: string;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string }[];
}
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
// s3rver ships no types; its constructor and two methods are all the tests use.
const S3rver = createRequire(import.meta.url)("s3rver") as new (
  options: S3rverOptions,
) => S3rverInstance;

/** s3rver's one account. */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface FakeS3 {
  endpoint: string;
  client: S3Client;
  /** Puts every file below `root` as an object keyed by its path relative to `root`. */
  putTree(bucket: string, root: string): Promise<string[]>;
  remove(bucket: string, key: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startFakeS3(buckets: string[]): Promise<FakeS3> {
  const directory = mkdtempSync(join(tmpdir(), "reseller-s3-"));
  const server = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    region: "us-east-1",
    endpoint,
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
    // s3rver predates the SDK's default CRC checksums on uploads.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  return {
    endpoint,
    client,
    async putTree(bucket, root) {
      const keys: string[] = [];
      for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
        if (!entry.isFile()) continue;
        const path = join(entry.parentPath, entry.name);
        const key = relative(root, path).split(sep).join("/");
        await client.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: await readFile(path) }),
        );
        keys.push(key);
      }
      return keys.sort();
    },
    async remove(bucket, key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    async stop() {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
