import { XmlRpcOdooGateway, type OdooConnection, type OdooGateway } from '@coop/odoo';

export const ODOO_GATEWAY_FACTORY = Symbol('ODOO_GATEWAY_FACTORY');

/** How the bridge gets a gateway for a connection: XML-RPC today; tests and benchmarks tune timeouts and retries. */
export type OdooGatewayFactory = (connection: OdooConnection) => OdooGateway;

export const defaultOdooGatewayFactory: OdooGatewayFactory = (connection) =>
  new XmlRpcOdooGateway(connection, { timeoutMs: 60_000, retry: { attempts: 4, baseDelayMs: 500, maxDelayMs: 10_000 } });
