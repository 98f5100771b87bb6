import type { APIRoute } from 'astro';
import { byteOrderMark, csvLines } from '#lib/export/csv.ts';
import { staffArea } from '#lib/runtime/staff-area.ts';

export const prerender = false;

const columns = ['id', 'at', 'staff', 'action', 'letter', 'signature_ids', 'before', 'after', 'note'];

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
        controller.enqueue(encoder.encode(byteOrderMark + csvLines([columns])));
        return;
      }
      const next = rows.next();
      if (next.done) return controller.close();
      const row = next.value;
      controller.enqueue(encoder.encode(csvLines([[row.id, row.at.toISOString(), row.staff, row.action, row.letter ?? '', row.signatureIds, row.before ?? '', row.after ?? '', row.note ?? '']])));
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="audit-log-${new Date().toISOString().slice(0, 10)}.csv"` } });
};
