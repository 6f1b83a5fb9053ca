import type { ServerConfig } from '@atrium/config';
import { coreError } from '../errors.js';

/** One listening port and where serverconfig.ini sets it. */
interface PortSetting {
  section: string;
  key: string;
  port: number;
}

/**
 * Refuses a serverconfig.ini that gives two RPC listeners the same port
 * (ClientPort and AdminPort, and with a certificate ClientTlsPort and
 * AdminTlsPort too), naming both keys as a configuration error does, rather
 * than letting the second bind fail as if another process held the port.
 */
export function refuseSharedPorts(
  config: ServerConfig,
  withTls: boolean,
): void {
  const settings: PortSetting[] = [
    { section: 'General', key: 'ClientPort', port: config.general.clientPort },
    { section: 'General', key: 'AdminPort', port: config.general.adminPort },
  ];
  if (withTls) {
    settings.push(
      { section: 'Tls', key: 'ClientTlsPort', port: config.tls.clientTlsPort },
      { section: 'Tls', key: 'AdminTlsPort', port: config.tls.adminTlsPort },
    );
  }

  const seen = new Map<number, PortSetting>();
  for (const setting of settings) {
    const first = seen.get(setting.port);
    if (first) {
      throw coreError(
        'CORE_PORT_CONFLICT',
        `serverconfig.ini: [${first.section}] ${first.key} and [${setting.section}] ${setting.key} are both ${setting.port}: expected a port of its own for each`,
      );
    }
    seen.set(setting.port, setting);
  }
}
