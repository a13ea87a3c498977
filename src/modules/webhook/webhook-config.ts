// How webhooks are delivered (WEBHOOK_* variables, src/config.ts).
export interface WebhookConfig {
  /** Run the delivery worker inside the server (off when `npm run worker` runs it apart). */
  runWorker: boolean;
  /** Deliveries attempted at once by one process. */
  concurrency: number;
  /** How often the worker looks for due jobs (retries; new jobs also wake it through LISTEN). */
  pollIntervalMs: number;
  /** An attempt without an answer within this is a failure (and retried). */
  timeoutMs: number;
  /** The first retry's delay; each next one doubles, up to `retryMaxMs`, with jitter. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Failed attempts in a row after which an endpoint is disabled. */
  disableAfterFailures: number;
  /** Allow loopback, private and link-local targets (development, tests). */
  allowPrivateTargets: boolean;
}

export const DEFAULT_WEBHOOK_CONFIG: WebhookConfig = {
  runWorker: true,
  concurrency: 4,
  pollIntervalMs: 2_000,
  timeoutMs: 10_000,
  retryBaseMs: 5_000,
  retryMaxMs: 60 * 60 * 1000,
  // 5 s doubling to an hourly cap, jittered to 50-100 %: 60 attempts span 25 to 51 hours (the promise is 24).
  disableAfterFailures: 60,
  allowPrivateTargets: false,
};

/** The delay before retry number `failures` (1 = first retry): exponential, capped, jittered to 50–100 %. */
export function retryDelayMs(config: WebhookConfig, failures: number, random: () => number = Math.random): number {
  const exponential = Math.min(config.retryMaxMs, config.retryBaseMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(exponential * (0.5 + random() / 2));
}
