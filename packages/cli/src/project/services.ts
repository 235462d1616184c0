import { join, resolve } from 'node:path';
import type { ServiceConfig } from '@clodo/config';
import { UsageError } from '../errors.js';
import type { Project } from './load.js';

export interface SelectedService {
  service: ServiceConfig;
  /** Absolute path of the service folder. */
  dir: string;
}

export function serviceDir(project: Project, service: ServiceConfig): string {
  return join(project.root, service.path);
}

/**
 * The service a command acts on: the one named, else the one whose folder is the working directory,
 * else the only one. Several services and no name is a usage error that lists them.
 */
export function selectService(project: Project, cwd: string, name?: string): SelectedService {
  const services = project.config.services;
  const names = services.map((s) => s.name).join(', ');
  if (name !== undefined) {
    const service = services.find((s) => s.name === name);
    if (!service) throw new UsageError(`unknown service "${name}"; this project has: ${names}`);
    return { service, dir: serviceDir(project, service) };
  }
  const here = services.find((s) => serviceDir(project, s) === resolve(cwd));
  const only = services.length === 1 ? services[0] : undefined;
  const service = here ?? only;
  if (!service) throw new UsageError(`this project has several services (${names}); pass --service <name>`);
  return { service, dir: serviceDir(project, service) };
}
