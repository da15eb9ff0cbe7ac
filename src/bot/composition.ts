// How grammY composes middleware, made to allocate once at registration instead of on every update. Imported for
// its effect before any composer is built (src/bot/index.ts); the semantics stay grammY's.
//
// grammY's own composition allocated about a quarter of what the bot allocates per update (the webhook bench's
// heap sampling): `branch`, behind every command, callbackQuery, on and filter, built a new Composer for each
// update (its `lazy`), and `use` nested one async closure per registration, so an update answered by the last
// feature went through about a hundred of them. Here a branch chooses between middleware built once, and a
// composer runs its middleware from a flat list. test/bot/composition.test.ts holds it to grammY's behaviour.
import { Composer, type Context, type Middleware, type MiddlewareFn, type NextFunction } from "grammy";

type MaybeArray<T> = T | T[];
type Predicate = (ctx: Context) => boolean | Promise<boolean>;

/** grammY's Composer keeps its composed middleware in `handler` (what `middleware()` returns). */
interface Composed {
  handler: MiddlewareFn<Context>;
}

/** The middleware of a composer with none: it calls next (grammY's `pass`). */
const PASS = new Composer<Context>().middleware();
if (typeof (new Composer<Context>() as unknown as Composed).handler !== "function")
  throw new Error(
    "grammY's Composer no longer keeps its middleware in `handler`: revisit src/bot/composition.ts",
  );

/** Each composer's middleware in order, once something was added with `use`. */
const lists = new WeakMap<object, MiddlewareFn<Context>[]>();

/** A composer's middleware is read when it runs, so middleware added to it later runs too (as in grammY). */
function flatten(middleware: Middleware<Context>): MiddlewareFn<Context> {
  return typeof middleware === "function" ? middleware : (ctx, next) => middleware.middleware()(ctx, next);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === "function";
}

/** Runs `list` in order: each middleware's next runs the following one, the last one's the outer next. */
function sequence(list: readonly MiddlewareFn<Context>[]): MiddlewareFn<Context> {
  return (ctx, next) => runFrom(list, 0, ctx, next);
}

// The closure for each step's next is passed inline, unnamed: tsx (esbuild's keepNames) would give a named one its
// name with Object.defineProperty each time it is made, 1.2% of the server's time in the webhook bench.
function runFrom(
  list: readonly MiddlewareFn<Context>[],
  index: number,
  ctx: Context,
  next: NextFunction,
): Promise<void> {
  const middleware = list[index];
  if (middleware === undefined) return next();
  let nextCalled = false;
  return settle(middleware, ctx, () => {
    if (nextCalled) return Promise.reject(new Error("`next` already called before!"));
    nextCalled = true;
    return runFrom(list, index + 1, ctx, next);
  });
}

/** The middleware's outcome as a promise, a synchronous throw included (as grammY's async composition has it). */
function settle(middleware: MiddlewareFn<Context>, ctx: Context, next: NextFunction): Promise<void> {
  try {
    return Promise.resolve(middleware(ctx, next)) as Promise<void>;
  } catch (error) {
    return Promise.reject(error);
  }
}

function append(composer: Composer<Context>, middleware: MiddlewareFn<Context>): void {
  const composed = composer as unknown as Composed;
  let list = lists.get(composer);
  if (!list) {
    list = composed.handler === PASS ? [] : [composed.handler];
    lists.set(composer, list);
  }
  list.push(middleware);
  composed.handler = list.length === 1 ? middleware : sequence(list);
}

const prototype = Composer.prototype as unknown as {
  use(this: Composer<Context>, ...middleware: Middleware<Context>[]): Composer<Context>;
  branch(
    this: Composer<Context>,
    predicate: Predicate,
    trueMiddleware: MaybeArray<Middleware<Context>>,
    falseMiddleware: MaybeArray<Middleware<Context>>,
  ): Composer<Context>;
};

prototype.use = function (...middleware) {
  const composer = new Composer<Context>();
  for (const each of middleware) append(composer, flatten(each));
  append(this, flatten(composer));
  return composer;
};

prototype.branch = function (predicate, trueMiddleware, falseMiddleware) {
  const composed = (middleware: MaybeArray<Middleware<Context>>) =>
    Array.isArray(middleware) ? flatten(new Composer<Context>(...middleware)) : flatten(middleware);
  const whenTrue = composed(trueMiddleware);
  // filter's branch: nothing when the predicate fails.
  const whenFalse = falseMiddleware === PASS ? undefined : composed(falseMiddleware);
  const choose = (yes: boolean, ctx: Context, next: NextFunction) =>
    yes ? whenTrue(ctx, next) : whenFalse ? whenFalse(ctx, next) : next();
  return this.use((ctx, next) => {
    const chosen: unknown = predicate(ctx);
    return isThenable(chosen)
      ? chosen.then((yes) => choose(Boolean(yes), ctx, next))
      : choose(Boolean(chosen), ctx, next);
  });
};
