import { DEFAULT_MAIL_FROM, DEFAULT_PUBLIC_URL, mailConfigProblems, readMailConfig } from './mail-config';

describe('readMailConfig', () => {
  it('has working defaults: no SMTP (mails go to the log), a local sender and the local API as base of links', () => {
    expect(readMailConfig({})).toEqual({ ok: true, config: { smtpUrl: null, from: DEFAULT_MAIL_FROM, publicUrl: DEFAULT_PUBLIC_URL } });
    expect(DEFAULT_MAIL_FROM).toBe('coop-ledger <no-reply@localhost>');
    expect(DEFAULT_PUBLIC_URL).toBe('http://localhost:3000');
    expect(mailConfigProblems({})).toEqual([]);
  });

  it('treats empty values as unset', () => {
    expect(readMailConfig({ SMTP_URL: ' ', MAIL_FROM: '', PUBLIC_URL: '' })).toEqual(readMailConfig({}));
  });

  it('reads every variable; PUBLIC_URL is stored without its trailing slashes', () => {
    const result = readMailConfig({
      SMTP_URL: 'smtps://user:p%40ss@mail.example.org:465',
      MAIL_FROM: 'Coopérative des Tilleuls <contact@tilleuls.coop>',
      PUBLIC_URL: 'https://ledger.example.org/tilleuls//',
    });
    expect(result).toEqual({
      ok: true,
      config: {
        smtpUrl: 'smtps://user:p%40ss@mail.example.org:465',
        from: 'Coopérative des Tilleuls <contact@tilleuls.coop>',
        publicUrl: 'https://ledger.example.org/tilleuls',
      },
    });
  });

  it.each([
    ['smtp://mail.example.org'],
    ['smtp://user:pass@mail.example.org:587'],
    ['smtps://mail.example.org:465?tls.rejectUnauthorized=false'],
    ['smtp://127.0.0.1:2525'],
  ])('accepts SMTP_URL %s', (url) => {
    expect(mailConfigProblems({ SMTP_URL: url })).toEqual([]);
  });

  it.each([
    ['https://mail.example.org', 'SMTP_URL must start with smtp:// or smtps:// (got "https:")'],
    ['mail.example.org:587', 'SMTP_URL must start with smtp:// or smtps:// (got "mail.example.org:")'],
    ['not a url', 'SMTP_URL is not a valid URL (expected smtp://user:pass@host:587 or smtps://user:pass@host:465)'],
    ['smtp://user:pass@mail.example.org:99999', 'SMTP_URL is not a valid URL (expected smtp://user:pass@host:587 or smtps://user:pass@host:465)'],
    ['smtp:mail.example.org', 'SMTP_URL has no host (expected smtp://user:pass@host:587)'],
    ['smtp://mail.example.org:0', 'SMTP_URL has port 0'],
  ])('refuses SMTP_URL %s', (url, problem) => {
    expect(mailConfigProblems({ SMTP_URL: url })).toEqual([problem]);
  });

  it('never repeats the SMTP password in a problem (problems are logged)', () => {
    const problems = mailConfigProblems({ SMTP_URL: 'smtp://user:hunter2-secret@mail example.org' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).not.toContain('hunter2-secret');
  });

  it.each([['no-reply@coop.test'], ['Coop <no-reply@coop.test>'], ['"Coop, SCIC" <no-reply@coop.test>'], ['<no-reply@coop.test>']])(
    'accepts MAIL_FROM %s',
    (from) => {
      expect(readMailConfig({ MAIL_FROM: from })).toMatchObject({ ok: true, config: { from } });
    },
  );

  it.each([['no-reply'], ['Coop no-reply@coop.test'], ['Coop <no-reply>'], ['Coop, SCIC <no-reply@coop.test>'], ['a@b@c'], ['Coop <a@b> <c@d>']])(
    'refuses MAIL_FROM %s',
    (from) => {
      expect(mailConfigProblems({ MAIL_FROM: from })).toEqual([`MAIL_FROM must be an address or Name <address> (got "${from}")`]);
    },
  );

  it.each([['ftp://ledger.example.org'], ['ledger.example.org'], ['https://ledger.example.org/?coop=1'], ['https://ledger.example.org/#top']])(
    'refuses PUBLIC_URL %s',
    (url) => {
      expect(mailConfigProblems({ PUBLIC_URL: url })).toEqual([`PUBLIC_URL must be an http:// or https:// URL without query or fragment (got "${url}")`]);
    },
  );

  it('refuses credentials in PUBLIC_URL without repeating them', () => {
    expect(mailConfigProblems({ PUBLIC_URL: 'https://admin:hunter2@ledger.example.org' })).toEqual(['PUBLIC_URL must not hold a user name or password']);
  });

  it('lists every problem at once', () => {
    expect(readMailConfig({ SMTP_URL: 'http://x', MAIL_FROM: 'nobody', PUBLIC_URL: 'nowhere' })).toEqual({
      ok: false,
      problems: [
        'SMTP_URL must start with smtp:// or smtps:// (got "http:")',
        'MAIL_FROM must be an address or Name <address> (got "nobody")',
        'PUBLIC_URL must be an http:// or https:// URL without query or fragment (got "nowhere")',
      ],
    });
  });
});
