import { types } from 'pg';

/** Calendar dates stay "YYYY-MM-DD" strings: a JS Date would shift them with the time zone. */
const DATE_OID = 1082;
types.setTypeParser(DATE_OID, (value: string) => value);
