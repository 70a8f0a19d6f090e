export * from './odoo-gateway';
export * from './odoo-errors';
export * from './odoo-fault-parser';
export * from './odoo-values';
export * from './base-odoo-gateway';
export * from './xmlrpc-odoo-gateway';
export * from './odoo-capabilities';
export { readMethodResponse } from './xmlrpc-reader';
export { findXmlIllegalChar, type XmlIllegalChar } from './xmlrpc-serializer';
