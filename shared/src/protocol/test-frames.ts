// Valid frames of every type, for the protocol's tests; the deltas are the shared samples.
import type { Delta, VendorDelta } from '../domain/delta';
import type { VendorRecord } from '../domain/vendor';
import { invoiceDelta, vendorDelta as sampleVendorDelta } from '../testing/sample-deltas';
import type { FrameType } from './frame-types';
import type { Frame } from './frames';
import { PROTOCOL_VERSION } from './version';

export const delta: Delta = invoiceDelta(1550);
export const vendorRecord: VendorRecord = sampleVendorDelta('ACME0001').record;
export const vendorDelta: VendorDelta = sampleVendorDelta('ACME0001', { onHold: true });

export const oneOfEach: Record<FrameType, Frame> = {
  hello: {
    type: 'hello',
    protocolVersion: PROTOCOL_VERSION,
    agentVersion: '0.1.0',
    companies: ['Fabrikam, Inc.'],
    capabilities: ['gp-soap'],
  },
  welcome: {
    type: 'welcome',
    protocolVersion: PROTOCOL_VERSION,
    agentId: 'agt_1',
    tenantId: 'tnt_1',
    config: { pollIntervalMs: 15_000, docTypes: ['payables-invoice'], heartbeatIntervalMs: 20_000 },
  },
  deltas: { type: 'deltas', batchId: 'b1', items: [delta] },
  ack: { type: 'ack', batchId: 'b1', accepted: 1, duplicates: 0 },
  status: {
    type: 'status',
    sources: [
      {
        company: 'Fabrikam, Inc.',
        docType: 'payables-invoice',
        lastSuccessAt: '2026-11-25T10:00:00.000Z',
        lastError: null,
        cursorLagMs: 1200,
      },
    ],
    outboxDepth: 3,
    oldestOutboxAgeMs: 500,
    outboxDropped: 0,
  },
  alert: {
    type: 'alert',
    code: 'gp.auth_failed',
    message: 'GP refused svc-gp@CORP',
    details: { principal: 'svc-gp@CORP' },
  },
  command: { type: 'command', command: 'poll-now' },
  error: { type: 'error', code: 'PROTOCOL_INVALID_FRAME', message: 'bad', retryable: false },
};
