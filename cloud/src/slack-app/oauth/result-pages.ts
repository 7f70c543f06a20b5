import type { InstallOutcome, StateRefusal } from './install-flow';
import type { InstallLinkCheck } from './install-links';

/** A page the person installing sees: what happened, and what to do next. Never internals. */
export interface ResultPage {
  status: number;
  title: string;
  lines: string[];
  /** Set for success: the page is styled as good news. */
  ok?: boolean;
}

const START_AGAIN = 'Open the install link you were given again to start over.';
const ASK_FOR_LINK = 'Ask your GP Relay administrator for a new install link.';

const REFUSALS: Record<StateRefusal, Omit<ResultPage, 'status'>> = {
  state_missing: {
    title: 'This installation request is incomplete',
    lines: ['Slack sent your browser back without the details we need to finish.', START_AGAIN],
  },
  state_invalid: {
    title: 'This installation request is not valid',
    lines: ['The address Slack sent you back to was altered or cut short.', START_AGAIN],
  },
  state_unknown: {
    title: 'This installation request is not valid',
    lines: ['We have no record of starting this installation.', START_AGAIN],
  },
  state_expired: {
    title: 'This installation took too long',
    lines: [
      'For your security an installation must be finished within 10 minutes of starting it.',
      START_AGAIN,
    ],
  },
  state_used: {
    title: 'This installation was already finished',
    lines: [
      'This approval from Slack has already been used. If Slack is still not connected, start over.',
      START_AGAIN,
    ],
  },
  browser_mismatch: {
    title: 'Please finish in the browser where you started',
    lines: [
      'This installation was started in a different browser, or your browser blocked our cookie.',
      'Open the install link again in this browser, and allow cookies for this site.',
    ],
  },
};

export function installOutcomePage(outcome: InstallOutcome): ResultPage {
  switch (outcome.kind) {
    case 'installed':
      return {
        status: 200,
        ok: true,
        title: `GP Relay is connected to ${outcome.teamName ?? 'your Slack workspace'}`,
        lines: [
          'Dynamics GP notifications will appear in the channels your administrator routes them to.',
          'To use a private channel, invite the app there first: type /invite @GP Relay in that channel.',
          'You can close this window.',
        ],
      };
    case 'cancelled':
      return {
        status: 200,
        title: 'Installation cancelled',
        lines: [
          'Nothing was installed and nothing was changed.',
          'To connect Slack, open the install link again and choose Allow.',
        ],
      };
    case 'refused':
      return { status: 400, ...REFUSALS[outcome.reason] };
    case 'failed':
      return {
        status: 502,
        title: 'Slack did not complete the installation',
        lines: [
          `Slack answered: ${outcome.error}.`,
          START_AGAIN,
          'If it fails again, tell your GP Relay administrator; the error above is in their audit log.',
        ],
      };
  }
}

export function installLinkPage(check: Exclude<InstallLinkCheck, { ok: true }>): ResultPage {
  switch (check.reason) {
    case 'link_unknown':
      return {
        status: 404,
        title: 'This install link is not valid',
        lines: ['Check that you opened the whole link, exactly as you received it.', ASK_FOR_LINK],
      };
    case 'link_expired':
      return { status: 410, title: 'This install link has expired', lines: [ASK_FOR_LINK] };
    case 'link_used':
      return {
        status: 410,
        title: 'This install link was already used',
        lines: ['Slack was connected with it. To connect again or to another workspace:', ASK_FOR_LINK],
      };
  }
}

export const notConfiguredPage: ResultPage = {
  status: 503,
  title: 'Slack installs are not set up on this server',
  lines: [
    'The server has no Slack app credentials yet (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET).',
    'Please tell your GP Relay administrator.',
  ],
};

export function internalErrorPage(reference: string): ResultPage {
  return {
    status: 500,
    title: 'Something went wrong on our side',
    lines: [
      'Your installation could not be finished. Please try again in a few minutes.',
      `If it keeps failing, give your GP Relay administrator this reference: ${reference}.`,
    ],
  };
}

/** Headers for every page and redirect of the install flow. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  // No scripts, no outside resources, no framing (a framed consent flow invites clickjacking).
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  // Our URLs carry the install link or Slack's code: never let them leak as a Referer.
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

export function renderPage(page: ResultPage): string {
  const accent = page.ok ? '#2eb67d' : page.status >= 400 ? '#e01e5a' : '#616061';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} · GP Relay</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f8f8f8;color:#1d1c1d}
main{max-width:34rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:8px;border-top:6px solid ${accent};box-shadow:0 1px 3px rgba(0,0,0,.1)}
h1{font-size:1.4rem;margin:0 0 1rem}p{margin:.5rem 0}</style></head>
<body><main><h1>${escapeHtml(page.title)}</h1>
${page.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
</main></body></html>
`;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
