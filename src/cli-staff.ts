/**
 * `npx tsunagu staff add|grant|revoke|list`: staff accounts and their role assignments from the command
 * line, through the same services as the admin page (features/staff/staff-roles.service.ts), audited with
 * no actor (the system). Bad input — an unknown role, a scope option of another kind, a scope that does
 * not exist — is a Japanese message on stderr, exit code 2, and nothing written.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { DatabaseHandle } from './db/database.ts';
import { findUserByEmail, findUserByNumber } from './features/account/account.repository.ts';
import { emailSchema, passwordSchema } from './features/account/account.schema.ts';
import { addStaff, grantRole, revokeRole, SCOPE_FIELD, staffWithRoles } from './features/staff/staff-roles.service.ts';
import { issuesOf } from './http/validation.ts';
import { type FieldIssue, InvalidInputError, NotFoundError, translateIssues } from './lib/errors.ts';
import { translator } from './lib/i18n.ts';
import { normalizeFreeText } from './lib/normalize.ts';
import { systemClock } from './lib/time.ts';
import { type Role, roleNamed, SCOPE_OF_ROLE } from './platform/authz/actor.ts';
import { listAssignments } from './platform/authz/assignments.ts';

export const STAFF_USAGE = `staff add --email E --password P --role ROLE [SCOPE] [--name N]
                                 create a staff account holding ROLE at SCOPE
  staff grant --user EMAIL|利用者番号 --role ROLE [SCOPE]
  staff revoke --user EMAIL|利用者番号 --role ROLE [SCOPE]
                                 give an existing account a role, or take one away
  staff list                     every account holding a role, with where
      ROLE and SCOPE: admin (no scope) | ward_officer --ward ID | centre_staff --facility ID |
      counter_clerk --ward-office ORG_ID | department_staff --department ORG_ID |
      coordinator --department ORG_ID | organisation_officer --organisation ORG_ID
      (clerk = centre_staff, ward = ward_officer)`;

const SCOPE_OPTIONS = ['ward', 'facility', 'ward-office', 'department', 'organisation'] as const;

const accountSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z.preprocess(normalizeFreeText, z.string({ error: 'errNameRequired' }).max(50, { error: 'errTooLong' })),
});

interface Io {
  out: (line: string) => void;
  fail: (line: string, code?: number) => never;
  withDatabase: <T>(run: (db: DatabaseHandle) => Promise<T>) => Promise<T>;
}

const ja = translator('ja');
const messages = (issues: FieldIssue[]) =>
  translateIssues(ja, issues)
    .map((e) => `--${e.field}: ${e.message}`)
    .join('\n  ');

/** The role and the one scope option given for it, or the problems with them (checked before any database work). */
function roleAndScope(values: Record<string, string | boolean | undefined>): { role: Role; scopeId: string | undefined } | FieldIssue[] {
  const role = roleNamed(typeof values.role === 'string' ? values.role : undefined);
  if (!role) return [{ field: 'role', key: 'errRole' }];
  const given = SCOPE_OPTIONS.filter((o) => typeof values[o] === 'string');
  const kind = SCOPE_OF_ROLE[role];
  if (kind === 'city') return given.length > 0 ? [{ field: given[0] as string, key: 'errScopeNotForAdmin' }] : { role, scopeId: undefined };
  const wanted = SCOPE_FIELD[kind];
  const wrong = given.filter((o) => o !== wanted);
  if (wrong.length > 0) return wrong.map((o) => ({ field: o, key: 'errScopeOption', params: { role, option: `--${wanted}` } }));
  return { role, scopeId: values[wanted] as string | undefined };
}

export async function staffCommand(rest: string[], io: Io): Promise<void> {
  const [sub, ...args] = rest;
  const usage = () => io.fail(`staff: usage\n  ${STAFF_USAGE}`, 2);
  if (sub !== 'add' && sub !== 'grant' && sub !== 'revoke' && sub !== 'list') return usage();
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        email: { type: 'string' },
        password: { type: 'string' },
        name: { type: 'string' },
        user: { type: 'string' },
        role: { type: 'string' },
        ...Object.fromEntries(SCOPE_OPTIONS.map((o) => [o, { type: 'string' as const }])),
      },
    }));
  } catch (error) {
    return io.fail(`staff ${sub}: ${(error as Error).message}`, 2);
  }
  const refuse = (issues: FieldIssue[]): never =>
    io.fail(`staff ${sub}: ${messages(issues)}\n  （何も変更していません / nothing was changed）`, 2);
  // A service's bad-input answer, or a person or assignment not found, is the caller's mistake: exit 2.
  const run = <T>(work: (db: DatabaseHandle) => Promise<T>) =>
    io.withDatabase(work).catch((error: unknown): never => {
      if (error instanceof InvalidInputError) return refuse(error.issues);
      if (error instanceof NotFoundError) return refuse([{ field: 'role', key: 'errRoleNotHeld' }]);
      throw error;
    });

  if (sub === 'list') {
    const staff = await io.withDatabase((db) => staffWithRoles(db.kysely));
    for (const s of staff)
      for (const a of s.assignments) io.out(`${s.email ?? s.number}\t${a.role}\t${a.scope.kind}${a.scope.id ? `\t${a.scope.id}` : ''}`);
    return;
  }

  const target = roleAndScope(values);
  if (Array.isArray(target)) return refuse(target);

  if (sub === 'add') {
    const parsed = accountSchema.safeParse({ email: values.email, password: values.password, name: values.name ?? values.email });
    if (!parsed.success) return refuse(issuesOf(parsed.error));
    const { user, scope } = await run((db) => addStaff(db.kysely, systemClock, null, { ...parsed.data, ...target }));
    io.out(`created ${target.role} ${user.email}${scope.id ? ` for ${scope.id}` : ''}`);
    return;
  }

  const who = typeof values.user === 'string' ? values.user.normalize('NFKC').trim().toLowerCase() : '';
  if (!who) return refuse([{ field: 'user', key: 'errStaffWho' }]);
  const person = await run(async (db) => {
    const row = /^\d{8}$/.test(who) ? await findUserByNumber(db.kysely, who) : await findUserByEmail(db.kysely, who);
    if (!row) throw new InvalidInputError([{ field: 'user', key: 'errStaffWho' }]);
    return row;
  });
  if (sub === 'grant') {
    const scope = await run((db) => grantRole(db.kysely, systemClock, null, person.id, target));
    io.out(`granted ${target.role}${scope.id ? ` at ${scope.id}` : ''} to ${person.email ?? person.number}`);
    return;
  }
  await run(async (db) => {
    const held = (await listAssignments(db.kysely, [person.id])).find(
      (a) => a.role === target.role && (a.scope.id ?? undefined) === (target.scopeId?.trim() || undefined),
    );
    if (!held) throw new NotFoundError('page');
    return revokeRole(db.kysely, systemClock, null, held.id);
  });
  io.out(`revoked ${target.role}${target.scopeId ? ` at ${target.scopeId}` : ''} from ${person.email ?? person.number}`);
}
