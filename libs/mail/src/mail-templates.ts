import type { OutgoingMail } from './mailer';

export type MailLanguage = 'fr' | 'en';
export type InvitationRole = 'admin' | 'accountant' | 'member';

/** Dates in mails are read by people in France first; a caller may name another IANA zone. */
export const DEFAULT_MAIL_TIME_ZONE = 'Europe/Paris';

interface Common {
  to: string;
  /** French unless English is asked for. */
  language?: MailLanguage;
  timeZone?: string;
}

export interface InvitationMailParams extends Common {
  cooperativeName: string;
  role: InvitationRole;
  inviterName: string;
  link: string;
  expiresAt: Date;
}

export interface PasswordResetMailParams extends Common {
  link: string;
  expiresAt: Date;
}

export interface PasswordChangedMailParams extends Common {
  when: Date;
}

/** A paragraph (its lines) or a link on a line of its own, so that text clients make it clickable. */
type Block = { lines: string[] } | { link: string };

const ROLES: Record<MailLanguage, Record<InvitationRole, string>> = {
  fr: { admin: 'administrateur', accountant: 'comptable', member: 'membre' },
  en: { admin: 'administrator', accountant: 'accountant', member: 'member' },
};

export function invitationMail(params: InvitationMailParams): OutgoingMail {
  const language = params.language ?? 'fr';
  const link = checkedLink(params.link);
  const cooperative = oneLine(params.cooperativeName);
  const inviter = oneLine(params.inviterName);
  const role = ROLES[language][params.role];
  const until = formatDate(params.expiresAt, language, params.timeZone);
  if (language === 'en') {
    return compose(params.to, 'en', `Invitation to join ${cooperative}`, [
      { lines: ['Hello,'] },
      { lines: [`${inviter} invites you to join ${cooperative} as ${role}.`] },
      { lines: ['To accept the invitation, open this link:'] },
      { link },
      { lines: [`This link is valid until ${until}.`, 'If you did not expect this invitation, you can ignore this message.'] },
    ]);
  }
  return compose(params.to, 'fr', `Invitation à rejoindre ${cooperative}`, [
    { lines: ['Bonjour,'] },
    { lines: [`${inviter} vous invite à rejoindre ${cooperative} avec le rôle « ${role} ».`] },
    { lines: ["Pour accepter l'invitation, ouvrez ce lien :"] },
    { link },
    { lines: [`Ce lien est valable jusqu'au ${until}.`, 'Si vous ne vous attendiez pas à cette invitation, ignorez ce message.'] },
  ]);
}

export function passwordResetMail(params: PasswordResetMailParams): OutgoingMail {
  const language = params.language ?? 'fr';
  const link = checkedLink(params.link);
  const until = formatDate(params.expiresAt, language, params.timeZone);
  if (language === 'en') {
    return compose(params.to, 'en', 'Reset your password', [
      { lines: ['Hello,'] },
      { lines: ['Someone asked to reset the password of your account. To choose a new password, open this link:'] },
      { link },
      { lines: [`This link is valid until ${until}.`, 'If you did not ask for it, ignore this message: your password stays unchanged.'] },
    ]);
  }
  return compose(params.to, 'fr', 'Réinitialisation de votre mot de passe', [
    { lines: ['Bonjour,'] },
    { lines: ['Une réinitialisation du mot de passe de votre compte a été demandée. Pour choisir un nouveau mot de passe, ouvrez ce lien :'] },
    { link },
    {
      lines: [
        `Ce lien est valable jusqu'au ${until}.`,
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.",
      ],
    },
  ]);
}

export function passwordChangedMail(params: PasswordChangedMailParams): OutgoingMail {
  const language = params.language ?? 'fr';
  const when = formatDate(params.when, language, params.timeZone);
  if (language === 'en') {
    return compose(params.to, 'en', 'Your password was changed', [
      { lines: ['Hello,'] },
      { lines: [`The password of your account was changed on ${when}.`] },
      { lines: ['If it was you, there is nothing to do.', 'If not, ask for a password reset at once and tell the administrator of your cooperative.'] },
    ]);
  }
  return compose(params.to, 'fr', 'Votre mot de passe a été modifié', [
    { lines: ['Bonjour,'] },
    { lines: [`Le mot de passe de votre compte a été modifié le ${when}.`] },
    {
      lines: [
        "Si c'est vous, il n'y a rien à faire.",
        "Sinon, demandez tout de suite une réinitialisation du mot de passe et prévenez l'administrateur de votre coopérative.",
      ],
    },
  ]);
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function compose(to: string, language: MailLanguage, subject: string, blocks: Block[]): OutgoingMail {
  const text = blocks.map((block) => ('link' in block ? block.link : block.lines.join('\n'))).join('\n\n') + '\n';
  const body = blocks
    .map((block) =>
      'link' in block ? `<p><a href="${escapeHtml(block.link)}">${escapeHtml(block.link)}</a></p>` : `<p>${block.lines.map(escapeHtml).join('<br>\n')}</p>`,
    )
    .join('\n');
  const head = `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`;
  const html = `<!doctype html>\n<html lang="${language}">\n${head}\n<body>\n${body}\n</body>\n</html>\n`;
  return { to, subject, text, html };
}

/** Names come from users: a line break in one must not forge a line of the mail (or of the log that shows it). */
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** Links are built by our code from PUBLIC_URL: anything else (javascript:, a bare path) is a bug, caught before sending. */
function checkedLink(link: string): string {
  let url: URL | null = null;
  try {
    url = new URL(link);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || /\s/.test(link)) throw new Error('a link in a mail must be an absolute http(s) URL');
  return link;
}

function formatDate(date: Date, language: MailLanguage, timeZone = DEFAULT_MAIL_TIME_ZONE): string {
  const locale = language === 'fr' ? 'fr-FR' : 'en-GB';
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(date);
}
