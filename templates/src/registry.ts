// The typed template registry (CONVENTIONS §10): one line per emulated service, keyed by its
// protocol service slug. Adding a template touches its folder and one line here.
import type { ServiceSlug } from '@decnet/protocol';
import { ftpTemplate } from './ftp/index';
import { httpTemplate } from './http/index';
import { httpsTemplate } from './https/index';
import { mysqlTemplate } from './mysql/index';
import { redisTemplate } from './redis/index';
import { smtpTemplate } from './smtp/index';
import { sshTemplate } from './ssh/index';
import { telnetTemplate } from './telnet/index';
import type { AnyTemplate } from './template';

export type { AnyTemplate };

export const TEMPLATES: Partial<Record<ServiceSlug, AnyTemplate>> = {
  ssh: sshTemplate,
  telnet: telnetTemplate,
  http: httpTemplate,
  https: httpsTemplate,
  ftp: ftpTemplate,
  redis: redisTemplate,
  mysql: mysqlTemplate,
  smtp: smtpTemplate,
};

export function templateFor(service: string): AnyTemplate | undefined {
  return Object.hasOwn(TEMPLATES, service) ? TEMPLATES[service as ServiceSlug] : undefined;
}

export function registeredServices(): ServiceSlug[] {
  return Object.keys(TEMPLATES) as ServiceSlug[];
}
