import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadServerConfig } from '@atrium/config';
import { refuseSharedPorts } from '../src/server/port-conflicts.js';
import { cleanUp, makeTempDir } from './support/temp-core.js';

afterEach(cleanUp);

function configWith(ini: string) {
  const dir = makeTempDir();
  writeFileSync(join(dir, 'serverconfig.ini'), ini);
  return loadServerConfig(dir);
}

describe('refusing shared ports', () => {
  it('names both keys of a clash, TLS ports included once a certificate is in use', () => {
    const config = configWith(
      '[General]\nClientPort=5000\nAdminPort=5001\n' +
        '[Tls]\nClientTlsPort=5001\nAdminTlsPort=5002\n',
    );
    expect(() => refuseSharedPorts(config, false)).not.toThrow();
    expect(() => refuseSharedPorts(config, true)).toThrow(
      'serverconfig.ini: [General] AdminPort and [Tls] ClientTlsPort are both 5001: expected a port of its own for each',
    );
  });
});
