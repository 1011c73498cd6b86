/**
 * QR codes as inline SVG, from the `qrcode` package (maintained, no native code, renders SVG without a
 * canvas). SVG because it prints sharp on a slip at any size and needs no image route; the caller puts
 * the text beside it, so the code is decoration for a screen reader (aria-hidden) and the number in
 * words is what it reads.
 */
import QRCode from 'qrcode';

/** The same code as a PNG (for mail, where SVG is rarely drawn): 6 pixels a module, readable from a phone screen. */
export async function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
}

/** The SVG markup of a QR code holding `text`; medium error correction survives a creased paper slip. */
export async function qrSvg(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return svg.replace('<svg ', '<svg aria-hidden="true" focusable="false" ');
}
