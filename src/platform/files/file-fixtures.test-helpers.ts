/** Test inputs for the files kernel: two kinds, a minimal PDF, a phone-like photo with GPS EXIF. */
import sharp from 'sharp';
import { defineFileKinds } from './file-kinds.ts';

export const testKinds = defineFileKinds({
  receipt: { allowedTypes: ['image/jpeg', 'application/pdf'], maxBytes: 200_000, retention: { rule: 'fiscal-years', years: 5 } },
  circular: {
    allowedTypes: ['image/jpeg', 'image/png', 'application/pdf'],
    maxBytes: 2_000_000,
    retention: { rule: 'with-owner' },
    image: { maxEdge: 400 },
  },
});

export const pdfBytes = (text = 'hello') => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`);

/** A 1200×800 JPEG carrying GPS coordinates in its EXIF, as a phone would write it. */
export async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TestPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '33/1 53/1 0/1' } })
    .toBuffer();
}
