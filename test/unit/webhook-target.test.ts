// Where a webhook may point, and how long it waits between retries: pure rules, no server.
import { describe, expect, it } from 'vitest';
import { DEFAULT_WEBHOOK_CONFIG, retryDelayMs } from '../../src/modules/webhook/webhook-config.js';
import { isPrivateAddress, targetRefusal } from '../../src/modules/webhook/webhook-target.js';

describe('webhook targets', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
  ])('%s is private', (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each(['8.8.8.8', '172.32.0.1', '2001:4860:4860::8888', 'example.com'])('%s is not', (address) =>
    expect(isPrivateAddress(address)).toBe(false),
  );

  it('takes only http(s) URLs without credentials, and private hosts only when allowed', () => {
    expect(targetRefusal('https://hooks.example.com/in', false)).toBeUndefined();
    expect(targetRefusal('ftp://hooks.example.com/in', false)).toBe('invalid');
    expect(targetRefusal('https://user:pw@hooks.example.com/in', false)).toBe('invalid');
    expect(targetRefusal('not a url', false)).toBe('invalid');
    expect(targetRefusal('http://localhost:3000/in', false)).toBe('private');
    expect(targetRefusal('http://[::1]:3000/in', false)).toBe('private');
    expect(targetRefusal('http://10.0.0.5/in', false)).toBe('private');
    expect(targetRefusal('http://127.0.0.1:3000/in', true)).toBeUndefined();
  });
});

describe('webhook retry delays', () => {
  it('start within 10 s, double, cap, and jitter between half and all of the step', () => {
    const low = (failures: number) => retryDelayMs(DEFAULT_WEBHOOK_CONFIG, failures, () => 0);
    const high = (failures: number) => retryDelayMs(DEFAULT_WEBHOOK_CONFIG, failures, () => 1);
    expect([low(1), high(1)]).toEqual([2500, 5000]);
    expect(high(2)).toBe(10_000);
    expect(high(30)).toBe(DEFAULT_WEBHOOK_CONFIG.retryMaxMs);
    // The default disabling limit keeps retrying for more than 24 hours even at the lowest jitter.
    let total = 0;
    for (let failures = 1; failures < DEFAULT_WEBHOOK_CONFIG.disableAfterFailures; failures++) total += low(failures);
    expect(total).toBeGreaterThan(24 * 60 * 60 * 1000);
  });
});
