/**
 * What the gateway must make of each recorded fault (and non-XML-RPC answer): the error kind, Odoo's exception class
 * and the final message, on one line. Keyed by transcript id (`16/13-partner-create-unknown-field`); a recorded fault
 * missing from this table fails the tests, so new recordings must be classified here.
 */
import type { OdooErrorKind } from '@coop/odoo';

export interface ExpectedFault {
  kind: OdooErrorKind;
  faultCode: number;
  exceptionClass: string;
  message: string;
  /** The model of the call, when the classification depends on it. */
  model?: string;
  constraint?: string;
  field?: string;
  missingIds?: number[];
}

const DB_MISSING = 'connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "nosuchdb" does not exist';

const common: Record<string, ExpectedFault> = {
  '04-common-authenticate-wrong-db': { kind: 'UNKNOWN_DATABASE', faultCode: 1, exceptionClass: 'psycopg2.OperationalError', message: DB_MISSING },
  '05-common-unknown-method': { kind: 'UNKNOWN_METHOD', faultCode: 1, exceptionClass: 'Exception', message: 'Method not found: no_such_method' },
  '13-partner-create-unknown-field': {
    kind: 'UNKNOWN_FIELD',
    faultCode: 1,
    exceptionClass: 'ValueError',
    message: "Invalid field 'no_such_field' on model 'res.partner'",
    model: 'res.partner',
    field: 'no_such_field',
  },
  '17-partner-write-missing-id': {
    kind: 'MISSING_RECORD',
    faultCode: 2,
    exceptionClass: 'odoo.exceptions.MissingError',
    message: 'Record does not exist or has been deleted. (Record: res.partner(99999999,), User: 2)',
    model: 'res.partner',
    missingIds: [99999999],
  },
  '26-partner-create-wrong-selection': {
    kind: 'VALIDATION',
    faultCode: 1,
    exceptionClass: 'ValueError',
    message: "Wrong value for res.partner.type: 'nonsense'",
    model: 'res.partner',
  },
  '50-execute-kw-wrong-password': {
    kind: 'AUTHENTICATION',
    faultCode: 3,
    exceptionClass: 'odoo.exceptions.AccessDenied',
    message: 'Access Denied',
    model: 'res.partner',
  },
  '51-execute-kw-wrong-uid': {
    kind: 'AUTHENTICATION',
    faultCode: 2,
    exceptionClass: 'odoo.exceptions.MissingError',
    message: 'Record does not exist or has been deleted. (Record: res.users(987654,), User: 987654)',
    model: 'res.partner',
  },
  '52-execute-kw-other-uid-admin-password': {
    kind: 'AUTHENTICATION',
    faultCode: 3,
    exceptionClass: 'odoo.exceptions.AccessDenied',
    message: 'Access Denied',
    model: 'res.partner',
  },
  '53-execute-kw-unknown-model': {
    kind: 'UNKNOWN_MODEL',
    faultCode: 2,
    exceptionClass: 'odoo.exceptions.UserError',
    message: "Object x.nonexistent doesn't exist",
    model: 'x.nonexistent',
  },
  '56-partner-action-archive-returns-none': {
    kind: 'MARSHAL_NONE',
    faultCode: 1,
    exceptionClass: 'TypeError',
    message: 'cannot marshal None unless allow_none is enabled',
    model: 'res.partner',
  },
  '60-partner-browse-recordset-fault': {
    kind: 'MARSHAL_NONE',
    faultCode: 1,
    exceptionClass: 'TypeError',
    message: "cannot marshal <class 'odoo.api.res.partner'> objects",
    model: 'res.partner',
  },
  '65-execute-kw-wrong-db': { kind: 'UNKNOWN_DATABASE', faultCode: 1, exceptionClass: 'psycopg2.OperationalError', message: DB_MISSING, model: 'res.partner' },
  '66-partner-unlink-missing-id': {
    kind: 'MISSING_RECORD',
    faultCode: 2,
    exceptionClass: 'odoo.exceptions.MissingError',
    message: 'Record does not exist or has been deleted. (Record: res.partner(99999999,), User: 2)',
    model: 'res.partner',
    missingIds: [99999999],
  },
  '80-malformed-xml-body': { kind: 'FAULT', faultCode: 1, exceptionClass: 'xml.parsers.expat.ExpatError', message: 'no element found: line 1, column 83' },
  '82-unknown-service': { kind: 'FAULT', faultCode: 1, exceptionClass: 'KeyError', message: "'nosuchservice'" },
  '83-empty-body': { kind: 'FAULT', faultCode: 1, exceptionClass: 'xml.parsers.expat.ExpatError', message: 'no element found: line 1, column 0' },
  '84-not-xmlrpc-xml': { kind: 'FAULT', faultCode: 1, exceptionClass: 'xmlrpc.client.ResponseError', message: 'ResponseError()' },
  '94-partner-write-int-over-2-31': {
    kind: 'VALIDATION',
    faultCode: 1,
    exceptionClass: 'psycopg2.errors.NumericValueOutOfRange',
    message: 'integer out of range',
    model: 'res.partner',
  },
};

export const EXPECTED_FAULTS: Record<string, ExpectedFault> = {
  ...Object.fromEntries(Object.entries(common).map(([k, v]) => [`16/${k}`, v])),
  ...Object.fromEntries(Object.entries(common).map(([k, v]) => [`18/${k}`, v])),
  '16/25-partner-create-missing-name': {
    kind: 'VALIDATION',
    faultCode: 2,
    exceptionClass: 'odoo.exceptions.UserError',
    message: `("Error(s) with partner 28950's name.", 'No name is set.')`,
    model: 'res.partner',
  },
  '18/25-partner-create-missing-name': {
    kind: 'VALIDATION',
    faultCode: 2,
    exceptionClass: 'odoo.exceptions.ValidationError',
    message: 'The operation cannot be completed: Contacts require a name',
    model: 'res.partner',
  },
  '16/42-imd-create-duplicate': {
    kind: 'VALIDATION',
    faultCode: 2,
    exceptionClass: 'odoo.exceptions.ValidationError',
    message:
      'The operation cannot be completed: duplicate key value violates unique constraint "ir_model_data_module_name_uniq_index" DETAIL:  Key (module, ' +
      'name)=(transcript_import, member_080430_one) already exists.',
    model: 'ir.model.data',
    constraint: 'ir_model_data_module_name_uniq_index',
  },
  '18/42-imd-create-duplicate': {
    kind: 'VALIDATION',
    faultCode: 2,
    exceptionClass: 'odoo.exceptions.ValidationError',
    message:
      'The operation cannot be completed: duplicate key value violates unique constraint "ir_model_data_module_name_uniq_index" DETAIL:  Key (module, ' +
      'name)=(transcript_import, member_081037_one) already exists.',
    model: 'ir.model.data',
    constraint: 'ir_model_data_module_name_uniq_index',
  },
  '16/54-execute-kw-unknown-method': {
    kind: 'UNKNOWN_METHOD',
    faultCode: 1,
    exceptionClass: 'AttributeError',
    message: "type object 'res.partner' has no attribute 'no_such_method'",
    model: 'res.partner',
  },
  '18/54-execute-kw-unknown-method': {
    kind: 'UNKNOWN_METHOD',
    faultCode: 1,
    exceptionClass: 'AttributeError',
    message: "The method 'res.partner.no_such_method' does not exist",
    model: 'res.partner',
  },
  '16/55-execute-kw-private-method': {
    kind: 'ACCESS_DENIED',
    faultCode: 4,
    exceptionClass: 'odoo.exceptions.AccessError',
    message: 'Private methods (such as _compute_display_name) cannot be called remotely.',
    model: 'res.partner',
  },
  '18/55-execute-kw-private-method': {
    kind: 'ACCESS_DENIED',
    faultCode: 4,
    exceptionClass: 'odoo.exceptions.AccessError',
    message: "Private methods (such as 'res.partner._compute_display_name') cannot be called remotely.",
    model: 'res.partner',
  },
  '18/67-partner-name-get': {
    kind: 'UNKNOWN_METHOD',
    faultCode: 1,
    exceptionClass: 'AttributeError',
    message: "The method 'res.partner.name_get' does not exist",
    model: 'res.partner',
  },
  '16/73-partner-write-cooperator-field': {
    kind: 'VALIDATION',
    faultCode: 2,
    exceptionClass: 'odoo.exceptions.UserError',
    message: 'Cannot set cooperator field on res.partner(28943,): cooperative_membership_id is not set',
    model: 'res.partner',
  },
  '16/93-partner-write-datetime-iso8601-value': {
    kind: 'FAULT',
    faultCode: 1,
    exceptionClass: 'TypeError',
    message: "'DateTime' object is not subscriptable",
    model: 'res.partner',
  },
};

/** Answers that are not XML-RPC at all, and what the gateway must make of them. */
export const EXPECTED_NON_XMLRPC: Record<string, { kind: OdooErrorKind; httpStatus: number; retryable: boolean }> = {
  '16/81-get-object-endpoint': { kind: 'BAD_RESPONSE', httpStatus: 405, retryable: false },
  '18/81-get-object-endpoint': { kind: 'BAD_RESPONSE', httpStatus: 405, retryable: false },
};
