// The script format. Scripts come from outside the program (YAML scenarios, the CLI), so they are validated with zod and
// the public types are the schemas' input types: `args` may be left out and defaults to `{}`.
import { z } from 'zod/v4';

const ArgsSchema = z.record(z.string(), z.unknown());

const ToolCallSpecSchema = z.strictObject({
  name: z.string().min(1),
  args: ArgsSchema.default({}),
});

// `say` next to a call is streamed as content before the tool_calls, which the plugin surfaces as an assistant message
// followed by the function call (the e2e test covers it).
export const StandinTurnSchema = z.union([
  z.strictObject({ say: z.string() }),
  z.strictObject({ say: z.string().optional(), call: z.string().min(1), args: ArgsSchema.default({}) }),
  z.strictObject({ say: z.string().optional(), calls: z.array(ToolCallSpecSchema).min(1) }),
]);

// A pattern is a case-insensitive substring, or a regular expression when written as `/source/flags`; plain strings
// keep YAML scripts readable while the slash form covers the cases a substring can't.
const PatternSchema = z.string().min(1);

export const StandinWhenSchema = z
  .strictObject({ user: PatternSchema.optional(), toolResult: PatternSchema.optional() })
  .refine((w) => w.user !== undefined || w.toolResult !== undefined, { message: 'when needs user or toolResult' });

export const StandinScriptStepSchema = z.strictObject({
  when: StandinWhenSchema.optional(),
  reply: StandinTurnSchema,
});

export const StandinScriptSchema = z.array(StandinScriptStepSchema);

export type StandinTurn = z.input<typeof StandinTurnSchema>;
export type StandinWhen = z.input<typeof StandinWhenSchema>;
export type StandinScriptStep = z.input<typeof StandinScriptStepSchema>;
export type ParsedScriptStep = z.output<typeof StandinScriptStepSchema>;
export type ParsedTurn = z.output<typeof StandinTurnSchema>;

/** Validates a script from any source; throws a ZodError naming the bad step. */
export function parseStandinScript(input: unknown): ParsedScriptStep[] {
  return StandinScriptSchema.parse(input);
}
