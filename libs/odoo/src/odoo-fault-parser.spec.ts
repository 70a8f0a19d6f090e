import { readOdooTranscripts } from '../../../test/support/fake-odoo/odoo-transcript.reader';
import { EXPECTED_FAULTS } from '../../../test/support/fake-odoo/transcript-expectations';
import { readTypedResponse, structMembers } from '../../../test/support/fake-odoo/typed-xmlrpc.reader';
import { createOdooError } from './odoo-errors';
import { classifyOdooFault, parseOdooFault } from './odoo-fault-parser';

/** Every recorded fault (Odoo 16 and 18), read from the transcripts' response bodies. */
const recordedFaults = readOdooTranscripts().flatMap((t) => {
  if (!t.response.toString('utf8').includes('<fault>')) return [];
  const response = readTypedResponse(t.response);
  if (!('fault' in response)) return [];
  const members = Object.fromEntries(structMembers(response.fault));
  const code = members.faultCode as { value: string };
  const text = members.faultString as { value: string };
  return [{ id: t.id, faultCode: Number(code.value), faultString: text.value }];
});

describe('Odoo faults: every recorded fault is parsed and classified', () => {
  it('finds the recorded faults, and each one has an expectation (new recordings must be classified)', () => {
    expect(recordedFaults.length).toBeGreaterThanOrEqual(45);
    expect(recordedFaults.map((f) => f.id).sort()).toEqual(Object.keys(EXPECTED_FAULTS).sort());
  });

  it.each(recordedFaults.map((f) => [f.id, f] as const))('%s', (id, fault) => {
    const expected = EXPECTED_FAULTS[id]!;
    const parsed = parseOdooFault(fault.faultCode, fault.faultString);
    expect(parsed.faultCode).toBe(expected.faultCode);
    expect(parsed.exceptionClass).toBe(expected.exceptionClass);
    expect(parsed.message).toBe(expected.message);
    const classified = classifyOdooFault(parsed, expected.model);
    expect(classified.kind).toBe(expected.kind);
    if (expected.constraint) expect(classified.constraint).toBe(expected.constraint);
    if (expected.field) expect(classified.field).toBe(expected.field);
    if (expected.missingIds) expect(classified.missingIds).toEqual(expected.missingIds);
    // Only the marshalling faults happen after a commit.
    expect(classified.outcome).toBe(expected.kind === 'MARSHAL_NONE' ? 'committed' : 'rolled-back');
  });
});

describe('parseOdooFault on full tracebacks (as Odoo sends them, before any cut)', () => {
  const frames = [
    'Traceback (most recent call last):',
    '  File "/usr/lib/python3/dist-packages/odoo/addons/base/controllers/rpc.py", line 160, in xmlrpc_2',
    '    response = self._xmlrpc(service)',
    '  File "/usr/lib/python3/dist-packages/odoo/models.py", line 4020, in create',
    '    raise ValueError("Invalid field %r on model %r" % (key, self._name))',
    '    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
  ].join('\n');

  it('takes the exception line after the last frame (and its indented source and caret lines)', () => {
    const parsed = parseOdooFault(1, `${frames}\nValueError: Invalid field 'foo' on model 'res.partner'\n`);
    expect(parsed).toEqual({ faultCode: 1, hasTraceback: true, exceptionClass: 'ValueError', message: "Invalid field 'foo' on model 'res.partner'" });
    expect(classifyOdooFault(parsed, 'res.partner')).toMatchObject({ kind: 'UNKNOWN_FIELD', field: 'foo' });
  });

  it("reads load's unknown column: Odoo 16's KeyError (for load only), Odoo 18's 'Invalid field name'", () => {
    const keyError = parseOdooFault(1, `${frames}\nKeyError: 'no_such_field'\n`);
    expect(classifyOdooFault(keyError, 'res.partner', 'load')).toMatchObject({ kind: 'UNKNOWN_FIELD', field: 'no_such_field' });
    expect(classifyOdooFault(keyError, 'res.partner', 'read').kind).toBe('FAULT');
    const invalidName = parseOdooFault(1, `${frames}\nValueError: Invalid field name 'no_such_field'\n`);
    expect(classifyOdooFault(invalidName, 'res.partner', 'load')).toMatchObject({ kind: 'UNKNOWN_FIELD', field: 'no_such_field' });
  });

  it('keeps the last exception of a chain, and the lines that follow its first line', () => {
    const chained = [
      frames,
      'psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint "res_partner_ref_uniq"',
      'DETAIL:  Key (ref)=(M-1) already exists.',
      '',
      'The above exception was the direct cause of the following exception:',
      '',
      'Traceback (most recent call last):',
      '  File "/usr/lib/python3/dist-packages/odoo/service/model.py", line 133, in retrying',
      '    raise _as_validation_error(env, exc) from exc',
      'odoo.exceptions.ValidationError: The operation cannot be completed: duplicate key value violates unique constraint "res_partner_ref_uniq"',
      'DETAIL:  Key (ref)=(M-1) already exists.',
      '',
    ].join('\n');
    const parsed = parseOdooFault(1, chained);
    expect(parsed.exceptionClass).toBe('odoo.exceptions.ValidationError');
    expect(parsed.message).toBe(
      'The operation cannot be completed: duplicate key value violates unique constraint "res_partner_ref_uniq" DETAIL:  Key (ref)=(M-1) already exists.',
    );
    expect(classifyOdooFault(parsed)).toMatchObject({ kind: 'VALIDATION', constraint: 'res_partner_ref_uniq' });
  });

  it("drops psycopg2's caret pointer lines from the message", () => {
    const parsed = parseOdooFault(
      1,
      `${frames}\npsycopg2.errors.InvalidTextRepresentation: invalid input syntax for type integer: "BE"\nLINE 1: ...INTO "res_partner" ` +
        `("country_id") VALUES ('BE')\n                                                 ^\n`,
    );
    expect(parsed.exceptionClass).toBe('psycopg2.errors.InvalidTextRepresentation');
    expect(parsed.message).toBe(`invalid input syntax for type integer: "BE" LINE 1: ...INTO "res_partner" ("country_id") VALUES ('BE')`);
    expect(classifyOdooFault(parsed).kind).toBe('VALIDATION');
  });

  it.each([
    ['psycopg2.errors.SerializationFailure: could not serialize access due to concurrent update', 'SERVER'],
    ['psycopg2.OperationalError: connection to server at "db" (10.0.0.5), port 5432 failed: Connection refused', 'SERVER'],
    ['psycopg2.OperationalError: connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "x" does not exist', 'UNKNOWN_DATABASE'],
    ["ValueError: Invalid field res.partner.nope in leaf ('nope', '=', 1)", 'UNKNOWN_FIELD'],
    ["ValueError: Invalid field res.partner.nope in condition ('nope', '=', 1)", 'UNKNOWN_FIELD'],
    ["ValueError: invalid literal for int() with base 10: 'abc'", 'VALIDATION'],
    ['odoo.exceptions.ValidationError: The email is refused.', 'VALIDATION'],
    ['odoo.exceptions.AccessError: You are not allowed to modify this document.', 'ACCESS_DENIED'],
    ['odoo.exceptions.AccessDenied: Access Denied', 'AUTHENTICATION'],
    ['OverflowError: int exceeds XML-RPC limits', 'FAULT'],
    ["TypeError: BaseModel.search_read() got an unexpected keyword argument 'foo'", 'FAULT'],
  ])('classifies %s as %s', (line, kind) => {
    expect(classifyOdooFault(parseOdooFault(1, `${frames}\n${line}\n`)).kind).toBe(kind);
  });

  it('reads a multi-line AccessError (fault 4) on one line', () => {
    const message =
      "You are not allowed to modify 'Contact' (res.partner) records.\n\nThis operation is allowed for the following groups:\n\t- " +
      'Administration/Settings\n\nContact your administrator to request access if necessary.';
    const parsed = parseOdooFault(4, message);
    expect(parsed.exceptionClass).toBe('odoo.exceptions.AccessError');
    expect(parsed.message).toBe(
      "You are not allowed to modify 'Contact' (res.partner) records. This operation is allowed for the following groups: - Administration/Settings " +
        'Contact your administrator to request access if necessary.',
    );
    expect(classifyOdooFault(parsed).kind).toBe('ACCESS_DENIED');
  });

  it('tells an unknown uid (res.users for the same uid) from a missing res.users record read on purpose', () => {
    const fault = parseOdooFault(2, 'Record does not exist or has been deleted.\n(Record: res.users(7,), User: 7)');
    expect(classifyOdooFault(fault, 'res.partner').kind).toBe('AUTHENTICATION');
    expect(classifyOdooFault(fault, 'res.users').kind).toBe('MISSING_RECORD');
    expect(
      classifyOdooFault(parseOdooFault(2, 'Record does not exist or has been deleted.\n(Record: res.partner(5, 6), User: 2)'), 'res.partner'),
    ).toMatchObject({
      kind: 'MISSING_RECORD',
      missingModel: 'res.partner',
      missingIds: [5, 6],
    });
  });

  it('copes with an empty or missing faultString', () => {
    expect(classifyOdooFault(parseOdooFault(1, '')).kind).toBe('FAULT');
    expect(classifyOdooFault(parseOdooFault(undefined, undefined)).kind).toBe('FAULT');
  });
});

describe('OdooError messages', () => {
  it('name the model, the method, the exception class, the final message and the fault code', () => {
    const error = createOdooError({
      kind: 'VALIDATION',
      model: 'res.partner',
      method: 'create',
      faultCode: 1,
      exceptionClass: 'ValueError',
      odooMessage: "Wrong value for res.partner.type: 'nonsense'",
    });
    expect(error.message).toBe("Odoo res.partner.create failed [VALIDATION]: ValueError: Wrong value for res.partner.type: 'nonsense' (fault 1)");
    expect(error).toMatchObject({ name: 'OdooError', kind: 'VALIDATION' });
    expect(error.retryable).toBe(false);
    expect(error.mayHaveCommitted).toBe(false);
  });

  it('never contain the secret, wherever Odoo or the transport put it', () => {
    const secret = 'k3y-0f-the-sync-user';
    const error = createOdooError({
      kind: 'FAULT',
      model: 'res.partner',
      method: 'write',
      faultCode: 1,
      exceptionClass: 'Exception',
      odooMessage: `echo ${secret}`,
      faultString: `Traceback…\nException: echo ${secret}\n`,
      url: `http://sync:${secret}@odoo.example`,
      detail: `password=${secret}`,
      secrets: [secret],
    });
    const dump = [error.message, String(error), JSON.stringify(error), error.faultString, error.odooMessage, error.url].join('\n');
    expect(dump).not.toContain(secret);
    expect(dump).toContain('[redacted]');
  });

  it.each([
    ['NETWORK', undefined, true],
    ['TIMEOUT', undefined, true],
    ['SERVER', 503, true],
    ['BAD_RESPONSE', 502, true],
    ['BAD_RESPONSE', 405, false],
    ['BAD_RESPONSE', undefined, false],
    ['VALIDATION', undefined, false],
    ['AUTHENTICATION', undefined, false],
    ['MARSHAL_NONE', undefined, false],
    ['FAULT', undefined, false],
  ] as const)('%s (HTTP %s) retryable: %s', (kind, httpStatus, retryable) => {
    expect(createOdooError({ kind, method: 'x', httpStatus }).retryable).toBe(retryable);
  });
});
