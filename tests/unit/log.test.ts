import { describe, expect, it } from 'vitest';
import { createLog } from '#lib/log/logger.ts';
import { redactText } from '#lib/log/redact.ts';

const token = 'k3Jd9_aZ-qP0rT5uV8wX1yB4cE7fH2iL6mN9oQ3sU0v';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = createLog('debug', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, lines };
}

describe('redaction', () => {
  it('removes the token from every form of private link, and email addresses', () => {
    expect(redactText(`Could not render /confirm/?token=${token}`)).toBe('Could not render /confirm/?[redacted]');
    expect(redactText(`https://letter.example.org/kk/manage/?token=${token}&_action=updateSignature`)).toBe('https://letter.example.org/kk/manage/?[redacted]');
    expect(redactText(`/admin/sign-in?next=1&token=${token}`)).toBe('/admin/sign-in?next=1&token=[redacted]');
    expect(redactText(`the token ${token} was used`)).toBe('the token [redacted] was used');
    expect(redactText('550 5.1.1 <Dana.K@hrc.kz>: Recipient address rejected')).toBe('550 5.1.1 <[address]>: Recipient address rejected');
  });
  it('leaves ordinary text, hashes and paths alone', () => {
    const hash = 'a'.repeat(64);
    expect(redactText(`GET /letters/keep-kazakhstan-online/ ${hash}`)).toBe(`GET /letters/keep-kazakhstan-online/ ${hash}`);
  });
});

describe('the log', () => {
  it('writes one JSON object per event, with the level and time', () => {
    const { log, lines } = capture();
    log.info('mail.sent', { id: 7, kind: 'verify' });
    expect(lines).toEqual([{ level: 'info', time: expect.any(String), event: 'mail.sent', id: 7, kind: 'verify' }]);
  });
  it('redacts fields at any depth and keeps an error’s stack, redacted too', () => {
    const { log, lines } = capture();
    const error = new Error(`refused <someone@ngo.kz> for /manage/?token=${token}`);
    log.error('request.failed', { url: `/confirm/?token=${token}`, details: { to: ['someone@ngo.kz'] }, error });
    const [line] = lines as [{ url: string; details: { to: string[] }; error: { message: string; stack: string; type: string } }];
    expect(JSON.stringify(line)).not.toContain(token);
    expect(JSON.stringify(line)).not.toContain('someone@ngo.kz');
    expect(line.url).toBe('/confirm/?[redacted]');
    expect(line.details.to).toEqual(['[address]']);
    expect(line.error.type).toBe('Error');
    expect(line.error.stack).toMatch(/refused <\[address\]> for \/manage\/\?\[redacted\]\n\s+at /);
  });
  it('leaves out what is below its level', () => {
    const lines: string[] = [];
    const log = createLog('warn', { write: (line: string) => void lines.push(line) });
    log.info('quiet');
    log.warn('loud');
    expect(lines).toHaveLength(1);
  });
});
