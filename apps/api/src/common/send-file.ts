import type { Response } from 'express';

/** A generated PDF as a download, never cached (it states personal holdings). */
export function sendPdf(res: Response, file: { pdf: Buffer; fileName: string; reference?: string }): void {
  res.setHeader('content-type', 'application/pdf');
  res.setHeader('content-disposition', `attachment; filename="${file.fileName}"`);
  res.setHeader('cache-control', 'no-store');
  if (file.reference) res.setHeader('x-certificate-reference', file.reference);
  res.end(file.pdf);
}
