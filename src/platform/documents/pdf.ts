/**
 * Japanese PDFs with pdf-lib. pdf-lib's own font subsetting garbles CJK glyphs, so the font is first cut
 * down to the characters of the document with subset-font (HarfBuzz) and embedded whole. The font is
 * Debian's IPAex Gothic (fonts-ipaexfont-gothic), a TrueType file; Noto CJK ships only as .ttc
 * collections, which subset-font cannot open. The caller passes the configured font (PDF_FONT, read by
 * config.ts), tried first.
 *
 * The three libraries are imported when the first document is made, not when the server starts: together
 * they hold about 60 MiB, which a process that never prints a document should not carry (bench: RSS).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { PDFDocument, PDFFont, PDFPage, RGB } from 'pdf-lib';

const CANDIDATES = ['/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf', '/usr/share/fonts/truetype/fonts-japanese-gothic.ttf'];

// Read once per file: a font is several MB and every document needs it.
const fontBytes = new Map<string, Buffer>();
function japaneseFont(configured: string | undefined): Buffer {
  const path = [configured, ...CANDIDATES].find((p): p is string => !!p && existsSync(p));
  if (!path) throw new Error('no Japanese TrueType font for PDFs: apt-get install fonts-ipaexfont-gothic (or set PDF_FONT)');
  const cached = fontBytes.get(path);
  if (cached) return cached;
  const bytes = readFileSync(path);
  fontBytes.set(path, bytes);
  return bytes;
}

export const A4 = { width: 595.28, height: 841.89 };

export interface JapanesePdf {
  doc: PDFDocument;
  font: PDFFont;
  page: PDFPage;
}

/**
 * A new A4 document whose font holds exactly the characters of `text` (plus digits and punctuation);
 * `font` is the configured font file (config.pdfFont), used when it exists.
 */
export async function japaneseDocument(text: string, title: string, font: string | undefined): Promise<JapanesePdf> {
  const [{ default: subsetFont }, { PDFDocument }, { default: fontkit }] = await Promise.all([
    import('subset-font'),
    import('pdf-lib'),
    import('@pdf-lib/fontkit'),
  ]);
  const subset = await subsetFont(japaneseFont(font), `${text}${title}0123456789-:/()（）・、。円人年月日`, { targetFormat: 'truetype' });
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(title);
  doc.setCreator('tsunagu');
  const embedded = await doc.embedFont(subset, { subset: false });
  return { doc, font: embedded, page: doc.addPage([A4.width, A4.height]) };
}

// What pdf-lib's rgb() returns, written out so that naming a colour does not load pdf-lib.
const colour = (red: number, green: number, blue: number) => ({ type: 'RGB', red, green, blue }) as RGB;
export const black = colour(0, 0, 0);
export const grey = colour(0.4, 0.4, 0.4);
