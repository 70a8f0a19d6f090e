import { collegeTag, contentHash, externalIdName, FORMER_MEMBER_TAG, isSyncable, MEMBER_TAG, partnerValues, tagNamesOf, type MemberForSync } from './partner-mapping';

const ref = {
  tagIds: new Map([
    [MEMBER_TAG, 7],
    [FORMER_MEMBER_TAG, 8],
    [collegeTag('Usagers'), 9],
  ]),
  countryIds: new Map([['FR', 75]]),
  languages: new Set(['fr_FR', 'en_US']),
};

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

describe('partnerValues: a member as an Odoo contact', () => {
  it('maps a natural person, with ref = member number, member and college tags, every synced field sent', () => {
    expect(partnerValues(member(), ref)).toEqual({
      name: 'Camille Martin',
      is_company: false,
      ref: '42',
      email: 'camille@example.org',
      phone: false,
      street: '1 rue de la Paix',
      zip: '75002',
      city: 'Paris',
      country_id: 75,
      lang: 'fr_FR',
      category_id: [[6, 0, [7, 9]]],
      active: true,
    });
  });

  it('maps a legal person by its company name', () => {
    expect(partnerValues(member({ personType: 'LEGAL', companyName: 'Biocoop SA', firstName: null, lastName: null }), ref)).toMatchObject({ name: 'Biocoop SA', is_company: true });
  });

  it('tags an exited member "former member" instead, and archives a closed one', () => {
    expect(partnerValues(member({ status: 'EXITED' }), ref)).toMatchObject({ category_id: [[6, 0, [8]]], active: true });
    expect(partnerValues(member({ status: 'CLOSED' }), ref)).toMatchObject({ category_id: [[6, 0, [8]]], active: false });
  });

  it('leaves out a language Odoo has not installed, and an unknown country', () => {
    const values = partnerValues(member({ language: 'br_FR', country: 'ZZ' }), ref);
    expect(values).not.toHaveProperty('lang');
    expect(values.country_id).toBe(false);
  });

  it('refuses to map with a tag Odoo does not have yet', () => {
    expect(() => partnerValues(member({ collegeName: 'Inconnus' }), ref)).toThrow(/Collège Inconnus/);
  });

  it('syncs members, not candidates', () => {
    expect(isSyncable(member())).toBe(true);
    expect(isSyncable(member({ status: 'CANDIDATE', memberNumber: null }))).toBe(false);
    expect(tagNamesOf(member({ collegeName: null }))).toEqual([MEMBER_TAG]);
  });
});

describe('contentHash', () => {
  it('is stable whatever the order of the keys, and changes with any value', () => {
    const a = partnerValues(member(), ref);
    const reordered = Object.fromEntries(Object.entries(a).reverse());
    expect(contentHash(reordered)).toBe(contentHash(a));
    expect(contentHash(partnerValues(member({ email: 'autre@example.org' }), ref))).not.toBe(contentHash(a));
    expect(contentHash(partnerValues(member({ status: 'EXITED' }), ref))).not.toBe(contentHash(a));
  });
});

describe('externalIdName', () => {
  it('is a valid Odoo xml id name derived from the member id', () => {
    expect(externalIdName('0b4f4c4e-8f0e-4c1a-9d5e-2f1f6a0c9b11')).toBe('member_0b4f4c4e_8f0e_4c1a_9d5e_2f1f6a0c9b11');
  });
});
