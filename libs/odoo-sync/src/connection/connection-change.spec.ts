import { normalizeOdooUrl, previewConnectionChange } from './connection-change';

const a = { url: 'https://erp.example.coop', database: 'coop', module: 'coop_ledger' };

describe('what a connection change does', () => {
  it('names a server by its normalised URL', () => {
    expect(normalizeOdooUrl('HTTPS://ERP.Example.coop:443/xmlrpc/2/')).toBe('https://erp.example.coop');
    expect(normalizeOdooUrl('http://127.0.0.1:8069/')).toBe('http://127.0.0.1:8069');
    expect(normalizeOdooUrl('https://host/odoo/')).toBe('https://host/odoo');
  });

  it('a first connection queues every member', () => {
    expect(previewConnectionChange(null, { target: a, companyId: null }, 12)).toMatchObject({
      change: 'FIRST_CONNECTION',
      membersQueued: 12,
      needsConfirmation: false,
    });
  });

  it('another URL, database or module is a new target: every member queued, and it must be confirmed', () => {
    for (const next of [
      { ...a, url: 'https://erp18.example.coop' },
      { ...a, database: 'prod' },
      { ...a, module: 'coop_b' },
    ]) {
      const p = previewConnectionChange({ target: a, companyId: null }, { target: next, companyId: null }, 7);
      expect(p).toMatchObject({ change: 'NEW_TARGET', membersQueued: 7, needsConfirmation: true, currentTarget: a, newTarget: next });
      expect(p.effects.join(' ')).toContain('kept as history');
    }
  });

  it('the same target with new credentials queues nothing; a new company queues every member', () => {
    expect(previewConnectionChange({ target: a, companyId: 1 }, { target: a, companyId: 1 }, 7)).toMatchObject({ change: 'SAME_TARGET', membersQueued: 0 });
    expect(previewConnectionChange({ target: a, companyId: 1 }, { target: a, companyId: 2 }, 7)).toMatchObject({
      change: 'SAME_TARGET',
      membersQueued: 7,
      companyChanged: true,
    });
  });
});
