/**
 * `npm run staff -- add|remove|list [email]`: the staff who may sign in to /admin, besides those
 * in STAFF_EMAILS. Removing an account ends its sessions at once.
 */
import { z } from 'zod';
import { addStaff, listStaff, removeStaff } from '#lib/auth/staff-directory.ts';
import { fail, openCliDatabase } from './support.ts';

const usage = 'Usage: npm run staff -- add <email> | remove <email> | list';
const [command, email, ...rest] = process.argv.slice(2);
if (rest.length > 0 || !command || !['add', 'remove', 'list'].includes(command) || (command !== 'list' && !email)) fail(usage, 2);
if (email && !z.email().safeParse(email.trim()).success) fail(`"${email}" is not an email address. ${usage}`, 2);

const { db, config } = openCliDatabase();
if (command === 'add') {
  process.stdout.write(addStaff(db, email!) ? `${email} may now sign in at ${new URL('/admin/', config.siteUrl).href}\n` : `${email} was already staff.\n`);
} else if (command === 'remove') {
  if (!removeStaff(db, email!)) fail(`${email} is not a staff account added with this command.${config.staffEmails.includes(email!.toLowerCase()) ? ' It is in STAFF_EMAILS: remove it there.' : ''}`);
  process.stdout.write(`${email} may no longer sign in; their sessions have ended.\n`);
} else {
  for (const address of config.staffEmails) process.stdout.write(`${address}\t(STAFF_EMAILS)\n`);
  for (const account of listStaff(db)) process.stdout.write(`${account.email}\t(added ${account.addedAt.toISOString().slice(0, 10)})\n`);
}
