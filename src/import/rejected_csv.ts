// The rows an import refused, as a CSV the user opens in Excel, corrects and imports
// again: the file's own columns between 行号 and 原因. The quoting, the BOM and the
// defusing of formula-like cells are the analyst's exports' (src/data/table_export.ts):
// a refused cell may well start with =, and must not run as a formula when opened.

import { tableToCsv } from '../data/table_export';
import type { RejectedRow } from './types';

/** CSV text (UTF-8 with BOM, CRLF) of the refused rows under the file's headers. */
export function rejectedRowsCsv(headers: string[], rejected: readonly RejectedRow[]): string {
  return tableToCsv({
    name: '未导入的行',
    headers: ['行号', ...headers, '原因'],
    rows: rejected.map((r) => [r.row, ...headers.map((h) => r.values[h] ?? ''), r.reason]),
  });
}
