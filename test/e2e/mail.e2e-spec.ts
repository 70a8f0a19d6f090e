import type { LoggerService } from '@nestjs/common';
import { createMailer, invitationMail, LogMailer, MailDeliveryError, type MailConfig, passwordResetMail, readMailConfig, SmtpMailer } from '@coop/mail';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink';

/** Mails through a real SMTP conversation: nodemailer's encoding, read back by the loopback sink. */

function mailConfig(env: NodeJS.ProcessEnv): MailConfig {
  const result = readMailConfig(env);
  if (!result.ok) throw new Error(`test mail settings refused: ${result.problems.join('; ')}`);
  return result.config;
}

class MemoryLogger implements LoggerService {
  readonly entries: { level: string; message: string }[] = [];
  log = (message: string) => this.entries.push({ level: 'log', message });
  warn = (message: string) => this.entries.push({ level: 'warn', message });
  error = (message: string) => this.entries.push({ level: 'error', message });
}

// Over 76 characters, so that quoted-printable must break it with soft line breaks.
const inviteLink = `https://ledger.example.org/invitations/accept?token=${'q7Rz-X2pL_9vKm3N'.repeat(4)}&cooperative=6f1c2e9a-5b3d-4e8f-9a7c-1d2e3f4a5b6c`;
const resetLink = `https://ledger.example.org/password-reset?token=${'Ab3dEf6hIj9lMn2p'.repeat(4)}`;
const expiresAt = new Date('2026-03-12T13:30:00Z');

describe('mail over SMTP', () => {
  let sink: SmtpSink;
  let mailer: SmtpMailer;

  beforeAll(async () => {
    sink = await startSmtpSink();
    const config = mailConfig({ SMTP_URL: sink.url, MAIL_FROM: 'Coop <noreply@coop.test>' });
    mailer = new SmtpMailer(config.smtpUrl!, config.from);
  });
  afterAll(async () => {
    mailer?.close();
    await sink?.close();
  });
  beforeEach(() => sink.clear());

  it('delivers an invitation in French: accents, « », the long link and the HTML come back exactly as written', async () => {
    expect(inviteLink.length).toBeGreaterThan(80);
    const mail = invitationMail({
      to: 'helene@example.org',
      cooperativeName: 'Coopérative « Les Tilleuls » de Saint-Étienne — façade & cie',
      role: 'accountant',
      inviterName: 'François Lefèvre',
      link: inviteLink,
      expiresAt,
    });
    expect(mail.text).toContain('é');
    await mailer.send(mail);

    const received = await sink.waitForMail((m) => m.to.includes('helene@example.org'));
    expect({ from: received.from, to: received.to, header: received.headers.from }).toEqual({
      from: 'noreply@coop.test',
      to: ['helene@example.org'],
      header: ['Coop <noreply@coop.test>'],
    });
    expect(received.subject).toBe('Invitation à rejoindre Coopérative « Les Tilleuls » de Saint-Étienne — façade & cie');
    expect(received.text).toBe(mail.text);
    expect(received.text!.split('\n')).toContain(inviteLink);
    expect(received.text).toContain('François Lefèvre vous invite à rejoindre');
    expect(received.text).toContain('avec le rôle « comptable »');
    expect(received.html).toBe(mail.html);
    expect(received.html).toContain('Coopérative « Les Tilleuls » de Saint-Étienne — façade &amp; cie');
    expect(received.html).toContain(`<a href="${inviteLink.replace(/&/g, '&amp;')}">`);
    // What was decoded really was encoded: an encoded-word subject, quoted-printable with soft line breaks.
    expect(received.raw).toMatch(/^Subject: =\?UTF-8\?[QB]\?/im);
    expect(received.raw).toContain('Content-Transfer-Encoding: quoted-printable');
    expect(received.raw).toMatch(/=\r\n/);
    expect(received.raw).not.toContain(inviteLink);
  });

  it('delivers a password reset, and waitForMail resolves on a mail that arrives after the wait began', async () => {
    const waiting = sink.waitForMail((m) => m.subject === 'Réinitialisation de votre mot de passe');
    const mail = passwordResetMail({ to: 'bob@example.org', link: resetLink, expiresAt });
    await mailer.send(mail);
    const received = await waiting;
    expect(received.to).toEqual(['bob@example.org']);
    expect(received.text).toBe(mail.text);
    expect(received.text!.split('\n')).toContain(resetLink);
    expect(received.text).toContain("Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.");
    expect(received.html).toBe(mail.html);
    expect(sink.mails).toHaveLength(1);
  });

  it('decodes a mostly non-ASCII mail, which nodemailer sends in base64 with a B-encoded subject', async () => {
    const text = 'Être ou ne pas être, « ça » déçoit à peine : ' + 'éèçàùœ'.repeat(40) + '\nFin.\n';
    await mailer.send({ to: 'carole@example.org', subject: 'Ébène, çà et là : «éèçàù»', text });
    const received = await sink.waitForMail((m) => m.to.includes('carole@example.org'));
    expect(received.raw).toContain('Content-Transfer-Encoding: base64');
    expect(received.raw).toMatch(/^Subject: =\?UTF-8\?B\?/im);
    expect(received.subject).toBe('Ébène, çà et là : «éèçàù»');
    expect(received.text).toBe(text);
    expect(received.html).toBeNull();
  });

  it('authenticates with the user name and password of SMTP_URL, percent-decoded', async () => {
    const config = mailConfig({ SMTP_URL: `smtp://mailer%40coop.test:p%C3%A4ss%3Aword@127.0.0.1:${sink.port}` });
    const withAuth = new SmtpMailer(config.smtpUrl!, config.from);
    try {
      await withAuth.send({ to: 'dan@example.org', subject: 'auth', text: 'hello' });
    } finally {
      withAuth.close();
    }
    const received = await sink.waitForMail((m) => m.subject === 'auth');
    expect(received.auth).toEqual({ username: 'mailer@coop.test', password: 'päss:word' });
    expect(received.from).toBe('no-reply@localhost');
  });

  it('waitForMail rejects after its timeout, naming the mails it did receive', async () => {
    await mailer.send({ to: 'erin@example.org', subject: 'something else', text: 'x' });
    await expect(sink.waitForMail((m) => m.subject === 'never sent', 50)).rejects.toThrow(
      'smtp-sink: no matching mail within 50 ms (mails received: erin@example.org: "something else")',
    );
  });

  it('a closed server: send rejects with a MailDeliveryError naming the recipient', async () => {
    const closed = await startSmtpSink();
    await closed.close();
    const config = mailConfig({ SMTP_URL: closed.url, MAIL_FROM: 'Coop <noreply@coop.test>' });
    const toClosed = new SmtpMailer(config.smtpUrl!, config.from);
    try {
      const error: unknown = await toClosed.send({ to: 'frank@example.org', subject: 'lost', text: 'x' }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(MailDeliveryError);
      expect((error as MailDeliveryError).recipient).toBe('frank@example.org');
      expect((error as MailDeliveryError).message).toMatch(/^mail to frank@example\.org not sent: .*ECONNREFUSED/);
    } finally {
      toClosed.close();
    }
  });
});

describe('mail without SMTP', () => {
  it('LogMailer writes the whole mail, the link included, to the log so that a local user can follow it', async () => {
    const logger = new MemoryLogger();
    const mailer = createMailer(mailConfig({}), logger);
    expect(mailer).toBeInstanceOf(LogMailer);
    const mail = passwordResetMail({ to: 'alice@example.org', link: resetLink, expiresAt, language: 'en' });
    await mailer.send(mail);
    const logged = logger.entries.filter((entry) => entry.level === 'log');
    expect(logged).toHaveLength(1);
    expect(logged[0].message).toContain('mail to alice@example.org: Reset your password');
    expect(logged[0].message.split('\n')).toContain(resetLink);
  });
});
