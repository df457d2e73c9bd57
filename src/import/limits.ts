// The largest file the import reads. A ledger of the city's ~3,000 outfalls is a few
// hundred KB; the limits are far above any real one and below what a phone's tab can
// hold (a parsed table costs several times its bytes). The messages that refuse a file
// state them, so they live apart from the parsers: the page checks a file's size before
// reading it, without loading any parser.

/** Bytes of one file. */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

/** Data rows (table) or features of one file. */
export const MAX_IMPORT_ROWS = 500_000;

/** Bytes of a zip's (XLSX, Shapefile) content once unpacked: a zip bomb stops here. */
export const MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024;

/** Rows or features of the file the page is given to preview (ParsedImport.preview). */
export const PREVIEW_ROWS = 50;

const mb = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;

/** The refusal of a file over MAX_IMPORT_BYTES (Chinese). */
export function tooLargeMessage(fileName: string, bytes: number): string {
  return `文件“${fileName}”有 ${mb(bytes)}，超过单个文件 ${mb(MAX_IMPORT_BYTES)} 的上限：请拆分成几个文件分别导入`;
}

/** The refusal of a file over MAX_IMPORT_ROWS (Chinese). */
export function tooManyRowsMessage(fileName: string, what: '行' | '个要素'): string {
  return `文件“${fileName}”超过 ${MAX_IMPORT_ROWS.toLocaleString('en-US')} ${what}的上限：请拆分成几个文件分别导入`;
}

/** The refusal of a zip that unpacks to more than MAX_UNZIPPED_BYTES (Chinese). */
export function tooLargeUnzippedMessage(fileName: string, bytes: number): string {
  return `文件“${fileName}”解压后有 ${mb(bytes)}，超过 ${mb(MAX_UNZIPPED_BYTES)} 的上限：请拆分成几个文件分别导入`;
}
