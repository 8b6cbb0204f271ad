import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config';
import type { Db, DialectName } from '../db/database';

/** What each module's routes receive: the database and the configuration, nothing global. */
export type ModuleDeps = { db: Db; dialect: DialectName; config: Config };

/** Every module registers its routes with this signature, typed by its zod schemas. */
export const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();

/** The calling client's address and agent, recorded with sessions and audit events. */
export const clientOf = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] });

/** Cookies are Secure whenever the app is reached over TLS. */
export const isSecure = (request: FastifyRequest, config: Config) => config.publicUrl.startsWith('https:') || request.protocol === 'https';
