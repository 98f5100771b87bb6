import { auditActions, iterateAudit, listAudit, type AuditFilters } from '#lib/audit/list-audit.ts';
import type { Staff } from '#lib/auth/context.ts';
import { throttledSinceLastSignIn } from '#lib/auth/request-sign-in.ts';
import { listSessions } from '#lib/auth/session.ts';
import { staffPreferencesOf } from '#lib/auth/staff-preferences.ts';
import { exportSignatures, type ExportFormat } from '#lib/export/staff-export.ts';
import { checkHealth } from '#lib/health/check-health.ts';
import { replicationStatus } from '#lib/health/replication-status.ts';
import type { Locale } from '#i18n/locales.ts';
import { letterFigures } from '#lib/moderation/dashboard.ts';
import type { SignatureFilters } from '#lib/moderation/filters.ts';
import { findEntry, listQueue, nextWaiting } from '#lib/moderation/list-queue.ts';
import { getDatabase } from './database.ts';

/** The staff area's reads, bound to this process's database, for its pages and downloads. */
export const staffArea = {
  queue: (letter: string, filters: SignatureFilters, page: number) => listQueue(getDatabase(), letter, filters, page),
  entry: (id: number) => findEntry(getDatabase(), id),
  nextWaiting: (letter: string, except: number) => nextWaiting(getDatabase(), letter, except),
  figures: (letter: string) => letterFigures(getDatabase(), letter),
  mail: () => checkHealth(getDatabase()).mail,
  /** The replica's lag as /healthz reports it: `off`, or seconds behind with its limit. */
  replica: () => replicationStatus(),
  audit: (page: number, filters: AuditFilters) => listAudit(getDatabase(), page, filters),
  auditActions: () => auditActions(getDatabase()),
  auditRows: () => iterateAudit(getDatabase()),
  sessions: (staff: Staff) => listSessions(getDatabase(), staff, new Date()),
  preferences: (staff: Staff) => staffPreferencesOf(getDatabase(), staff.email),
  throttledSignIns: (staff: Staff) => throttledSinceLastSignIn(getDatabase(), staff.email),
  export: (options: { letter: string; filters: SignatureFilters; format: ExportFormat; locale: Locale }) => exportSignatures(getDatabase(), options),
};
