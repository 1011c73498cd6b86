/** Why an upload was refused (platform/files), ja and en. */
import type { Texts } from '../../lib/i18n.ts';

export const filesJa = {
  errFileTooLarge: 'ファイルが大きすぎます。{mb} MB 以下のファイルを選んでください。',
  errFileWrongType: 'この種類のファイルは受け付けていません。{types} のファイルを選んでください。',
  errFileUnreadable: 'ファイルを読み取れませんでした。壊れていないか確かめて、もう一度選んでください。',
};

export const filesEn: Texts<typeof filesJa> = {
  errFileTooLarge: 'The file is too large. Please choose a file of at most {mb} MB.',
  errFileWrongType: 'This type of file is not accepted. Please choose a {types} file.',
  errFileUnreadable: 'The file could not be read. Please check that it is not damaged and choose it again.',
};

declare module '../../lib/i18n.ts' {
  interface Messages extends Texts<typeof filesJa> {}
}
