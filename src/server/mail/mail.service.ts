import nodemailer from 'nodemailer';
import type { Kysely } from 'kysely';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';

type Db = Kysely<Database>;

export type MailMessage = { workspaceId: string | null; to: string; subject: string; text: string; html?: string | null };
export type MailResult = { via: 'smtp' | 'outbox'; messageId: string };
export type MailSettings = { smtpUrl: string; from: string; publicUrl: string };

/**
 * Where mail goes (DESIGN.md: nodemailer). SMTP_URL set → that server; empty → the
 * outbox_messages table, which admins read on the Outbox page, so a self-hosted instance
 * without mail still shows what it would have sent. Set once by the routes' registration
 * (jobs have no config of their own); tests pass their own settings to `sendMail`.
 */
let configured: MailSettings = { smtpUrl: '', from: 'Rapport <rapport@localhost>', publicUrl: 'http://localhost:3000' };
const transports = new Map<string, ReturnType<typeof nodemailer.createTransport>>();

export function configureMail(config: { smtpUrl: string; publicUrl: string }): void {
  const host = URL.canParse(config.publicUrl) ? new URL(config.publicUrl).hostname : 'localhost';
  configured = { smtpUrl: config.smtpUrl, from: `Rapport <rapport@${host}>`, publicUrl: config.publicUrl };
}

export const mailSettings = (): MailSettings => configured;

function transportFor(smtpUrl: string) {
  let t = transports.get(smtpUrl);
  if (!t) {
    t = nodemailer.createTransport(smtpUrl);
    transports.set(smtpUrl, t);
  }
  return t;
}

/** Sends one message by SMTP, or keeps it in the outbox when no SMTP server is configured. */
export async function sendMail(db: Db, message: MailMessage, settings: MailSettings = configured): Promise<MailResult> {
  if (settings.smtpUrl) {
    const info = await transportFor(settings.smtpUrl).sendMail({
      from: settings.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      ...(message.html ? { html: message.html } : {}),
    });
    return { via: 'smtp', messageId: String(info.messageId ?? '') };
  }
  const id = newId();
  await db
    .insertInto('outbox_messages')
    .values({ workspace_id: message.workspaceId, id, to: message.to, subject: message.subject, text: message.text, html: message.html ?? null, created_at: nowIso(), sent_at: null, error: null })
    .execute();
  return { via: 'outbox', messageId: id };
}
