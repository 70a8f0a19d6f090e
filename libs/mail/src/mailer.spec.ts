import type { LoggerService } from '@nestjs/common';
import { createMailer, LogMailer, MailDeliveryError, SmtpMailer } from './mailer';

function memoryLogger() {
  const entries: { level: string; message: unknown; context?: string }[] = [];
  const at =
    (level: string) =>
    (message: unknown, context?: string): void => {
      entries.push({ level, message, context });
    };
  const logger: LoggerService = { log: at('log'), error: at('error'), warn: at('warn'), debug: at('debug'), verbose: at('verbose'), fatal: at('fatal') };
  return { logger, entries };
}

describe('createMailer', () => {
  it('without SMTP_URL writes mails to the log, and warns that the links will be logged', () => {
    const { logger, entries } = memoryLogger();
    const mailer = createMailer({ smtpUrl: null, from: 'coop-ledger <no-reply@localhost>', publicUrl: 'http://localhost:3000' }, logger);
    expect(mailer).toBeInstanceOf(LogMailer);
    expect(entries).toEqual([{ level: 'warn', message: expect.stringContaining('SMTP_URL is not set'), context: 'Mail' }]);
  });

  it('with SMTP_URL sends through SMTP, and connects to nothing before the first mail', () => {
    const { logger, entries } = memoryLogger();
    const mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:9', from: 'coop-ledger <no-reply@localhost>', publicUrl: 'http://localhost:3000' }, logger);
    expect(mailer).toBeInstanceOf(SmtpMailer);
    expect(entries).toEqual([]);
    (mailer as SmtpMailer).close();
  });
});

describe('LogMailer', () => {
  it('logs the recipient, the subject and the whole text at log level', async () => {
    const { logger, entries } = memoryLogger();
    await new LogMailer(logger).send({ to: 'alice@example.org', subject: 'Réinitialisation', text: 'Ouvrez ce lien :\nhttps://x.example/r?token=abc\n' });
    expect(entries).toEqual([
      { level: 'log', message: 'mail to alice@example.org: Réinitialisation\nOuvrez ce lien :\nhttps://x.example/r?token=abc\n', context: 'Mail' },
    ]);
  });
});

describe('MailDeliveryError', () => {
  it('names the recipient and keeps the cause', () => {
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:25');
    const error = new MailDeliveryError('alice@example.org', cause);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('MailDeliveryError');
    expect(error.recipient).toBe('alice@example.org');
    expect(error.message).toBe('mail to alice@example.org not sent: connect ECONNREFUSED 127.0.0.1:25');
    expect(error.cause).toBe(cause);
  });
});
