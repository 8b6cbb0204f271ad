import { fileTypeFromBuffer } from 'file-type';
import { documentFileTypes, type DocumentFileType } from '../../domain/document';

/** file-type's names for the types Rapport keeps (jpg, tif… as it spells them). */
const byDetectedExt: Record<string, DocumentFileType> = {
  pdf: 'pdf', png: 'png', jpg: 'jpg', webp: 'webp', gif: 'gif', tif: 'tif', heic: 'heic',
  docx: 'docx', xlsx: 'xlsx', pptx: 'pptx', odt: 'odt', ods: 'ods', zip: 'zip',
};

/**
 * Plain text: valid UTF-8 (a cut multi-byte character at the end of the sample is fine) with
 * no control characters but tab, CR, LF and form feed. Binary formats fail this at once.
 */
function looksLikeText(sample: Buffer): boolean {
  if (!sample.length) return false;
  for (const byte of sample) if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, Math.max(0, sample.length - 4)));
    return true;
  } catch {
    return false;
  }
}

export type DetectedType = { type: DocumentFileType; mime: string } | { type: null; found: string | null };

/**
 * The document's type from its first bytes (never from the name or the declared type): a PDF
 * by its signature, Office files by their zip entries, text by being text. The name only
 * tells CSV from other text. `found` names what a refused file turned out to be.
 */
export async function detectDocumentType(head: Buffer, fileName: string): Promise<DetectedType> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) {
    const type = byDetectedExt[detected.ext];
    return type ? { type, mime: documentFileTypes[type] } : { type: null, found: detected.mime };
  }
  if (looksLikeText(head)) {
    const type = /\.csv$/i.test(fileName) ? 'csv' : 'txt';
    return { type, mime: documentFileTypes[type] };
  }
  return { type: null, found: null };
}
