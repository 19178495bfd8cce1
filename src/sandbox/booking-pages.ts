// The sandbox's public booking pages, at the paths Cal.com serves them (/{username}/{slug}, /team/{team}/{slug}),
// so a booking link the agent texts resolves on the sandbox as it would on cal.com.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Router from 'find-my-way';
import type { Sandbox } from './sandbox.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * `notFound` answers paths under the API's own prefixes (/v2, /_sandbox), which are never booking pages, and any
 * path that names no page: the sandbox's one 404, in Cal.com's error envelope, whatever a client sends.
 */
export function mountBookingPages(router: Router.Instance<Router.HTTPVersion.V1>, sandbox: Sandbox, notFound: (req: IncomingMessage, res: ServerResponse) => void): void {
  const page = (req: IncomingMessage, res: ServerResponse, title: string | undefined) => {
    if (!title) return notFound(req, res);
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<!doctype html><meta charset="utf-8"><title>${escape(title)}</title><h1>${escape(title)}</h1><p>Pick a time (sandbox booking page).</p>`);
  };
  router.on('GET', '/:username/:slug', (req: IncomingMessage, res, p) => {
    if (p.username === 'v2' || p.username === '_sandbox') return notFound(req, res);
    const user = sandbox.world.users.find((u) => u.username === p.username);
    page(req, res, sandbox.world.eventTypes.find((e) => user && e.ownerId === user.id && e.teamId === undefined && e.slug === p.slug)?.title);
  });
  router.on('GET', '/team/:team/:slug', (req: IncomingMessage, res, p) => {
    const team = sandbox.world.teams.find((t) => t.slug === p.team);
    page(req, res, sandbox.world.eventTypes.find((e) => team && e.teamId === team.id && e.slug === p.slug)?.title);
  });
}
