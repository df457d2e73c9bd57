// Tables for the analyst's exports: CSV that Excel opens as UTF-8 (a byte-order
// mark; Chinese headers) and a real XLSX workbook. exceljs is large, so it is
// loaded only when a user asks for an XLSX file.

export type Cell = string | number | null;

export interface Table {
  /** Sheet name in the workbook, e.g. 热点排名. */
  name: string;
  headers: string[];
  rows: Cell[][];
}

/** One CSV field: quoted when it holds a comma, quote or line break; a formula-like text is defused. */
function csvField(value: Cell): string {
  if (value === null) return '';
  let text = typeof value === 'number' ? String(value) : value;
  // A cell starting with = + - @ would run as a formula in Excel (CSV injection).
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The table as CSV text with a BOM, CRLF line ends (what Excel writes). */
export function tableToCsv(table: Table): string {
  return `\uFEFF${[table.headers, ...table.rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** The tables as one XLSX workbook, a sheet each. */
export async function tablesToXlsx(tables: Table[]): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name);
    sheet.addRow(table.headers).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row);
    sheet.columns.forEach((column, i) => {
      column.width = Math.max(8, ...[table.headers[i], ...table.rows.map((r) => r[i])].map((v) => String(v ?? '').length * 2));
    });
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
