import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { SMTPServer, type SMTPServerEnvelope } from "smtp-server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMailer } from "./mailer.js";

const FROM = "Reseller Console <console@reseller.test>";
const LINK =
  "https://console.reseller.test/reset-password?token=0f4c1e2d9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b";
const message = {
  to: "alice@partner.test",
  subject: "Reset your password",
  text: `Hello Alice,\n\nopen this link to choose a new password:\n${LINK}\n\nSECRET-BODY-MARKER\n`,
  html: `<p>Hello Alice,</p><p><a href="${LINK}">Choose a new password</a></p><p>SECRET-BODY-MARKER</p>`,
  link: LINK,
};

// A minimal RFC 822 / MIME reader, enough to check what a mail client would show.
interface Part {
  headers: Map<string, string>;
  body: string;
}

function parsePart(raw: string): Part {
  const split = raw.indexOf("\n\n");
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? "" : raw.slice(split + 2);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, " ").split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeBody({ headers, body }: Part): string {
  const encoding = headers.get("content-transfer-encoding")?.toLowerCase();
  if (encoding === "quoted-printable") {
    const bytes = body
      .replace(/=\n/g, "")
      .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  if (encoding === "base64") return Buffer.from(body, "base64").toString("utf8");
  return body;
}

function textParts(part: Part): Map<string, string> {
  const type = part.headers.get("content-type") ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
  if (!type.startsWith("multipart/") || !boundary)
    return new Map([[type.split(";")[0]!, decodeBody(part)]]);
  const result = new Map<string, string>();
  const sections = part.body.split(`--${boundary}`).slice(1, -1);
  for (const section of sections) {
    // The line break before a delimiter belongs to the delimiter (RFC 2046 5.1.1).
    const inner = section.replace(/^\n/, "").replace(/\n$/, "");
    for (const [key, value] of textParts(parsePart(inner))) result.set(key, value);
  }
  return result;
}

function capturingLogger() {
  const lines: string[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

describe("createMailer without SMTP (outbox)", () => {
  let outboxDir: string;

  beforeEach(async () => {
    outboxDir = join(await mkdtemp(join(tmpdir(), "mailer-test-")), "outbox", "nested");
  });

  afterEach(async () => {
    await rm(join(outboxDir, "..", ".."), { recursive: true, force: true });
  });

  it("should write exactly one parseable .eml with subject, recipient and link when sending", async () => {
    const { logger } = capturingLogger();
    const mailer = createMailer({ smtpUrl: null, outboxDir, from: FROM, logger });

    await mailer.send(message);
    mailer.close();

    const files = await readdir(outboxDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z-[0-9a-f]+\.eml$/);

    const raw = await readFile(join(outboxDir, files[0]!), "utf8");
    expect(raw).not.toContain("\r\n");
    const mail = parsePart(raw);
    expect(mail.headers.get("subject")).toBe(message.subject);
    expect(mail.headers.get("to")).toBe(message.to);
    expect(mail.headers.get("from")).toBe(FROM);
    expect(mail.headers.get("message-id")).toMatch(/^<.+@.+>$/);
    expect(mail.headers.get("mime-version")).toBe("1.0");
    expect(mail.headers.get("date")).toBeTruthy();

    const parts = textParts(mail);
    expect(parts.get("text/plain")).toBe(message.text);
    expect(parts.get("text/html")).toBe(message.html);
    expect(parts.get("text/plain")).toContain(LINK);
  });

  it("should write one file per message when sending several at once", async () => {
    const { logger } = capturingLogger();
    const mailer = createMailer({ smtpUrl: null, outboxDir, from: FROM, logger });

    await Promise.all(
      [1, 2, 3, 4, 5].map((n) => mailer.send({ ...message, subject: `Message ${n}` })),
    );

    const files = await readdir(outboxDir);
    expect(files).toHaveLength(5);
    expect(files.every((file) => file.endsWith(".eml"))).toBe(true);
    const subjects = await Promise.all(
      files.map(async (file) =>
        parsePart(await readFile(join(outboxDir, file), "utf8")).headers.get("subject"),
      ),
    );
    expect(subjects.sort()).toEqual([
      "Message 1",
      "Message 2",
      "Message 3",
      "Message 4",
      "Message 5",
    ]);
  });

  it("should log recipient, subject and file but neither the link (a credential) nor the body when writing to the outbox", async () => {
    const { logger, lines } = capturingLogger();
    const mailer = createMailer({ smtpUrl: null, outboxDir, from: FROM, logger });

    await mailer.send(message);

    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    const [file] = await readdir(outboxDir);
    expect(entry).toMatchObject({
      level: 30,
      msg: "mail written to outbox",
      to: message.to,
      subject: message.subject,
      hasLink: true,
      file: join(outboxDir, file!),
    });
    expect(lines[0]).not.toContain(LINK);
    expect(lines[0]).not.toContain("SECRET-BODY-MARKER");
    expect(lines[0]).not.toContain("Hello Alice");
  });
});

describe("createMailer with SMTP", () => {
  interface Received {
    envelope: SMTPServerEnvelope;
    data: string;
  }
  let server: SMTPServer;
  let smtpUrl: string;
  let received: Received[];

  beforeEach(async () => {
    received = [];
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo(address, _session, callback) {
        callback(address.address.endsWith("@rejected.test") ? new Error("no such user") : null);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          // The session object is reused for the next transaction: keep a copy.
          received.push({
            envelope: structuredClone(session.envelope),
            data: Buffer.concat(chunks).toString("utf8"),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(resolve));
  });

  it("should deliver envelope and message to the SMTP server when smtpUrl is set", async () => {
    const { logger, lines } = capturingLogger();
    const outboxDir = join(tmpdir(), `mailer-test-unused-${process.pid}`);
    const mailer = createMailer({ smtpUrl, outboxDir, from: FROM, logger });

    await mailer.send(message);
    mailer.close();

    expect(received).toHaveLength(1);
    const { envelope, data } = received[0]!;
    expect(envelope.mailFrom).toMatchObject({ address: "console@reseller.test" });
    expect(envelope.rcptTo.map((rcpt) => rcpt.address)).toEqual([message.to]);

    const mail = parsePart(data.replace(/\r\n/g, "\n"));
    expect(mail.headers.get("subject")).toBe(message.subject);
    expect(mail.headers.get("to")).toBe(message.to);
    expect(mail.headers.get("from")).toBe(FROM);
    const parts = textParts(mail);
    expect(parts.get("text/plain")).toBe(message.text);
    expect(parts.get("text/html")).toBe(message.html);

    // Nothing goes to the outbox, and the log names no link and no body.
    await expect(readdir(outboxDir)).rejects.toMatchObject({ code: "ENOENT" });
    expect(lines.join("")).not.toContain(LINK);
    expect(lines.join("")).not.toContain("SECRET-BODY-MARKER");
  });

  it("should reject when the SMTP server refuses the recipient", async () => {
    const mailer = createMailer({
      smtpUrl,
      outboxDir: tmpdir(),
      from: FROM,
      logger: pino({ level: "silent" }),
    });

    await expect(mailer.send({ ...message, to: "bob@rejected.test" })).rejects.toThrow(
      /no such user/,
    );
    mailer.close();
    expect(received).toHaveLength(0);
  });
});
