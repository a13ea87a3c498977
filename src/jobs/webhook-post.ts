// One delivery attempt: a POST with a deadline, no redirects followed, and the target's addresses
// checked when they are resolved (a name that resolves to a private address is refused even if it
// looked public when saved).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isPrivateAddress } from '../modules/webhook/webhook-target.js';

export type AttemptOutcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = allowPrivate ? undefined : addresses.find((entry) => isPrivateAddress(entry.address));
      if (refused) return callback(new Error(`refused private address ${refused.address}`), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`no address for ${hostname}`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; allowPrivateTargets: boolean },
): Promise<AttemptOutcome> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const request = transport.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        lookup: guardedLookup(options.allowPrivateTargets),
        timeout: options.timeoutMs,
        // A fresh connection per attempt: no pooled socket outlives the checks above.
        agent: false,
      },
      (response) => {
        // The body is not needed; reading it lets the connection close cleanly.
        response.resume();
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          resolve(
            status >= 200 && status < 300 ? { ok: true, status } : { ok: false, status, error: `HTTP ${status}` },
          );
        });
        response.on('error', (error) =>
          resolve({ ok: false, status: response.statusCode ?? null, error: error.message }),
        );
      },
    );
    // The deadline covers the whole attempt, not only socket inactivity.
    const deadline = setTimeout(
      () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    request.on('close', () => clearTimeout(deadline));
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', (error) => resolve({ ok: false, status: null, error: error.message.slice(0, 500) }));
    request.end(body);
  });
}
