export * from './errors/error-codes';
export * from './errors/domain-error';
export * from './money/money';
export * from './dates/calendar-date';
export * from './config/app-config';
export * from './config/odoo-secret-env';
export * from './text/xml-text';
export * from './iso/iso-codes';
