import type { DocType } from '@gprelay/shared';
import { AgentError, AgentErrorCode, isAgentError } from '../../errors';
import type { ChangedPage, GpSource, ListChangedRequest } from '../gp-source';

/**
 * A GpSource whose "GP answered 401" errors also say whose credentials GP
 * refused (`Kerberos as svc-gp@CORP.EXAMPLE for HTTP/gp01...`): the SOAP
 * client knows the status and the offered schemes, the authenticator knows
 * the principal. Failures the authenticator raised itself already name it.
 */
export class AuthReportingSource implements GpSource {
  constructor(
    private readonly inner: GpSource,
    private readonly describeAuth: () => string,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  get kind(): string {
    return this.inner.kind;
  }

  get company(): string {
    return this.inner.company;
  }

  get docTypes(): readonly DocType[] {
    return this.inner.docTypes;
  }

  async listChanged(request: ListChangedRequest): Promise<ChangedPage> {
    try {
      return await this.inner.listChanged(request);
    } catch (error) {
      const who = this.describeAuth();
      // Only the SOAP client's "HTTP 401" errors lack the principal; the authenticators' own name it.
      if (
        isAgentError(error) &&
        error.code === AgentErrorCode.gpAuth &&
        error.name === 'GpAuthError' &&
        who
      ) {
        throw new AgentError(AgentErrorCode.gpAuth, `${error.message}; credentials: ${who}`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    try {
      await this.inner.close();
    } finally {
      await this.onClose();
    }
  }
}
