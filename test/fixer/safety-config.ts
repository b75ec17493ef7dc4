// The config the --fix safety tests edit (two safe fixes: the port string, the auth string) and the
// backups a write leaves, shared by test/fixer/safety.test.ts and test/fixer/concurrent.test.ts.
import { readdirSync } from 'node:fs';

export const TWO_FIXES = `{
  // home server
  "gateway": {
    "mode": "local",
    "port": "18789",
    "auth": "s3cret-token-value-0123456789",
  },
}
`;

export const backups = (dir: string) => readdirSync(dir).filter((n) => n.includes('.clawkit-bak-'));
