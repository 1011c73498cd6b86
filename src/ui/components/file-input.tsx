/** A file to upload (an import's CSV or workbook) in its label/hint/error frame; the form must be multipart. */
import type { Example } from './example.ts';
import { describedBy, FieldFrame, type FieldProps } from './field-frame.tsx';

export function FileInput(props: Omit<FieldProps, 'value'> & { accept?: string }) {
  const id = props.id ?? props.name;
  return (
    <FieldFrame {...props} id={id}>
      <input
        type="file"
        id={id}
        name={props.name}
        accept={props.accept}
        aria-describedby={describedBy(id, props.hint, props.errorMessage)}
        aria-invalid={props.errorMessage ? 'true' : undefined}
      />
    </FieldFrame>
  );
}

export const examples: Example<Parameters<typeof FileInput>[0]>[] = [
  {
    name: 'a spreadsheet, with a hint',
    props: {
      name: 'file',
      id: 'file-input-sheet',
      label: 'ファイル',
      hint: 'CSV（UTF-8 または Shift_JIS）か Excel',
      accept: '.csv,.xlsx,text/csv',
    },
  },
  {
    name: 'with an error',
    props: { name: 'upload', id: 'file-input-error', label: 'ファイル', errorMessage: 'ファイルを選んでください。' },
  },
];
