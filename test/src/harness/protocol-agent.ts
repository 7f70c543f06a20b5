import { randomUUID } from 'node:crypto';
import { type AckFrame, type Delta, encodeFrame, parseFrame, WS_SUBPROTOCOL } from '@gprelay/shared';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import WebSocket from 'ws';

/**
 * A minimal agent speaking protocol v1 to a cloud, for tests and benchmarks
 * that need deltas to arrive through the real socket without GP in the loop:
 * enrolls with a one-time code, connects with a fresh EdDSA token, says hello,
 * and sends batches, resolving each with its ack.
 */
export class ProtocolAgent {
  readonly #pending = new Map<string, { resolve: (ack: AckFrame) => void; reject: (error: Error) => void }>();
  #batch = 0;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const parsed = parseFrame(data as Buffer);
      if (parsed.ok && parsed.frame.type === 'ack') {
        this.#pending.get(parsed.frame.batchId)?.resolve(parsed.frame);
        this.#pending.delete(parsed.frame.batchId);
      }
    });
    // A batch the cloud will never ack fails its caller instead of leaving it waiting.
    ws.on('close', (code) => {
      for (const { reject } of this.#pending.values())
        reject(new Error(`socket closed (${code}) before the ack`));
      this.#pending.clear();
    });
  }

  static async enrollAndConnect(
    cloudUrl: string,
    code: string,
    now: () => number = Date.now,
  ): Promise<ProtocolAgent> {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const { x } = await exportJWK(publicKey);
    const response = await fetch(`${cloudUrl}/v1/agents/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        code,
        publicJwk: { kty: 'OKP', crv: 'Ed25519', x },
        hostname: 'test-agent',
        agentVersion: '0.0.0',
      }),
    });
    if (!response.ok) throw new Error(`enroll failed: ${response.status} ${await response.text()}`);
    const { agentId, audience } = (await response.json()) as { agentId: string; audience: string };
    const nowS = Math.floor(now() / 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', kid: agentId })
      .setSubject(agentId)
      .setAudience(audience)
      .setIssuedAt(nowS)
      .setExpirationTime(nowS + 300)
      .setJti(randomUUID())
      .sign(privateKey);
    const ws = new WebSocket(`${cloudUrl.replace(/^http/, 'ws')}/v1/agent/socket`, [WS_SUBPROTOCOL], {
      headers: { authorization: `Bearer ${token}` },
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const agent = new ProtocolAgent(ws);
    const welcome = new Promise((resolve) => ws.once('message', resolve));
    ws.send(
      encodeFrame({
        type: 'hello',
        protocolVersion: 1,
        agentVersion: '0.0.0',
        companies: ['Fabrikam, Inc.'],
        capabilities: [],
      }),
    );
    await welcome;
    return agent;
  }

  /** Sends one batch and resolves with its ack (the cloud has committed it). */
  send(items: Delta[]): Promise<AckFrame> {
    this.#batch += 1;
    const batchId = `t${this.#batch}`;
    const acked = new Promise<AckFrame>((resolve, reject) => this.#pending.set(batchId, { resolve, reject }));
    this.ws.send(encodeFrame({ type: 'deltas', batchId, items }));
    return acked;
  }

  close(): void {
    this.ws.close();
  }
}
