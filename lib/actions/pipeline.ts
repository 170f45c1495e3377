// The one shape of every Server Action: check the role (AuthorizationError → Next's 401/403), validate
// the input with zod, run the domain function (which writes its own audit entry, in its transaction,
// with the actor handed here), revalidate, and return one state shape { ok, message, fieldErrors }.
// Domain refusals (bad input, not found, a suppressed identifier, an action's own refusal classes)
// become { ok: false, message }; anything else is a bug and is thrown.
import "server-only";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { Actor } from "../audit/record-audit";
import { actorOf, requireActionUser, type SessionUser } from "../auth/guard";
import { NotFoundError, SuppressedIdentifierError, ValidationError } from "../errors";
import type { Workspace } from "../generated/prisma/client";
import { getWorkspace } from "../workspace/workspace";
import type { ActionFailure, ActionState, FieldErrors } from "../ui/action-state";

type Revalidation = string | { path: string; type: "layout" | "page" };

// "staff": any signed-in staff member (support or admin); "admin": admins only.
type ActionRole = "staff" | "admin";

type ActionContext<TInput> = { input: TInput; user: SessionUser; actor: Actor; workspace: Workspace };

// An error class whose message staff can act on; `field`, when set, puts it next to that input.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any error class's constructor, whatever its parameters (unknown[] would refuse classes with typed ones)
type RefusalClass = new (...args: any[]) => Error & { field?: string };

const DEFAULT_REFUSALS: RefusalClass[] = [ValidationError, NotFoundError, SuppressedIdentifierError];

type Definition<TSchema extends z.ZodType, TResult extends { ok: boolean; message: string }> = {
  role: ActionRole;
  input: TSchema;
  // The message of invalid input; the field messages go to fieldErrors either way.
  invalidMessage?: string;
  run: (context: ActionContext<z.output<TSchema>>) => Promise<TResult>;
  // Paths whose cached pages change when the action succeeds ({ path, type: "layout" } for a layout
  // and every page below it).
  revalidate?: Revalidation[];
  // Where to go after success (redirect throws, so it comes after revalidation).
  redirectTo?: string;
  refusals?: RefusalClass[];
};

function invalid(error: z.ZodError, message?: string): ActionFailure {
  const fieldErrors = z.flattenError(error).fieldErrors as FieldErrors;
  return { ok: false, message: message ?? error.issues[0]?.message ?? "Invalid request.", fieldErrors };
}

async function runPipeline<TSchema extends z.ZodType, TResult extends { ok: boolean; message: string }>(
  definition: Definition<TSchema, TResult>,
  raw: unknown,
): Promise<TResult | ActionFailure> {
  const user = await requireActionUser(definition.role === "admin" ? "admin" : undefined);
  const parsed = definition.input.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error, definition.invalidMessage);
  let result: TResult;
  try {
    const workspace = await getWorkspace();
    result = await definition.run({ input: parsed.data, user, actor: actorOf(user), workspace });
  } catch (error) {
    const refusal = [...DEFAULT_REFUSALS, ...(definition.refusals ?? [])].some((kind) => error instanceof kind);
    if (!refusal) throw error;
    const { message, field } = error as Error & { field?: string };
    return { ok: false, message, fieldErrors: field ? { [field]: [message] } : undefined };
  }
  if (result.ok) {
    for (const target of definition.revalidate ?? []) {
      if (typeof target === "string") revalidatePath(target);
      else revalidatePath(target.path, target.type);
    }
    if (definition.redirectTo) redirect(definition.redirectTo);
  }
  return result;
}

// A Server Action called with a value (a button's handler): (input) → result.
export function serverAction<TSchema extends z.ZodType, TResult extends { ok: boolean; message: string }>(
  definition: Definition<TSchema, TResult>,
): (...args: undefined extends z.input<TSchema> ? [input?: z.input<TSchema>] : [input: z.input<TSchema>]) => Promise<TResult | ActionFailure> {
  return async (...args) => runPipeline(definition, args[0]);
}

// A Server Action behind a <form> with useActionState: (previous state, FormData) → state. The form's
// text fields are the input; `echo` names the fields sent back as typed when the action refuses.
// TState's fields beyond ActionState must be optional: a refusal carries only ActionState's.
export function formAction<TSchema extends z.ZodType, TState extends ActionState = ActionState>(
  definition: Definition<TSchema, NoInfer<TState>> & { echo?: string[] },
): (previous: TState, formData: FormData) => Promise<TState> {
  return async (_previous, formData) => {
    const fields = Object.fromEntries([...formData.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
    const result = (await runPipeline(definition, fields)) as TState;
    if (result.ok || !definition.echo) return result;
    return { ...result, values: Object.fromEntries(definition.echo.map((name) => [name, fields[name] ?? ""])) };
  };
}
