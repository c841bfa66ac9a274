// A real OpenID Connect provider for the sign-in tests, standing in for the state's directory.
// Configured by the environment: PORT, ISSUER, KEYS_FILE (a private JWKS), CLIENTS_FILE (the
// registered clients, JSON) and ACCOUNTS_FILE ({subject: {email, name, groups, amr}}), read again
// at every sign-in so a test can take a person out of a group. Its sign-in page accepts any
// password for a listed account, and records the account's `amr` (how the person signed in:
// ["pwd", "mfa"] for a second step) in the provider's session, as a real directory does.
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const accounts = () => readJson(process.env.ACCOUNTS_FILE);

const findAccount = (ctx, id) => {
  const person = accounts()[id];
  if (!person) return undefined;
  return {
    accountId: id,
    async claims() {
      return { sub: id, email: person.email, name: person.name, groups: person.groups };
    },
  };
};

const provider = new Provider(process.env.ISSUER, {
  clients: readJson(process.env.CLIENTS_FILE),
  jwks: readJson(process.env.KEYS_FILE),
  findAccount,
  claims: {
    openid: ['sub', 'amr', 'auth_time'],
    email: ['email'],
    profile: ['name'],
    groups: ['groups'],
  },
  cookies: { keys: ['a-cookie-key-for-the-tests-only'] },
  conformIdTokenClaims: false,
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true },
  },
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile groups');
    await grant.save();
    return grant;
  },
  ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
});
provider.proxy = false;

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const readBody = async (req) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
};
const loginPage = (uid, problem) => `<!doctype html><html lang="en"><head><title>Sign in to the test directory</title></head>
<body><main><h1>Sign in to the test directory</h1>${problem ? `<p role="alert">${escape(problem)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}">
<label>Account <input name="login" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button></form></main></body></html>`;

// The sign-in page (the only interaction: the grant is loaded by loadExistingGrant).
provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)$/);
  if (!match) return next();
  const { uid } = await provider.interactionDetails(ctx.req, ctx.res);
  if (ctx.method !== 'POST') {
    ctx.type = 'html';
    ctx.body = loginPage(uid);
    return undefined;
  }
  const body = await readBody(ctx.req);
  const person = accounts()[body.get('login')];
  if (!person) {
    ctx.status = 401;
    ctx.type = 'html';
    ctx.body = loginPage(uid, 'No such account');
    return undefined;
  }
  const login = { accountId: body.get('login'), amr: person.amr || ['pwd'] };
  return provider.interactionFinished(ctx.req, ctx.res, { login }, { mergeWithLastSubmission: false });
});
provider.on('server_error', (ctx, error) => console.error('server_error', error));

const server = provider.listen(Number(process.env.PORT), '127.0.0.1', () => {
  console.log(`provider ready on ${process.env.ISSUER}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
