import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * The text and document info of a PDF, read by pdf-parse (pdf.js) in a child Node process: pdf.js loads its worker with
 * a dynamic import(), which Jest refuses without --experimental-vm-modules (and `npm run test:unit` runs without it).
 * Test support only.
 */
export interface PdfContent {
  text: string;
  pages: number;
  info: Record<string, unknown>;
}

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

const SCRIPT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const text = await parser.getText();
    const info = await parser.getInfo();
    process.stdout.write(JSON.stringify({ text: text.text, pages: text.total, info: info.info }));
  } finally {
    await parser.destroy();
  }
});
`;

export function readPdf(pdf: Buffer): PdfContent {
  const out = execFileSync(process.execPath, ['-e', SCRIPT], { cwd: ROOT, input: pdf, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' });
  return JSON.parse(out) as PdfContent;
}
