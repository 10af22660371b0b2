// The typed service registry (CONVENTIONS §10): one line per emulated service, keyed by its protocol
// slug. Each line is the ServiceDefinition its folder exports; persona types, `ps`, the catalogue,
// the runtimes and the smoke tests all read from here, so adding a service is its folder plus one line.
import type { ServiceSlug } from '@decnet/protocol';
import { ftpService } from './ftp/index';
import { httpService } from './http/index';
import { httpsService } from './https/index';
import { mysqlService } from './mysql/index';
import { redisService } from './redis/index';
import type { ServiceDefinition } from './service';
import { smtpService } from './smtp/index';
import { sshService } from './ssh/index';
import { telnetService } from './telnet/index';
import type { AnyTemplate } from './template';

export type { AnyTemplate };

export const SERVICES = {
  ssh: sshService,
  telnet: telnetService,
  http: httpService,
  https: httpsService,
  ftp: ftpService,
  redis: redisService,
  mysql: mysqlService,
  smtp: smtpService,
} satisfies Partial<Record<ServiceSlug, ServiceDefinition>>;

export type RegisteredService = keyof typeof SERVICES;

/** Every registered service's persona part, typed by its folder's `persona` function. */
export type ServicePersonas = { [K in RegisteredService]: ReturnType<(typeof SERVICES)[K]['persona']> };

export function serviceDefinition(service: string): ServiceDefinition | undefined {
  return Object.hasOwn(SERVICES, service) ? (SERVICES[service as RegisteredService] as ServiceDefinition) : undefined;
}

export function templateFor(service: string): AnyTemplate | undefined {
  return serviceDefinition(service)?.template;
}

export function registeredServices(): RegisteredService[] {
  return Object.keys(SERVICES) as RegisteredService[];
}
