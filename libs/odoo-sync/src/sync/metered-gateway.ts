import type {
  OdooAccessOperation,
  OdooCallOptions,
  OdooContextOptions,
  OdooDomain,
  OdooGateway,
  OdooInputValue,
  OdooLoadResult,
  OdooRecord,
  OdooSearchOptions,
  OdooSearchReadOptions,
  OdooServerVersion,
  OdooValues,
} from '@coop/odoo';

/**
 * A gateway that counts the calls a run makes to Odoo and the time at least one of them was in flight: the figures a
 * run reports (calls) and the benchmark reads (the time the sync spends outside Odoo calls is the rest of the run).
 */
export class MeteredGateway implements OdooGateway {
  calls = 0;
  /** Milliseconds during which at least one call was in flight (overlapping calls counted once). */
  busyMs = 0;
  private inFlight = 0;
  private since = 0;

  constructor(private readonly inner: OdooGateway) {}

  get protocol(): string {
    return this.inner.protocol;
  }

  get uid(): number | undefined {
    return this.inner.uid;
  }

  private async meter<T>(call: () => Promise<T>): Promise<T> {
    this.calls++;
    if (this.inFlight++ === 0) this.since = performance.now();
    try {
      return await call();
    } finally {
      if (--this.inFlight === 0) this.busyMs += performance.now() - this.since;
    }
  }

  version(options?: OdooCallOptions): Promise<OdooServerVersion> {
    return this.meter(() => this.inner.version(options));
  }

  authenticate(options?: OdooCallOptions): Promise<number> {
    return this.meter(() => this.inner.authenticate(options));
  }

  executeKw<T = unknown>(
    model: string,
    method: string,
    args?: readonly OdooInputValue[],
    kwargs?: Readonly<Record<string, OdooInputValue>>,
    options?: OdooCallOptions,
  ): Promise<T> {
    return this.meter(() => this.inner.executeKw<T>(model, method, args, kwargs, options));
  }

  searchRead<T extends OdooRecord = OdooRecord>(model: string, domain: OdooDomain, options: OdooSearchReadOptions): Promise<T[]> {
    return this.meter(() => this.inner.searchRead<T>(model, domain, options));
  }

  search(model: string, domain: OdooDomain, options?: OdooSearchOptions): Promise<number[]> {
    return this.meter(() => this.inner.search(model, domain, options));
  }

  searchCount(model: string, domain: OdooDomain, options?: OdooContextOptions): Promise<number> {
    return this.meter(() => this.inner.searchCount(model, domain, options));
  }

  read<T extends OdooRecord = OdooRecord>(model: string, ids: readonly number[], fields: readonly string[], options?: OdooContextOptions): Promise<T[]> {
    return this.meter(() => this.inner.read<T>(model, ids, fields, options));
  }

  create(model: string, values: readonly OdooValues[], options?: OdooContextOptions): Promise<number[]> {
    return this.meter(() => this.inner.create(model, values, options));
  }

  write(model: string, ids: readonly number[], values: OdooValues, options?: OdooContextOptions): Promise<true> {
    return this.meter(() => this.inner.write(model, ids, values, options));
  }

  load(model: string, fields: readonly string[], rows: readonly (readonly string[])[], options?: OdooContextOptions): Promise<OdooLoadResult> {
    return this.meter(() => this.inner.load(model, fields, rows, options));
  }

  checkAccessRights(model: string, operation: OdooAccessOperation, options?: OdooCallOptions): Promise<boolean> {
    return this.meter(() => this.inner.checkAccessRights(model, operation, options));
  }
}
