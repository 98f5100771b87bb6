import { iterateAudit, listAudit } from '#lib/audit/list-audit.ts';
import type { Staff } from '#lib/auth/context.ts';
import { throttledSinceLastSignIn } from '#lib/auth/request-sign-in.ts';
import { listSessions } from '#lib/auth/session.ts';
import { exportSignatures, type ExportFormat } from '#lib/export/staff-export.ts';
import { checkHealth } from '#lib/health/check-health.ts';
import type { Locale } from '#i18n/locales.ts';
import { letterFigures } from '#lib/moderation/dashboard.ts';
import type { SignatureFilters } from '#lib/moderation/filters.ts';
import { findEntry, listQueue } from '#lib/moderation/list-queue.ts';
import { getDatabase } from './database.ts';

/** The staff area's reads, bound to this process's database, for its pages and downloads. */
export const staffArea = {
  queue: (letter: string, filters: SignatureFilters, page: number) => listQueue(getDatabase(), letter, filters, page),
  entry: (id: number) => findEntry(getDatabase(), id),
  figures: (letter: string) => letterFigures(getDatabase(), letter),
  mail: () => checkHealth(getDatabase()).mail,
  audit: (page: number) => listAudit(getDatabase(), page),
  auditRows: () => iterateAudit(getDatabase()),
  sessions: (staff: Staff) => listSessions(getDatabase(), staff, new Date()),
  throttledSignIns: (staff: Staff) => throttledSinceLastSignIn(getDatabase(), staff.email),
  export: (options: { letter: string; filters: SignatureFilters; format: ExportFormat; locale: Locale }) => exportSignatures(getDatabase(), options),
};
