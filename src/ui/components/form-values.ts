/** What a form view gets back after a refused submission: the values as typed, and each field's message. */
import type { FieldError } from '../../lib/errors.ts';

export type Values = Record<string, string | undefined>;
export const errorOf = (errors: readonly FieldError[], field: string) => errors.find((e) => e.field === field)?.message;
