import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectDocumentType } from '../../src/server/documents/document.file-type';

/** A zip of stored (uncompressed) entries: local headers only, which is what sniffing reads. */
function zip(entries: [string, string][]): Buffer {
  return Buffer.concat(
    entries.flatMap(([name, text]) => {
      const data = Buffer.from(text);
      const fileName = Buffer.from(name);
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt32LE(zlib.crc32(data), 14);
      header.writeUInt32LE(data.length, 18);
      header.writeUInt32LE(data.length, 22);
      header.writeUInt16LE(fileName.length, 26);
      return [header, fileName, data];
    }),
  );
}
const contentTypes = (main: string) => `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/x" ContentType="${main}.main+xml"/></Types>`;

describe('detectDocumentType (by content, not by name)', () => {
  it('knows PDFs, images, Office files, zips and text; CSV by name among texts', async () => {
    expect((await detectDocumentType(Buffer.from('%PDF-1.4\n%…'), 'scan.jpg')).type).toBe('pdf');
    expect((await detectDocumentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), 'x')).type).toBe('png');
    expect((await detectDocumentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0]), 'x')).type).toBe('jpg');
    expect((await detectDocumentType(Buffer.from('GIF89a\x01\x00\x01\x00'), 'x')).type).toBe('gif');
    const docx = zip([['[Content_Types].xml', contentTypes('application/vnd.openxmlformats-officedocument.wordprocessingml.document')], ['word/document.xml', '<w/>']]);
    expect(await detectDocumentType(docx, 'letter.pdf')).toEqual({ type: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    const xlsx = zip([['[Content_Types].xml', contentTypes('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')], ['xl/workbook.xml', '<w/>']]);
    expect((await detectDocumentType(xlsx, 'sheet')).type).toBe('xlsx');
    expect((await detectDocumentType(zip([['notes.txt', 'hello']]), 'a.zip')).type).toBe('zip');
    expect(await detectDocumentType(Buffer.from('name,total\nAnn,3\n'), 'export.CSV')).toEqual({ type: 'csv', mime: 'text/csv' });
    expect((await detectDocumentType(Buffer.from('héllo wörld\r\n\ttabbed'), 'notes')).type).toBe('txt');
  });

  it('refuses programs and unknown binaries, naming what they are when known', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200, 1)]);
    expect(await detectDocumentType(exe, 'invoice.pdf')).toEqual({ type: null, found: 'application/x-msdownload' });
    expect((await detectDocumentType(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...Array(56).fill(0)]), 'a.txt')).type).toBeNull();
    expect(await detectDocumentType(Buffer.from('text\0with a NUL'), 'a.txt')).toEqual({ type: null, found: null });
    expect(await detectDocumentType(Buffer.from([0xc3, 0x28, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46]), 'a.txt')).toEqual({ type: null, found: null });
    expect((await detectDocumentType(Buffer.alloc(0), 'a.txt')).type).toBeNull();
  });
});
