import { stringify } from 'csv-stringify/sync';
import type { APIRoute } from 'astro';
import { staffArea } from '#lib/runtime/staff-area.ts';

export const prerender = false;

const columns = ['id', 'at', 'staff', 'action', 'letter', 'signature_ids', 'before', 'after', 'note'];
const options = { columns, escape_formulas: true, record_delimiter: 'windows' as const };

/** The whole audit log as CSV, oldest first, streamed. */
export const GET: APIRoute = ({ locals }) => {
  if (!locals.staff) return new Response('Not found.\n', { status: 404 });
  const rows = staffArea.auditRows();
  const encoder = new TextEncoder();
  let header = true;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (header) {
        header = false;
        controller.enqueue(encoder.encode(stringify([], { ...options, header: true, bom: true })));
        return;
      }
      const next = rows.next();
      if (next.done) return controller.close();
      const row = next.value;
      controller.enqueue(encoder.encode(stringify([{ id: row.id, at: row.at.toISOString(), staff: row.staff, action: row.action, letter: row.letter ?? '', signature_ids: row.signatureIds, before: row.before ?? '', after: row.after ?? '', note: row.note ?? '' }], options)));
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="audit-log-${new Date().toISOString().slice(0, 10)}.csv"` } });
};
