import type { OAuthGrant, SlackOAuthApi } from '../../slack/slack-api';
import { platformError } from '../../testing/fake-slack';

/**
 * An in-memory Slack token endpoint for the cloud's own tests, as strict as
 * Slack where it matters: codes and refresh tokens work once. `hold()` parks
 * the next calls until `release()`, to line up concurrent refreshers.
 */
export class FakeSlackOAuth implements SlackOAuthApi {
  readonly calls: Array<{ grant: 'authorization_code' | 'refresh_token'; redirectUri?: string }> = [];
  readonly codes = new Set<string>();
  readonly #refreshTokens = new Set<string>();
  #seq = 0;
  #gate: Promise<void> | null = null;
  #open: (() => void) | null = null;
  #failNext: Error | null = null;
  team = { id: 'T0001', name: 'Acme' };
  botUserId = 'U0BOT';
  rotation = false;
  lifetimeSec = 43_200;

  /** Calls from now on wait until `release()`. */
  hold(): void {
    this.#gate = new Promise((resolve) => {
      this.#open = resolve;
    });
  }

  release(): void {
    this.#open?.();
    this.#gate = null;
  }

  failNext(error: Error): void {
    this.#failNext = error;
  }

  /** A refresh token Slack would accept, as a rotating install hands out. */
  issueRefreshToken(): string {
    this.#seq += 1;
    const token = `xoxe-1-refresh-${this.#seq}`;
    this.#refreshTokens.add(token);
    return token;
  }

  async exchangeCode(input: { code: string; redirectUri: string }): Promise<OAuthGrant> {
    this.calls.push({ grant: 'authorization_code', redirectUri: input.redirectUri });
    await this.#gate;
    this.#throwScripted();
    if (!this.codes.delete(input.code)) throw platformError('invalid_code');
    return this.#grant();
  }

  async refresh(refreshToken: string): Promise<OAuthGrant> {
    this.calls.push({ grant: 'refresh_token' });
    await this.#gate;
    this.#throwScripted();
    if (!this.#refreshTokens.delete(refreshToken)) throw platformError('invalid_refresh_token');
    return this.#grant(true);
  }

  refreshCalls(): number {
    return this.calls.filter((c) => c.grant === 'refresh_token').length;
  }

  #throwScripted(): void {
    const error = this.#failNext;
    this.#failNext = null;
    if (error) throw error;
  }

  #grant(rotating = this.rotation): OAuthGrant {
    this.#seq += 1;
    return {
      accessToken: rotating ? `xoxe.xoxb-access-${this.#seq}` : 'xoxb-test-token',
      tokenType: 'bot',
      scope: 'chat:write,channels:read',
      botUserId: this.botUserId,
      appId: 'A0APP',
      team: this.team,
      enterprise: null,
      isEnterpriseInstall: false,
      expiresInSec: rotating ? this.lifetimeSec : null,
      refreshToken: rotating ? this.issueRefreshToken() : null,
    };
  }
}
