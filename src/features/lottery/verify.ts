/**
 * `npx tsunagu lottery verify draw.json`: re-runs a draw from its export and compares every result. Needs
 * no database: the export holds all the draw depends on. Also checks the seed against its published hash.
 */
import { z } from 'zod';
import { drawInputProblem, drawLottery, seedHash } from './draw.ts';

const exportSchema = z.object({
  format: z.literal('tsunagu-lottery-draw/1'),
  month: z.string(),
  seed: z.string().min(1),
  seedHash: z.string(),
  maxWinsPerson: z.number().int().min(1),
  maxWinsGroup: z.number().int().min(1),
  unavailable: z.array(z.string()),
  entries: z.array(
    z.object({
      id: z.string(),
      booker: z.string(),
      kind: z.enum(['person', 'group']),
      wishes: z.array(z.object({ rank: z.number().int(), roomId: z.string(), date: z.string(), bands: z.array(z.string()) })),
    }),
  ),
  results: z.array(z.object({ entryId: z.string(), rank: z.number().int(), outcome: z.enum(['won', 'lost', 'over_cap']) })),
});

export interface VerifyReport {
  ok: boolean;
  checked: number;
  problems: string[];
}

export function verifyDrawExport(data: unknown): VerifyReport {
  const parsed = exportSchema.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      checked: 0,
      problems: parsed.error.issues.slice(0, 5).map((i) => `not a draw export: ${i.path.join('.') || '(root)'} ${i.message}`),
    };
  }
  const x = parsed.data;
  const invalid = drawInputProblem(x);
  if (invalid) return { ok: false, checked: 0, problems: [`not a valid draw input: ${invalid}`] };
  const problems: string[] = [];
  if (seedHash(x.seed) !== x.seedHash) problems.push(`the seed does not match its published hash ${x.seedHash}`);
  const again = new Map(drawLottery(x).map((r) => [`${r.entryId}#${r.rank}`, r.outcome]));
  const recorded = new Map(x.results.map((r) => [`${r.entryId}#${r.rank}`, r.outcome]));
  for (const [key, outcome] of recorded) {
    const recomputed = again.get(key);
    if (recomputed !== outcome) problems.push(`${key}: recorded ${outcome}, the draw gives ${recomputed ?? 'nothing'}`);
  }
  for (const key of again.keys()) if (!recorded.has(key)) problems.push(`${key}: missing from the recorded results`);
  return { ok: problems.length === 0, checked: recorded.size, problems };
}
