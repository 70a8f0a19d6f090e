import type { LoggerService } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type { MailConfig } from './mail-config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/** A mail that could not be handed to the SMTP server. Callers decide whether that fails their request. */
export class MailDeliveryError extends Error {
  constructor(
    readonly recipient: string,
    cause: unknown,
  ) {
    super(`mail to ${recipient} not sent: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'MailDeliveryError';
  }
}

// Sending is part of a request (an invitation, a reset): a dead server must fail it in seconds, not nodemailer's minutes.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** Sends through the SMTP server of SMTP_URL, one connection per mail. */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS });
  }

  async send(mail: OutgoingMail): Promise<void> {
    try {
      await this.transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    } catch (error) {
      throw new MailDeliveryError(mail.to, error);
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** Without SMTP: writes each mail, links included, to the log, so that a local user can follow them. */
export class LogMailer implements Mailer {
  constructor(private readonly logger: LoggerService) {}

  send(mail: OutgoingMail): Promise<void> {
    this.logger.log(`mail to ${mail.to}: ${mail.subject}\n${mail.text}`, 'Mail');
    return Promise.resolve();
  }
}

/** SMTP when SMTP_URL is set, else the log (with a warning: links in mails carry tokens). */
export function createMailer(config: MailConfig, logger: LoggerService): Mailer {
  if (config.smtpUrl) return new SmtpMailer(config.smtpUrl, config.from);
  logger.warn('SMTP_URL is not set: mails are written to this log, links and their tokens included', 'Mail');
  return new LogMailer(logger);
}
