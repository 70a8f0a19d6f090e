import fc from 'fast-check';
import { matchMembers, normalizeName, refFor, type MemberToMatch, type PartnerCandidate } from './partner-matching';

const member = (n: number, over: Partial<MemberToMatch> = {}): MemberToMatch => ({
  memberId: `m${n}`,
  memberNumber: n,
  name: `Camille Martin ${n}`,
  email: `camille${n}@example.org`,
  postalCode: '69001',
  ...over,
});
const partner = (id: number, over: Partial<PartnerCandidate> = {}): PartnerCandidate => ({
  id,
  name: `Someone ${id}`,
  email: null,
  zip: null,
  ref: null,
  companyId: null,
  active: true,
  ...over,
});

describe('matching members to existing Odoo contacts', () => {
  it('proposes a contact with the same email (case aside)', () => {
    const report = matchMembers([member(1)], [partner(10, { email: 'CAMILLE1@example.org ' })], ['EMAIL']);
    expect(report.proposals).toEqual([expect.objectContaining({ memberId: 'm1', partner: expect.objectContaining({ id: 10 }), matchedBy: ['EMAIL'] })]);
    expect(report.unmatched).toBe(0);
  });

  it('by name and postal code: accents, case, punctuation and word order aside; both must match', () => {
    const m = member(1, { name: 'Élise Martin-Dupont', postalCode: '69 001' });
    expect(matchMembers([m], [partner(10, { name: 'DUPONT Martin, elise', zip: '69001' })], ['NAME_POSTAL_CODE']).proposals).toHaveLength(1);
    expect(matchMembers([m], [partner(10, { name: 'Elise Martin-Dupont', zip: '75001' })], ['NAME_POSTAL_CODE']).proposals).toHaveLength(0);
  });

  it('by the ref format the cooperative states', () => {
    expect(refFor('SOC-{n:4}', 42)).toBe('SOC-0042');
    expect(refFor('{n}', 42)).toBe('42');
    const report = matchMembers([member(42)], [partner(10, { ref: 'SOC-0042' }), partner(11, { ref: '42' })], ['REF'], 'SOC-{n:4}');
    expect(report.proposals.map((p) => p.partner.id)).toEqual([10]);
  });

  it('never proposes on a rule that was not asked for (a customer whose ref is the member number is not a match by email)', () => {
    const report = matchMembers([member(1)], [partner(10, { ref: '1' })], ['EMAIL', 'NAME_POSTAL_CODE']);
    expect(report).toEqual({ proposals: [], ambiguous: [], unmatched: 1 });
  });

  it('reports as ambiguous a member with two candidates, and two members with the same candidate: nothing is guessed', () => {
    const two = matchMembers([member(1)], [partner(10, { email: 'camille1@example.org' }), partner(11, { email: 'camille1@example.org' })], ['EMAIL']);
    expect(two.proposals).toEqual([]);
    expect(two.ambiguous[0].candidates.map((c) => c.partner.id)).toEqual([10, 11]);
    const shared = matchMembers(
      [member(1, { email: 'family@example.org' }), member(2, { email: 'family@example.org' })],
      [partner(10, { email: 'family@example.org' })],
      ['EMAIL'],
    );
    expect(shared.proposals).toEqual([]);
    expect(shared.ambiguous.map((a) => a.memberId)).toEqual(['m1', 'm2']);
  });

  it('every partner is proposed for at most one member, and every member is counted once', () => {
    const arbMember = fc.record({ n: fc.integer({ min: 1, max: 30 }), email: fc.constantFrom('a@x.org', 'b@x.org', 'c@x.org', null) });
    const arbPartner = fc.record({
      id: fc.integer({ min: 1, max: 30 }),
      email: fc.constantFrom('a@x.org', 'B@x.org', null),
      ref: fc.constantFrom('1', '2', null),
    });
    fc.assert(
      fc.property(fc.uniqueArray(arbMember, { selector: (m) => m.n }), fc.uniqueArray(arbPartner, { selector: (p) => p.id }), (ms, ps) => {
        const members = ms.map((m) => member(m.n, { email: m.email }));
        const report = matchMembers(
          members,
          ps.map((p) => partner(p.id, { email: p.email, ref: p.ref })),
          ['EMAIL', 'REF'],
          '{n}',
        );
        const proposed = report.proposals.map((p) => p.partner.id);
        expect(new Set(proposed).size).toBe(proposed.length);
        expect(report.proposals.length + report.ambiguous.length + report.unmatched).toBe(members.length);
      }),
    );
  });

  it('normalises names', () => {
    expect(normalizeName('  Zoé  O’Neil ')).toBe(normalizeName('oneil zoe'.replace('oneil', 'o neil')));
    expect(normalizeName('')).toBe('');
  });
});
