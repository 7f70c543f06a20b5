import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuditAction } from '../../audit/audit-actions';
import { appendAudit } from '../../audit/audit-log';
import { SlackAppPath } from '../paths';
import type { RejectionAudit } from '../rejection-audit';
import type { SlackAppServices } from '../slack-app-services';
import { clearInstallCookie, readInstallCookie, setInstallCookie } from './install-cookie';
import { beginInstall, completeInstall, type InstallDeps } from './install-flow';
import { checkInstallLink } from './install-links';
import {
  installLinkPage,
  installOutcomePage,
  internalErrorPage,
  notConfiguredPage,
  PAGE_HEADERS,
  type ResultPage,
  renderPage,
} from './result-pages';

export interface InstallRoutesOptions {
  services: SlackAppServices;
  rejections: RejectionAudit;
}

/**
 * The browser side of "Add to Slack": `GET /slack/install?link=…` (an
 * operator-issued install link) redirects to Slack's consent screen, and
 * `GET /slack/oauth/callback` finishes. Both answer with HTML for a person,
 * never a stack trace or an API error body.
 */
export async function slackInstallRoutes(app: FastifyInstance, options: InstallRoutesOptions): Promise<void> {
  const deps = installDeps(app, options);
  const secure = isSecure(app);

  app.setErrorHandler((error, request, reply) => {
    request.log.error({ err: error }, 'Slack install page failed');
    return sendPage(reply, internalErrorPage(request.id));
  });

  const hidden = { tags: ['slack-app'], security: [], hide: true } as never;

  app.get(SlackAppPath.install, { schema: hidden }, async (request, reply) => {
    if (deps.oauth === null || deps.config.slackClientId === null) return sendPage(reply, notConfiguredPage);
    const now = new Date(app.ctx.clock.now());
    const check = await checkInstallLink(app.ctx.db, queryString(request, 'link'), now);
    if (!check.ok) {
      const entry = {
        tenantId: check.tenantId,
        actor: 'browser',
        action: AuditAction.slackInstallRefused,
        details: { reason: check.reason, ip: request.ip },
      };
      await (check.tenantId === null
        ? options.rejections.record(entry)
        : app.ctx.db.transaction((tx) => appendAudit(tx, [entry], now)));
      return sendPage(reply, installLinkPage(check));
    }
    return redirectToSlack(app, request, reply, {
      tenantId: check.tenantId,
      actor: 'install-link',
      installLinkHash: check.linkHash,
    });
  });

  app.get(SlackAppPath.callback, { schema: hidden }, async (request, reply) => {
    const code = queryString(request, 'code');
    const state = queryString(request, 'state');
    const error = queryString(request, 'error');
    const outcome = await completeInstall(deps, {
      ...(code === undefined ? {} : { code }),
      ...(state === undefined ? {} : { state }),
      ...(error === undefined ? {} : { error }),
      ...browserSecretOf(request, secure),
    });
    // The cookie has done its job whatever happened; a retry starts from the link and sets a new one.
    reply.header('set-cookie', clearInstallCookie(secure));
    return sendPage(reply, installOutcomePage(outcome));
  });
}

/**
 * Starts an install for `tenantId` from a request the caller has already
 * authorised, and redirects the browser to Slack. The install-link route uses
 * it; a console route (tenant admin session + CSRF check) can call it the same
 * way with `installLinkHash: null` and its user as `actor`
 * (e.g. `console:ana@fabrikam.example`). The callback is the same for both.
 */
export async function redirectToSlack(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  input: { tenantId: string; actor: string; installLinkHash: string | null },
): Promise<FastifyReply> {
  const secure = isSecure(app);
  const { config, db, box, clock } = app.ctx;
  const started = await beginInstall(
    { config, db, box, clock, oauth: app.slackApp.oauth },
    { ...input, ...browserSecretOf(request, secure) },
  );
  return reply
    .code(302)
    .headers({
      location: started.authorizeUrl,
      'set-cookie': setInstallCookie(started.browserSecret, secure),
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    })
    .send();
}

export function installDeps(app: FastifyInstance, options: InstallRoutesOptions): InstallDeps {
  const { config, db, box, clock, slack } = app.ctx;
  return { config, db, box, clock, slack, oauth: options.services.oauth, rejections: options.rejections };
}

/** The cookie is Secure when browsers reach us over https (PUBLIC_URL), even behind a TLS proxy. */
function isSecure(app: FastifyInstance): boolean {
  return new URL(app.ctx.config.publicUrl).protocol === 'https:';
}

function browserSecretOf(request: FastifyRequest, secure: boolean): { browserSecret?: string } {
  const value = readInstallCookie(request.headers.cookie, secure);
  return value === undefined ? {} : { browserSecret: value };
}

/** A single string query parameter; repeated or missing → undefined. */
function queryString(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value !== '' && value.length <= 2000 ? value : undefined;
}

function sendPage(reply: FastifyReply, page: ResultPage): FastifyReply {
  return reply.code(page.status).headers(PAGE_HEADERS).send(renderPage(page));
}
