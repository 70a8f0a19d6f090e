import fc from 'fast-check';
import {
  collegeTag,
  contentHash,
  externalId,
  externalIdName,
  FORMER_MEMBER_TAG,
  installedLanguage,
  isSyncable,
  MEMBER_TAG,
  partnerColumns,
  partnerRow,
  tagNamesOf,
  type MemberForSync,
} from './partner-mapping';

const ref = {
  tagIds: new Map([
    [MEMBER_TAG, 7],
    [FORMER_MEMBER_TAG, 8],
    [collegeTag('Usagers'), 9],
  ]),
  countryIds: new Map([['FR', 75]]),
  languages: new Set(['fr_FR', 'en_US']),
};
const target = { module: 'coop_ledger', companyId: null };

const member = (over: Partial<MemberForSync> = {}): MemberForSync => ({
  id: '0b4f4c4e-8f0e-4c1a-9d5e-2f1f6a0c9b11',
  memberNumber: 42,
  status: 'ADMITTED',
  personType: 'NATURAL',
  firstName: 'Camille',
  lastName: 'Martin',
  companyName: null,
  email: 'camille@example.org',
  phone: null,
  street: '1 rue de la Paix',
  postalCode: '75002',
  city: 'Paris',
  country: 'fr',
  language: 'fr_FR',
  collegeName: 'Usagers',
  ...over,
});

/** A row as a record of column → cell, to read the assertions. */
const asRecord = (m: MemberForSync, t: { module: string; companyId: number | null } = target) => {
  const columns = partnerColumns(t);
  const { cells, warnings } = partnerRow(m, ref, t);
  expect(cells).toHaveLength(columns.length);
  return { row: Object.fromEntries(columns.map((c, i) => [c, cells[i]])), warnings };
};

describe('partnerRow: a member as a row of res.partner.load', () => {
  it('maps a natural person: the external id, ref = member number, member and college tags by id, every field as text', () => {
    expect(asRecord(member())).toEqual({
      row: {
        id: 'coop_ledger.member_0b4f4c4e_8f0e_4c1a_9d5e_2f1f6a0c9b11',
        name: 'Camille Martin',
        is_company: 'False',
        ref: '42',
        email: 'camille@example.org',
        phone: '',
        street: '1 rue de la Paix',
        zip: '75002',
        city: 'Paris',
        'country_id/.id': '75',
        lang: 'fr_FR',
        'category_id/.id': '7,9',
        active: 'True',
      },
      warnings: [],
    });
  });

  it('puts the partner in the configured company', () => {
    const { row } = asRecord(member(), { module: 'coop_b', companyId: 3 });
    expect(row).toMatchObject({ id: expect.stringMatching(/^coop_b\.member_/), 'company_id/.id': '3' });
    expect(partnerColumns({ module: 'm', companyId: null })).not.toContain('company_id/.id');
  });

  it('maps a legal person by its company name', () => {
    expect(asRecord(member({ personType: 'LEGAL', companyName: 'Biocoop SA', firstName: null, lastName: null })).row).toMatchObject({
      name: 'Biocoop SA',
      is_company: 'True',
    });
  });

  it('tags an exited member "former member" instead, and archives a closed one', () => {
    expect(asRecord(member({ status: 'EXITED' })).row).toMatchObject({ 'category_id/.id': '8', active: 'True' });
    expect(asRecord(member({ status: 'CLOSED' })).row).toMatchObject({ 'category_id/.id': '8', active: 'False' });
  });

  it('writes an unknown country and an uninstalled language as empty cells, and says so in warnings', () => {
    const { row, warnings } = asRecord(member({ language: 'br_FR', country: 'ZZ' }));
    expect(row).toMatchObject({ 'country_id/.id': '', lang: '' });
    expect(warnings.map((w) => w.code)).toEqual(['COUNTRY_UNKNOWN_IN_ODOO', 'LANGUAGE_NOT_INSTALLED']);
    expect(warnings[0].message).toContain('ZZ');
    expect(asRecord(member({ language: null, country: null })).warnings).toEqual([]);
  });

  it('writes a bare language as its installed variant (fr → fr_FR, nl → nl_BE when only that is installed)', () => {
    expect(installedLanguage('fr', new Set(['en_US', 'fr_FR', 'fr_BE']))).toBe('fr_FR');
    expect(installedLanguage('nl', new Set(['en_US', 'nl_BE']))).toBe('nl_BE');
    expect(installedLanguage('de', new Set(['en_US', 'fr_FR']))).toBeNull();
    expect(installedLanguage('fr_CA', new Set(['fr_FR']))).toBeNull();
    expect(asRecord(member({ language: 'fr' }))).toMatchObject({ row: { lang: 'fr_FR' }, warnings: [] });
  });

  it('clears what the ledger does not have (an empty cell), so a load brings the partner back to the ledger', () => {
    expect(asRecord(member({ email: null, street: null })).row).toMatchObject({ email: '', street: '' });
  });

  it('refuses to map a tag Odoo has no id for (a bug of the run, not of the member)', () => {
    expect(() => partnerRow(member({ collegeName: 'Inconnu' }), ref, target)).toThrow(/Collège Inconnu/);
  });

  it('the hash changes when any cell or the column set changes, and only then', () => {
    const columns = partnerColumns(target);
    fc.assert(
      fc.property(
        fc.array(fc.string(), { minLength: columns.length, maxLength: columns.length }),
        fc.nat(columns.length - 1),
        fc.string(),
        (cells, i, other) => {
          const changed = [...cells];
          changed[i] = other;
          expect(contentHash(columns, changed) === contentHash(columns, cells)).toBe(other === cells[i]);
          expect(contentHash([...columns, 'company_id/.id'], [...cells, '1'])).not.toBe(contentHash(columns, cells));
        },
      ),
    );
  });
});

describe('who becomes a contact', () => {
  it('members with a number, not candidates', () => {
    expect(isSyncable(member())).toBe(true);
    expect(isSyncable(member({ status: 'CANDIDATE', memberNumber: null }))).toBe(false);
    expect(tagNamesOf(member({ collegeName: null }))).toEqual([MEMBER_TAG]);
  });

  it('binds by an external id made from the member id', () => {
    expect(externalIdName('0b4f4c4e-8f0e-4c1a-9d5e-2f1f6a0c9b11')).toBe('member_0b4f4c4e_8f0e_4c1a_9d5e_2f1f6a0c9b11');
    expect(externalId('m', '0b4f4c4e-8f0e-4c1a-9d5e-2f1f6a0c9b11')).toBe('m.member_0b4f4c4e_8f0e_4c1a_9d5e_2f1f6a0c9b11');
  });
});
