/** Inputs of the association pages. Messages are keys of association.messages.ts. */
import { z } from 'zod';
import { normalizeCode } from '../../lib/normalize.ts';
import { isPasscodeShape, normalizePasscode } from './association-join.service.ts';

export const ID = /^[A-Za-z0-9_-]{1,64}$/;

export const joinForm = z.object({
  code: z.preprocess(
    (v) => (typeof v === 'string' ? normalizePasscode(v) : v),
    z.string({ error: 'errAssocPasscodeShape' }).refine(isPasscodeShape, { error: 'errAssocPasscodeShape' }),
  ),
});

export const passcodeForm = z.object({
  hanId: z.preprocess(normalizeCode, z.string().regex(ID, { error: 'errAssocHan' }).optional()),
});

export const settingsForm = z.object({
  requiresApproval: z.preprocess(normalizeCode, z.enum(['yes', 'no'], { error: 'errInvalidValue' })),
});
