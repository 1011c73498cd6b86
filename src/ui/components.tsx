/**
 * A barrel only: each component lives in its own file under ./components/ with its example props. It
 * stays so the many views that import from here need not change (and parallel work merges cleanly);
 * new code may import either.
 */
export { Badge } from './components/badge.tsx';
export { Checkboxes } from './components/checkboxes.tsx';
export { CsrfField } from './components/csrf-field.tsx';
export { ErrorSummary } from './components/error-summary.tsx';
export type { FieldProps, Option } from './components/field-frame.tsx';
export { FileInput } from './components/file-input.tsx';
export { Notice } from './components/notice.tsx';
export { Radios } from './components/radios.tsx';
export { RequiredMark } from './components/required-mark.tsx';
export { Select } from './components/select.tsx';
export { TextInput } from './components/text-input.tsx';
