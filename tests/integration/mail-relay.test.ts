import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCounts } from '../support/database.ts';
import { sign, signUp } from '../support/forms.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { startSmtp, type SmtpCapture } from '../support/smtp.ts';

let smtp: SmtpCapture;
let server: RunningServer;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ SMTP_URL: smtp.url, SIGN_MIN_SECONDS: '0' });
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

const fieldError = (html: string, field: string) => parse(html).querySelector(`#sign-${field}-error`)?.text;

describe('a spammer using the sign form to mail a stranger', () => {
  it('cannot put a link in the organization name: the form refuses it and nothing is mailed', async () => {
    for (const [n, organization] of ['Cheap watches at http://watches.example', 'Cheap watches www.watches.example', 'Cheap watches: watches.example/sale', 'Cheap watches at watches.com'].entries()) {
      const before = writeCounts(server.databasePath);
      const result = await sign(server, signUp({ organization, email: `victim${n}@inbox.example`, website: '' }));
      expect(fieldError(result.html, 'organization'), organization).toBe('Please leave out web addresses, such as example.org or www.example.org: give your website in its own field.');
      expect(writeCounts(server.databasePath), organization).toEqual(before);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.received.filter((mail) => mail.to.some((address) => address.startsWith('victim')))).toEqual([]);
  });

  it('gets at most the first 80 characters of a long name quoted in the mail', async () => {
    const organization = `Best offers of the year ${'call us today and save '.repeat(7)}phone 555 0100`;
    expect(organization.length).toBeGreaterThan(150);
    await sign(server, signUp({ organization, email: 'reader@inbox.example', website: '' }));
    const mail = await smtp.waitFor((candidate) => candidate.to.includes('reader@inbox.example'));
    expect(mail.text).toContain(`typed as “${organization.slice(0, 80).trimEnd()}…”`);
    expect(mail.text).not.toContain('phone 555 0100');
    expect(mail.html).not.toContain('phone 555 0100');
  });

  it('leaves an honest name whole, with its website in its own field', async () => {
    await sign(server, signUp({ organization: 'Vlast Media Group', email: 'desk@vlast-media.kz', website: 'vlast-media.kz' }));
    const mail = await smtp.waitFor((candidate) => candidate.to.includes('desk@vlast-media.kz'));
    expect(mail.text).toContain('typed as “Vlast Media Group”');
  });
});
