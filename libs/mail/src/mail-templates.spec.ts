import { escapeHtml, invitationMail, passwordChangedMail, passwordResetMail } from './mail-templates';

const link = 'https://ledger.example.org/invitations/accept?token=Zm9vYmFyLXNlY3JldC10b2tlbg&lang=fr';
const expiresAt = new Date('2026-03-12T13:30:00Z');
const invitation = { to: 'alice@example.org', cooperativeName: 'SCIC Les Tilleuls', role: 'accountant', inviterName: 'Bob Martin', link, expiresAt } as const;

describe('invitationMail', () => {
  it('is in French by default: subject, role, the expiry in Paris time, the link on a line of its own in the text and as a link in HTML', () => {
    const mail = invitationMail(invitation);
    expect(mail.to).toBe('alice@example.org');
    expect(mail.subject).toBe('Invitation à rejoindre SCIC Les Tilleuls');
    expect(mail.text).toContain('Bob Martin vous invite à rejoindre SCIC Les Tilleuls avec le rôle « comptable ».');
    expect(mail.text).toContain("Ce lien est valable jusqu'au 12 mars 2026 à 14:30 UTC+1.");
    expect(mail.text.split('\n')).toContain(link);
    expect(mail.html).toContain(`<a href="${escapeHtml(link)}">`);
    expect(mail.html).toContain('&amp;lang=fr');
    expect(mail.html).toContain('<html lang="fr">');
  });

  it('is in English on request', () => {
    const mail = invitationMail({ ...invitation, role: 'admin', language: 'en' });
    expect(mail.subject).toBe('Invitation to join SCIC Les Tilleuls');
    expect(mail.text).toContain('Bob Martin invites you to join SCIC Les Tilleuls as administrator.');
    expect(mail.text).toContain('This link is valid until 12 March 2026 at 14:30 CET.');
    expect(mail.text.split('\n')).toContain(link);
    expect(mail.html).toContain('<html lang="en">');
  });

  it('names each role in each language', () => {
    const roles = (['admin', 'accountant', 'member'] as const).map((role) => ({
      fr: invitationMail({ ...invitation, role }).text,
      en: invitationMail({ ...invitation, role, language: 'en' }).text,
    }));
    expect(roles[0].fr).toContain('« administrateur »');
    expect(roles[1].en).toContain('as accountant.');
    expect(roles[2].fr).toContain('« membre »');
    expect(roles[2].en).toContain('as member.');
  });

  it('escapes every value it puts in HTML', () => {
    const mail = invitationMail({ ...invitation, cooperativeName: '<script>alert("x")</script> & Co', inviterName: "O'Brien <b>" });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(mail.html).toContain('O&#39;Brien &lt;b&gt;');
    // The text part is plain text: the name stays as typed.
    expect(mail.text).toContain('<script>alert("x")</script> & Co');
  });

  it('keeps a name with line breaks on one line, so that it cannot forge lines of the mail', () => {
    const mail = invitationMail({ ...invitation, cooperativeName: 'Coop\r\nBcc: eve@example.org', inviterName: 'Bob\n\nClick https://evil.example' });
    expect(mail.subject).toBe('Invitation à rejoindre Coop Bcc: eve@example.org');
    expect(mail.text).toContain('Bob Click https://evil.example vous invite à rejoindre Coop Bcc: eve@example.org avec');
  });

  it('refuses a link that is not an absolute http(s) URL, without repeating it', () => {
    for (const bad of ['javascript:alert(1)', '/invitations/accept?token=abc', 'https://x.example/a b']) {
      expect(() => invitationMail({ ...invitation, link: bad })).toThrow(new Error('a link in a mail must be an absolute http(s) URL'));
    }
  });
});

describe('passwordResetMail', () => {
  const resetLink = 'https://ledger.example.org/password-reset?token=cmVzZXQtdG9rZW4';

  it('carries the link and its expiry, in French by default and in English on request', () => {
    const fr = passwordResetMail({ to: 'alice@example.org', link: resetLink, expiresAt });
    const en = passwordResetMail({ to: 'alice@example.org', link: resetLink, expiresAt, language: 'en' });
    expect(fr.subject).toBe('Réinitialisation de votre mot de passe');
    expect(en.subject).toBe('Reset your password');
    expect(fr.text.split('\n')).toContain(resetLink);
    expect(en.text.split('\n')).toContain(resetLink);
    expect(fr.html).toContain(`href="${resetLink}"`);
    expect(fr.text).toContain('votre mot de passe reste inchangé');
    expect(en.text).toContain('This link is valid until 12 March 2026 at 14:30 CET.');
  });

  it('holds the token only inside the link', () => {
    const mail = passwordResetMail({ to: 'alice@example.org', link: resetLink, expiresAt });
    const token = 'cmVzZXQtdG9rZW4';
    expect(mail.text.split(token)).toHaveLength(2);
    expect(mail.html!.split(token)).toHaveLength(3); // href and the link's label
    expect(mail.subject).not.toContain(token);
  });
});

describe('passwordChangedMail', () => {
  it('says when, in the time zone asked for, with no link at all', () => {
    const when = new Date('2026-07-01T08:05:00Z');
    const fr = passwordChangedMail({ to: 'alice@example.org', when });
    const en = passwordChangedMail({ to: 'alice@example.org', when, language: 'en', timeZone: 'UTC' });
    expect(fr.subject).toBe('Votre mot de passe a été modifié');
    expect(en.subject).toBe('Your password was changed');
    expect(fr.text).toContain('modifié le 1 juillet 2026 à 10:05 UTC+2.');
    expect(en.text).toContain('was changed on 1 July 2026 at 08:05 UTC.');
    expect(fr.text + fr.html + en.text + en.html).not.toMatch(/https?:|href=/);
  });
});
