import fc from 'fast-check';
import { collegeTag, FORMER_MEMBER_TAG, MEMBER_TAG, partnerColumns } from '../mapping/partner-mapping';
import { decide, membersToRepair, type MemberRow, type OdooBindings } from './sync-plan';

const ref = {
  tagIds: new Map([
    [MEMBER_TAG, 7],
    [FORMER_MEMBER_TAG, 8],
    [collegeTag('Usagers'), 9],
  ]),
  countryIds: new Map([['FR', 75]]),
  languages: new Set(['fr_FR']),
};
const target = { module: 'coop_ledger', companyId: null };
const columns = partnerColumns(target);

const member = (over: Partial<MemberRow> = {}): MemberRow => ({
  id: '0b4f4c4e-8f0e-4c1a-9d5e-2f1f6a0c9b11',
  memberNumber: 42,
  status: 'ADMITTED',
  personType: 'NATURAL',
  firstName: 'Camille',
  lastName: 'Martin',
  companyName: null,
  email: 'camille@example.org',
  phone: null,
  street: null,
  postalCode: '75002',
  city: 'Paris',
  country: 'FR',
  language: 'fr_FR',
  collegeName: 'Usagers',
  lastEventId: '10',
  odooPartnerId: null,
  syncedHash: null,
  ...over,
});

const bindings = (partnerOf: Record<string, number> = {}, existing: number[] = []): OdooBindings => {
  const map = new Map(Object.entries(partnerOf));
  const membersPerPartner = new Map<number, number>();
  for (const p of map.values()) membersPerPartner.set(p, (membersPerPartner.get(p) ?? 0) + 1);
  return { partnerOf: map, existing: new Set(existing), membersPerPartner };
};

const m = member();

describe('decide: what a run does for one member', () => {
  it('creates a partner for a member that has none anywhere', () => {
    expect(decide(m, bindings(), ref, target, columns)).toMatchObject({ kind: 'load', effect: 'create' });
  });

  it('skips candidates', () => {
    expect(decide(member({ status: 'CANDIDATE', memberNumber: null }), bindings(), ref, target, columns)).toEqual({ kind: 'skip' });
  });

  it('leaves alone a member whose bound partner holds what was last sent', () => {
    const first = decide(m, bindings({ [m.id]: 5 }, [5]), ref, target, columns);
    if (first.kind !== 'load') throw new Error('expected a load');
    expect(first.effect).toBe('update');
    const again = decide(member({ odooPartnerId: 5, syncedHash: first.hash }), bindings({ [m.id]: 5 }, [5]), ref, target, columns);
    expect(again).toMatchObject({ kind: 'unchanged', partnerId: 5 });
  });

  it('updates when the member changed, or when its external id points at another partner than recorded', () => {
    const first = decide(m, bindings({ [m.id]: 5 }, [5]), ref, target, columns) as { hash: string };
    expect(decide(member({ odooPartnerId: 5, syncedHash: first.hash, city: 'Lyon' }), bindings({ [m.id]: 5 }, [5]), ref, target, columns)).toMatchObject({
      kind: 'load',
      effect: 'update',
    });
    expect(decide(member({ odooPartnerId: 4, syncedHash: first.hash }), bindings({ [m.id]: 5 }, [5]), ref, target, columns)).toMatchObject({
      kind: 'load',
      effect: 'update',
    });
  });

  it('recreates a partner deleted in Odoo: by SQL (external id left dangling) or in the UI (external id gone with it)', () => {
    expect(decide(member({ odooPartnerId: 5 }), bindings({ [m.id]: 5 }, []), ref, target, columns)).toMatchObject({ kind: 'load', effect: 'recreate' });
    expect(decide(member({ odooPartnerId: 5 }), bindings({}, []), ref, target, columns)).toMatchObject({ kind: 'load', effect: 'recreate' });
  });

  it('binds its own recorded partner again when only the external id was deleted, instead of creating a duplicate', () => {
    expect(decide(member({ odooPartnerId: 5 }), bindings({}, [5]), ref, target, columns)).toMatchObject({ kind: 'load', effect: 'update', rebind: 5 });
  });

  it('refuses to write a partner bound to two members (merged in Odoo)', () => {
    const other = '1b4f4c4e-8f0e-4c1a-9d5e-2f1f6a0c9b11';
    expect(decide(m, bindings({ [m.id]: 5, [other]: 5 }, [5]), ref, target, columns)).toMatchObject({ kind: 'fail', error: { kind: 'MERGED_PARTNER' } });
  });

  it('fails the one member whose text XML-RPC cannot carry, naming the field and the character', () => {
    const d = decide(member({ city: 'Pa\u000Bris' }), bindings(), ref, target, columns);
    expect(d).toMatchObject({ kind: 'fail', error: { kind: 'UNENCODABLE' } });
    expect(d.kind === 'fail' && d.error.message).toMatch(/city holds the character U\+000B/);
  });

  it('never decides to write a partner that is not bound to the member nor recorded as its own (no adoption)', () => {
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }),
        fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }),
        fc.uniqueArray(fc.integer({ min: 1, max: 20 })),
        (recorded, bound, existing) => {
          const b = bindings(bound === null ? {} : { [m.id]: bound }, existing);
          const d = decide(member({ odooPartnerId: recorded }), b, ref, target, columns);
          if (d.kind === 'load' && d.effect === 'update') {
            // the partner written is the one the external id points at, or our own recorded one, re-bound
            expect(d.rebind === undefined ? bound : d.rebind === recorded).toBeTruthy();
            if (d.rebind === undefined) expect(existing).toContain(bound);
          }
          if (d.kind === 'unchanged') expect(d.partnerId).toBe(bound);
        },
      ),
    );
  });
});

describe('membersToRepair: members without a pending change that Odoo no longer holds as we left them', () => {
  it('repairs a bound partner that is gone and a recorded member whose external id is gone; not dead letters, not pending ones', () => {
    const recorded = [
      { memberId: 'a', odooPartnerId: 1, status: 'SYNCED' }, // fine
      { memberId: 'b', odooPartnerId: 2, status: 'SYNCED' }, // partner deleted by SQL
      { memberId: 'c', odooPartnerId: 3, status: 'SYNCED' }, // deleted in the UI: external id gone
      { memberId: 'd', odooPartnerId: 4, status: 'DEAD' }, // dead letter: waits
      { memberId: 'e', odooPartnerId: 5, status: 'SYNCED' }, // pending anyway
      { memberId: 'f', odooPartnerId: null, status: null }, // never synced: nothing to repair
    ];
    const b = bindings({ a: 1, b: 2, d: 9, e: 9 }, [1]);
    expect(membersToRepair(recorded, new Set(['e']), b)).toEqual(['b', 'c']);
  });
});
