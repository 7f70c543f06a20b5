import { parseArgs } from 'node:util';
import { startGpSimulator } from './gp-simulator';

/**
 * Standalone simulator for demos and cross-process tests:
 *   tsx test/src/gp-sim/main.ts --port 48620 --seed 1 [--vendors 300] [--invoices 3000]
 *       [--purchase-orders 600] [--journals 600]
 *       [--scenario-interval-ms 5000] [--latency-ms 0] [--host 127.0.0.1]
 * Prints its URLs, then runs until SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '48620' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: '1' },
      vendors: { type: 'string' },
      invoices: { type: 'string' },
      'purchase-orders': { type: 'string' },
      journals: { type: 'string' },
      'scenario-interval-ms': { type: 'string', default: '0' },
      'latency-ms': { type: 'string', default: '0' },
    },
    strict: true,
  });
  const number = (name: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`--${name} must be a whole number ≥ 0, got '${text}'`);
    return value;
  };
  const startedAt = performance.now();
  const sim = await startGpSimulator({
    port: number('port', values.port),
    host: values.host,
    seed: number('seed', values.seed),
    vendors: number('vendors', values.vendors),
    invoices: number('invoices', values.invoices),
    purchaseOrders: number('purchase-orders', values['purchase-orders']),
    journals: number('journals', values.journals),
    latencyMs: number('latency-ms', values['latency-ms']),
  });
  console.log(
    `GP simulator (Fabrikam, Inc., CompanyKey -1): ${sim.db.documentCount} payables documents, ${sim.db.purchaseOrders.count} purchase orders, ${sim.db.ledger.count} GL journals, ${sim.db.vendorCount} vendors, ready in ${Math.round(performance.now() - startedAt)} ms`,
  );
  console.log(`  SOAP endpoint  ${sim.soapUrl}`);
  console.log(`  WSDL           ${sim.wsdlUrl}`);
  console.log(`  control API    ${sim.controlUrl}  (stats, invoices, faults)`);
  const intervalMs = number('scenario-interval-ms', values['scenario-interval-ms']) ?? 0;
  if (intervalMs > 0) {
    sim.startScenario({
      intervalMs,
      onEvent: (event) => console.log(`  ${event.text}`),
    });
    console.log(
      `  scenario: a new invoice every ${intervalMs} ms; POs, journals and vendor changes every few ticks`,
    );
  }
  const shutdown = () => {
    sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
