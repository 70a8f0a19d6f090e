import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { UsersService } from '@coop/auth';
import { runCommand } from '@coop/bootstrap';
import { createCliContext } from './cli.module';

const USAGE = `usage: npm run cli -- create-operator --email <email> [--password-stdin]
  create-operator   creates a platform operator (or makes an existing account one); the operator creates cooperatives
                    and their first admin. Without --password-stdin a random password is made and printed once.`;

/** `npm run cli -- …`: administration commands, with the service's configuration (DATABASE_URL or the embedded database). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { email: { type: 'string' }, 'password-stdin': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
});

if (values.help || positionals[0] !== 'create-operator' || !values.email) {
  console.log(USAGE);
  process.exitCode = values.help ? 0 : 2;
} else {
  const email = values.email;
  void runCommand({
    name: 'cli',
    notes: (line) => console.log(line),
    create: ({ config, databaseUrl, logger }) => createCliContext({ url: databaseUrl, poolSize: 2, runMigrations: config.runMigrations }, logger),
    async run(app) {
      const generated = !values['password-stdin'];
      const password = generated ? randomBytes(15).toString('base64url') : await readStdin();
      const id = await app.get(UsersService).ensureUser({ email, password, operator: true });
      console.log(`operator ${email} (id ${id}) is ready`);
      if (generated) console.log(`password (shown once; change it with POST /api/me/password): ${password}`);
      return 0;
    },
  });
}
