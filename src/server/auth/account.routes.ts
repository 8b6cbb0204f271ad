import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  acceptInvitationBodySchema,
  changePasswordBodySchema,
  invitationInfoSchema,
  loginBodySchema,
  meSchema,
  setupBodySchema,
  setupStateSchema,
  switchWorkspaceBodySchema,
  updateProfileBodySchema,
} from '../../domain/account';
import { clientOf, isSecure, typed, type ModuleDeps } from '../http/route-types';
import * as account from './account.service';
import { requireActor, requireSessionUser } from './actor';
import { invitationByToken } from './invitation.service';
import { clearSessionCookie, setSessionCookie } from './session.service';

const tags = ['Set-up and auth'];

export async function accountRoutes(app: FastifyInstance, { db, config }: ModuleDeps) {
  const r = typed(app);

  r.get('/setup', { schema: { tags, summary: 'Whether the first account still has to be created', response: { 200: setupStateSchema } } }, async () => ({
    needed: await account.isSetupNeeded(db),
  }));

  r.post(
    '/setup',
    { schema: { tags, summary: 'Create the first account and workspace (first run only)', body: setupBodySchema, response: { 201: meSchema } } },
    async (request, reply) => {
      const signedIn = await account.setup(db, request.body, clientOf(request));
      setSessionCookie(reply, signedIn.token, signedIn.expiresAt, isSecure(request, config));
      return reply.code(201).send(signedIn.me);
    },
  );

  r.post('/auth/login', { schema: { tags, summary: 'Sign in with e-mail and password', body: loginBodySchema, response: { 200: meSchema } } }, async (request, reply) => {
    const signedIn = await account.login(db, request.body, clientOf(request));
    setSessionCookie(reply, signedIn.token, signedIn.expiresAt, isSecure(request, config));
    return signedIn.me;
  });

  r.post('/auth/logout', { schema: { tags, summary: 'Sign out of this session' } }, async (request, reply) => {
    const actor = request.actor;
    if (actor?.sessionId) await account.logout(db, actor as typeof actor & { sessionId: string });
    clearSessionCookie(reply, isSecure(request, config));
    return reply.code(204).send();
  });

  r.get('/me', { schema: { tags, summary: 'Who is calling, in which workspace, with which role', response: { 200: meSchema } } }, async (request) =>
    account.meOf(requireActor(request)),
  );

  r.patch('/me', { schema: { tags, summary: 'Change your display name', body: updateProfileBodySchema, response: { 200: meSchema } } }, async (request) =>
    account.updateProfile(db, requireSessionUser(request), request.body.name),
  );

  r.post(
    '/me/password',
    { schema: { tags, summary: 'Change your password (signs out your other sessions)', body: changePasswordBodySchema } },
    async (request, reply) => {
      await account.changePassword(db, requireSessionUser(request), request.body);
      return reply.code(204).send();
    },
  );

  r.post(
    '/auth/switch-workspace',
    { schema: { tags, summary: 'Act in another of your workspaces', body: switchWorkspaceBodySchema, response: { 200: meSchema } } },
    async (request) => account.switchWorkspace(db, requireSessionUser(request), request.body.workspaceId),
  );

  r.get(
    '/invitations/:token',
    { schema: { tags, summary: 'What an invitation link is for', params: z.object({ token: z.string().max(200) }), response: { 200: invitationInfoSchema } } },
    async (request) => {
      const invitation = await invitationByToken(db, request.params.token);
      return { email: invitation.email, name: invitation.name, workspaceName: invitation.workspaceName, invitedBy: invitation.invitedBy };
    },
  );

  r.post(
    '/auth/accept-invitation',
    { schema: { tags, summary: 'Choose a password from an invitation link and sign in', body: acceptInvitationBodySchema, response: { 201: meSchema } } },
    async (request, reply) => {
      const signedIn = await account.acceptInvitation(db, request.body, clientOf(request));
      setSessionCookie(reply, signedIn.token, signedIn.expiresAt, isSecure(request, config));
      return reply.code(201).send(signedIn.me);
    },
  );
}
