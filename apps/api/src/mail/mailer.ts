import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer from "nodemailer";
import type { Logger } from "pino";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** The action link inside, logged when no SMTP server is configured. */
  link?: string;
  /** Files sent with the message (an invoice's PDF). */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  smtpUrl: string | null;
  outboxDir: string;
  from: string;
  logger: Logger;
}

export function createMailer(options: MailerOptions): Mailer {
  return options.smtpUrl ? createSmtpMailer(options.smtpUrl, options) : createOutboxMailer(options);
}

function createSmtpMailer(smtpUrl: string, { from, logger }: MailerOptions): Mailer {
  const transport = nodemailer.createTransport(smtpUrl, { from });
  return {
    async send({ to, subject, text, html, attachments }) {
      const info = await transport.sendMail({ to, subject, text, html, attachments });
      // The link is a credential once the mail has left: log only who got what.
      logger.info({ to, subject, messageId: info.messageId }, "mail sent");
    },
    close() {
      transport.close();
    },
  };
}

// Without SMTP (development, demo, self-hosting before mail is set up) every
// message lands in the outbox as a complete .eml file any mail client opens.
function createOutboxMailer({ outboxDir, from, logger }: MailerOptions): Mailer {
  const transport = nodemailer.createTransport(
    { streamTransport: true, buffer: true, newline: "unix" },
    { from },
  );
  return {
    async send({ to, subject, text, html, link, attachments }) {
      const info = await transport.sendMail({ to, subject, text, html, attachments });
      if (!Buffer.isBuffer(info.message)) throw new Error("stream transport returned no buffer");
      await mkdir(outboxDir, { recursive: true });
      const name = `${new Date().toISOString().replaceAll(":", "-")}-${randomBytes(6).toString("hex")}.eml`;
      const file = join(outboxDir, name);
      // Write beside the target and rename: a reader of the outbox never sees half a message.
      const partial = join(outboxDir, `.${name}.partial`);
      try {
        await writeFile(partial, info.message, { flag: "wx" });
        await rename(partial, file);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      // The link is a credential: the .eml file holds it, the log only says where that is.
      logger.info({ to, subject, file, hasLink: link !== undefined }, "mail written to outbox");
    },
    close() {
      transport.close();
    },
  };
}
