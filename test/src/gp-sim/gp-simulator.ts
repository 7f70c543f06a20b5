import { type Clock, systemClock } from '@gprelay/shared';
import { loadGpWsdl } from '../wsdl/gp-wsdl';
import { createControlApi } from './http/control-api';
import { FaultQueue } from './http/fault-queue';
import { type Authenticate, SimServer, SOAP_PATH } from './http/sim-server';
import { emptyStats, type SimStats, type SoapExchange } from './http/sim-stats';
import { CompanyDatabase, type CompanyInfo } from './model/company-database';
import { generateCompanyData } from './model/generator';
import type { DocKind, InvoiceChanges, NewInvoice } from './model/invoice-input';
import { Rng } from './model/rng';
import type { PayablesDocumentRow } from './model/tables';
import type { SbaConvention } from './sba/sba-convention';
import { createSbaSurface } from './sba/sba-surface';
import { type ScenarioHandle, type ScenarioOptions, startScenario } from './scenario';
import { ExceptionLog } from './soap/soap-fault';

/** A company to host; counts default to the simulator-wide `vendors` / `invoices`. */
export interface SimCompanyOptions extends CompanyInfo {
  vendors?: number;
  invoices?: number;
  purchaseOrders?: number;
  journals?: number;
}

export interface GpSimulatorOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Seed of the data generator; same seed and clock, same data. Default 1. */
  seed?: number;
  /** Source of DEX_ROW_TS and business dates; the generated history ends at its now. Default: system clock. */
  clock?: Clock;
  /** Default: Fabrikam, Inc. with CompanyKey Id -1 (GP's sample company). */
  companies?: SimCompanyOptions[];
  /** Vendors per company. Default 300. */
  vendors?: number;
  /** Invoices per company (plus ~8% returns and credit memos). Default 3000. */
  invoices?: number;
  /** Purchase orders per company (1–5 lines each). Default: a fifth of `invoices`. */
  purchaseOrders?: number;
  /** GL journal entries per company. Default: a fifth of `invoices`. */
  journals?: number;
  /** Added to every SOAP response, in milliseconds. Default 0; can be changed later through `latencyMs`. */
  latencyMs?: number;
  /** Auth hook run before every request to the .asmx (default: none, anonymous). */
  authenticate?: Authenticate;
  /** [U] Blank-padded char(n) values (default) or trimmed ones. */
  charPadding?: 'padded' | 'trimmed';
  /** [U] ModifiedDate from DEX_ROW_TS (default) or from the date-only MODIFDT. */
  modifiedDateSource?: 'dex-row-ts' | 'modifdt';
  /** UTC offset of the simulated GP server, for request dates sent with an offset. Default 0. */
  serverUtcOffsetMinutes?: number;
  /** [U] How the SBA REST surface under /GPService/ spells things (sba/sba-convention.ts). Default: DEFAULT_SBA_CONVENTION. */
  sbaConvention?: SbaConvention;
  /** SOAP exchanges kept in `exchanges` for schema checks. Default 200. */
  maxExchanges?: number;
  wsdlPath?: string;
}

/** A running simulator: network addresses, data and mutations, fault injection, accounting. */
export interface GpSimulator {
  /** `http://127.0.0.1:PORT` */
  readonly baseUrl: string;
  /** `…/DynamicsGPWebServices/DynamicsGPService.asmx`: what a client is configured with. */
  readonly soapUrl: string;
  /** `…asmx?wsdl` */
  readonly wsdlUrl: string;
  /** `…/_sim/` JSON control API. */
  readonly controlUrl: string;
  /** The default (first) company's database; other companies through `companyById`. */
  readonly db: CompanyDatabase;
  companyById(id?: number): CompanyDatabase | undefined;
  /** Mutations on the default company; each stamps DEX_ROW_TS from the clock. */
  addInvoice(input?: NewInvoice): PayablesDocumentRow;
  /** `kind` picks the document type when a voucher number exists for several (GP keys on voucher + DOCTYPE). */
  holdInvoice(voucherNumber: string, hold?: boolean, kind?: DocKind): PayablesDocumentRow;
  postInvoice(voucherNumber: string, kind?: DocKind): PayablesDocumentRow;
  payInvoice(voucherNumber: string, kind?: DocKind): PayablesDocumentRow;
  voidInvoice(voucherNumber: string, kind?: DocKind): PayablesDocumentRow;
  editInvoice(voucherNumber: string, changes: InvoiceChanges, kind?: DocKind): PayablesDocumentRow;
  deleteInvoice(voucherNumber: string, kind?: DocKind): void;
  getInvoice(voucherNumber: string, kind?: DocKind): PayablesDocumentRow | undefined;
  /** Demo driver on the default company; stop it (or close the simulator) when done. */
  startScenario(options: ScenarioOptions): ScenarioHandle;
  readonly faults: FaultQueue;
  /** Answers every response a `stall` fault (or latency) holds right now; returns how many. */
  releaseStalls(): number;
  /** Extra delay per SOAP response in ms; settable at any time. */
  latencyMs: number;
  readonly stats: SimStats;
  resetStats(): void;
  /** The last SOAP exchanges (bounded by `maxExchanges`), oldest first. */
  readonly exchanges: readonly SoapExchange[];
  readonly exceptionLog: ExceptionLog;
  /** Closes the server, drops held responses and stops scenarios. Idempotent. */
  close(): Promise<void>;
}

export const FABRIKAM: CompanyInfo = { id: -1, name: 'Fabrikam, Inc.' };

/** Starts a GP Web Services (legacy endpoint) simulator listening on 127.0.0.1. */
export async function startGpSimulator(options: GpSimulatorOptions = {}): Promise<GpSimulator> {
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? 1;
  const wsdl = await loadGpWsdl(options.wsdlPath);
  const rng = new Rng(seed);
  const companies = new Map<number, CompanyDatabase>();
  const companyOptions: SimCompanyOptions[] = options.companies ?? [FABRIKAM];
  for (const [index, company] of companyOptions.entries()) {
    if (companies.has(company.id)) throw new RangeError(`company id ${company.id} is given twice`);
    const companyRng = rng.fork(index + 1);
    const database = new CompanyDatabase({ id: company.id, name: company.name }, clock, companyRng.fork(7));
    const data = generateCompanyData(companyRng.fork(3), {
      vendors: company.vendors ?? options.vendors ?? 300,
      invoices: company.invoices ?? options.invoices ?? 3000,
      purchaseOrders: company.purchaseOrders ?? options.purchaseOrders,
      journals: company.journals ?? options.journals,
      untilMs: clock.now(),
    });
    database.load(data.vendors, data.documents, data);
    companies.set(company.id, database);
  }
  const defaultCompany = companies.values().next().value;
  if (defaultCompany === undefined) throw new RangeError('the simulator needs at least one company');

  let stats = emptyStats();
  const exchanges: SoapExchange[] = [];
  const faults = new FaultQueue();
  const exceptionLog = new ExceptionLog(() => clock.now());
  const scenarios = new Set<ScenarioHandle>();
  let latencyMs = options.latencyMs ?? 0;
  const companyById = (id?: number) => (id === undefined ? defaultCompany : companies.get(id));

  const server = new SimServer({
    wsdl,
    env: {
      companies,
      log: exceptionLog,
      charPadding: options.charPadding ?? 'padded',
      modifiedDateSource: options.modifiedDateSource ?? 'dex-row-ts',
      serverUtcOffsetMinutes: options.serverUtcOffsetMinutes ?? 0,
      now: () => clock.now(),
    },
    faults,
    get stats() {
      return stats;
    },
    exchanges,
    maxExchanges: options.maxExchanges ?? 200,
    latencyMs: () => latencyMs,
    authenticate: options.authenticate,
    sba: createSbaSurface({
      companies,
      convention: options.sbaConvention,
      charPadding: options.charPadding ?? 'padded',
      faults,
      stats: () => stats,
      now: () => clock.now(),
    }),
    control: createControlApi({
      companyById,
      faults,
      get stats() {
        return stats;
      },
      exceptionLog,
    }),
  });
  const baseUrl = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  const scenarioRng = rng.fork(99);

  return {
    baseUrl,
    soapUrl: `${baseUrl}${SOAP_PATH}`,
    wsdlUrl: `${baseUrl}${SOAP_PATH}?wsdl`,
    controlUrl: `${baseUrl}/_sim/`,
    db: defaultCompany,
    companyById,
    addInvoice: (input) => defaultCompany.addInvoice(input),
    holdInvoice: (voucher, hold = true, kind) => defaultCompany.holdInvoice(voucher, hold, kind),
    postInvoice: (voucher, kind) => defaultCompany.postInvoice(voucher, kind),
    payInvoice: (voucher, kind) => defaultCompany.payInvoice(voucher, kind),
    voidInvoice: (voucher, kind) => defaultCompany.voidInvoice(voucher, kind),
    editInvoice: (voucher, changes, kind) => defaultCompany.editInvoice(voucher, changes, kind),
    deleteInvoice: (voucher, kind) => defaultCompany.deleteInvoice(voucher, kind),
    getInvoice: (voucher, kind) => defaultCompany.document(voucher, kind),
    startScenario(scenarioOptions) {
      const handle = startScenario(defaultCompany, scenarioRng, scenarioOptions);
      scenarios.add(handle);
      return handle;
    },
    faults,
    releaseStalls: () => server.releaseStalls(),
    get latencyMs() {
      return latencyMs;
    },
    set latencyMs(value: number) {
      if (!(value >= 0)) throw new RangeError('latencyMs must be ≥ 0');
      latencyMs = value;
    },
    get stats() {
      return stats;
    },
    resetStats() {
      stats = emptyStats();
    },
    exchanges,
    exceptionLog,
    async close() {
      for (const scenario of scenarios) scenario.stop();
      await server.close();
    },
  };
}
